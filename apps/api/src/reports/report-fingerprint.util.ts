import { createHash } from 'node:crypto';

/** The parts of a report that an Idempotency-Key vouches for: what the report says. */
export interface ReportContent {
  status: string;
  progress: number;
  summary: string;
  nextSteps?: string | null;
  milestones?: { milestoneId: string; status: string }[] | null;
}

/** JSON with every object's keys in order, so that equal values always give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * sha256 (hex) of a report's content, as it is stored: texts trimmed, an empty nextSteps as none, no
 * milestones as an empty list, milestones in id order. A retry that differs only in what storing
 * would erase is the same report; anything else is another report.
 */
export function reportFingerprint(report: ReportContent): string {
  const milestones = (report.milestones ?? [])
    .map((m) => ({ milestoneId: m.milestoneId.toLowerCase(), status: m.status }))
    .sort((a, b) => (a.milestoneId < b.milestoneId ? -1 : a.milestoneId > b.milestoneId ? 1 : 0));
  const content = {
    status: report.status,
    progress: report.progress,
    summary: report.summary.trim(),
    nextSteps: report.nextSteps?.trim() || null,
    milestones,
  };
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}
