/** The e-mail workflow's steps, as types only (implemented in libs/notifications). */
export interface NotificationSteps {
  sendNotificationEmail(notificationId: string): Promise<'sent' | 'already-sent' | 'mail-off' | 'not-wanted'>;
  markEmailFailed(notificationId: string, reason: string): Promise<void>;
}

export interface NotificationSteps {
  /** Writes each person's Monday digest (once per person and week) and starts its e-mail; returns how many. */
  prepareWeeklyDigests(asOf: string): Promise<number>;
}
