import { api, messageOf, QueryOf } from '../api';
import type { components } from '../api/schema';
import { PHASE_KINDS } from '@app/domain/phase-kind';
import { REPORT_STATUS_SV } from '@app/domain/swedish';
import type { ReportState } from '@app/domain/swedish';
import { announce, calendarDate, cell, dateTime, deadlineDate, esc, PHASES, show, statusBadge } from '../ui';
import { href } from '../agreement';
import { count, listHref, oneOf, partyName, REPORT_STATES } from './list-helpers';

type Row = components['schemas']['OverviewRowDto'];
type ListItem = components['schemas']['ActivityListItemDto'];

/** The matrix's status columns, in the order people read them, with their short heads. */
const STATUS_COLUMNS: { key: ReportState; head: string; words: string }[] = [
  { key: 'on_track', head: 'Enligt plan', words: 'enligt plan' },
  { key: 'at_risk', head: 'Risk', words: 'med risk för avvikelse' },
  { key: 'off_track', head: 'Avviker', words: 'som avviker från plan' },
  { key: 'none', head: 'Ingen rapport', words: 'utan rapport' },
];

/** A share in whole per cent, Swedish style ("25 %"); nothing of nothing is 0 %. */
const share = (n: number, of: number) => `${of ? Math.round((100 * n) / of) : 0} %`;

/** The change against four weeks ago as an arrow and words: "↑ 2 fler än för fyra veckor sedan". */
function trend(now: number, then: number): string {
  const diff = now - then;
  if (diff === 0) return `<span class="trend" title="Samma som för fyra veckor sedan"><span aria-hidden="true">→</span><span class="visually-hidden"> samma som för fyra veckor sedan</span></span>`;
  const words = `${Math.abs(diff)} ${diff > 0 ? 'fler' : 'färre'} än för fyra veckor sedan`;
  return `<span class="trend" title="${esc(words)}"><span aria-hidden="true">${diff > 0 ? '↑' : '↓'} ${Math.abs(diff)}</span><span class="visually-hidden"> ${esc(words)}</span></span>`;
}

/** One number of the matrix: its colour and symbol (the status badge's), the number as the link to its list, its share and trend. */
function statusCell(r: Row, st: ReportState, head: string, words: string, list: string): string {
  const s = REPORT_STATUS_SV[st];
  const n = r.status[st];
  return cell(
    head,
    `<a class="status ${s.css}" href="${list}" aria-label="${n} ${words}"><span aria-hidden="true">${s.symbol}</span> ${n}</a>
     <span class="share">${share(n, r.activities)}</span> ${trend(n, r.statusFourWeeksAgo[st])}`,
  );
}

/** A matrix: one row per goal area (party, phase) × status, with the row's total, overdue and open escalations. */
function matrix(caption: string, head: string, rows: Row[], filter: (key: string) => Record<string, string>, sum?: { title: string; rows: Row[] }): string {
  // The head in the status's colour; the symbol is in each number's cell, so that a cell's label at phone width reads as its head.
  const heads = STATUS_COLUMNS.map((c) => `<th scope="col"><span class="status ${REPORT_STATUS_SV[c.key].css}">${esc(c.head)}</span></th>`).join('');
  const line = (r: Row, f: Record<string, string>, label: string) => {
    const levels = [1, 2, 3]
      .map((l) => `<a href="${listHref('eskaleringar', f, { state: 'open', level: String(l) })}" aria-label="${r.openEscalations[l] ?? 0} öppna eskaleringar på nivå ${l}">${r.openEscalations[l] ?? 0}</a>`)
      .join(' / ');
    return `<tr><th scope="row">${esc(label)}</th>
      ${STATUS_COLUMNS.map((c) => statusCell(r, c.key, c.head, c.words, listHref('aktiviteter', f, { status: c.key }))).join('')}
      ${cell('Totalt', `<a href="${listHref('aktiviteter', f)}" aria-label="${r.activities} aktiviteter">${r.activities}</a>`)}
      ${cell('Försenade', `<a href="${listHref('aktiviteter', f, { overdue: 'true' })}" aria-label="${r.overdue} försenade">${r.overdue}</a>`)}
      ${cell('Öppna eskaleringar (nivå 1/2/3)', levels)}</tr>`;
  };
  const body = rows.map((r) => line(r, filter(r.key), r.key.length === 1 ? `${r.key} ${r.title}` : r.title)).join('');
  const sumRow = sum
    ? (() => {
        const add = (pick: (r: Row) => number) => sum.rows.reduce((n, r) => n + pick(r), 0);
        const cells = STATUS_COLUMNS.map((c) => cell(c.head, String(add((r) => r.status[c.key])))).join('');
        return `<tr class="sum"><th scope="row">${esc(sum.title)}</th>${cells}${cell('Totalt', String(add((r) => r.activities)))}${cell('Försenade', String(add((r) => r.overdue)))}${cell('Öppna eskaleringar (nivå 1/2/3)', [1, 2, 3].map((l) => add((r) => r.openEscalations[l] ?? 0)).join(' / '))}</tr>`;
      })()
    : '';
  return `<table class="matrix"><caption>${esc(caption)}</caption>
    <thead><tr><th scope="col">${esc(head)}</th>${heads}<th scope="col">Totalt</th><th scope="col">Försenade</th><th scope="col">Öppna eskaleringar (nivå 1/2/3)</th></tr></thead>
    <tbody>${body}</tbody>${sumRow ? `<tfoot>${sumRow}</tfoot>` : ''}</table>`;
}

