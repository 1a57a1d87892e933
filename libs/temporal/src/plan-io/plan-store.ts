/**
 * The plan in the database: read for export, and written from imported rows. One pipeline for every
 * import (the API's dry run and the worker's import are the same code; a dry run rolls each
 * activity's transaction back). Each activity is written whole or not at all, in one transaction;
 * a row that breaks a rule is reported and the other rows go on ("good rows are written, bad ones
 * reported"). The rules are the ones creating an activity follows (`planPhasesToFit` with the
 * default phases from today, `cadenceProblem`, the owner a member of the agreement, the lead party
 * not among the co-operating ones), and the plan rules of the lifecycle (`target after start`,
 * phases in order). What an existing activity's running follow-up workflow knows is changed through
 * that workflow, with the same updates the API sends (`reassignOwner`, `changePlan`, through
 * `ActivityLifecycleClient`): its own validation applies, and a refusal refuses the row, with
 * everything of it that was already sent taken back. Delmål change as the API changes them
 * (`reviseMilestones` in the row's transaction, each audited, the activity marked; after commit
 * `deliverFollowUpRevisions` tells the workflow, or the API's sweep does).
 */
import { DataSource, EntityManager } from 'typeorm';
import { cadenceProblem, DEFAULT_PHASE_DEFAULTS, localDate, PHASE_KINDS, phaseOn, planPhasesToFit } from '@app/domain';
import type { PhaseKind, PlanChange } from '@app/domain';
import { changePlanUpdate, reassignOwnerUpdate } from '@app/workflows/activity-lifecycle/activity-lifecycle.messages';
import { ActivityLifecycleClient, LifecycleError } from '../lifecycle-client';
import { deliverFollowUpRevisions, FollowUpRevisionError, reviseMilestones } from '../follow-up-revision';
import type { MilestoneWish } from '../follow-up-revision';
import type { PlanMilestone, PlanPhaseRow, PlanRow, RowError } from './plan-sheet';
import { SLUG } from './plan-sheet';

type Queryable = Pick<EntityManager, 'query'>;

export type PlanExportRow = Omit<PlanRow, 'row'> & { id: string };

/** The agreement's activities as sheet rows, ordered by external id (a stable file for the same plan). */
export async function loadPlanRows(db: Queryable, agreementId: string, externalIds?: string[]): Promise<PlanExportRow[]> {
  const activities: {
    id: string;
    external_id: string;
    key: string;
    title: string;
    description: string;
    lead: string;
    owner_email: string | null;
    goal_areas: string[];
    cooperating: string[];
  }[] = await db.query(
    `SELECT a.id, a.external_id, a.key, a.title, a.description, lp.key AS lead, u.email AS owner_email,
            coalesce((SELECT array_agg(g.code ORDER BY g.code) FROM activity_goal_area ag JOIN goal_area g ON g.id = ag.goal_area_id WHERE ag.activity_id = a.id), '{}') AS goal_areas,
            coalesce((SELECT array_agg(p.key ORDER BY p.key) FROM activity_cooperating_party cp JOIN party p ON p.id = cp.party_id WHERE cp.activity_id = a.id), '{}') AS cooperating
       FROM activity a
       JOIN party lp ON lp.id = a.lead_party_id
       LEFT JOIN app_user u ON u.id = a.owner_id
      WHERE a.agreement_id = $1 AND ($2::text[] IS NULL OR a.external_id = ANY ($2::text[]))
      ORDER BY a.external_id`,
    [agreementId, externalIds ?? null],
  );
  if (!activities.length) return [];
  const phases: { activity_id: string; kind: PhaseKind; start_date: string; target_date: string; follow_up_every: string; milestones: { title: string; dueDate: string | null }[] }[] =
    await db.query(
      `SELECT ph.activity_id, ph.kind, ph.start_date::text AS start_date, ph.target_date::text AS target_date, ph.follow_up_every,
              coalesce(json_agg(json_build_object('title', m.title, 'dueDate', m.due_date::text) ORDER BY m.position) FILTER (WHERE m.id IS NOT NULL), '[]') AS milestones
         FROM phase ph LEFT JOIN milestone m ON m.phase_id = ph.id
        WHERE ph.activity_id = ANY ($1::uuid[])
        GROUP BY ph.id`,
      [activities.map((a) => a.id)],
    );
  const byActivity = new Map<string, PlanPhaseRow[]>();
  for (const p of phases) {
    const list = byActivity.get(p.activity_id) ?? [];
    list.push({ kind: p.kind, startDate: p.start_date, targetDate: p.target_date, followUpEvery: p.follow_up_every, milestones: p.milestones });
    byActivity.set(p.activity_id, list);
  }
  return activities.map((a) => ({
    id: a.id,
    externalId: a.external_id,
    key: a.key,
    title: a.title,
    description: a.description,
    goalAreas: a.goal_areas,
    leadParty: a.lead,
    cooperatingParties: a.cooperating,
    ownerEmail: a.owner_email,
    phases: (byActivity.get(a.id) ?? []).sort((x, y) => PHASE_KINDS.indexOf(x.kind) - PHASE_KINDS.indexOf(y.kind)),
  }));
}

