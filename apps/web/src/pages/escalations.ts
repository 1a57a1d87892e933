import { api, messageOf, QueryOf } from '../api';
import { GOVERNANCE_BODIES } from '@app/domain/lifecycle/follow-up-settings';
import { PHASE_KINDS } from '@app/domain/phase-kind';
import { announce, BODIES, calendarDate, dateTime, esc, PHASES, show } from '../ui';
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
  const result = await api.GET('/api/escalations', { params: { query: { ...filter, limit: 200 } } });
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
  const items = data.items
    .map(
      (e) => `<li><h2><a href="${esc(href(`aktivitet/${encodeURIComponent(e.activity.key)}`))}">${esc(e.activity.title)}</a></h2>
      <p>Nivå ${e.level}: ${esc(BODIES[e.body])} · ${e.cause === 'off_track' ? 'Rapport: avviker från plan' : 'Uppföljning uteblev'} · ${dateTime(e.firedAt)}</p>
      ${e.councilMeeting ? `<p>Ärende till Trygghetsrådets möte ${calendarDate(e.councilMeeting)}.</p>` : ''}
      <p><strong>${e.resolvedAt ? `Åtgärdad ${dateTime(e.resolvedAt)} genom ny rapport.` : e.acknowledgedAt ? 'Öppen, kvitterad.' : 'Öppen, inte kvitterad.'}</strong></p>
      ${e.acknowledgedAt ? `<p>Kvitterad ${dateTime(e.acknowledgedAt)}: ${esc(e.acknowledgement)}</p>` : canAct && !e.resolvedAt ? `<form class="ack" data-id="${esc(e.id)}" novalidate>
        <label for="c-${esc(e.id)}">Kommentar (vad gör ledningen?)</label><textarea id="c-${esc(e.id)}" rows="2" required></textarea>
        <p class="error" role="alert"></p><button type="submit">Kvittera</button></form>` : ''}</li>`,
    )
    .join('');
  show(
    'Eskaleringar',
    `<nav aria-label="Visa eskaleringar"><ul class="choices">${states}</ul></nav>
    <p>${count(data.total, STATE_WORDS[state][1], STATE_WORDS[state][2])}${about.length ? ` ${about.join(' ')}` : ''}.${data.total > data.items.length ? ` Visar de första ${data.items.length}.` : ''}</p>
    ${about.length ? `<p><a href="${listHref('eskaleringar', {}, { state })}">Visa alla ${STATE_WORDS[state][2]}</a></p>` : ''}
    <p class="hint">En eskalering är öppen tills en ny rapport åtgärdar den, också när ledningen har kvitterat den.</p>
    ${data.items.length ? `<ul>${items}</ul>` : '<p>Inga eskaleringar.</p>'}`,
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
        out.textContent = messageOf(done);
        return;
      }
      announce('Eskaleringen är kvitterad.');
      await escalations(query);
    });
  }
}
