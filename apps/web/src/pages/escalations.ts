import { api, messageOf, QueryOf } from '../api';
import type { components } from '../api/schema';
import { GOVERNANCE_BODIES } from '@app/domain/lifecycle/follow-up-settings';
import { PHASE_KINDS } from '@app/domain/phase-kind';
import { announce, BODIES, calendarDate, dateTime, deadlineDate, esc, PHASES, show } from '../ui';
import { hasRole, href } from '../agreement';
import { count, listHref, oneOf, partyName } from './list-helpers';

const ESCALATION_STATES = ['open', 'acknowledged', 'resolved', 'all'] as const;

/** Per state: the choice's name, then one and many of it. */
const STATE_WORDS: Record<(typeof ESCALATION_STATES)[number], [string, string, string]> = {
  open: ['Öppna', 'öppen eskalering', 'öppna eskaleringar'],
  acknowledged: ['Kvitterade', 'öppen och kvitterad eskalering', 'öppna och kvitterade eskaleringar'],
  resolved: ['Åtgärdade', 'åtgärdad eskalering', 'åtgärdade eskaleringar'],
  all: ['Alla', 'eskalering', 'eskaleringar'],
};

export async function escalations(query: URLSearchParams): Promise<void> {
  const level = query.get('level');
  const filter: QueryOf<'/api/escalations'> = {
    state: oneOf(ESCALATION_STATES, query.get('state')) ?? 'open',
    level: level && /^[1-3]$/.test(level) ? Number(level) : undefined,
    body: oneOf(GOVERNANCE_BODIES, query.get('body')),
    goalArea: query.get('goalArea') ?? undefined,
    party: query.get('party') ?? undefined,
    phase: oneOf(PHASE_KINDS, query.get('phase')),
    activity: query.get('activity') ?? undefined,
  };
  const result = await api.GET('/api/escalations/by-deadline', { params: { query: { ...filter, limit: 200 } } });
  const data = result.data;
  if (!data) return show('Eskaleringar', `<p class="error">${esc(messageOf(result))}</p>`);
  const state = filter.state ?? 'open';
  const canAct = hasRole('operational', 'strategic');
  const about = [
    filter.level ? `på nivå ${filter.level} (${BODIES[GOVERNANCE_BODIES[filter.level - 1]]})` : null,
    filter.body ? `till ${BODIES[filter.body]}` : null,
    filter.goalArea ? `i målområde ${filter.goalArea}` : null,
    filter.party ? `för ${await partyName(filter.party)}` : null,
    filter.phase ? `i fasen ${PHASES[filter.phase].toLowerCase()}` : null,
    filter.activity ? `för aktiviteten ${filter.activity}` : null,
  ].filter(Boolean);
  const scope = Object.fromEntries(['level', 'body', 'goalArea', 'party', 'phase', 'activity'].flatMap((k) => (query.get(k) ? [[k, query.get(k)!]] : [])));
  const states = ESCALATION_STATES.map(
    (s) => `<li><a href="${listHref('eskaleringar', scope, { state: s })}"${s === state ? ' aria-current="page"' : ''}>${STATE_WORDS[s][0]}</a></li>`,
  ).join('');
  const items = data.items.map((g, i) => groupItem(g, i, canAct)).join('');
  show(
    'Eskaleringar',
    `<nav aria-label="Visa eskaleringar"><ul class="choices">${states}</ul></nav>
    <p>${count(data.total, STATE_WORDS[state][1], STATE_WORDS[state][2])}${about.length ? ` ${about.join(' ')}` : ''}.${data.total > data.items.length ? ` Visar de första ${data.items.length}.` : ''}</p>
    ${about.length ? `<p><a href="${listHref('eskaleringar', {}, { state })}">Visa alla ${STATE_WORDS[state][2]}</a></p>` : ''}
    <p class="hint">En uppföljning som uteblev (eller en rapport som avviker) är en post här, med alla nivåer den har nått. Den är öppen tills en ny rapport åtgärdar den, också när ledningen har kvitterat den.</p>
    ${data.items.length ? `<ul class="escalations">${items}</ul>` : '<p>Inga eskaleringar.</p>'}`,
  );
  for (const form of Array.from(document.querySelectorAll<HTMLFormElement>('form.ack'))) {
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const id = form.dataset.id!;
      const comment = form.querySelector('textarea')!.value.trim();
      const out = form.querySelector('.error')!;
      if (comment.length < 3) {
        out.textContent = 'Skriv en kommentar (minst 3 tecken): vad gör ledningen?';
        return;
      }
      const done = await api.POST('/api/escalations/{id}/acknowledge', { params: { path: { id } }, body: { comment } });
      if (!done.data) {
        out.textContent = done.response.status === 409 ? await whyNot(form.dataset.activity!, form.dataset.group!) : messageOf(done);
        return;
      }
      announce('Eskaleringen är kvitterad.');
      await escalations(query);
    });
  }
}

