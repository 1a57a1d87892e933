import { addDays, addMonths, daysBetween, minDate } from './calendar-date';
import { PHASE_KINDS, PhaseKind } from './phase-kind';

export interface PhaseDefaults {
  kind: PhaseKind;
  /** Length in months, or `null` for "until the agreement ends". */
  lengthMonths: number | null;
  /** Follow-up cadence as an ISO-8601 duration. */
  followUpEvery: string;
}

/** The demo defaults of the first agreement, used when an activity is created without its own plan. */
export const DEFAULT_PHASE_DEFAULTS: PhaseDefaults[] = [
  { kind: 'short', lengthMonths: 12, followUpEvery: 'P4W' },
  { kind: 'medium', lengthMonths: 24, followUpEvery: 'P8W' },
  { kind: 'long', lengthMonths: null, followUpEvery: 'P13W' },
];

export interface PlannedPhase {
  kind: PhaseKind;
  startDate: string;
  targetDate: string;
  followUpEvery: string;
}

/**
 * Lays the three phases end to end from `start`, each as long as its default says, the last one (or
 * any that would overrun) ending when the agreement ends.
 */
export function planPhases(start: string, agreementEnd: string, defaults: PhaseDefaults[]): PlannedPhase[] {
  const byKind = new Map(defaults.map((d) => [d.kind, d]));
  const plan: PlannedPhase[] = [];
  let cursor = start;
  for (const kind of PHASE_KINDS) {
    const d = byKind.get(kind);
    if (!d) throw new Error(`No phase defaults for "${kind}"`);
    const isLast = kind === PHASE_KINDS[PHASE_KINDS.length - 1];
    const end = isLast || d.lengthMonths === null ? agreementEnd : minDate(addMonths(cursor, d.lengthMonths), agreementEnd);
    if (end <= cursor) throw new Error(`Phase "${kind}" would start on ${cursor} but the agreement ends ${agreementEnd}`);
    plan.push({ kind, startDate: cursor, targetDate: end, followUpEvery: d.followUpEvery });
    cursor = end;
  }
  return plan;
}

/**
 * Like {@link planPhases}, but when the default lengths do not fit before the agreement ends (an
 * activity started late in the period), the remaining time is shared in the same proportions as
 * the defaults (the open-ended last phase counting as long as the first).
 */
export function planPhasesToFit(start: string, agreementEnd: string, defaults: PhaseDefaults[]): PlannedPhase[] {
  try {
    return planPhases(start, agreementEnd, defaults);
  } catch {
    const total = daysBetween(start, agreementEnd);
    if (total < PHASE_KINDS.length) throw new Error(`Only ${total} days remain before the agreement ends ${agreementEnd}; too few for three phases`);
    const byKind = new Map(defaults.map((d) => [d.kind, d]));
    const weights = PHASE_KINDS.map((k) => byKind.get(k)?.lengthMonths ?? byKind.get(PHASE_KINDS[0])?.lengthMonths ?? 1);
    const sum = weights.reduce((a, b) => a + b, 0);
    let cursor = start;
    let used = 0;
    return PHASE_KINDS.map((kind, i) => {
      used += weights[i];
      const end = i === PHASE_KINDS.length - 1 ? agreementEnd : addDays(start, Math.max(i + 1, Math.round((total * used) / sum)));
      const phase = { kind, startDate: cursor, targetDate: end, followUpEvery: byKind.get(kind)!.followUpEvery };
      cursor = end;
      return phase;
    });
  }
}

/** The phase whose period holds `date`; before the first, the first; after the last, the last. */
export function phaseOn<T extends { kind: PhaseKind; startDate: string; targetDate: string }>(
  phases: T[],
  date: string,
): T {
  const ordered = [...phases].sort((a, b) => PHASE_KINDS.indexOf(a.kind) - PHASE_KINDS.indexOf(b.kind));
  return ordered.find((p) => date < p.targetDate) ?? ordered[ordered.length - 1];
}

/** The date halfway through a phase, used for demo milestones. */
export function midpoint(startDate: string, targetDate: string): string {
  return addDays(startDate, Math.floor(daysBetween(startDate, targetDate) / 2));
}
