/** Small helpers: escaping, Swedish dates and status words, and the page frame. */
export const esc = (s: unknown) =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const DATE = new Intl.DateTimeFormat('sv-SE', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Stockholm' });
const DATE_TIME = new Intl.DateTimeFormat('sv-SE', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Stockholm' });
/** A deadline is due at the end of its day: show that day. */
export const deadlineDate = (iso: string | null | undefined) => (iso ? DATE.format(new Date(Date.parse(iso) - 1)) : '–');
export const dateTime = (iso: string | null | undefined) => (iso ? DATE_TIME.format(new Date(iso)) : '–');

const STATUS: Record<string, [string, string, string]> = {
  on_track: ['Enligt plan', '✓', 'ok'],
  at_risk: ['Risk för avvikelse', '!', 'risk'],
  off_track: ['Avviker från plan', '✕', 'off'],
};
/** Status in words and a symbol; colour only underlines it. */
export function statusBadge(status: string | null | undefined): string {
  const [text, symbol, css] = STATUS[status ?? ''] ?? ['Ingen rapport ännu', '–', 'none'];
  return `<span class="status ${css}"><span aria-hidden="true">${symbol}</span> ${text}</span>`;
}

export const PHASES: Record<string, string> = { short: 'Kort sikt', medium: 'Medellång sikt', long: 'Lång sikt' };
export const BODIES: Record<string, string> = { operational: 'Övergripande operativ ledning', strategic: 'Strategisk samverkansledning', 'safety-council': 'Trygghetsrådet' };

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