export async function overview(): Promise<void> {
  const [result, { data: council }] = await Promise.all([api.GET('/api/overview', { params: { query: {} } }), api.GET('/api/council/agenda', { params: { query: {} } })]);
  const o = result.data;
  if (!o) return show('Översikt', `<p class="error">${esc(messageOf(result))}</p>`);
  const t = o.total;
  const openTotal = Object.values(t.openEscalations).reduce((sum, n) => sum + n, 0);
  const goalAreaSum = o.goalAreas.reduce((n, g) => n + g.activities, 0);
  show(
    'Översikt',
    `<p class="as-of">Läget ${esc(dateTime(o.asOf))}. Pilarna jämför med ${esc(dateTime(o.comparedWith))}, fyra veckor tidigare (den senaste rapporten före dess).</p>
    <p>Alla aktiviteter: <a href="${esc(href('aktiviteter'))}">${t.activities}</a>
    · Försenade: <a href="${listHref('aktiviteter', {}, { overdue: 'true' })}" aria-label="${t.overdue} försenade">${t.overdue}</a>
    · Öppna eskaleringar: <a href="${listHref('eskaleringar', {}, { state: 'open' })}" aria-label="${openTotal} öppna eskaleringar">${openTotal}</a></p>
    ${council ? `<p>Trygghetsrådets nästa möte: ${council.nextMeeting ? calendarDate(council.nextMeeting) : 'inget planerat'} · ärenden dit: <a href="${listHref('eskaleringar', {}, { state: 'open', body: 'safety-council' })}" aria-label="${council.items.length} ärenden till Trygghetsrådet">${council.items.length}</a></p>` : ''}
    <p class="hint">Varje siffra är en länk till listan bakom den. Andelen räknas av radens aktiviteter. En eskalering är öppen tills en ny rapport åtgärdar den, också när ledningen har kvitterat den.</p>
    <p class="no-print"><button type="button" id="print" class="secondary">Skriv ut översikten</button></p>
    ${matrix('Per målområde och status', 'Målområde', o.goalAreas, (k) => ({ goalArea: k }), { title: 'Summa av målområdena', rows: o.goalAreas })}
    <p id="goal-area-note" class="hint">Målområdenas rader summerar till ${goalAreaSum}, fler än de ${t.activities} aktiviteterna, eftersom en aktivitet kan tjäna flera målområden och då räknas på varje. Raden nedan räknar varje aktivitet en gång.</p>
    ${matrix('Alla aktiviteter, var och en en gång', 'Urval', [t], () => ({}))}
    ${matrix('Per part (leder eller samverkar i)', 'Part', o.parties, (k) => ({ party: k }))}
    ${matrix('Per fas', 'Fas', o.phases, (k) => ({ phase: k }))}`,
  );
  document.getElementById('print')?.addEventListener('click', () => window.print());
}

/** The list's columns: head, the value a sort compares, and the text the CSV file holds. */
interface Column {
  key: string;
  head: string;
  sort: (a: ListItem) => string | number;
  csv: (a: ListItem, parties: Map<string, string>) => string;
}

