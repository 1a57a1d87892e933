/**
 * Everyone hears of what is due, once per activity, and a report on time counts as on time: on the
 * time-skipping server with the real steps, a real PostgreSQL and a real SMTP server.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Client, Connection, WorkflowHandle } from '@temporalio/client';
import { freePort } from '@app/devstack';
import { seedAgreement, VASTERAS_2023_2027 } from '@app/database';
import { createMailer } from '@app/notifications';
import type { UserRole } from '@app/domain';
import { ActivityLifecycleClient, LifecycleError } from '@app/temporal';
import { NotificationMailClient } from '@app/temporal/notification-mail-client';
import { activityLifecycleWorkflow } from '@app/workflows/activity-lifecycle/activity-lifecycle.workflow';
import { changePlanUpdate, lifecycleWorkflowId, stateQuery, submitReportUpdate } from '@app/workflows/activity-lifecycle/activity-lifecycle.messages';
import { followUpEvents } from '../support/lifecycle-fixture';
import { recordHistory } from '../support/histories';
import { useTestSmtp } from '../support/test-smtp';
import { SimulatedClock, useTimeSkippingWorld } from '../support/time-skipping';
import { untilPlanLoaded } from '../support/workflow-state';

const START = '2023-06-01T00:00:00+02:00';
const DAY = 86_400_000;

interface Team {
  agreementKey: string;
  activityIds: string[];
  /** role → user id and e-mail */
  people: Record<'owner' | 'operational' | 'strategic' | 'council', { id: string; email: string }>;
}

interface NotificationRow {
  id: string;
  recipient_user_id: string;
  activity_id: string;
  dedupe_key: string;
  kind: string;
  subject: string;
  email_status: string;
}

