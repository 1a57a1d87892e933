/** Small helpers: escaping, Swedish dates and words (shared with the server), and the page frame. */
import { escapeHtml } from '@app/domain/escape-html';
import { GOVERNANCE_BODY_NAMES_SV } from '@app/domain/lifecycle/follow-up-settings';
import { PHASE_NAMES_SV } from '@app/domain/phase-kind';
import { agreementName, currentMembership } from './agreement';
import { reportStatusBadge, swedishCadence, swedishCalendarDate, swedishDate, swedishDateTime, swedishDeadlineDate } from '@app/domain/swedish';

export const esc = (s: unknown) => escapeHtml(String(s ?? ''));
/** A deadline is due at the end of its day: show that day. */
export const deadlineDate = (iso: string | null | undefined) => (iso ? swedishDeadlineDate(iso) : '–');
export const dateTime = (iso: string | null | undefined) => (iso ? swedishDateTime(iso) : '–');
/** The Swedish day of an instant: "3 mars 2026". */
export const day = (iso: string | null | undefined) => (iso ? swedishDate(iso) : '–');
/** A calendar date `YYYY-MM-DD` (a phase's start or target, a delmål's date): "1 juni 2023". */
export const calendarDate = (date: string | null | undefined) => (date ? swedishCalendarDate(date) : '–');
/** A follow-up cadence such as P6W in words: "var 6:e vecka". */
export const cadence = swedishCadence;
/** Status in words and a symbol; colour only underlines it. */
export const statusBadge = reportStatusBadge;
export const PHASES: Record<string, string> = PHASE_NAMES_SV;
export const BODIES: Record<string, string> = GOVERNANCE_BODY_NAMES_SV;

/**
 * A table cell that also names its column: at phone width the table's head is hidden and each cell
 * shows its label ("Försenade: 2"); on wider screens the label is hidden and the column head says it.
 */
export const cell = (label: string, html: string) => `<td><span class="cell-label">${esc(label)}: </span>${html}</td>`;

export function show(title: string, html: string): void {
  document.title = `${title} – Samverkan`;
  const main = document.getElementById('innehall')!;
  main.innerHTML = `<h1>${esc(title)}</h1>${html}`;
  designSystem(main);
  printHead();
  main.focus();
}

/**
 * Gives plain elements Designsystemet's classes (ds-button, ds-input, ds-label, ds-table …), so every
 * page has its look without each page naming them; main.ts calls it for whatever is drawn later too.
 */
export function designSystem(root: ParentNode): void {
  root.querySelectorAll<HTMLButtonElement>('button:not(.ds-button)').forEach((b) => {
    b.classList.add('ds-button');
    if (!b.dataset.variant) b.dataset.variant = b.classList.contains('secondary') ? 'secondary' : 'primary';
    if (!b.dataset.size) b.dataset.size = 'sm';
  });
  root.querySelectorAll<HTMLElement>('input:not(.ds-input):not([type="hidden"]):not([type="file"]), textarea:not(.ds-input), select:not(.ds-input)').forEach((el) => {
    el.classList.add('ds-input');
    if (!el.dataset.size) el.dataset.size = 'sm';
  });
  root.querySelectorAll<HTMLElement>('label:not(.ds-label)').forEach((el) => el.classList.add('ds-label'));
  root.querySelectorAll<HTMLElement>('table:not(.ds-table)').forEach((el) => {
    el.classList.add('ds-table');
    if (!el.dataset.size) el.dataset.size = 'sm';
  });
  root.querySelectorAll<HTMLElement>('fieldset:not(.ds-fieldset)').forEach((el) => el.classList.add('ds-fieldset'));
}

/** The line printed at the top of every page: the agreement and when it was printed. */
export function printHead(): void {
  const head = document.getElementById('utskrift');
  if (!head) return;
  const here = currentMembership();
  head.textContent = `${here ? `Överenskommelse: ${agreementName(here)} · ` : ''}Utskriven ${dateTime(new Date().toISOString())}`;
}

export function announce(text: string): void {
  const live = document.getElementById('meddelande')!;
  live.textContent = '';
  setTimeout(() => (live.textContent = text), 50);
}