/** What the rows of one import are checked against: the agreement's parties, goal areas and members. */
export interface ImportContext {
  agreementId: string;
  agreementKey: string;
  validFrom: string;
  validTo: string;
  parties: Map<string, string>;
  goalAreas: Map<string, string>;
  members: Map<string, string>;
}

export async function loadImportContext(db: Queryable, agreementId: string): Promise<ImportContext> {
  const [agreement] = await db.query(`SELECT key, valid_from::text AS valid_from, valid_to::text AS valid_to FROM agreement WHERE id = $1`, [agreementId]);
  if (!agreement) throw new Error(`No agreement ${agreementId}`);
  const parties: { key: string; id: string }[] = await db.query(`SELECT key, id FROM party WHERE agreement_id = $1`, [agreementId]);
  const goalAreas: { code: string; id: string }[] = await db.query(`SELECT code, id FROM goal_area WHERE agreement_id = $1`, [agreementId]);
  const members: { email: string; id: string }[] = await db.query(
    `SELECT lower(u.email) AS email, u.id FROM membership m JOIN app_user u ON u.id = m.user_id WHERE m.agreement_id = $1`,
    [agreementId],
  );
  return {
    agreementId,
    agreementKey: agreement.key,
    validFrom: agreement.valid_from,
    validTo: agreement.valid_to,
    parties: new Map(parties.map((p) => [p.key, p.id])),
    goalAreas: new Map(goalAreas.map((g) => [g.code, g.id])),
    members: new Map(members.map((m) => [m.email, m.id])),
  };
}

/** Whether a phase's delmål in the file differ from the activity's (titles, dates, order). */
export function milestonesDiffer(existing: PlanMilestone[], row: PlanMilestone[]): boolean {
  const shape = (ms: PlanMilestone[]) => JSON.stringify(ms.map((m) => [m.title, m.dueDate ?? null]));
  return shape(existing) !== shape(row);
}

/**
 * A phase's delmål as the file wants them, against the activity's (with their ids): a delmål keeps
 * its id (and so its status and the reports that name it) when the file has it with the same title
 * and date, else the same title, else at the same place; the rest are new, and those of the activity
 * not kept are removed (`reviseMilestones`).
 */
export function milestoneWishes(current: { id: string; title: string; dueDate: string | null }[], wanted: PlanMilestone[]): MilestoneWish[] {
  const free = new Set(current.map((c) => c.id));
  const take = (pick: (c: (typeof current)[number], i: number) => boolean) => {
    const found = current.find((c, i) => free.has(c.id) && pick(c, i));
    if (found) free.delete(found.id);
    return found?.id;
  };
  const ids: (string | undefined)[] = wanted.map((w) => take((c) => c.title === w.title && c.dueDate === (w.dueDate ?? null)));
  wanted.forEach((w, i) => (ids[i] ??= take((c) => c.title === w.title)));
  wanted.forEach((_, i) => (ids[i] ??= take((_c, j) => j === i)));
  return wanted.map((w, i) => ({ ...(ids[i] ? { id: ids[i] } : {}), title: w.title, dueDate: w.dueDate ?? null }));
}

