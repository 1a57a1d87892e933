/** The agreement's three time perspectives (tidsperspektiv), in the order an activity goes through them. */
export const PHASE_KINDS = ['short', 'medium', 'long'] as const;
export type PhaseKind = (typeof PHASE_KINDS)[number];

export const PHASE_NAMES_SV: Record<PhaseKind, string> = {
  short: 'Kort sikt',
  medium: 'Medellång sikt',
  long: 'Lång sikt',
};

export function isPhaseKind(value: unknown): value is PhaseKind {
  return typeof value === 'string' && (PHASE_KINDS as readonly string[]).includes(value);
}
