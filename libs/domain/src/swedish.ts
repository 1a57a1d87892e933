/**
 * How Swedes read it: dates and report statuses in Swedish, the same in e-mails, on the public page and
 * in the web app. Pure (Intl only), so the browser bundle imports it too.
 */
import { escapeHtml } from './escape-html';
import { Duration, isIsoDuration, parseDuration } from './iso-duration';
import type { ReportStatus } from './lifecycle/lifecycle-state';
import { TIME_ZONE } from './zoned-time';
import { swedishError } from './swedish-errors';

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

/** A unit of time: singular, plural, and whether it is an "ett"-word (år) or an "en"-word (vecka). */
const UNITS: { key: keyof Duration; one: string; many: string; neuter?: boolean }[] = [
  { key: 'years', one: 'år', many: 'år', neuter: true },
  { key: 'months', one: 'månad', many: 'månader' },
  { key: 'weeks', one: 'vecka', many: 'veckor' },
  { key: 'days', one: 'dag', many: 'dagar' },
  { key: 'hours', one: 'timme', many: 'timmar' },
  { key: 'minutes', one: 'minut', many: 'minuter' },
  { key: 'seconds', one: 'sekund', many: 'sekunder' },
];

/** "3:e", "21:a": a Swedish ordinal in figures (1:a and 2:a, but 11:e and 12:e). */
function ordinal(n: number): string {
  const last = n % 10;
  return `${n}:${(last === 1 || last === 2) && n % 100 !== 11 && n % 100 !== 12 ? 'a' : 'e'}`;
}

/**
 * A follow-up cadence (an ISO-8601 duration) in words: `P1W` "varje vecka", `P2W` "varannan vecka",
 * `P6W` "var 6:e vecka", `P1M` "varje månad", `P1Y` "varje år", `P2Y` "vartannat år"; a mixed one
 * such as `P1M2D` "varje period om 1 månad och 2 dagar". Anything that is not a duration comes back as it is.
 */
export function swedishCadence(iso: string): string {
  if (!isIsoDuration(iso)) return iso;
  const d = parseDuration(iso);
  const parts = UNITS.filter((u) => d[u.key] > 0);
  if (parts.length === 1 && Number.isInteger(d[parts[0].key])) {
    const u = parts[0];
    const n = d[u.key];
    if (n === 1) return `varje ${u.one}`;
    if (n === 2) return `${u.neuter ? 'vartannat' : 'varannan'} ${u.one}`;
    return `${u.neuter ? 'vart' : 'var'} ${ordinal(n)} ${u.one}`;
  }
  const words = parts.map((u) => `${String(d[u.key]).replace('.', ',')} ${d[u.key] === 1 ? u.one : u.many}`);
  if (words.length === 0) return 'utan uppehåll';
  const list = words.length === 1 ? words[0] : `${words.slice(0, -1).join(', ')} och ${words[words.length - 1]}`;
  return `varje period om ${list}`;
}

/**
 * An error answer from the API for people: a Swedish explanation of the status, then the API's own
 * message (often English) as the detail: "Du har inte behörighet … (Detalj: Only admins may …)".
 */
export function swedishApiProblem(status: number | undefined, detail?: string | null): string {
  const explanation = swedishError(status);
  const more = detail?.trim();
  return more ? `${explanation} (Detalj: ${more})` : explanation;
}
