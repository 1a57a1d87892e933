/**
 * Delmål and follow-up settings changed in PostgreSQL, and telling the running workflows.
 *
 * PostgreSQL is the system of record; each activity's workflow keeps a copy of its plan's delmål and
 * of its agreement's reminder offsets and escalation ladder. A change is written together with a mark
 * on the activity (`activity.follow_up_revised_at`), in one transaction; `deliverFollowUpRevisions`
 * then sends each marked activity's workflow its delmål and settings as they are now (the
 * `reviseFollowUp` update) and clears the mark, unless a newer change set it again meanwhile. What it
 * cannot send (Temporal away) keeps its mark, and the API's sweep sends it later: nothing is lost, and
 * sending the current state again is harmless. Used by the API (one activity's delmål, one agreement's
 * settings) and by the plan import (delmål of existing activities), which both run inside their own
 * transaction and tenant scope.
 */
import { DataSource, EntityManager } from 'typeorm';
import {
  DEFAULT_FOLLOW_UP_SETTINGS,
  FollowUpRevision,
  FollowUpSettings,
  followUpSettingsProblems,
  milestoneDateProblem,
  PHASE_KINDS,
  PhaseKind,
} from '@app/domain';
import { Activity, Agreement, AuditEntry, Milestone, Phase } from '@app/database';
import { ActivityLifecycleClient, LifecycleError } from './lifecycle-client';

/** Who made the change, for the audit trail (null: the system). */
export interface RevisionActor {
  userId: string | null;
  email: string | null;
}

/** A delmål as wished: `id` for one that exists (kept, maybe changed), none for a new one. */
export interface MilestoneWish {
  id?: string;
  title: string;
  dueDate: string | null;
}

/** Why a change was refused; `field` names the input (`milestones[2].dueDate`, `escalationLadder[0].level`). */
export class FollowUpRevisionError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'FollowUpRevisionError';
  }
}

export interface MilestoneRevisionResult {
  added: Milestone[];
  changed: { before: Milestone; after: Milestone }[];
  removed: Milestone[];
}

const TITLE_MAX = 500;
const view = (m: Milestone, phase: PhaseKind) => ({ id: m.id, phase, title: m.title, dueDate: m.dueDate });

/**
 * Makes the delmål of one phase of an activity exactly `wished`: a wish with an `id` keeps that
 * delmål (title and date changed as wished), one without is added, and every delmål of the phase not
 * wished is removed. Each date must lie within the phase and the agreement's period
 * (`milestoneDateProblem`). Checks everything before writing anything; throws a FollowUpRevisionError
 * naming `${field}[i].…` otherwise.
 *
 * Removing: the row goes, and the audit entry (`activity.milestone-remove`) keeps its title and date,
 * which is where the timeline reads the title of a removed delmål that an earlier report mentions
 * (reports name delmål by id). Order: kept delmål keep their place, new ones come last.
 *
 * Call inside a transaction (`em`), in a tenant scope that sees the activity. Writes the delmål, one
 * audit entry per delmål added, changed or removed (`actor`), and the activity's revision mark when
 * it is active and anything changed; after commit, `deliverFollowUpRevisions` (or the API's sweep
 * within seconds) tells the workflow.
 */
