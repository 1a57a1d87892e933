/**
 * The e-mail step, on the time-skipping server with a real SMTP server: exactly one message per person
 * even when the step fails after the mail was accepted, and a mail server that stays down is retried
 * with back-off and then recorded as failed, for administrators to see.
 */
import { randomUUID } from 'node:crypto';
import { freePort } from '@app/devstack';
import { Notification } from '@app/database';
import { createMailer } from '@app/notifications';
import { deliverNotificationWorkflow, notificationWorkflowId } from '@app/workflows/notifications/deliver-notification.workflow';
import { createFixtureActivity } from '../support/lifecycle-fixture';
import { useTestSmtp } from '../support/test-smtp';
import { useTimeSkippingWorld } from '../support/time-skipping';

describe('the e-mail step', () => {
  const world = useTimeSkippingWorld();
  const smtp = useTestSmtp();

  async function pendingNotification(subject: string): Promise<string> {
    const { activityId, ownerId } = await createFixtureActivity(world.ds, { validFrom: '2023-06-01', validTo: '2027-06-01', today: '2023-06-01' });
    const saved = await world.ds.getRepository(Notification).save({
      recipientUserId: ownerId,
      dedupeKey: `test:${randomUUID()}`,
      kind: 'reminder',
      activityId,
      subject,
      bodyText: 'Hej!\n\nTest.',
      link: 'http://samverkan.test/api/activities/test-activity',
      emailStatus: 'pending',
    });
    return saved.id;
  }

  it('sends one message when the step fails after the mail was accepted and is retried', async () => {
    const subject = `Engångstest ${randomUUID()}`;
    const id = await pendingNotification(subject);
    let failed = false;
    const taskQueue = `mail-${randomUUID()}`;
    const worker = await world.worker(taskQueue, {
      mailer: createMailer(smtp.url, 'Samverkan <noreply@samverkan.test>'),
      wrapNotificationSteps: (steps) => ({
        ...steps,
        async sendNotificationEmail(notificationId) {
          const outcome = await steps.sendNotificationEmail(notificationId);
          if (!failed) {
            failed = true;
            throw new Error('the worker died before it could report the step done');
          }
          return outcome;
        },
      }),
    });
    const result = await worker.runUntil(
      world.env.client.workflow.execute(deliverNotificationWorkflow, { workflowId: notificationWorkflowId(id), taskQueue, args: [id] }),
    );
    expect(failed).toBe(true);
    expect(result).toBe('already-sent'); // the retry found the mail sent and sent nothing
    expect(smtp.messages.filter((m) => m.subject === subject)).toHaveLength(1);
    const row = await world.ds.getRepository(Notification).findOneByOrFail({ id });
    expect(row).toMatchObject({ emailStatus: 'sent', emailAttempts: 1 });
  });

  it('retries a mail server that is down with back-off, then records the failure', async () => {
    const id = await pendingNotification('Servern är nere');
    const taskQueue = `mail-${randomUUID()}`;
    const worker = await world.worker(taskQueue, {
      mailer: createMailer(`smtp://127.0.0.1:${await freePort()}`, 'Samverkan <noreply@samverkan.test>'),
    });
    const result = await worker.runUntil(
      world.env.client.workflow.execute(deliverNotificationWorkflow, { workflowId: notificationWorkflowId(id), taskQueue, args: [id] }),
    );
    expect(result).toBe('failed');
    const row = await world.ds.getRepository(Notification).findOneByOrFail({ id });
    expect(row.emailStatus).toBe('failed');
    expect(row.emailAttempts).toBe(18);
    expect(row.emailLastError).toMatch(/Gave up after repeated failures: .*ECONNREFUSED/);
  });
});
