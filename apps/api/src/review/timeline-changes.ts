/**
 * What a change to an activity changed, old → new, in Swedish, from its audit entry's before and after
 * (the steering controller's auditView, the editing service's entries). Pure: names of people come in.
 */
import { PHASE_NAMES_SV, swedishCadence, swedishCalendarDate } from '@app/domain';
import type { PhaseKind } from '@app/domain';

interface PhaseView {
  kind: PhaseKind;
  startDate: string;
  targetDate: string;
  followUpEvery: string;
}

/** The parts of an audit before/after this reads; anything else is ignored. */
export interface AuditView {
  ownerId?: string | null;
  goalAreas?: string[];
  paused?: { reason: string } | null;
  phases?: PhaseView[];
  reason?: string;
  title?: string;
  dueDate?: string | null;
}

const quoted = (s: string) => `”${s}”`;

/** Each difference as "what: old → new", joined by "; ", or '' when nothing this reads changed. */
export function describeChange(before: AuditView | null, after: AuditView | null, nameOf: (userId: string) => string): string {
  const b = before ?? {};
  const a = after ?? {};
  const parts: string[] = [];
  if ('ownerId' in a && (b.ownerId ?? null) !== (a.ownerId ?? null)) {
    const who = (id: string | null | undefined) => (id ? nameOf(id) : 'ingen');
    parts.push(`aktivitetsansvarig: ${who(b.ownerId)} → ${who(a.ownerId)}`);
  }
  if (a.goalAreas && b.goalAreas && a.goalAreas.join() !== b.goalAreas.join()) {
    parts.push(`målområden: ${b.goalAreas.join(', ') || 'inga'} → ${a.goalAreas.join(', ') || 'inga'}`);
  }
  if ('paused' in a && (b.paused?.reason ?? null) !== (a.paused?.reason ?? null)) {
    if (a.paused) parts.push(`pausad, skäl: ${quoted(a.paused.reason)}`);
    else if (b.paused) parts.push(`paus med skälet ${quoted(b.paused.reason)} avslutad`);
  }
  for (const p of a.phases ?? []) {
    const old = b.phases?.find((x) => x.kind === p.kind);
    if (!old) continue;
    const name = PHASE_NAMES_SV[p.kind].toLowerCase();
    if (old.startDate !== p.startDate) parts.push(`${name}, start: ${swedishCalendarDate(old.startDate)} → ${swedishCalendarDate(p.startDate)}`);
    if (old.targetDate !== p.targetDate) parts.push(`${name}, slut: ${swedishCalendarDate(old.targetDate)} → ${swedishCalendarDate(p.targetDate)}`);
    if (old.followUpEvery !== p.followUpEvery) parts.push(`${name}, uppföljning: ${swedishCadence(old.followUpEvery)} → ${swedishCadence(p.followUpEvery)}`);
  }
  if (b.title !== undefined && a.title !== undefined && b.title !== a.title) parts.push(`titel: ${quoted(b.title)} → ${quoted(a.title)}`);
  if (b.dueDate !== undefined && a.dueDate !== undefined && b.dueDate !== a.dueDate) {
    const d = (x: string | null) => (x ? swedishCalendarDate(x) : 'inget datum');
    parts.push(`datum: ${d(b.dueDate)} → ${d(a.dueDate)}`);
  }
  return parts.join('; ');
}