/** The phases' dates and cadences that differ from the activity's, as a plan change (none: empty). */
export function planChangeOf(existing: PlanPhaseRow[], row: PlanPhaseRow[]): PlanChange['phases'] {
  const changes: PlanChange['phases'] = [];
  for (const p of row) {
    const before = existing.find((e) => e.kind === p.kind);
    const change: PlanChange['phases'][number] = { kind: p.kind };
    if (p.startDate !== before?.startDate) change.startDate = p.startDate;
    if (p.targetDate !== before?.targetDate) change.targetDate = p.targetDate;
    if (p.followUpEvery !== before?.followUpEvery) change.followUpEvery = p.followUpEvery;
    if (Object.keys(change).length > 1) changes.push(change);
  }
  return changes;
}

/** Tells an existing activity's follow-up workflow what an import changes (the worker's lifecycle client). */
export type PlanRowWorkflow = Pick<ActivityLifecycleClient, 'start' | 'update' | 'reviseFollowUp'>;

export type RowOutcome =
  | { outcome: 'created' | 'updated' | 'unchanged'; activityId: string | null; /** delmål written: its workflow is to be told */ milestonesRevised?: boolean }
  | { outcome: 'failed'; errors: RowError[] };

export interface ImportActor {
  userId: string | null;
  email: string | null;
}

class RowRefused extends Error {
  constructor(readonly errors: RowError[]) {
    super('row refused');
  }
}
class DryRunRollback extends Error {}

/**
 * Takes back, last first, what was sent to a workflow for a row that is then refused. Should that fail
 * too, the row's error says what stays changed.
 */
async function takeBack(undo: (() => Promise<unknown>)[], error: unknown): Promise<void> {
  for (const step of [...undo].reverse()) {
    try {
      await step();
    } catch (undoError) {
      if (error instanceof RowRefused) {
        error.errors.push({ ...error.errors[0], message: `Observera: det som redan skickats till aktivitetens uppföljning kunde inte tas tillbaka (${(undoError as Error).message}); kontrollera aktivitetens ansvarig och plan på dess sida.` });
        return;
      }
      throw error;
    }
  }
}

const sameList = (a: string[], b: string[]) => a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);