const STATUS_ORDER: Record<string, number> = { off_track: 0, at_risk: 1, on_track: 2, none: 3 };
const partiesOf = (a: ListItem, parties: Map<string, string>) => [a.leadParty, ...a.cooperatingParties].map((k) => parties.get(k) ?? k);

const COLUMNS: Column[] = [
  { key: 'title', head: 'Aktivitet', sort: (a) => a.title, csv: (a) => a.title },
  { key: 'status', head: 'Status', sort: (a) => STATUS_ORDER[a.latestStatus ?? 'none'], csv: (a) => REPORT_STATUS_SV[(a.latestStatus ?? 'none') as ReportState].text },
  { key: 'owner', head: 'Aktivitetsansvarig', sort: (a) => a.owner?.name ?? '', csv: (a) => a.owner?.name ?? '' },
  { key: 'party', head: 'Part', sort: (a) => a.leadParty, csv: (a, p) => partiesOf(a, p).join('; ') },
  { key: 'progress', head: 'Framsteg', sort: (a) => a.progress ?? -1, csv: (a) => (a.progress === null || a.progress === undefined ? '' : `${a.progress} %`) },
  { key: 'lastReport', head: 'Senaste rapport', sort: (a) => a.lastReportAt ?? '', csv: (a) => a.lastReportAt?.slice(0, 10) ?? '' },
  { key: 'nextDeadline', head: 'Nästa uppföljning', sort: (a) => a.nextDeadline ?? '9999', csv: (a) => (a.nextDeadline ? deadlineDate(a.nextDeadline) : '') },
  { key: 'escalation', head: 'Eskaleringsnivå', sort: (a) => a.escalationLevel, csv: (a) => String(a.escalationLevel) },
];

