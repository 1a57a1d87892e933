/** The e-mail workflow's steps, as types only (implemented in libs/notifications). */
export interface NotificationSteps {
  sendNotificationEmail(notificationId: string): Promise<'sent' | 'already-sent' | 'mail-off' | 'not-wanted'>;
  markEmailFailed(notificationId: string, reason: string): Promise<void>;
}
