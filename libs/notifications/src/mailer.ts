import nodemailer from 'nodemailer';
import { parseConnectionUrl } from 'nodemailer/lib/shared';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable per notification, so a person's mail program can tell a repeat for what it is. */
  messageId: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}

/**
 * How long one SMTP conversation may take at most. Well inside the e-mail step's 1-minute limit, so
 * that a slow mail server fails the attempt here rather than Temporal starting a second attempt while
 * the first is still sending (nodemailer's own socket timeout is an hour).
 */
export const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as const;

/** Mail over SMTP (`SMTP_URL`, e.g. smtp://user:pass@mail.example:587); null when mail is off. */
export function createMailer(smtpUrl: string | undefined, from: string): Mailer | null {
  if (!smtpUrl) return null;
  const transport = nodemailer.createTransport({ ...parseConnectionUrl(smtpUrl), ...SMTP_TIMEOUTS });
  return {
    async send(mail) {
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, messageId: mail.messageId });
    },
  };
}