/** A CSV cell: quoted, and one a spreadsheet would take for a formula (= + - @) neutralised with a leading apostrophe, as the plan export does. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** The activities behind an Översikt number: the active ones (as Översikt counts), filtered as the number is, as a sortable table. */
export async function activities(query: URLSearchParams): Promise<void> {
  const filter: QueryOf<'/api/activities'> = {
    goalArea: query.get('goalArea') ?? undefined,
    party: query.get('party') ?? undefined,
    phase: oneOf(PHASE_KINDS, query.get('phase')),
    status: oneOf(REPORT_STATES, query.get('status')),
    overdue: query.get('overdue') === 'true' ? 'true' : undefined,
    activityStatus: 'active',
  };
  const active: ListItem[] = [];
  for (let offset = 0; ; offset += 200) {
    const result = await api.GET('/api/activities', { params: { query: { ...filter, limit: 200, offset } } });
    if (!result.data) return show('Aktiviteter', `<p class="error">${esc(messageOf(result))}</p>`);
    active.push(...result.data.items);
    if (offset + 200 >= result.data.total) break;
  }
  const { data: partyList } = await api.GET('/api/parties', { params: { query: {} } });
  const parties = new Map((partyList ?? []).map((p) => [p.key, p.name]));
  const about = [
    filter.goalArea ? `målområde ${filter.goalArea}` : null,
    await partyName(filter.party),
    filter.phase ? PHASES[filter.phase] : null,
    filter.status ? REPORT_STATUS_SV[filter.status].text : null,
    filter.overdue ? 'Försenade' : null,
  ]
    .filter(Boolean)
    .join(', ');
  const title = about ? `Aktiviteter: ${about}` : 'Aktiviteter';
  show(
    title,
    `<p>${count(active.length, 'aktivitet', 'aktiviteter')} som följs upp.</p>
    ${
      active.length
        ? `<div class="no-print list-tools">
        <label for="list-filter">Filtrera (aktivitet, ansvarig eller part)</label>
        <input id="list-filter" type="search" autocomplete="off" aria-describedby="list-count">
        <label for="list-sort">Sortera efter</label>
        <select id="list-sort">${COLUMNS.flatMap((c) => [`<option value="${c.key}:asc">${esc(c.head)}, stigande</option>`, `<option value="${c.key}:desc">${esc(c.head)}, fallande</option>`]).join('')}</select>
        <button type="button" id="list-csv" class="secondary">Ladda ner som CSV</button>
      </div>
      <p id="list-count" aria-live="polite"></p>
      <table id="activity-list"><caption>${esc(title)}. Välj en kolumnrubrik för att sortera.</caption>
        <thead><tr>${COLUMNS.map((c) => `<th scope="col" data-key="${c.key}" aria-sort="none"><button type="button" class="sort" data-key="${c.key}">${esc(c.head)}</button></th>`).join('')}</tr></thead>
        <tbody></tbody></table>`
        : '<p>Inga aktiviteter i det här urvalet.</p>'
    }
    <p><a href="${esc(href('oversikt'))}">Tillbaka till Översikt</a></p>`,
  );
  if (!active.length) return;
  let sortKey = 'title';
  let ascending = true;
  let shown: ListItem[] = active;
  const draw = () => {
    const needle = (document.getElementById('list-filter') as HTMLInputElement).value.trim().toLocaleLowerCase('sv');
    const column = COLUMNS.find((c) => c.key === sortKey)!;
    shown = active
      .filter((a) => !needle || [a.title, a.owner?.name ?? '', ...partiesOf(a, parties)].some((s) => s.toLocaleLowerCase('sv').includes(needle)))
      .sort((a, b) => {
        const x = column.sort(a);
        const y = column.sort(b);
        const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'sv');
        return (ascending ? order : -order) || a.title.localeCompare(b.title, 'sv');
      });
    document.querySelector('#activity-list tbody')!.innerHTML = shown
      .map(
        (a) => `<tr><th scope="row"><a href="${esc(href(`aktivitet/${encodeURIComponent(a.key)}`))}">${esc(a.title)}</a></th>
        ${cell('Status', statusBadge(a.latestStatus))}
        ${cell('Aktivitetsansvarig', esc(a.owner?.name ?? '–'))}
        ${cell('Part', esc(partiesOf(a, parties).join(', ')))}
        ${cell('Framsteg', a.progress === null || a.progress === undefined ? '–' : `${a.progress} %`)}
        ${cell('Senaste rapport', dateTime(a.lastReportAt))}
        ${cell('Nästa uppföljning', `${a.overdue ? '<strong>Försenad</strong> · ' : ''}${deadlineDate(a.nextDeadline)}`)}
        ${cell('Eskaleringsnivå', String(a.escalationLevel))}</tr>`,
      )
      .join('');
    for (const th of Array.from(document.querySelectorAll<HTMLElement>('#activity-list th[data-key]'))) {
      th.setAttribute('aria-sort', th.dataset.key === sortKey ? (ascending ? 'ascending' : 'descending') : 'none');
    }
    (document.getElementById('list-sort') as HTMLSelectElement).value = `${sortKey}:${ascending ? 'asc' : 'desc'}`;
    document.getElementById('list-count')!.textContent = `Visar ${shown.length} av ${active.length}.`;
  };
  draw();
  for (const button of Array.from(document.querySelectorAll<HTMLButtonElement>('#activity-list button.sort'))) {
    button.addEventListener('click', () => {
      ascending = sortKey === button.dataset.key ? !ascending : true;
      sortKey = button.dataset.key!;
      draw();
      const column = COLUMNS.find((c) => c.key === sortKey)!;
      announce(`Sorterad efter ${column.head.toLowerCase()}, ${ascending ? 'stigande' : 'fallande'}.`);
    });
  }
  document.getElementById('list-filter')!.addEventListener('input', draw);
  // The same sorting where the column heads are hidden (phone width).
  document.getElementById('list-sort')!.addEventListener('change', (event) => {
    const [key, direction] = (event.target as HTMLSelectElement).value.split(':');
    sortKey = key;
    ascending = direction === 'asc';
    draw();
  });
  document.getElementById('list-csv')!.addEventListener('click', () => {
    const lines = [COLUMNS.map((c) => csvCell(c.head)).join(','), ...shown.map((a) => COLUMNS.map((c) => csvCell(c.csv(a, parties))).join(','))];
    const blob = new Blob([`\ufeff${lines.join('\r\n')}\r\n`], { type: 'text/csv;charset=utf-8' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `aktiviteter${about ? `-${about.toLowerCase().replace(/[^a-z0-9åäö]+/g, '-').replace(/^-|-$/g, '')}` : ''}.csv`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  });
}