/** The problems of `row` against the agreement (none: it may be written). */
export function rowProblems(ctx: ImportContext, row: PlanRow, existing: PlanExportRow | undefined, keyOwner: string | undefined): RowError[] {
  const errors: RowError[] = [];
  const err = (column: string, message: string) => errors.push({ row: row.row, column, message });
  const unknownGoals = row.goalAreas.filter((c) => !ctx.goalAreas.has(c));
  if (unknownGoals.length) err('goal_areas', `${unknownGoals.join(', ')} är inget målområde i ${ctx.agreementKey}; använd ${[...ctx.goalAreas.keys()].sort().join(', ')}.`);
  if (!ctx.parties.has(row.leadParty)) err('lead_party', `"${row.leadParty}" är ingen part i ${ctx.agreementKey}; använd ${[...ctx.parties.keys()].sort().join(', ')}.`);
  const unknownParties = row.cooperatingParties.filter((p) => !ctx.parties.has(p));
  if (unknownParties.length) err('cooperating_parties', `${unknownParties.join(', ')} är ingen part i ${ctx.agreementKey}.`);
  if (row.cooperatingParties.includes(row.leadParty)) err('cooperating_parties', `${row.leadParty} leder aktiviteten; ange bara de andra parterna som samverkande.`);
  if (row.ownerEmail && !ctx.members.has(row.ownerEmail)) err('owner_email', `${row.ownerEmail} är inte medlem i ${ctx.agreementKey}; bjud in personen först eller välj en annan aktivitetsansvarig.`);
  for (const [i, p] of row.phases.entries()) {
    for (const field of ['start', 'target'] as const) {
      const date = field === 'start' ? p.startDate : p.targetDate;
      if (date < ctx.validFrom || date > ctx.validTo) err(`${p.kind}_${field}`, `${date} ligger utanför överenskommelsens period (${ctx.validFrom} – ${ctx.validTo}).`);
    }
    const cadence = cadenceProblem(p.followUpEvery, '');
    if (cadence) err(`${p.kind}_cadence`, `"${p.followUpEvery}" är inget uppföljningsintervall: ange dagar, veckor, månader eller år som ISO-8601, till exempel P4W (var fjärde vecka) eller P1M (varje månad).`);
    if (p.targetDate <= p.startDate) err(`${p.kind}_target`, `Fasen slutar (${p.targetDate}) innan den börjar (${p.startDate}).`);
    const prev = row.phases[i - 1];
    if (prev && p.startDate < prev.targetDate) err(`${p.kind}_start`, `Fasen börjar (${p.startDate}) innan föregående fas slutar (${prev.targetDate}).`);
    // The delmål a row writes (a new activity's; an existing one's where they differ) lie within their phase.
    const checked = !existing || milestonesDiffer(existing.phases.find((e) => e.kind === p.kind)?.milestones ?? [], p.milestones);
    for (const m of p.milestones) {
      if (m.dueDate && (m.dueDate < ctx.validFrom || m.dueDate > ctx.validTo)) err(`${p.kind}_milestones`, `Delmålet "${m.title}" (${m.dueDate}) ligger utanför överenskommelsens period.`);
      else if (checked && m.dueDate && (m.dueDate < p.startDate || m.dueDate > p.targetDate)) {
        err(`${p.kind}_milestones`, `Delmålet "${m.title}" (${m.dueDate}) ligger utanför fasen (${p.startDate} – ${p.targetDate}).`);
      }
    }
  }
  if (existing) {
    if (row.key && row.key !== existing.key) err('key', `Aktiviteten med externt id "${row.externalId}" har nyckeln ${existing.key}; en nyckel kan inte ändras.`);
  } else {
    const key = row.key || row.externalId;
    if (!SLUG.test(key)) err('key', `Ny aktivitet utan giltig nyckel: ange en nyckel med gemena bokstäver a–z, siffror och bindestreck (det externa id:t "${row.externalId}" duger inte som nyckel).`);
    else if (keyOwner !== undefined) err('key', `${ctx.agreementKey} har redan en aktivitet med nyckeln ${key} (externt id ${keyOwner}).`);
  }
  return errors;
}

/**
 * Writes one row: creates the activity (new external id), updates it (known id, something differs),
 * or leaves it (nothing differs). One transaction; a dry run rolls it back. Never throws for a row's
 * own problems: they are its errors.
 */
export async function applyPlanRow(
  ds: DataSource,
  ctx: ImportContext,
  row: PlanRow,
  actor: ImportActor,
  options: { dryRun: boolean; workflow?: PlanRowWorkflow; today?: string },
): Promise<RowOutcome> {
  const today = options.today ?? localDate(Date.now());
  let result: RowOutcome | null = null;
  try {
    await ds.transaction(async (em) => {
      result = await writeRow(em, ctx, row, actor, today, options.dryRun ? null : (options.workflow ?? missingWorkflow));
      if (options.dryRun) throw new DryRunRollback();
    });
  } catch (error) {
    if (error instanceof DryRunRollback) return result!;
    if (error instanceof RowRefused) return { outcome: 'failed', errors: error.errors };
    const code = (error as { code?: string }).code;
    // A constraint of the database (another writer took the key meanwhile, say): the row's problem.
    if (code && /^23/.test(code)) return { outcome: 'failed', errors: [{ row: row.row, column: 'external_id', message: `Raden kunde inte sparas: ${(error as Error).message}` }] };
    throw error;
  }
  const written = result! as RowOutcome;
  // Delmål are written with the activity's revision mark; its workflow hears of them now (Temporal
  // away: the mark stays, and the API's sweep tells it within seconds of its return).
  if (written.outcome === 'updated' && written.milestonesRevised && options.workflow) {
    await deliverFollowUpRevisions(ds, options.workflow as ActivityLifecycleClient, [written.activityId!], { concurrency: 1 });
  }
  return written;
}

