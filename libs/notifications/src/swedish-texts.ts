/** What people read: Swedish subjects and bodies, with dates as Swedes write them. */
import { escapeHtml, GOVERNANCE_BODY_NAMES_SV, swedishDate, swedishDateTime, swedishDeadlineDate } from '@app/domain';
import type { GovernanceBody } from '@app/domain';

export interface ComposedMessage {
  subject: string;
  text: string;
}

export interface ActivityRef {
  title: string;
  key: string;
}

export function reminderText(activity: ActivityRef, dueAt: Date, link: string): ComposedMessage {
  const date = swedishDeadlineDate(dueAt);
  return {
    subject: `Påminnelse: lägesrapport för ”${activity.title}” senast ${date}`,
    text: [
      `Hej!`,
      ``,
      `Nästa uppföljning av aktiviteten ”${activity.title}” ska vara inne senast ${date}.`,
      `Lämna en lägesrapport här: ${link}`,
      ``,
      `Kom ihåg att rapporten inte får innehålla personuppgifter om invånare eller barn.`,
    ].join('\n'),
  };
}

export function escalationText(activity: ActivityRef, level: number, body: GovernanceBody, cause: 'missed_deadline' | 'off_track', dueAt: Date, link: string): ComposedMessage {
  const bodyName = GOVERNANCE_BODY_NAMES_SV[body];
  const why =
    cause === 'off_track'
      ? 'En lägesrapport säger att aktiviteten avviker från planen.'
      : `Uppföljningen som skulle vara inne ${swedishDeadlineDate(dueAt)} har inte kommit in.`;
  return {
    subject: `Eskalering nivå ${level} till ${bodyName}: ”${activity.title}”`,
    text: [`Hej!`, ``, `Aktiviteten ”${activity.title}” har eskalerats till ${bodyName} (nivå ${level}).`, why, ``, `Se aktiviteten: ${link}`].join('\n'),
  };
}

export function acknowledgedText(activity: ActivityRef, comment: string, link: string): ComposedMessage {
  return {
    subject: `Eskaleringen för ”${activity.title}” är kvitterad`,
    text: [`Hej!`, ``, `Ledningen har kvitterat eskaleringen för ”${activity.title}”:`, `”${comment}”`, ``, `Se aktiviteten: ${link}`].join('\n'),
  };
}

/** Someone was made the activity's owner (aktivitetsansvarig), by `by`. */
export function ownerAssignedText(activity: ActivityRef, by: string | null, link: string): ComposedMessage {
  return {
    subject: `Du är aktivitetsansvarig för ”${activity.title}”`,
    text: [
      `Hej!`,
      ``,
      `${by ? `${by} har gjort dig` : 'Du har blivit'} aktivitetsansvarig för ”${activity.title}”.`,
      `Du får påminnelserna inför varje uppföljning och lämnar lägesrapporterna.`,
      `Se aktiviteten: ${link}`,
    ].join('\n'),
  };
}

/** A missed deadline turned out met: the report was submitted before it, and reached the follow-up late. */
export function correctionText(activity: ActivityRef, dueAt: Date, submittedAt: Date, escalated: boolean, link: string): ComposedMessage {
  const due = swedishDeadlineDate(dueAt);
  return {
    subject: `Rättelse: uppföljningen av ”${activity.title}” kom in i tid`,
    text: [
      `Hej!`,
      ``,
      `Lägesrapporten för aktiviteten ”${activity.title}” lämnades ${swedishDateTime(submittedAt)}, före tidsgränsen ${due}, men nådde uppföljningen först efter den.`,
      escalated
        ? `Uppföljningen räknas nu som inkommen i tid, och eskaleringen av den är avslutad. Du behöver inte göra något.`
        : `Uppföljningen räknas nu som inkommen i tid. Du behöver inte göra något.`,
      ``,
      `Se aktiviteten: ${link}`,
    ].join('\n'),
  };
}

/**
 * Why the follow-up refused a report, in Swedish: the usual reasons (the activity has ended) in words,
 * anything else as the follow-up gave it.
 */
export function refusalReasonSv(reason: string): string {
  if (/\bcompleted\b/i.test(reason)) return 'aktiviteten är avslutad, och dess uppföljning tar inte emot fler rapporter';
  if (/\bcancelled\b/i.test(reason)) return 'aktiviteten är avbruten, och dess uppföljning tar inte emot fler rapporter';
  return `uppföljningen svarade: ${reason}`;
}

