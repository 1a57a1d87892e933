import { api, messageOf, QueryOf, session } from '../api';
import type { components } from '../api/schema';
import { GOVERNANCE_BODIES } from '@app/domain/lifecycle/follow-up-settings';
import { PHASE_KINDS } from '@app/domain/phase-kind';
import { REPORT_STATUS_SV } from '@app/domain/swedish';
import type { ReportState } from '@app/domain/swedish';
import { BODIES, calendarDate, cell, dateTime, deadlineDate, esc, PHASES, show, statusBadge, announce } from '../ui';
import { navigate } from '../router';
import { refreshUnread, unreadText } from '../menu';
import { providerLinks, signInAgreement } from './oidc';
import { agreementName, defaultMembership, hasRole, href, landingPage } from '../agreement';

const STATUS_WORDS = { on_track: 'enligt plan', at_risk: 'med risk för avvikelse', off_track: 'som avviker från plan', none: 'utan rapport' } as const;
// From the domain's Swedish words (importing the lifecycle module itself would bundle its holiday calendar).
const REPORT_STATES = Object.keys(REPORT_STATUS_SV) as ReportState[];
const ESCALATION_STATES = ['open', 'acknowledged', 'resolved', 'all'] as const;

/** The value of `text` if it is one of `values`, for typed query parameters read from the address. */
const oneOf = <T extends string>(values: readonly T[], text: string | null): T | undefined => values.find((v) => v === text);
const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Where to go after signing in: the address asked for before (`till`, an in-app address such as a
 * link from an e-mail), else the first page of the remembered or only agreement, else the choice.
 */
export function afterSignIn(till: string | null): string {
  if (till && /^\/[^/]/.test(till) && !till.startsWith('/logga-in')) return `#${till}`;
  const person = session.user;
  const chosen = person && defaultMembership(person);
  return chosen ? href(landingPage(chosen), chosen.agreement) : '#/';
}

export async function signIn(till: string | null = null): Promise<void> {
  show(
    'Logga in',
    `<form id="login" novalidate>
      <label for="email">E-postadress</label>
      <input id="email" name="email" type="email" autocomplete="username" required>
      <label for="password">Lösenord</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required>
      <p id="login-error" class="error" role="alert"></p>
      <button type="submit">Logga in</button>
    </form>
    <p><a href="#/glomt-losenord">Glömt lösenordet?</a></p>
    <div id="oidc-providers"></div>`,
  );
  void providerLinks(document.getElementById('oidc-providers')!, signInAgreement(new URLSearchParams(location.hash.split('?')[1] ?? '')));
  document.getElementById('login')!.addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const email = (form.elements.namedItem('email') as HTMLInputElement).value.trim();
    const password = (form.elements.namedItem('password') as HTMLInputElement).value;
    const result = await api.POST('/api/auth/login', { body: { email, password } });
    if (!result.data) {
      document.getElementById('login-error')!.textContent = result.response.status === 401 ? 'Fel e-postadress eller lösenord.' : messageOf(result);
      return;
    }
    session.start(result.data);
    navigate(afterSignIn(till));
  });
}

export async function mine(): Promise<void> {
  const result = await api.GET('/api/me/activities');
  const data = result.data;
  if (!data) return show('Mina aktiviteter', `<p class="error">${esc(messageOf(result))}</p>`);
  const rows = data
    .map(
      (a) => `<tr><th scope="row"><a href="${esc(href(`aktivitet/${encodeURIComponent(a.key)}`))}">${esc(a.title)}</a></th>${cell('Fas', esc(PHASES[a.phase]))}
      ${cell('Nästa uppföljning', `${a.overdue ? '<strong>Försenad</strong> · ' : ''}${deadlineDate(a.nextDeadline)}`)}${cell('Senaste status', statusBadge(a.latestStatus))}</tr>`,
    )
    .join('');
  show(
    'Mina aktiviteter',
    data.length
      ? `<table><caption>Aktiviteter du ansvarar för, försenade först</caption><thead><tr><th scope="col">Aktivitet</th><th scope="col">Fas</th><th scope="col">Nästa uppföljning</th><th scope="col">Senaste status</th></tr></thead><tbody>${rows}</tbody></table>`
      : '<p>Du ansvarar inte för någon aktivitet.</p>',
  );
}

type Row = components['schemas']['OverviewRowDto'];

/** The address of a list behind an Översikt number: the row's filter plus what the column adds. */
const listHref = (page: 'aktiviteter' | 'eskaleringar', filter: Record<string, string>, extra: Record<string, string> = {}) => {
  const q = new URLSearchParams({ ...filter, ...extra }).toString();
  return href(`${page}${q ? `?${q}` : ''}`);
};

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

