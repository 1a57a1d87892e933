/**
 * The agreement run by its administrators (`#/<agreement>/overenskommelse`): its texts and period,
 * its parties (add, rename, retire), goal areas (add, edit, remove when empty), areas (stadsdelar)
 * and Trygghetsrådet's meetings (add, move, cancel). The API's Swedish message for a refusal is
 * shown beside the form that asked.
 */
import { api, messageOf } from '../api';
import type { components } from '../api/schema';
import { currentAgreement, hasRole } from '../agreement';
import { announce, calendarDate, cell, day, esc, show } from '../ui';

type Admin = components['schemas']['AgreementAdminDto'];
type Answer = { data?: unknown; error?: unknown; response: Response };

const value = (form: HTMLFormElement, name: string) => (form.querySelector(`[name="${name}"]`) as HTMLInputElement | HTMLTextAreaElement).value.trim();
/** Optional text: empty clears it. */
const orNull = (text: string) => (text === '' ? null : text);

const field = (id: string, name: string, label: string, current: string | null | undefined, extra = '') =>
  `<label for="${id}">${label}</label><input id="${id}" name="${name}" value="${esc(current ?? '')}" autocomplete="off"${extra}>`;
const area = (id: string, name: string, label: string, current: string | null | undefined, rows = 3) =>
  `<label for="${id}">${label}</label><textarea id="${id}" name="${name}" rows="${rows}">${esc(current ?? '')}</textarea>`;
const problem = '<p class="error" role="alert"></p>';

function textsForm(a: Admin): string {
  return `<form id="texter" novalidate>
    ${field('agreement-title', 'title', 'Titel', a.title)}
    ${field('agreement-municipality', 'municipality', 'Kommun', a.municipality)}
    ${area('agreement-purpose', 'purpose', 'Syfte', a.purpose)}
    ${area('agreement-goal', 'longTermGoal', 'Långsiktigt mål', a.longTermGoal)}
    ${area('agreement-perspectives', 'timePerspectives', 'Tidsperspektiv (frivilligt)', a.timePerspectives, 2)}
    ${area('agreement-focus', 'geographicFocus', 'Geografiskt fokus (frivilligt)', a.geographicFocus, 2)}
    ${field('agreement-from', 'validFrom', 'Gäller från', a.validFrom, ' type="date" required')}
    ${field('agreement-to', 'validTo', 'Gäller till och med', a.validTo, ' type="date" required aria-describedby="period-hint"')}
    <p id="period-hint" class="hint">Alla aktiviteters faser och delmål, och Trygghetsrådets planerade möten, måste rymmas inom perioden.</p>
    ${problem}<button type="submit">Spara texter och period</button>
  </form>`;
}

function partiesSection(a: Admin): string {
  const rows = a.parties
    .map(
      (p) => `<tr data-party="${esc(p.key)}"><th scope="row">${esc(p.name)}</th>${cell('Nyckel', `<code>${esc(p.key)}</code>`)}${cell('Med sedan', esc(p.joined ?? '–'))}
        ${cell('Leder aktiviteter', String(p.leadsActivities))}${cell('Status', p.retiredAt ? `Avslutad ${esc(day(p.retiredAt))}` : 'Aktiv')}</tr>`,
    )
    .join('');
  const forms = a.parties
    .map(
      (p) => `<section class="item" data-party="${esc(p.key)}" aria-labelledby="part-${p.id}"><h4 id="part-${p.id}">${esc(p.name)}${p.retiredAt ? ' (avslutad)' : ''}</h4>
      <form class="party-rename" data-id="${p.id}" novalidate>${field(`party-name-${p.id}`, 'name', 'Namn', p.name)}${field(`party-joined-${p.id}`, 'joined', 'Med sedan (ÅÅÅÅ-MM, frivilligt)', p.joined)}
        ${problem}<button type="submit">Spara parten</button></form>
      ${
        p.retiredAt
          ? ''
          : `<form class="party-retire" data-id="${p.id}" novalidate><p class="hint">En avslutad part finns kvar i historiken men kan inte leda nya aktiviteter eller få nya personer.</p>
        ${problem}<button type="submit" class="secondary">Avsluta parten</button></form>`
      }</section>`,
    )
    .join('');
  return `<h2 id="parter">Parter</h2>
  <table><caption>Överenskommelsens parter</caption><thead><tr><th scope="col">Namn</th><th scope="col">Nyckel</th><th scope="col">Med sedan</th><th scope="col">Leder aktiviteter</th><th scope="col">Status</th></tr></thead><tbody>${rows}</tbody></table>
  <form id="ny-part" novalidate><h3>Lägg till en part</h3>
    ${field('new-party-name', 'name', 'Namn', '')}
    ${field('new-party-key', 'key', 'Nyckel', '', ' aria-describedby="party-key-hint" spellcheck="false"')}
    <p id="party-key-hint" class="hint">Kort och unik: små bokstäver a–z, siffror och bindestreck, till exempel <code>fastighet</code>. Den kan inte ändras senare.</p>
    ${field('new-party-joined', 'joined', 'Med sedan (ÅÅÅÅ-MM, frivilligt)', '')}
    ${problem}<button type="submit">Lägg till parten</button>
  </form>
  <h3>Ändra eller avsluta en part</h3>${forms}`;
}