const missingWorkflow: PlanRowWorkflow = {
  start: () => Promise.reject(new Error('applyPlanRow: no workflow client to change a running follow-up with')),
  update: () => Promise.reject(new Error('applyPlanRow: no workflow client to change a running follow-up with')),
  reviseFollowUp: () => Promise.reject(new Error('applyPlanRow: no workflow client to change a running follow-up with')),
};

/** A refusal of the activity's workflow (its own validation), as the row's error in Swedish. */
function refusedByWorkflow(row: PlanRow, column: string, what: string, reason: string): RowRefused {
  const over = /the (short|medium|long) phase is already over/.exec(reason);
  const message = over
    ? `Fasen ${over[1]} är redan avslutad; bara pågående och senare faser kan ändras. Lämna den som i exporten.`
    : `Aktivitetens uppföljning tog inte emot ${what} (${reason}). Rätta raden, eller ändra på aktivitetens sida.`;
  return new RowRefused([{ row: row.row, column, message }]);
}

/**
 * Sends one update to the activity's workflow. A workflow that does not run (an active activity whose
 * follow-up has not started yet, say one this import created a moment ago) is started and asked
 * again; a refusal is the row's error; Temporal away is thrown (the step is retried).
 */
async function sendToWorkflow(workflow: PlanRowWorkflow, activityId: string, send: () => Promise<unknown>, refused: (reason: string) => RowRefused): Promise<void> {
  try {
    await send();
  } catch (error) {
    if (error instanceof LifecycleError && error.code === 'NOT_RUNNING' && (await workflow.start(activityId))) return sendToWorkflow(workflow, activityId, send, refused);
    if (error instanceof LifecycleError && error.code === 'REJECTED') throw refused(error.message);
    throw error;
  }
}