export async function reviseMilestones(
  em: EntityManager,
  actor: RevisionActor | null,
  activityId: string,
  phaseKind: PhaseKind,
  wished: MilestoneWish[],
  field = 'milestones',
): Promise<MilestoneRevisionResult> {
  const activity = await em.findOne(Activity, { where: { id: activityId }, relations: { agreement: true } });
  if (!activity) throw new FollowUpRevisionError('activity', `No activity with id ${activityId}.`);
  const phase = await em.findOne(Phase, { where: { activityId, kind: phaseKind }, relations: { milestones: true } });
  if (!phase) throw new FollowUpRevisionError('phase', `The activity has no ${phaseKind} phase.`);
  const existing = new Map(phase.milestones.map((m) => [m.id, m]));
  const seen = new Set<string>();
  for (const [i, w] of wished.entries()) {
    const at = `${field}[${i}]`;
    if (w.id !== undefined) {
      if (!existing.has(w.id)) throw new FollowUpRevisionError(`${at}.id`, `the ${phaseKind} phase has no delmål with the id ${w.id}`);
      if (seen.has(w.id)) throw new FollowUpRevisionError(`${at}.id`, `${w.id} is listed twice`);
      seen.add(w.id);
    }
    if (typeof w.title !== 'string' || !w.title.trim()) throw new FollowUpRevisionError(`${at}.title`, 'a delmål needs a title');
    if (w.title.trim().length > TITLE_MAX) throw new FollowUpRevisionError(`${at}.title`, `a delmål's title is at most ${TITLE_MAX} characters`);
    if (w.dueDate !== null) {
      const problem = milestoneDateProblem(w.dueDate, phase, activity.agreement, `${at}.dueDate`);
      if (problem) throw new FollowUpRevisionError(`${at}.dueDate`, problem.replace(`${at}.dueDate `, ''));
    }
  }

  const result: MilestoneRevisionResult = { added: [], changed: [], removed: [] };
  const audit = (action: string, m: Milestone, before: unknown, after: unknown) =>
    em.insert(AuditEntry, {
      actorUserId: actor?.userId ?? null,
      actorEmail: actor?.email ?? null,
      action,
      entityType: 'milestone',
      entityId: m.id,
      activityId,
      agreementId: activity.agreementId,
      before: before as object,
      after: after as object,
    });
  for (const m of phase.milestones) {
    if (seen.has(m.id)) continue;
    await em.delete(Milestone, { id: m.id });
    await audit('activity.milestone-remove', m, view(m, phaseKind), null);
    result.removed.push(m);
  }
  let position = Math.max(0, ...phase.milestones.map((m) => m.position));
  for (const w of wished) {
    const title = w.title.trim();
    if (w.id === undefined) {
      const created = await em.save(em.create(Milestone, { phaseId: phase.id, position: ++position, title, dueDate: w.dueDate, status: 'open' }));
      await audit('activity.milestone-add', created, null, view(created, phaseKind));
      result.added.push(created);
      continue;
    }
    const before = existing.get(w.id)!;
    if (before.title === title && before.dueDate === w.dueDate) continue;
    const after = { ...before, title, dueDate: w.dueDate } as Milestone;
    await em.update(Milestone, { id: before.id }, { title, dueDate: w.dueDate });
    await audit('activity.milestone-edit', before, view(before, phaseKind), view(after, phaseKind));
    result.changed.push({ before, after });
  }
  if (result.added.length + result.changed.length + result.removed.length > 0) await markRevised(em, [activityId]);
  return result;
}

/** The seed's rule for reminder offsets and the ladder (`followUpSettingsProblems`), as an error naming the first field at fault. */
export function checkFollowUpSettings(settings: FollowUpSettings): void {
  const problems = followUpSettingsProblems(settings);
  if (problems.length) {
    const field = /^[A-Za-z]+(\[\d+\])?(\.[A-Za-z]+)?/.exec(problems[0])?.[0] ?? 'settings';
    throw new FollowUpRevisionError(field, problems.join('; '));
  }
}

/** The agreement's reminder offsets and ladder (null ladder: the defaults). */
export function settingsOf(agreement: Agreement): FollowUpSettings {
  return { reminderOffsets: agreement.reminderOffsets, escalationLadder: agreement.escalationLadder ?? DEFAULT_FOLLOW_UP_SETTINGS.escalationLadder };
}

/**
 * Sets an agreement's reminder offsets and escalation ladder, checked exactly as at seeding, and marks
 * every active activity of the agreement for revision. Call inside a transaction; returns the
 * settings before, whether they changed (the same settings again write and mark nothing), and how
 * many activities' workflows are to be told.
 */
export async function reviseFollowUpSettings(
  em: EntityManager,
  agreementId: string,
  settings: FollowUpSettings,
): Promise<{ before: FollowUpSettings; changed: boolean; marked: number }> {
  checkFollowUpSettings(settings);
  const agreement = await em.findOneOrFail(Agreement, { where: { id: agreementId } });
  const before = settingsOf(agreement);
  // The same settings again change nothing, and no workflow needs to hear of them.
  const canonical = (x: FollowUpSettings) => JSON.stringify([x.reminderOffsets, x.escalationLadder.map((st) => [st.level, st.body, st.after])]);
  if (canonical(before) === canonical(settings)) return { before, changed: false, marked: 0 };
  await em.update(Agreement, { id: agreementId }, { reminderOffsets: settings.reminderOffsets, escalationLadder: settings.escalationLadder });
  const [{ marked }]: { marked: number }[] = await em.query(
    `WITH marked AS (UPDATE activity SET follow_up_revised_at = clock_timestamp() WHERE agreement_id = $1 AND status = 'active' RETURNING id)
     SELECT count(*)::int AS marked FROM marked`,
    [agreementId],
  );
  return { before, changed: true, marked };
}