/**
 * A report that was saved (answered 202) and then refused by the follow-up: it is removed again, with
 * its delmål changes, and the writer gets their own text back.
 */
export function reportRefusedText(activity: ActivityRef, submittedAt: Date, reason: string, summary: string, link: string): ComposedMessage {
  return {
    subject: `Lägesrapporten för ”${activity.title}” togs inte emot`,
    text: [
      `Hej!`,
      ``,
      `Lägesrapporten du lämnade ${swedishDateTime(submittedAt)} för aktiviteten ”${activity.title}” sparades först, men uppföljningen tog inte emot den: ${refusalReasonSv(reason)}.`,
      `Rapporten är borttagen, och delmål som den markerade har fått tillbaka sin tidigare status.`,
      ``,
      `Din sammanfattning, om du vill spara den:`,
      `”${summary}”`,
      ``,
      `Se aktiviteten: ${link}`,
    ].join('\n'),
  };
}

/**
 * The HTML part: the same text, with the platform's own addresses in it clickable (`link`, and in a
 * digest each activity's). Only addresses on `link`'s origin: a comment someone wrote is not made a link.
 */
export function toHtml(message: ComposedMessage, link: string): string {
  const origin = originOf(link);
  const linkify = (escaped: string) =>
    escaped.replace(/https?:\/\/[^\s<]+/g, (url) => (origin && (url === origin || url.startsWith(`${origin}/`)) ? `<a href="${url}">${url}</a>` : url));
  const paragraphs = message.text
    .split('\n\n')
    .map((p) => `<p>${linkify(escapeHtml(p).replace(/\n/g, '<br>'))}</p>`)
    .join('\n');
  return `<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>${escapeHtml(message.subject)}</title></head><body>${paragraphs}</body></html>`;
}

function originOf(link: string): string | null {
  try {
    return escapeHtml(new URL(link).origin);
  } catch {
    return null;
  }
}

export interface DigestLine {
  title: string;
  dueAt: Date;
  /** The activity's page, under its agreement. */
  link?: string;
}

export interface DigestEscalation {
  title: string;
  level: number;
  body: GovernanceBody;
  link?: string;
}

/** The agreement a digest is about. */
export interface DigestAgreement {
  title: string;
  municipality: string;
  validFrom: string;
  validTo: string;
}

/** An agreement as a subject line names it: `Västerås 2023–2027` (the full title is in the text). */
export function agreementShortName(agreement: Pick<DigestAgreement, 'municipality' | 'validFrom' | 'validTo'>): string {
  return `${agreement.municipality} ${agreement.validFrom.slice(0, 4)}–${agreement.validTo.slice(0, 4)}`;
}

/**
 * Monday's summary of one agreement (a person who is a member of several gets one each): the
 * deadlines of the coming two weeks and the escalations still open, each with its activity's link.
 */
export function digestText(asOf: Date, agreement: DigestAgreement, deadlines: DigestLine[], escalations: DigestEscalation[], link: string): ComposedMessage {
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const lines = [`Hej!`, ``, `Din sammanfattning från Samverkan för ”${agreement.title}”, ${swedishDate(asOf)}.`, ``];
  lines.push(deadlines.length ? 'Uppföljningar de närmaste två veckorna:' : 'Inga uppföljningar de närmaste två veckorna.');
  for (const d of [...deadlines].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())) {
    lines.push(`– ${swedishDeadlineDate(d.dueAt)}: ${d.title}${d.link ? `\n  ${d.link}` : ''}`);
  }
  lines.push('');
  lines.push(escalations.length ? 'Öppna eskaleringar:' : 'Inga öppna eskaleringar.');
  for (const e of escalations) lines.push(`– ${e.title}: nivå ${e.level}, ${GOVERNANCE_BODY_NAMES_SV[e.body]}${e.link ? `\n  ${e.link}` : ''}`);
  lines.push('', `Samverkan: ${link}`);
  return {
    subject: `Samverkan ${agreementShortName(agreement)}: din vecka – ${count(deadlines.length, 'uppföljning', 'uppföljningar')} och ${count(escalations.length, 'öppen eskalering', 'öppna eskaleringar')}`,
    text: lines.join('\n'),
  };
}
