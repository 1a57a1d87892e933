import { DataSource } from 'typeorm';
import { Notification, User } from '@app/database';
import type { NotificationSteps } from '@app/workflows/notifications/deliver-notification.steps';
import { Mailer } from './mailer';
import { toHtml } from './swedish-texts';

/** The steps of the e-mail workflow. Sending checks the row first: a retry after success sends nothing. */
export function createNotificationSteps(dataSource: DataSource, mailer: Mailer | null): NotificationSteps {
  return {
    async sendNotificationEmail(notificationId: string): Promise<'sent' | 'already-sent' | 'mail-off' | 'not-wanted'> {
      const notifications = dataSource.getRepository(Notification);
      const n = await notifications.findOne({ where: { id: notificationId } });
      if (!n || n.emailStatus === 'sent') return 'already-sent';
      if (n.emailStatus === 'not_wanted') return 'not-wanted';
      if (!mailer) {
        await notifications.update({ id: n.id, emailStatus: 'pending' }, { emailStatus: 'off' });
        return 'mail-off';
      }
      const user = await dataSource.getRepository(User).findOneOrFail({ where: { id: n.recipientUserId } });
      await notifications.increment({ id: n.id }, 'emailAttempts', 1);
      try {
        await mailer.send({
          to: user.email,
          subject: n.subject,
          text: n.bodyText,
          html: toHtml({ subject: n.subject, text: n.bodyText }, n.link),
          messageId: `<${n.id}@samverkan>`,
        });
      } catch (error) {
        await notifications.update({ id: n.id }, { emailLastError: String((error as Error).message ?? error).slice(0, 1000) });
        throw error; // Temporal retries with back-off
      }
      await notifications.update({ id: n.id }, { emailStatus: 'sent', emailSentAt: new Date(), emailLastError: null });
      return 'sent';
    },

    async markEmailFailed(notificationId: string, reason: string): Promise<void> {
      await dataSource
        .getRepository(Notification)
        .update({ id: notificationId, emailStatus: 'pending' }, { emailStatus: 'failed', emailLastError: reason.slice(0, 1000) });
    },
  };
}