/** Marks activities whose workflow must hear of a change (only active ones: an ended follow-up hears nothing). */
export async function markRevised(em: EntityManager, activityIds: string[]): Promise<void> {
  if (activityIds.length === 0) return;
  await em.query(`UPDATE activity SET follow_up_revised_at = clock_timestamp() WHERE id = ANY($1::uuid[]) AND status = 'active'`, [activityIds]);
}

/** An activity's delmål (every phase) and its agreement's settings, as they are in PostgreSQL now. */
export async function followUpRevisionOf(em: EntityManager, activityId: string): Promise<FollowUpRevision | null> {
  const activity = await em.findOne(Activity, { where: { id: activityId }, relations: { agreement: true, phases: { milestones: true } } });
  if (!activity) return null;
  return {
    milestones: [...activity.phases]
      .sort((a, b) => PHASE_KINDS.indexOf(a.kind) - PHASE_KINDS.indexOf(b.kind))
      .map((p) => ({
        phase: p.kind,
        milestones: [...p.milestones].sort((a, b) => a.position - b.position).map((m) => ({ id: m.id, title: m.title, dueDate: m.dueDate })),
      })),
    settings: settingsOf(activity.agreement),
  };
}

export interface RevisionDeliveryOptions {
  /** Updates in flight at once. */
  concurrency?: number;
  /** Updates started per second at most (Temporal takes about 180 a second here). */
  perSecond?: number;
}

export interface RevisionDeliveryResult {
  delivered: number;
  /** Still marked: Temporal was away (the rest was not tried), or the workflow failed otherwise. */
  pending: number;
  temporalAway: boolean;
}

/**
 * Tells the workflows of the marked activities among `activityIds` their delmål and settings as they
 * are now, `concurrency` at a time and at most `perSecond` a second, and clears each mark it has told
 * (unless a newer change set it again meanwhile). A workflow that does not run or has ended needs
 * nothing (a workflow that starts later loads its plan from PostgreSQL): its mark is cleared too. When
 * Temporal does not answer, the rest keep their marks and wait for the next sweep.
 */
export async function deliverFollowUpRevisions(
  dataSource: DataSource,
  lifecycle: ActivityLifecycleClient,
  activityIds: string[],
  options: RevisionDeliveryOptions = {},
): Promise<RevisionDeliveryResult> {
  const concurrency = options.concurrency ?? 16;
  const spacingMs = 1000 / (options.perSecond ?? 150);
  const result: RevisionDeliveryResult = { delivered: 0, pending: 0, temporalAway: false };
  let next = 0;
  let nextStartAt = Date.now();
  const deliverOne = async (activityId: string): Promise<void> => {
    const [row]: { marker: string | null }[] = await dataSource.query(`SELECT follow_up_revised_at::text AS marker FROM activity WHERE id = $1`, [activityId]);
    if (!row?.marker) return; // told already (by another sweep or request)
    const revision = await followUpRevisionOf(dataSource.manager, activityId);
    let told = true;
    if (revision) {
      try {
        await lifecycle.reviseFollowUp(activityId, revision);
      } catch (error) {
        const code = error instanceof LifecycleError ? error.code : null;
        if (code === 'UNAVAILABLE') result.temporalAway = true;
        // REJECTED (the activity has ended) and NOT_RUNNING need nothing more.
        told = code === 'REJECTED' || code === 'NOT_RUNNING';
      }
    }
    if (!told) {
      result.pending++;
      return;
    }
    await dataSource.query(`UPDATE activity SET follow_up_revised_at = NULL WHERE id = $1 AND follow_up_revised_at = $2::timestamptz`, [activityId, row.marker]);
    result.delivered++;
  };
  const lane = async () => {
    while (next < activityIds.length) {
      if (result.temporalAway) {
        result.pending += activityIds.length - next;
        next = activityIds.length;
        return;
      }
      const id = activityIds[next++];
      const wait = nextStartAt - Date.now();
      nextStartAt = Math.max(Date.now(), nextStartAt) + spacingMs;
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      await deliverOne(id);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, activityIds.length) }, lane));
  return result;
}

/** The marked activities, oldest mark first (at most `limit`). */
export async function markedActivities(em: EntityManager | DataSource, limit = 1000): Promise<string[]> {
  const rows: { id: string }[] = await em.query(
    `SELECT id FROM activity WHERE follow_up_revised_at IS NOT NULL ORDER BY follow_up_revised_at LIMIT $1`,
    [limit],
  );
  return rows.map((r) => r.id);
}

