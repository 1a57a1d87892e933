import { Context } from '@temporalio/activity';
import { DataSource, In, IsNull } from 'typeorm';
import { timerLateness } from '@app/metrics';
import { DEFAULT_FOLLOW_UP_SETTINGS, PHASE_KINDS, PlanPhase, REPORTED_IN_TIME } from '@app/domain';
import { Activity, FollowUpEvent, Phase } from '@app/database';
import { notifyCorrection, notifyFollowUpEvent } from '@app/notifications';
import type { ActivityLifecycleSteps, ActivitySnapshot, FollowUpRowInput, LoadedPlan, MissCorrectionInput } from '@app/workflows/activity-lifecycle/activity-lifecycle.steps';

export interface LifecycleStepOptions {
  /** Start of the links in notifications. */
  publicUrl?: string;
  /** Starts the e-mail workflows of new notifications (none: they stay in the inbox and wait). */
  startMail?: (notificationIds: string[]) => Promise<void>;
}

/**
 * The lifecycle workflow's steps, on the given database. Every write is idempotent. A reminder or
 * escalation is written together with the notifications it causes, in one transaction.
 */
export function createActivityLifecycleSteps(dataSource: DataSource, options: LifecycleStepOptions = {}): ActivityLifecycleSteps {
  const publicUrl = options.publicUrl ?? 'http://localhost:3000';
  return {
    async loadPlan(activityId: string): Promise<LoadedPlan> {
      const activity = await dataSource.getRepository(Activity).findOne({
        where: { id: activityId },
        relations: { agreement: true, phases: { milestones: true } },
      });
      if (!activity) {
        return { activityId, status: 'missing', ownerId: null, phase: 'short', plan: [], settings: DEFAULT_FOLLOW_UP_SETTINGS };
      }
      const plan: PlanPhase[] = [...activity.phases]
        .sort((a, b) => PHASE_KINDS.indexOf(a.kind) - PHASE_KINDS.indexOf(b.kind))
        .map((p) => ({
          kind: p.kind,
          startDate: p.startDate,
          targetDate: p.targetDate,
          followUpEvery: p.followUpEvery,
          milestones: [...p.milestones].sort((a, b) => a.position - b.position).map((m) => ({ id: m.id, title: m.title, dueDate: m.dueDate })),
        }));
      return {
        activityId,
        status: activity.status,
        ownerId: activity.ownerId,
        phase: activity.currentPhase,
        plan,
        settings: {
          reminderOffsets: activity.agreement.reminderOffsets,
          escalationLadder: activity.agreement.escalationLadder ?? DEFAULT_FOLLOW_UP_SETTINGS.escalationLadder,
        },
      };
    },

    async recordFollowUpEvent(activityId: string, row: FollowUpRowInput): Promise<void> {
      const pendingMail = await dataSource.transaction(async (em) => {
        const inserted = await em
          .createQueryBuilder()
          .insert()
          .into(FollowUpEvent)
          .values({
            activityId,
            key: row.key,
            kind: row.kind,
            phase: row.phase,
            dueAt: new Date(row.dueAt),
            firedAt: new Date(row.firedAt),
            level: row.level,
            body: row.body as FollowUpEvent['body'],
            recipientUserId: row.recipientUserId,
            outcome: row.outcome,
            deadlineKey: row.deadlineKey,
            note: row.note,
          })
          .orIgnore() // ON CONFLICT DO NOTHING: the (activity, key) row is already there
          .execute();
        if (Array.isArray(inserted.raw) && inserted.raw.length > 0) observeTimerLateness(row);
        return notifyFollowUpEvent(em, activityId, { key: row.key, kind: row.kind, dueAt: new Date(row.dueAt), level: row.level, body: row.body }, publicUrl);
      });
      if (pendingMail.length && options.startMail) await options.startMail(pendingMail);
    },

    async resolveFollowUpEvents(activityId: string, keys: string[], resolvedAt: string, resolution: string): Promise<void> {
      if (keys.length === 0) return;
      await dataSource
        .getRepository(FollowUpEvent)
        .update({ activityId, key: In(keys), resolvedAt: IsNull() }, { resolvedAt: new Date(resolvedAt), resolution });
    },

    async correctMissedDeadline(activityId: string, c: MissCorrectionInput): Promise<void> {
      const submittedAt = new Date(c.submittedAt);
      const pendingMail = await dataSource.transaction(async (em) => {
        // Only a deadline still recorded as missed is corrected: a retry finds it met and tells nobody twice.
        const [deadline]: { due_at: Date }[] = await em.query(
          `WITH corrected AS (
             UPDATE follow_up_event
                SET outcome = 'met', resolved_at = coalesce(resolved_at, $3), resolution = $4,
                    note = 'Rapporten lämnades ' || to_char($5::timestamptz AT TIME ZONE 'Europe/Stockholm', 'YYYY-MM-DD HH24:MI') || ', i tid, men nådde uppföljningen först efter tidsgränsen'
              WHERE activity_id = $1 AND key = $2 AND kind = 'deadline' AND outcome = 'missed'
              RETURNING due_at)
           SELECT due_at FROM corrected`,
          [activityId, c.deadlineKey, new Date(c.correctedAt), REPORTED_IN_TIME, submittedAt],
        );
        if (!deadline) return [];
        if (c.escalationKeys.length) {
          await em.getRepository(FollowUpEvent).update(
            { activityId, key: In(c.escalationKeys), resolvedAt: IsNull() },
            { resolvedAt: new Date(c.correctedAt), resolution: REPORTED_IN_TIME },
          );
        }
        return notifyCorrection(em, activityId, { deadlineKey: c.deadlineKey, deadlineDueAt: deadline.due_at, escalationKeys: c.escalationKeys, submittedAt }, publicUrl);
      });
      if (pendingMail.length && options.startMail) await options.startMail(pendingMail);
    },

    async savePlan(activityId: string, phases: PlanPhase[]): Promise<void> {
      await dataSource.transaction(async (em) => {
        for (const p of phases) {
          await em.update(Phase, { activityId, kind: p.kind }, { startDate: p.startDate, targetDate: p.targetDate, followUpEvery: p.followUpEvery });
        }
      });
    },

    async syncActivity(s: ActivitySnapshot): Promise<void> {
      // The activity row and its agenda together: a reader never sees one without the other.
      await dataSource.transaction(async (em) => {
        await em.getRepository(Activity).update(
          { id: s.activityId },
          {
            currentPhase: s.phase,
            ...(s.status === 'completed' || s.status === 'cancelled' ? { status: s.status } : {}),
            ownerId: s.ownerId,
            nextDeadlineAt: s.nextDeadlineAt ? new Date(s.nextDeadlineAt) : null,
            escalationLevel: s.escalationLevel,
            pausedAt: s.pausedAt ? new Date(s.pausedAt) : null,
            pauseReason: s.pauseReason,
            ...(s.agenda ? { agendaSyncedAt: new Date(), clockOffsetMs: s.clockOffsetMs ?? 0 } : {}),
          },
        );
        if (!s.agenda) return;
        await em.query(`DELETE FROM activity_agenda_item WHERE activity_id = $1`, [s.activityId]);
        if (s.agenda.length === 0) return;
        await em.query(
          `INSERT INTO activity_agenda_item (activity_id, position, kind, at, phase, level)
           SELECT $1, i.position, i.kind, i.at, i.phase, i.level
             FROM jsonb_to_recordset($2::jsonb) AS i(position smallint, kind text, at timestamptz, phase text, level smallint)`,
          [s.activityId, JSON.stringify(s.agenda.map((item, position) => ({ position, kind: item.kind, at: item.at, phase: item.phase, level: item.level ?? null })))],
        );
      });
    },
  };
}

/**
 * Timer lateness of a row written for the first time: how late the workflow fired it after it was
 * due (on the workflow's clock), plus how long its step waited and ran (on this one).
 */
function observeTimerLateness(row: FollowUpRowInput): void {
  let waited = 0;
  try {
    waited = Math.max(0, Date.now() - Context.current().info.scheduledTimestampMs);
  } catch {
    // not inside a step (a test calling it directly): the workflow's part only
  }
  const late = Math.max(0, Date.parse(row.firedAt) - Date.parse(row.dueAt)) + waited;
  timerLateness.observe({ kind: row.kind }, late / 1000);
}