type Group = components['schemas']['EscalationGroupDto'];

/** How long since `iso`, in days (or "i dag"). */
function age(iso: string, until: string | null): string {
  const days = Math.floor(((until ? Date.parse(until) : Date.now()) - Date.parse(iso)) / 86_400_000);
  return days <= 0 ? 'mindre än en dag' : days === 1 ? '1 dag' : `${days} dagar`;
}

const ackLine = (l: { acknowledgedAt?: string | null; acknowledgedBy?: { name?: string | null } | null; acknowledgement?: string | null }) =>
  l.acknowledgedAt ? `kvitterad ${dateTime(l.acknowledgedAt)}${l.acknowledgedBy?.name ? ` av ${esc(l.acknowledgedBy.name)}` : ''}: ”${esc(l.acknowledgement)}”` : 'inte kvitterad';

/** One deadline's escalation: its current level, age, its levels in order, who acknowledged and what they said. */
function groupItem(g: Group, i: number, canAct: boolean): string {
  const current = g.levels[g.levels.length - 1];
  const history = g.levels
    .map((l) => `<li>Nivå ${l.level}, ${esc(BODIES[l.body])}: eskalerad ${dateTime(l.firedAt)} · ${ackLine(l)}${l.resolvedAt ? ` · åtgärdad ${dateTime(l.resolvedAt)}` : ''}</li>`)
    .join('');
  const canAck = canAct && g.open && !current.resolvedAt && !current.acknowledgedAt;
  return `<li class="escalation"><h2><a href="${esc(href(`aktivitet/${encodeURIComponent(g.activity.key)}`))}">${esc(g.activity.title)}</a></h2>
    <p><strong>Nivå ${g.level}: ${esc(BODIES[g.body])}</strong> · ${g.cause === 'off_track' ? `Rapport: avviker från plan (${dateTime(g.dueAt)})` : `Uppföljning senast ${deadlineDate(g.dueAt)} uteblev`}</p>
    <p><strong>${g.open ? (g.acknowledgedAt ? 'Öppen, kvitterad.' : 'Öppen, inte kvitterad.') : `Åtgärdad ${dateTime(g.resolvedAt)} genom ny rapport.`}</strong>
    ${g.open ? `Öppen i ${age(g.openedAt, null)}, sedan ${dateTime(g.openedAt)}.` : `Var öppen i ${age(g.openedAt, g.resolvedAt ?? null)}.`}</p>
    ${g.acknowledgedAt ? `<p>Kvitterad ${dateTime(g.acknowledgedAt)}${g.acknowledgedBy?.name ? ` av ${esc(g.acknowledgedBy.name)}` : ''}: ${esc(g.acknowledgement)}</p>` : ''}
    ${g.councilMeeting ? `<p>Ärende till Trygghetsrådets möte ${calendarDate(g.councilMeeting)}.</p>` : ''}
    <h3 id="h-${i}">Nivåer</h3><ol aria-labelledby="h-${i}" class="levels">${history}</ol>
    ${canAck ? `<form class="ack" data-id="${esc(current.id)}" data-activity="${esc(g.activity.key)}" data-group="${esc(g.key)}" novalidate aria-label="Kvittera ${esc(g.activity.title)}, nivå ${current.level}">
      <label for="c-${esc(current.id)}">Kommentar (vad gör ledningen?)</label><textarea id="c-${esc(current.id)}" rows="2" required></textarea>
      <p class="error" role="alert"></p><button type="submit">Kvittera nivå ${current.level}</button></form>` : ''}</li>`;
}

/** Why an acknowledgement was refused as a conflict: a report resolved it meanwhile, or someone acknowledged it first. */
async function whyNot(activity: string, key: string): Promise<string> {
  const { data } = await api.GET('/api/escalations/by-deadline', { params: { query: { activity, state: 'all', limit: 200 } } });
  const g = data?.items.find((x) => x.key === key);
  const current = g?.levels[g.levels.length - 1];
  if (current?.resolvedAt) return `Eskaleringen är redan åtgärdad: en ny rapport kom in ${dateTime(current.resolvedAt)}. Den behöver ingen kvittens. Ladda om sidan för att se läget.`;
  if (current?.acknowledgedAt) return `Eskaleringen är redan kvitterad ${dateTime(current.acknowledgedAt)}${current.acknowledgedBy?.name ? ` av ${current.acknowledgedBy.name}` : ''}: ”${current.acknowledgement}”.`;
  return 'Eskaleringen har ändrats sedan sidan visades. Ladda om sidan och försök igen.';
}