async function writeRow(em: EntityManager, ctx: ImportContext, row: PlanRow, actor: ImportActor, today: string, workflow: PlanRowWorkflow | null): Promise<RowOutcome> {
  const [existing] = await loadPlanRows(em, ctx.agreementId, [row.externalId]);
  const key = row.key || row.externalId;
  const [keyOwner] = existing ? [] : await em.query(`SELECT external_id FROM activity WHERE agreement_id = $1 AND key = $2`, [ctx.agreementId, key]);
  const errors = rowProblems(ctx, row, existing, keyOwner?.external_id);
  if (errors.length) throw new RowRefused(errors);
  const goalIds = row.goalAreas.map((c) => ctx.goalAreas.get(c)!);
  const coopIds = row.cooperatingParties.map((p) => ctx.parties.get(p)!);
  const audit = (action: string, activityId: string, before: unknown, after: unknown) =>
    em.query(
      `INSERT INTO audit_entry (actor_user_id, actor_email, action, entity_type, entity_id, activity_id, agreement_id, before, after)
       VALUES ($1, $2, $3, 'activity', $4, $4, $5, $6, $7)`,
      [actor.userId, actor.email, action, activityId, ctx.agreementId, before === null ? null : JSON.stringify(before), JSON.stringify(after)],
    );
  const described = (r: Omit<PlanRow, 'row'>) => ({
    externalId: r.externalId,
    title: r.title,
    description: r.description,
    goalAreas: [...r.goalAreas].sort(),
    leadParty: r.leadParty,
    cooperatingParties: [...r.cooperatingParties].sort(),
    ownerEmail: r.ownerEmail,
  });
  const planOf = (phases: PlanPhaseRow[]) => phases.map((p) => ({ kind: p.kind, startDate: p.startDate, targetDate: p.targetDate, followUpEvery: p.followUpEvery }));
  const phasesOf = (phases: PlanPhaseRow[]) => phases.map((p) => ({ ...planOf([p])[0], milestones: p.milestones }));

  if (existing) {
    const before = described(existing);
    const after = described(row);
    const ownerChanged = (row.ownerEmail ?? null) !== (existing.ownerEmail ?? null);
    const planChange = row.phases.length ? planChangeOf(existing.phases, row.phases) : [];
    const milestoneChanges = row.phases.filter((p) => milestonesDiffer(existing.phases.find((e) => e.kind === p.kind)?.milestones ?? [], p.milestones));
    if (JSON.stringify(before) === JSON.stringify(after) && !planChange.length && !milestoneChanges.length) return { outcome: 'unchanged', activityId: existing.id };
    const undo: (() => Promise<unknown>)[] = [];
    if (ownerChanged || planChange.length || milestoneChanges.length) {
      const [state]: { status: string; owner_id: string | null }[] = await em.query(`SELECT status, owner_id FROM activity WHERE id = $1`, [existing.id]);
      if (state.status !== 'active') {
        const word = state.status === 'completed' ? 'avslutad' : state.status === 'cancelled' ? 'avbruten' : state.status;
        const column = ownerChanged ? 'owner_email' : planChange.length ? `${planChange[0].kind}_start` : `${milestoneChanges[0].kind}_milestones`;
        throw new RowRefused([{ row: row.row, column, message: `Aktiviteten är ${word}; dess uppföljning har upphört, så ansvarig, plan och delmål kan inte längre ändras.` }]);
      }
      if (workflow) {
        // The workflow writes its own rows (owner, phases) when it applies an update, before it answers;
        // this transaction has written nothing yet, so nothing here waits on them.
        try {
          if (ownerChanged) {
            const ownerId = row.ownerEmail ? ctx.members.get(row.ownerEmail)! : null;
            await sendToWorkflow(workflow, existing.id, () => workflow.update(existing.id, reassignOwnerUpdate, { ownerId }), (reason) => refusedByWorkflow(row, 'owner_email', 'den nya ansvariga', reason));
            undo.push(() => workflow.update(existing.id, reassignOwnerUpdate, { ownerId: state.owner_id }));
          }
          if (planChange.length) {
            await sendToWorkflow(workflow, existing.id, () => workflow.update(existing.id, changePlanUpdate, { phases: planChange }), (reason) => refusedByWorkflow(row, `${planChange[0].kind}_start`, 'den ändrade planen', reason));
            const previous = existing.phases.filter((p) => planChange.some((c) => c.kind === p.kind));
            undo.push(() => workflow.update(existing.id, changePlanUpdate, { phases: planOf(previous) }));
          }
        } catch (error) {
          await takeBack(undo, error);
          throw error;
        }
      }
    }
    try {
      // Delmål in this transaction (each audited, the activity marked for its workflow), after the phases
      // they must lie in have moved; the workflow is told once it commits.
      for (const p of milestoneChanges) {
        const current: { id: string; title: string; dueDate: string | null }[] = await em.query(
          `SELECT m.id, m.title, m.due_date::text AS "dueDate" FROM milestone m JOIN phase ph ON ph.id = m.phase_id WHERE ph.activity_id = $1 AND ph.kind = $2 ORDER BY m.position`,
          [existing.id, p.kind],
        );
        try {
          await reviseMilestones(em, actor, existing.id, p.kind, milestoneWishes(current, p.milestones), `${p.kind}_milestones`);
        } catch (error) {
          if (error instanceof FollowUpRevisionError) throw new RowRefused([{ row: row.row, column: `${p.kind}_milestones`, message: `Delmålen kunde inte ändras (${error.message}). Rätta raden, eller ändra delmålen på aktivitetens sida.` }]);
          throw error;
        }
      }
      await em.query(`UPDATE activity SET title = $2, description = $3, lead_party_id = $4, updated_at = now() WHERE id = $1`, [existing.id, row.title, row.description, ctx.parties.get(row.leadParty)]);
      if (!sameList(before.goalAreas, after.goalAreas)) {
        await em.query(`DELETE FROM activity_goal_area WHERE activity_id = $1`, [existing.id]);
        await em.query(`INSERT INTO activity_goal_area (activity_id, goal_area_id) SELECT $1, unnest($2::uuid[])`, [existing.id, goalIds]);
      }
      if (!sameList(before.cooperatingParties, after.cooperatingParties)) {
        await em.query(`DELETE FROM activity_cooperating_party WHERE activity_id = $1`, [existing.id]);
        await em.query(`INSERT INTO activity_cooperating_party (activity_id, party_id) SELECT $1, unnest($2::uuid[])`, [existing.id, coopIds]);
      }
      await audit(
        'activity.import-update',
        existing.id,
        planChange.length || milestoneChanges.length ? { ...before, phases: phasesOf(existing.phases) } : before,
        planChange.length || milestoneChanges.length ? { ...after, phases: phasesOf(row.phases) } : after,
      );
    } catch (error) {
      await takeBack(undo, error);
      throw error;
    }
    return { outcome: 'updated', activityId: existing.id, milestonesRevised: milestoneChanges.length > 0 };
  }

  let phases = row.phases;
  if (!phases.length) {
    // As creating an activity does: three phases from today by the default lengths.
    if (today < ctx.validFrom || today >= ctx.validTo) throw new RowRefused([{ row: row.row, column: 'short_start', message: `I dag (${today}) ligger utanför överenskommelsen; ange fasernas datum.` }]);
    try {
      phases = planPhasesToFit(today, ctx.validTo, DEFAULT_PHASE_DEFAULTS).map((p) => ({ ...p, milestones: [] }));
    } catch (error) {
      throw new RowRefused([{ row: row.row, column: 'short_start', message: (error as Error).message }]);
    }
  }
  const [{ id }] = await em.query(
    `INSERT INTO activity (agreement_id, external_id, key, title, description, lead_party_id, owner_id, status, current_phase)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'active', $8) RETURNING id`,
    [ctx.agreementId, row.externalId, key, row.title, row.description, ctx.parties.get(row.leadParty), row.ownerEmail ? ctx.members.get(row.ownerEmail) : null, phaseOn(phases, today).kind],
  );
  const phaseIds: { id: string; kind: PhaseKind }[] = await em.query(
    `INSERT INTO phase (activity_id, kind, start_date, target_date, follow_up_every)
     SELECT $1, * FROM unnest($2::text[], $3::date[], $4::date[], $5::text[]) RETURNING id, kind`,
    [id, phases.map((p) => p.kind), phases.map((p) => p.startDate), phases.map((p) => p.targetDate), phases.map((p) => p.followUpEvery)],
  );
  const ms = phases.flatMap((p) => p.milestones.map((m, i) => ({ phaseId: phaseIds.find((x) => x.kind === p.kind)!.id, position: i + 1, ...m })));
  if (ms.length) {
    await em.query(`INSERT INTO milestone (phase_id, position, title, due_date) SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::date[])`, [
      ms.map((m) => m.phaseId),
      ms.map((m) => m.position),
      ms.map((m) => m.title),
      ms.map((m) => m.dueDate),
    ]);
  }
  if (goalIds.length) await em.query(`INSERT INTO activity_goal_area (activity_id, goal_area_id) SELECT $1, unnest($2::uuid[])`, [id, goalIds]);
  if (coopIds.length) await em.query(`INSERT INTO activity_cooperating_party (activity_id, party_id) SELECT $1, unnest($2::uuid[])`, [id, coopIds]);
  await audit('activity.import-create', id, null, { ...described(row), key, phases });
  return { outcome: 'created', activityId: id };
}
