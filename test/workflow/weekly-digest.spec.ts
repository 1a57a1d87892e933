/**
 * The Monday digest on the time-skipping server: a week passes in which julafton, juldagen and
 * annandag jul fall, and Monday's digest names the deadline that moved off them.
 */
import { randomUUID } from 'node:crypto';
import { ActivityLifecycleClient, NotificationMailClient } from '@app/temporal';
import { createMailer } from '@app/notifications';
import { activityLifecycleWorkflow } from '@app/workflows/activity-lifecycle/activity-lifecycle.workflow';
import { lifecycleWorkflowId } from '@app/workflows/activity-lifecycle/activity-lifecycle.messages';
import { weeklyDigestWorkflow } from '@app/workflows/notifications/weekly-digest.workflow';
import { createFixtureActivity } from '../support/lifecycle-fixture';
import { useTestSmtp } from '../support/test-smtp';
import { SimulatedClock, useTimeSkippingWorld } from '../support/time-skipping';

describe('the weekly digest', () => {
  const world = useTimeSkippingWorld();
  const smtp = useTestSmtp();

  it('on the Monday after a week with Christmas, lists the delmål moved from julafton to Friday 27 December, and the open escalations', async () => {
    const { activityId, ownerId, agreementKey } = await createFixtureActivity(world.ds, { validFrom: '2023-06-01', validTo: '2027-06-01', today: '2024-12-16' });
    await world.ds.query(
      `UPDATE milestone SET due_date = '2024-12-24' FROM phase WHERE milestone.phase_id = phase.id AND phase.activity_id = $1 AND phase.kind = 'medium'`,
      [activityId],
    );
    await world.ds.query(`UPDATE app_user SET notify_by_email = 'digest' WHERE id = $1`, [ownerId]);
    const [{ email }] = await world.ds.query(`SELECT email FROM app_user WHERE id = $1`, [ownerId]);
    const taskQueue = `digest-${randomUUID()}`;
    const lifecycle = new ActivityLifecycleClient(world.env.client, taskQueue);
    const worker = await world.worker(taskQueue, {
      mailer: createMailer(smtp.url, 'Samverkan <noreply@samverkan.test>'),
      publicUrl: 'http://samverkan.test',
      upcomingDeadlines: (id) => lifecycle.upcomingDeadlines(id),
      startMail: (ids) => new NotificationMailClient(world.env.client, taskQueue).start(ids),
    });
    await worker.runUntil(async () => {
      const start = '2024-12-16T08:00:00+01:00'; // a Monday
      const clock = await SimulatedClock.starting(world.env, start);
      await world.env.client.workflow.start(activityLifecycleWorkflow, {
        workflowId: lifecycleWorkflowId(activityId),
        taskQueue,
        args: [{ activityId, simulatedStart: start }],
      });
      await clock.sleepUntil('2024-12-23T08:00:00+01:00'); // the next Monday, 08:00
      // An escalation still open (from an off-track report on Friday), and one a report resolved.
      await world.ds.query(
        `INSERT INTO follow_up_event (activity_id, key, kind, phase, due_at, fired_at, level, body, resolved_at)
         VALUES ($1, 'off-track:friday', 'escalation', 'medium', '2024-12-20T10:00:00Z', '2024-12-20T10:00:00Z', 1, 'operational', NULL),
                ($1, 'off-track:earlier', 'escalation', 'medium', '2024-12-17T10:00:00Z', '2024-12-17T10:00:00Z', 2, 'strategic', '2024-12-18T10:00:00Z')`,
        [activityId],
      );
      // What the Schedule does every Monday at 08:00:
      const sent = await world.env.client.workflow.execute(weeklyDigestWorkflow, { workflowId: `weekly-digest-${randomUUID()}`, taskQueue, args: [] });
      expect(sent).toBe(1);
      const [{ id }] = await world.ds.query(`SELECT id FROM notification WHERE recipient_user_id = $1 AND kind = 'digest'`, [ownerId]);
      expect(await world.env.client.workflow.getHandle(`notification-${id}`).result()).toBe('sent');
      await world.env.client.workflow.getHandle(lifecycleWorkflowId(activityId)).terminate('test finished');
    });

    const digest = smtp.messages.find((m) => (m.to as { text: string }).text === email);
    expect(digest?.subject).toBe('Samverkan Teststaden 2023–2027: din vecka – 1 uppföljning och 1 öppen eskalering');
    expect(digest?.text).toContain(`http://samverkan.test/#/${agreementKey}/aktivitet/test-activity`);
    expect(digest?.text).toContain('– 27 december 2024: Testaktivitet');
    expect(digest?.text).toContain('Öppna eskaleringar:\n– Testaktivitet: nivå 1, Övergripande operativ ledning');
    expect(digest?.text).not.toContain('Strategisk samverkansledning');
    const [row] = await world.ds.query(`SELECT kind, email_status FROM notification WHERE recipient_user_id = $1 AND kind = 'digest'`, [ownerId]);
    expect(row).toEqual({ kind: 'digest', email_status: 'sent' });
  });
});
