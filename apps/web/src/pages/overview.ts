import { api, messageOf, QueryOf } from '../api';
import type { components } from '../api/schema';
import { PHASE_KINDS } from '@app/domain/phase-kind';
import { REPORT_STATUS_SV } from '@app/domain/swedish';
import { calendarDate, cell, esc, PHASES, show, statusBadge } from '../ui';
import { href } from '../agreement';
import { count, listHref, oneOf, partyName, REPORT_STATES } from './list-helpers';

const STATUS_WORDS = { on_track: 'enligt plan', at_risk: 'med risk för avvikelse', off_track: 'som avviker från plan', none: 'utan rapport' } as const;

type Row = components['schemas']['OverviewRowDto'];

export async function overview(): Promise<void> {
  const [result, { data: council }] = await Promise.all([api.GET('/api/overview', { params: { query: {} } }), api.GET('/api/council/agenda', { params: { query: {} } })]);
  const o = result.data;
  if (!o) return show('Översikt', `<p class="error">${esc(messageOf(result))}</p>`);
  const table = (caption: string, head: string, rows: Row[], filter: (key: string) => Record<string, string>) =>
    `<table><caption>${esc(caption)}</caption><thead><tr><th scope="col">${esc(head)}</th><th scope="col">Aktiviteter</th><th scope="col">Enligt plan</th><th scope="col">Risk</th><th scope="col">Avviker</th><th scope="col">Utan rapport</th><th scope="col">Försenade</th><th scope="col">Öppna eskaleringar (nivå 1/2/3)</th></tr></thead><tbody>${rows
      .map((r) => {
        const f = filter(r.key);
        const statusCell = (st: (typeof REPORT_STATES)[number], label: string) =>
          cell(label, `<a href="${listHref('aktiviteter', f, { status: st })}" aria-label="${r.status[st]} ${STATUS_WORDS[st]}">${r.status[st]}</a>`);
        const levels = [1, 2, 3]
          .map((l) => `<a href="${listHref('eskaleringar', f, { state: 'open', level: String(l) })}" aria-label="${r.openEscalations[l] ?? 0} öppna eskaleringar på nivå ${l}">${r.openEscalations[l] ?? 0}</a>`)
          .join(' / ');
        return `<tr><th scope="row">${esc(r.key.length === 1 ? `${r.key} ${r.title}` : r.title)}</th>
        ${cell('Aktiviteter', `<a href="${listHref('aktiviteter', f)}" aria-label="${r.activities} aktiviteter">${r.activities}</a>`)}
        ${statusCell('on_track', 'Enligt plan')}${statusCell('at_risk', 'Risk')}${statusCell('off_track', 'Avviker')}${statusCell('none', 'Utan rapport')}
        ${cell('Försenade', `<a href="${listHref('aktiviteter', f, { overdue: 'true' })}" aria-label="${r.overdue} försenade">${r.overdue}</a>`)}
        ${cell('Öppna eskaleringar (nivå 1/2/3)', levels)}</tr>`;
      })
      .join('')}</tbody></table>`;
  const t = o.total;
  const openTotal = Object.values(t.openEscalations).reduce((sum, n) => sum + n, 0);
  show(
    'Översikt',
    `<p>Alla aktiviteter: <a href="${esc(href('aktiviteter'))}">${t.activities}</a>
    · ${statusBadge('off_track')}: <a href="${listHref('aktiviteter', {}, { status: 'off_track' })}" aria-label="${t.status.off_track} ${STATUS_WORDS.off_track}">${t.status.off_track}</a>
    · Försenade: <a href="${listHref('aktiviteter', {}, { overdue: 'true' })}" aria-label="${t.overdue} försenade">${t.overdue}</a>
    · Öppna eskaleringar: <a href="${listHref('eskaleringar', {}, { state: 'open' })}" aria-label="${openTotal} öppna eskaleringar">${openTotal}</a></p>
    ${council ? `<p>Trygghetsrådets nästa möte: ${council.nextMeeting ? calendarDate(council.nextMeeting) : 'inget planerat'} · ärenden dit: <a href="${listHref('eskaleringar', {}, { state: 'open', body: 'safety-council' })}" aria-label="${council.items.length} ärenden till Trygghetsrådet">${council.items.length}</a></p>` : ''}
    <p class="hint">Varje siffra är en länk till listan bakom den. En eskalering är öppen tills en ny rapport åtgärdar den, också när ledningen har kvitterat den.</p>
    ${table('Per målområde', 'Målområde', o.goalAreas, (k) => ({ goalArea: k }))}
    ${table('Per part (leder eller samverkar i)', 'Part', o.parties, (k) => ({ party: k }))}
    ${table('Per fas', 'Fas', o.phases, (k) => ({ phase: k }))}`,
  );
}

/** The activities behind an Översikt number: the active ones (as Översikt counts), filtered as the number is. */
export async function activities(query: URLSearchParams): Promise<void> {
  const filter: QueryOf<'/api/activities'> = {
    goalArea: query.get('goalArea') ?? undefined,
    party: query.get('party') ?? undefined,
    phase: oneOf(PHASE_KINDS, query.get('phase')),
    status: oneOf(REPORT_STATES, query.get('status')),
    overdue: query.get('overdue') === 'true' ? 'true' : undefined,
    activityStatus: 'active',
  };
  const active: components['schemas']['ActivityListItemDto'][] = [];
  for (let offset = 0; ; offset += 200) {
    const result = await api.GET('/api/activities', { params: { query: { ...filter, limit: 200, offset } } });
    if (!result.data) return show('Aktiviteter', `<p class="error">${esc(messageOf(result))}</p>`);
    active.push(...result.data.items);
    if (offset + 200 >= result.data.total) break;
  }
  const about = [
    filter.goalArea ? `målområde ${filter.goalArea}` : null,
    await partyName(filter.party),
    filter.phase ? PHASES[filter.phase] : null,
    filter.status ? REPORT_STATUS_SV[filter.status].text : null,
    filter.overdue ? 'Försenade' : null,
  ]
    .filter(Boolean)
    .join(', ');
  show(
    about ? `Aktiviteter: ${about}` : 'Aktiviteter',
    `<p>${count(active.length, 'aktivitet', 'aktiviteter')} som följs upp.</p>
    ${active.length ? `<ul>${active.map((a) => `<li><a href="${esc(href(`aktivitet/${encodeURIComponent(a.key)}`))}">${esc(a.title)}</a> (${esc(PHASES[a.phase])})</li>`).join('')}</ul>` : '<p>Inga aktiviteter i det här urvalet.</p>'}
    <p><a href="${esc(href('oversikt'))}">Tillbaka till Översikt</a></p>`,
  );
}
