/**
 * How Swedes read it: dates and report statuses in Swedish, the same in e-mails, on the public page and
 * in the web app. Pure (Intl only), so the browser bundle imports it too.
 */
import { escapeHtml } from './escape-html';
import type { ReportStatus } from './lifecycle/lifecycle-state';
import { TIME_ZONE } from './zoned-time';

const DATE = new Intl.DateTimeFormat('sv-SE', { timeZone: TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric' });
const DATE_TIME = new Intl.DateTimeFormat('sv-SE', { timeZone: TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' });
const CALENDAR_DATE = new Intl.DateTimeFormat('sv-SE', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });

const instant = (at: Date | string) => (typeof at === 'string' ? Date.parse(at) : at.getTime());

/** "30 november 2026": the day in Sweden of an instant. */
export function swedishDate(at: Date | string): string {
  return DATE.format(instant(at));
}

/** "30 november 2026": the day a deadline falls on (it is due at the end of that day, 00:00 the next). */
export function swedishDeadlineDate(dueAt: Date | string): string {
  return DATE.format(instant(dueAt) - 1);
}

/** "30 november 2026 kl. 14:05" in Swedish time. */
export function swedishDateTime(at: Date | string): string {
  return DATE_TIME.format(instant(at));
}

/** "30 november 2026" for a calendar date `YYYY-MM-DD` (no time zone involved). */
export function swedishCalendarDate(date: string): string {
  return CALENDAR_DATE.format(Date.parse(`${date}T00:00:00Z`));
}

export type ReportState = ReportStatus | 'none';

/** A report status in words, with a symbol and a style class: status is never shown by colour alone. */
export const REPORT_STATUS_SV: Record<ReportState, { text: string; symbol: string; css: string }> = {
  on_track: { text: 'Enligt plan', symbol: '✓', css: 'ok' },
  at_risk: { text: 'Risk för avvikelse', symbol: '!', css: 'risk' },
  off_track: { text: 'Avviker från plan', symbol: '✕', css: 'off' },
  none: { text: 'Ingen rapport ännu', symbol: '–', css: 'none' },
};

/** The status as an HTML badge: the words, the symbol hidden from screen readers, the class for colour. */
export function reportStatusBadge(status: string | null | undefined): string {
  const s = REPORT_STATUS_SV[(status ?? 'none') as ReportState] ?? REPORT_STATUS_SV.none;
  return `<span class="status ${escapeHtml(s.css)}"><span aria-hidden="true">${s.symbol}</span> ${escapeHtml(s.text)}</span>`;
}
