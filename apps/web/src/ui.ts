/** Small helpers: escaping, Swedish dates and words (shared with the server), and the page frame. */
import { escapeHtml } from '@app/domain/escape-html';
import { GOVERNANCE_BODY_NAMES_SV } from '@app/domain/lifecycle/follow-up-settings';
import { PHASE_NAMES_SV } from '@app/domain/phase-kind';
import { reportStatusBadge, swedishDateTime, swedishDeadlineDate } from '@app/domain/swedish';

export const esc = (s: unknown) => escapeHtml(String(s ?? ''));
/** A deadline is due at the end of its day: show that day. */
export const deadlineDate = (iso: string | null | undefined) => (iso ? swedishDeadlineDate(iso) : '–');
export const dateTime = (iso: string | null | undefined) => (iso ? swedishDateTime(iso) : '–');
/** Status in words and a symbol; colour only underlines it. */
export const statusBadge = reportStatusBadge;
export const PHASES: Record<string, string> = PHASE_NAMES_SV;
export const BODIES: Record<string, string> = GOVERNANCE_BODY_NAMES_SV;

export function show(title: string, html: string): void {
  document.title = `${title} – Samverkan`;
  const main = document.getElementById('innehall')!;
  main.innerHTML = `<h1>${esc(title)}</h1>${html}`;
  main.focus();
}

export function announce(text: string): void {
  const live = document.getElementById('meddelande')!;
  live.textContent = '';
  setTimeout(() => (live.textContent = text), 50);
}