describe('notices and late reports (time-skipping, real steps, real SMTP)', () => {
  const world = useTimeSkippingWorld();
  const smtp = useTestSmtp();

  /** An agreement of its own: `activities` led by the city, all owned by one person, and a member of each body. */
  async function team(activities: string[]): Promise<Team> {
    const suffix = randomBytes(4).toString('hex');
    const agreementKey = `notices-${suffix}`;
    const staff: { role: keyof Team['people']; roles: UserRole[] }[] = [
      { role: 'owner', roles: ['owner'] },
      { role: 'operational', roles: ['operational'] },
      { role: 'strategic', roles: ['strategic'] },
      { role: 'council', roles: ['council'] },
    ];
    await seedAgreement(
      world.ds,
      {
        ...VASTERAS_2023_2027,
        key: agreementKey,
        validFrom: '2023-06-01',
        validTo: '2024-06-01',
        parties: [{ key: 'city', name: 'Teststaden' }],
        goalAreas: [{ code: 'A', title: 'Testområde' }],
        activities: activities.map((key) => ({ key, title: `Aktivitet ${key}`, goalAreas: ['A'], leadParty: 'city' })),
        areas: [],
        phaseDefaults: [
          { kind: 'short', lengthMonths: 4, followUpEvery: 'P4W' },
          { kind: 'medium', lengthMonths: 4, followUpEvery: 'P8W' },
          { kind: 'long', lengthMonths: null, followUpEvery: 'P13W' },
        ],
      },
      {
        today: '2023-06-01',
        staff: staff.map((s) => ({
          email: `${s.role}-${suffix}@test.example`,
          name: `Test ${s.role}`,
          party: s.role === 'owner' ? 'city' : null,
          roles: s.roles,
          ownsLeadActivities: s.role === 'owner',
        })),
      },
    );
    const ids: { id: string }[] = await world.ds.query(
      `SELECT a.id FROM activity a JOIN agreement g ON g.id = a.agreement_id WHERE g.key = $1 ORDER BY a.key`,
      [agreementKey],
    );
    const people = {} as Team['people'];
    for (const s of staff) {
      const [u] = await world.ds.query(`SELECT id, email FROM app_user WHERE email = $1`, [`${s.role}-${suffix}@test.example`]);
      people[s.role] = u;
    }
    const owners: { owner_id: string }[] = await world.ds.query(`SELECT owner_id FROM activity WHERE id = ANY($1)`, [ids.map((r) => r.id)]);
    expect(owners.every((o) => o.owner_id === people.owner.id)).toBe(true);
    return { agreementKey, activityIds: ids.map((r) => r.id), people };
  }

  /** A worker with the real steps and the real mail steps, whose notifications go out as e-mail. */
  async function liveOn(taskQueue: string) {
    const mail = new NotificationMailClient(world.env.client, taskQueue);
    return world.worker(taskQueue, {
      mailer: createMailer(smtp.url, 'Samverkan <noreply@samverkan.test>'),
      startMail: (ids) => mail.start(ids),
    });
  }

  const handle = (activityId: string): WorkflowHandle => world.env.client.workflow.getHandle(lifecycleWorkflowId(activityId));

  async function notificationsOf(t: Team): Promise<NotificationRow[]> {
    return world.ds.query(
      `SELECT id, recipient_user_id, activity_id, dedupe_key, kind, subject, email_status FROM notification
        WHERE recipient_user_id = ANY($1) ORDER BY activity_id, dedupe_key, recipient_user_id`,
      [Object.values(t.people).map((p) => p.id)],
    );
  }

  /** Waits (in real time, briefly) until none of the team's notifications waits for its e-mail. */
  async function mailSettled(t: Team): Promise<NotificationRow[]> {
    const until = Date.now() + 30_000;
    for (;;) {
      const rows = await notificationsOf(t);
      if (rows.every((r) => r.email_status !== 'pending') || Date.now() > until) return rows;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  const mailsFor = (ids: string[]) => smtp.messages.filter((m) => ids.includes((m.messageId ?? '').replace(/^<|@samverkan>$/g, '')));

  it('two activities of one owner with the same plan: every reminder and escalation of both reaches each person once, in the inbox and by mail', async () => {
    const t = await team(['twin-a', 'twin-b']);
    const taskQueue = `notices-${randomUUID()}`;
    const worker = await liveOn(taskQueue);
    await worker.runUntil(async () => {
      const clock = await SimulatedClock.starting(world.env, START);
      for (const activityId of t.activityIds) {
        await world.env.client.workflow.start(activityLifecycleWorkflow, {
          workflowId: lifecycleWorkflowId(activityId),
          taskQueue,
          args: [{ activityId, simulatedStart: START }],
        });
      }
      try {
        // Two deadlines missed by both, each climbing the whole ladder (3, 10 and 21 days).
        await clock.sleepUntil('2023-08-20T12:00:00+02:00');
      } finally {
        for (const id of t.activityIds) await handle(id).terminate('test finished').catch(() => undefined);
      }
    });

    const [a, b] = await Promise.all(t.activityIds.map((id) => followUpEvents(world.ds, id)));
    const notable = (rows: typeof a) => rows.filter((r) => r.kind !== 'deadline');
    // The case that collided: both activities fire the same keys at the same instants (a delmål's key
    // names the delmål, so those differ; the follow-up deadlines' do not).
    const followUps = (rows: typeof a) => notable(rows).filter((r) => r.key.startsWith('short:follow_up:')).map((r) => `${r.key} ${r.due_at.toISOString()}`);
    expect(followUps(a)).toEqual(followUps(b));
    expect(followUps(a).filter((k) => k.includes(':reminder:')).length).toBeGreaterThanOrEqual(4);
    expect(new Set(notable(a).filter((r) => r.kind === 'escalation').map((r) => r.body))).toEqual(new Set(['operational', 'strategic', 'safety-council']));

    const inbox = await mailSettled(t);
    const bodyMember = { operational: t.people.operational.id, strategic: t.people.strategic.id, 'safety-council': t.people.council.id } as const;
    const expected: string[] = [];
    for (const [i, rows] of [a, b].entries()) {
      for (const r of notable(rows)) {
        const to = r.kind === 'reminder' ? [t.people.owner.id] : [t.people.owner.id, bodyMember[r.body as keyof typeof bodyMember]];
        for (const person of to) expected.push(`${t.activityIds[i]} event:${r.key} ${person}`);
      }
    }
    const got = inbox.map((n) => `${n.activity_id} ${n.dedupe_key} ${n.recipient_user_id}`);
    expect(got.sort()).toEqual(expected.sort()); // each once, for each activity: nothing dropped, nothing twice
    expect(inbox.every((n) => n.email_status === 'sent')).toBe(true);
    const mails = mailsFor(inbox.map((n) => n.id));
    expect(mails).toHaveLength(inbox.length); // one mail per notification, none twice
    expect(new Set(mails.map((m) => m.messageId)).size).toBe(inbox.length);
    // Each activity's mails name that activity.
    for (const n of inbox) {
      const title = n.activity_id === t.activityIds[0] ? 'Aktivitet twin-a' : 'Aktivitet twin-b';
      expect(n.subject).toContain(title);
    }
  });

  it('Temporal away across a deadline: the report submitted before it, delivered after its timer fired, ends as met in time; the escalation is resolved and the correction told', async () => {
    const t = await team(['late']);
    const [activityId] = t.activityIds;
    const taskQueue = `late-${randomUUID()}`;
    const worker = await liveOn(taskQueue);
    await worker.runUntil(async () => {
      const clock = await SimulatedClock.starting(world.env, START);
      await world.env.client.workflow.start(activityLifecycleWorkflow, {
        workflowId: lifecycleWorkflowId(activityId),
        taskQueue,
        args: [{ activityId, simulatedStart: START }],
      });
      try {
        await untilPlanLoaded(handle(activityId));
        const deadline = Date.parse((await handle(activityId).query(stateQuery)).nextDeadline!);
        await clock.sleepUntil(new Date(deadline - 3_600_000).toISOString());

        // The owner submits an hour before the deadline; the API saves it (business time) but Temporal is away.
        const submittedAt = new Date(await clock.now()).toISOString();
        const [report] = await world.ds.query(
          `INSERT INTO activity_report (activity_id, status, progress, summary, submitted_at) VALUES ($1, 'on_track', 40, 'Arbetet går enligt plan', $2) RETURNING id`,
          [activityId, submittedAt],
        );
        const input = { reportId: report.id, status: 'on_track' as const, progress: 40, summary: 'Arbetet går enligt plan', submittedAt };
        const connection = Connection.lazy({ address: `127.0.0.1:${await freePort()}` });
        const away = new ActivityLifecycleClient(new Client({ connection }), taskQueue, 1000);
        await expect(away.update(activityId, submitReportUpdate, input)).rejects.toEqual(expect.any(LifecycleError));
        await connection.close();

        // The deadline fires without the report, and the first escalation three days later.
        await clock.sleepUntil(new Date(deadline + 4 * DAY).toISOString());
        const before = await followUpEvents(world.ds, activityId);
        const missed = before.find((r) => r.kind === 'deadline' && r.due_at.getTime() === deadline)!;
        expect(missed.outcome).toBe('missed');
        const escalation = before.find((r) => r.kind === 'escalation' && r.deadline_key === missed.key)!;
        expect(escalation).toMatchObject({ level: 1, body: 'operational', resolved_at: null });
        const told = await mailSettled(t);
        expect(told.filter((n) => n.dedupe_key === `event:${escalation.key}`).map((n) => n.recipient_user_id).sort()).toEqual(
          [t.people.owner.id, t.people.operational.id].sort(),
        );

        // Temporal is back: the report reaches the workflow, judged by when it was submitted.
        const back = new ActivityLifecycleClient(world.env.client, taskQueue);
        const view = await back.update(activityId, submitReportUpdate, input);
        expect(view.escalationLevel).toBe(0);
        expect(view.lastReportAt).toBe(submittedAt);

        const after = await followUpEvents(world.ds, activityId);
        expect(after.find((r) => r.key === missed.key)).toMatchObject({ outcome: 'met', resolution: 'reported_in_time' });
        expect(after.find((r) => r.key === escalation.key)).toMatchObject({ resolution: 'reported_in_time' });
        expect(after.find((r) => r.key === escalation.key)!.resolved_at).not.toBeNull();
        const [activity] = await world.ds.query(`SELECT escalation_level FROM activity WHERE id = $1`, [activityId]);
        expect(activity.escalation_level).toBe(0);

        const inbox = await mailSettled(t);
        const corrections = inbox.filter((n) => n.kind === 'correction');
        expect(corrections.map((n) => n.recipient_user_id).sort()).toEqual([t.people.owner.id, t.people.operational.id].sort());
        expect(corrections.every((n) => n.subject === 'Rättelse: uppföljningen av ”Aktivitet late” kom in i tid' && n.email_status === 'sent')).toBe(true);
        expect(mailsFor(corrections.map((n) => n.id))).toHaveLength(2);

        // The ladder of that deadline stops: no level 2 a week later, and the next deadline is the owner's to meet.
        await clock.sleepUntil(new Date(deadline + 12 * DAY).toISOString());
        const later = await followUpEvents(world.ds, activityId);
        expect(later.filter((r) => r.kind === 'escalation' && r.deadline_key === missed.key).map((r) => r.level)).toEqual([1]);
        // Delivering the same report again changes nothing.
        await back.update(activityId, submitReportUpdate, input);
        expect((await mailSettled(t)).filter((n) => n.kind === 'correction')).toHaveLength(2);
      } finally {
        await handle(activityId).terminate('test finished').catch(() => undefined);
        if (process.env.RECORD_HISTORIES) recordHistory('a report submitted in time but delivered late turns the miss into met', await handle(activityId).fetchHistory());
      }
    });
  });

  it('a plan change keeps the cadence at least a day: a minute is refused with the month it likely meant, a fortnight applies', async () => {
    const t = await team(['plan']);
    const [activityId] = t.activityIds;
    const taskQueue = `plan-${randomUUID()}`;
    const worker = await liveOn(taskQueue);
    await worker.runUntil(async () => {
      await world.env.client.workflow.start(activityLifecycleWorkflow, {
        workflowId: lifecycleWorkflowId(activityId),
        taskQueue,
        args: [{ activityId, simulatedStart: START }],
      });
      try {
        const lifecycle = new ActivityLifecycleClient(world.env.client, taskQueue);
        await expect(lifecycle.update(activityId, changePlanUpdate, { phases: [{ kind: 'short', followUpEvery: 'PT1M' }] })).rejects.toMatchObject({
          code: 'REJECTED',
          message: 'phases[0].followUpEvery must be at least a day (P1D): PT1M is 1 minute; did you mean P1M, a month?',
        });
        const view = await lifecycle.update(activityId, changePlanUpdate, { phases: [{ kind: 'short', followUpEvery: 'P2W' }] });
        expect(Date.parse(view.nextDeadline!) - Date.parse(START)).toBeLessThanOrEqual(15 * DAY);
        const [phase] = await world.ds.query(`SELECT follow_up_every FROM phase WHERE activity_id = $1 AND kind = 'short'`, [activityId]);
        expect(phase.follow_up_every).toBe('P2W');
      } finally {
        await handle(activityId).terminate('test finished').catch(() => undefined);
        if (process.env.RECORD_HISTORIES) recordHistory('a plan change keeps the cadence at least a day', await handle(activityId).fetchHistory());
      }
    });
  });
});