/** The party's name for a key, for saying what a list holds. */
async function partyName(key: string | undefined): Promise<string | undefined> {
  if (!key) return undefined;
  const { data } = await api.GET('/api/parties', { params: { query: {} } });
  return data?.find((p) => p.key === key)?.name ?? key;
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

/**
 * The activity a notification is about: the app address in its link (`…/#/vasteras-2023-2027/aktivitet/mbu`,
 * or `…/#/aktivitet/mbu` from before links named the agreement), if any.
 */
function activityHref(link: string): string | null {
  const hash = link.slice(link.indexOf('#'));
  return link.includes('#') && /^#\/(?:[a-z0-9-]+\/)?aktivitet\/[^/?#]+$/.test(hash) ? hash : null;
}

export async function notifications(): Promise<void> {
  const result = await api.GET('/api/notifications', { params: { query: { limit: 200 } } });
  const data = result.data;
  if (!data) return show('Notiser', `<p class="error">${esc(messageOf(result))}</p>`);
  const items = data.items
    .map((n) => {
      const href = activityHref(n.link);
      const subject = href ? `<a href="${esc(href)}" class="open-notice" data-id="${esc(n.id)}">${esc(n.subject)}</a>` : esc(n.subject);
      return `<li class="${n.readAt ? '' : 'unread'}">${n.readAt ? '' : '<span class="tag">Oläst</span> '}${subject} <span class="hint">${dateTime(n.createdAt)}</span>
      ${n.readAt ? '' : `<button type="button" class="secondary read-one" data-id="${esc(n.id)}" aria-label="Markera som läst: ${esc(n.subject)}">Markera som läst</button>`}</li>`;
    })
    .join('');
  show(
    'Notiser',
    `<p>${unreadText(data.unread)}</p>${data.unread ? '<button type="button" id="read-all" class="secondary">Markera alla som lästa</button>' : ''}
    ${data.items.length ? `<ul class="notices">${items}</ul>` : '<p>Inga notiser.</p>'}`,
  );
  const markRead = async (id: string) => {
    const done = await api.POST('/api/notifications/{id}/read', { params: { path: { id } } });
    if (!done.data) announce(messageOf(done));
    return !!done.data;
  };
  document.getElementById('read-all')?.addEventListener('click', async () => {
    await api.POST('/api/notifications/read-all');
    announce('Alla notiser är markerade som lästa.');
    await Promise.all([notifications(), refreshUnread()]);
  });
  for (const button of Array.from(document.querySelectorAll<HTMLButtonElement>('button.read-one'))) {
    button.addEventListener('click', async () => {
      if (!(await markRead(button.dataset.id!))) return;
      announce('Notisen är markerad som läst.');
      await Promise.all([notifications(), refreshUnread()]);
    });
  }
  // Opening the activity a notification is about marks the notification read.
  for (const link of Array.from(document.querySelectorAll<HTMLAnchorElement>('a.open-notice'))) {
    link.addEventListener('click', async (event) => {
      if (!link.closest('li.unread')) return;
      event.preventDefault();
      await markRead(link.dataset.id!);
      navigate(link.getAttribute('href')!);
    });
  }
}

/** Someone with several memberships came by an address that names no agreement (and none is remembered): which one? */
export async function chooseAgreement(rest: string, queryString: string): Promise<void> {
  const memberships = session.user?.memberships ?? [];
  const links = memberships
    .map((m) => `<li><a href="${esc(href((rest || landingPage(m)) + (queryString ? `?${queryString}` : ''), m.agreement))}">${esc(agreementName(m))}</a></li>`)
    .join('');
  show(
    'Välj överenskommelse',
    `<p>Du är med i ${memberships.length} samverkansöverenskommelser.${rest ? ' Länken du följde säger inte vilken den gäller.' : ''} Välj den du vill arbeta i:</p>
    <ul class="agreements">${links}</ul>
    <p class="hint">Du kan byta överenskommelse när som helst i sidhuvudet. Den du valde senast öppnas nästa gång du loggar in.</p>`,
  );
}

/** A signed-in person who is a member of no agreement (a platform operator, or someone not yet given a membership). */
export async function noMembership(): Promise<void> {
  show(
    'Inget medlemskap',
    `<p>Du är inte medlem i någon samverkansöverenskommelse ännu, så det finns inget att visa här.</p>
    <p>Be en administratör i din kommun att lägga till dig i kommunens överenskommelse, med din organisation och dina roller.</p>`,
  );
}

/** An address naming an agreement the person is not a member of (or that does not exist: the two look the same). */
export async function notMember(key: string): Promise<void> {
  const memberships = session.user?.memberships ?? [];
  show(
    'Överenskommelsen finns inte för dig',
    `<p>Adressen gäller överenskommelsen ”${esc(key)}”. Den finns inte, eller så är du inte medlem i den.</p>
    <p>Dina överenskommelser:</p>
    <ul class="agreements">${memberships.map((m) => `<li><a href="${esc(href(landingPage(m), m.agreement))}">${esc(agreementName(m))}</a></li>`).join('')}</ul>`,
  );
}