function goalAreasSection(a: Admin): string {
  const items = a.goalAreas
    .map(
      (g) => `<section class="item" data-goal-area="${esc(g.code)}" aria-labelledby="mal-${g.id}"><h4 id="mal-${g.id}">${esc(g.code)} ${esc(g.title)} (${g.activityCount} ${g.activityCount === 1 ? 'aktivitet' : 'aktiviteter'})</h4>
      <form class="goal-area-edit" data-id="${g.id}" novalidate>${field(`goal-code-${g.id}`, 'code', 'Bokstav', g.code, ' maxlength="1"')}${field(`goal-title-${g.id}`, 'title', 'Rubrik', g.title)}
        ${area(`goal-subtitle-${g.id}`, 'subtitle', 'Beskrivning (frivilligt)', g.subtitle, 2)}${problem}<button type="submit">Spara målområdet</button></form>
      <form class="goal-area-remove" data-id="${g.id}" novalidate>${g.activityCount ? '<p class="hint">Målområdet kan tas bort först när inga aktiviteter hör till det.</p>' : ''}${problem}<button type="submit" class="secondary">Ta bort målområdet</button></form>
    </section>`,
    )
    .join('');
  return `<h2 id="malomraden">Målområden</h2>
  <form id="nytt-malomrade" novalidate><h3>Lägg till ett målområde</h3>
    ${field('new-goal-code', 'code', 'Bokstav (A–Z)', '', ' maxlength="1"')}${field('new-goal-title', 'title', 'Rubrik', '')}${area('new-goal-subtitle', 'subtitle', 'Beskrivning (frivilligt)', '', 2)}
    ${problem}<button type="submit">Lägg till målområdet</button>
  </form>${items}`;
}

function areasSection(a: Admin): string {
  const items = a.areas
    .map(
      (x) => `<section class="item" data-area="${esc(x.name)}" aria-labelledby="stadsdel-${x.id}"><h4 id="stadsdel-${x.id}">${esc(x.name)}</h4>
      <form class="area-edit" data-id="${x.id}" novalidate>${field(`area-name-${x.id}`, 'name', 'Namn', x.name)}${field(`area-note-${x.id}`, 'note', 'Anteckning (frivilligt)', x.note)}${problem}<button type="submit">Spara stadsdelen</button></form>
      <form class="area-remove" data-id="${x.id}" novalidate>${problem}<button type="submit" class="secondary">Ta bort stadsdelen</button></form>
    </section>`,
    )
    .join('');
  return `<h2 id="stadsdelar">Stadsdelar</h2>
  <form id="ny-stadsdel" novalidate><h3>Lägg till en stadsdel</h3>
    ${field('new-area-name', 'name', 'Namn', '')}${field('new-area-note', 'note', 'Anteckning (frivilligt)', '')}${problem}<button type="submit">Lägg till stadsdelen</button>
  </form>${items}`;
}

function meetingsSection(a: Admin): string {
  const rows = a.councilMeetings
    .map((m) => {
      const state = m.cancelledAt ? `Inställt ${esc(day(m.cancelledAt))}: ${esc(m.cancelReason)}` : 'Planerat';
      const actions = m.cancelledAt
        ? '–'
        : `<form class="meeting-move" data-id="${m.id}" novalidate><label for="move-${m.id}">Nytt datum</label><input id="move-${m.id}" name="date" type="date" value="${esc(m.date)}">${problem}<button type="submit">Flytta mötet</button></form>
           <form class="meeting-cancel" data-id="${m.id}" novalidate><label for="cancel-${m.id}">Skäl till att mötet ställs in</label><input id="cancel-${m.id}" name="reason" autocomplete="off">${problem}<button type="submit" class="secondary">Ställ in mötet</button></form>`;
      return `<tr data-meeting="${esc(m.date)}"${m.cancelledAt ? ' data-cancelled="true"' : ''}><th scope="row">${esc(calendarDate(m.date))}</th>${cell('Status', state)}${cell('Ändra', actions)}</tr>`;
    })
    .join('');
  return `<h2 id="moten">Trygghetsrådets möten</h2>
  <p class="hint">Det som har eskalerats till Trygghetsrådet tas upp på nästa planerade möte. Ställs ett möte in flyttas dess punkter till mötet efter.</p>
  <form id="nytt-mote" novalidate><h3>Lägg till ett möte</h3>
    ${field('new-meeting-date', 'date', 'Datum', '', ' type="date" required')}${problem}<button type="submit">Lägg till mötet</button>
  </form>
  <table><caption>Möten, även inställda</caption><thead><tr><th scope="col">Datum</th><th scope="col">Status</th><th scope="col">Ändra</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** `#/<agreement>/overenskommelse` */
export async function agreementAdmin(): Promise<void> {
  const title = 'Överenskommelsen';
  if (!hasRole('admin')) return show(title, '<p>Bara överenskommelsens administratörer kan ändra dess texter, parter, målområden, stadsdelar och möten.</p>');
  const key = currentAgreement()!;
  const path = { params: { path: { key } } };
  const result = await api.GET('/api/agreements/{key}/administration', path);
  if (!result.data) return show(title, `<p class="error" role="alert">${esc(messageOf(result))}</p>`);
  const a = result.data;
  show(
    title,
    `<p>Här ändrar du överenskommelsen för ${esc(a.municipality)}. Alla ändringar sparas i loggen.</p>
    <nav aria-label="Delar av sidan"><ul><li><a href="#texter-rubrik" data-jump>Texter och period</a></li><li><a href="#parter" data-jump>Parter</a></li><li><a href="#malomraden" data-jump>Målområden</a></li><li><a href="#stadsdelar" data-jump>Stadsdelar</a></li><li><a href="#moten" data-jump>Trygghetsrådets möten</a></li></ul></nav>
    <h2 id="texter-rubrik">Texter och period</h2>${textsForm(a)}
    ${partiesSection(a)}${goalAreasSection(a)}${areasSection(a)}${meetingsSection(a)}`,
  );
  // In-page links move focus without changing the app's address.
  document.querySelectorAll<HTMLAnchorElement>('a[data-jump]').forEach((link) =>
    link.addEventListener('click', (event) => {
      event.preventDefault();
      const target = document.getElementById(link.getAttribute('href')!.slice(1));
      target?.setAttribute('tabindex', '-1');
      target?.focus();
    }),
  );

  /** `handler` answers a problem found before sending (a string) or the API's answer; `done` what to announce. */
  const on = (selector: string, handler: (form: HTMLFormElement, id: string) => Promise<string | Answer>, done: string | ((form: HTMLFormElement) => string)) => {
    document.querySelectorAll<HTMLFormElement>(selector).forEach((form) =>
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        const error = form.querySelector<HTMLElement>('.error')!;
        error.textContent = '';
        const answer = await handler(form, form.dataset.id ?? '');
        if (typeof answer === 'string' || answer.error || !answer.response.ok) {
          error.textContent = typeof answer === 'string' ? answer : messageOf(answer);
          return;
        }
        const said = typeof done === 'string' ? done : done(form);
        await agreementAdmin();
        announce(said);
      }),
    );
  };
  const item = (id: string) => ({ params: { path: { key, id } } });

  on(
    '#texter',
    (f) => {
      const validFrom = value(f, 'validFrom');
      const validTo = value(f, 'validTo');
      if (!validFrom || !validTo) return Promise.resolve('Ange periodens första och sista dag.');
      return api.PATCH('/api/agreements/{key}', {
        ...path,
        body: {
          title: value(f, 'title'),
          municipality: value(f, 'municipality'),
          purpose: value(f, 'purpose'),
          longTermGoal: value(f, 'longTermGoal'),
          timePerspectives: orNull(value(f, 'timePerspectives')),
          geographicFocus: orNull(value(f, 'geographicFocus')),
          validFrom,
          validTo,
        },
      });
    },
    'Överenskommelsens texter och period är sparade.',
  );

  on(
    '#ny-part',
    async (f) => {
      const name = value(f, 'name');
      const partyKey = value(f, 'key');
      if (name.length < 2) return 'Skriv partens namn.';
      if (!partyKey) return 'Skriv en nyckel, till exempel fastighet.';
      return api.POST('/api/agreements/{key}/parties', { ...path, body: { key: partyKey, name, joined: orNull(value(f, 'joined')) } });
    },
    (f) => `Parten ${value(f, 'name')} är tillagd.`,
  );
  on('form.party-rename', (f, id) => api.PATCH('/api/agreements/{key}/parties/{id}', { ...item(id), body: { name: value(f, 'name'), joined: orNull(value(f, 'joined')) } }), 'Parten är sparad.');
  on('form.party-retire', (_f, id) => api.POST('/api/agreements/{key}/parties/{id}/retire', { ...item(id), body: {} }), 'Parten är avslutad.');

  on(
    '#nytt-malomrade',
    async (f) => {
      const code = value(f, 'code').toUpperCase();
      if (!/^[A-Z]$/.test(code)) return 'Ange en bokstav A–Z.';
      return api.POST('/api/agreements/{key}/goal-areas', { ...path, body: { code, title: value(f, 'title'), subtitle: orNull(value(f, 'subtitle')) } });
    },
    (f) => `Målområde ${value(f, 'code').toUpperCase()} är tillagt.`,
  );
  on(
    'form.goal-area-edit',
    (f, id) => api.PATCH('/api/agreements/{key}/goal-areas/{id}', { ...item(id), body: { code: value(f, 'code').toUpperCase(), title: value(f, 'title'), subtitle: orNull(value(f, 'subtitle')) } }),
    'Målområdet är sparat.',
  );
  on('form.goal-area-remove', (_f, id) => api.DELETE('/api/agreements/{key}/goal-areas/{id}', item(id)), 'Målområdet är borttaget.');

  on('#ny-stadsdel', (f) => api.POST('/api/agreements/{key}/areas', { ...path, body: { name: value(f, 'name'), note: orNull(value(f, 'note')) } }), (f) => `Stadsdelen ${value(f, 'name')} är tillagd.`);
  on('form.area-edit', (f, id) => api.PATCH('/api/agreements/{key}/areas/{id}', { ...item(id), body: { name: value(f, 'name'), note: orNull(value(f, 'note')) } }), 'Stadsdelen är sparad.');
  on('form.area-remove', (_f, id) => api.DELETE('/api/agreements/{key}/areas/{id}', item(id)), 'Stadsdelen är borttagen.');

  on(
    '#nytt-mote',
    async (f) => {
      const date = value(f, 'date');
      if (!date) return 'Ange mötets datum.';
      return api.POST('/api/agreements/{key}/council-meetings', { ...path, body: { date } });
    },
    (f) => `Mötet ${calendarDate(value(f, 'date'))} är tillagt.`,
  );
  on(
    'form.meeting-move',
    async (f, id) => {
      const date = value(f, 'date');
      if (!date) return 'Ange det nya datumet.';
      return api.PATCH('/api/agreements/{key}/council-meetings/{id}', { ...item(id), body: { date } });
    },
    (f) => `Mötet är flyttat till ${calendarDate(value(f, 'date'))}.`,
  );
  on(
    'form.meeting-cancel',
    async (f, id) => {
      const reason = value(f, 'reason');
      if (reason.length < 3) return 'Skriv varför mötet ställs in.';
      return api.POST('/api/agreements/{key}/council-meetings/{id}/cancel', { ...item(id), body: { reason } });
    },
    'Mötet är inställt. Dess punkter tas upp på nästa planerade möte.',
  );
}
