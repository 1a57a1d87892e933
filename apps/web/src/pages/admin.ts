import { api, messageOf, session } from '../api';
import type { components } from '../api/schema';
import { isCadence } from '@app/domain/lifecycle/cadence';
import { PHASE_KINDS } from '@app/domain/phase-kind';
import type { PhaseKind } from '@app/domain/phase-kind';
import { calendarDate, cadence, day, esc, PHASES, show, announce } from '../ui';
import { navigate } from '../router';
import { actor, hasRole, href } from '../agreement';
import { denial } from '@app/domain/access/access-policy';

const isAdmin = () => hasRole('admin');

/** May the signed-in person steer this activity (pause, plan, owner, goal areas) in the current agreement? */
export function canSteer(a: { agreement: string; leadParty: { key: string }; owner?: { id: string } | null }): boolean {
  const me = actor(session.user);
  return !!me && denial(me, 'steer', { agreementId: a.agreement, ownerId: a.owner?.id ?? null, leadPartyId: a.leadParty.key }) === null;
}

const errorOf = (form: HTMLFormElement) => form.querySelector<HTMLElement>('.error')!;

type Detail = components['schemas']['ActivityWithWorkflowDto'];

/** The steering section of the activity page. */
export async function steeringSection(a: Detail): Promise<string> {
  const [{ data: users }, { data: areas }, { data: parties }] = await Promise.all([
    api.GET('/api/users'),
    api.GET('/api/goal-areas', { params: { query: {} } }),
    api.GET('/api/parties', { params: { query: {} } }),
  ]);
  const partyName = (key: string | null | undefined) => (key ? parties?.find((p) => p.key === key)?.name ?? key : 'ingen part');
  const order: readonly string[] = PHASE_KINDS;
  const later = a.phases.filter((p) => order.indexOf(p.kind) >= order.indexOf(a.phase));
  const paused = a.workflow?.paused;
  return `<h2>Styr aktiviteten</h2>
  ${
    paused
      ? `<form id="resume" novalidate><p>Pausad sedan ${day(paused.since)}: ${esc(paused.reason)}</p>
        <label for="resume-reason">Skäl till att återuppta</label><textarea id="resume-reason" rows="2" required aria-describedby="resume-hint"></textarea>
        <p id="resume-hint" class="hint">Skälet syns i tidslinjen och i loggen.</p><p class="error" role="alert"></p><button type="submit">Återuppta</button></form>`
      : `<form id="pause" novalidate><label for="pause-reason">Skäl till paus</label><textarea id="pause-reason" rows="2" required aria-describedby="pause-hint"></textarea>
        <p id="pause-hint" class="hint">Under pausen står klockan still; senare uppföljningar flyttas lika långt.</p><p class="error" role="alert"></p><button type="submit">Pausa</button></form>`
  }
  <form id="plan" novalidate>
    <h3>Ändra plan</h3>
    <label for="plan-phase">Fas</label>
    <select id="plan-phase">${later
      .map((p) => `<option value="${p.kind}">${esc(PHASES[p.kind])} (${calendarDate(p.startDate)} – ${calendarDate(p.targetDate)}, uppföljning ${esc(cadence(p.followUpEvery))})</option>`)
      .join('')}</select>
    <label for="plan-cadence">Ny uppföljningsperiod (frivilligt)</label>
    <input id="plan-cadence" autocomplete="off" spellcheck="false" aria-describedby="cadence-hint cadence-words">
    <p id="cadence-hint" class="hint">Skriv P, ett antal och en bokstav för enheten: D för dagar, W för veckor, M för månader. Till exempel P2W (varannan vecka), P6W (var 6:e vecka) eller P1M (varje månad). Lämna tomt för att behålla nuvarande.</p>
    <p id="cadence-words" class="hint" aria-live="polite"></p>
    <label for="plan-target">Nytt slutdatum (frivilligt)</label>
    <input id="plan-target" type="date">
    <p class="error" role="alert"></p><button type="submit">Spara plan</button>
  </form>
  <form id="owner" novalidate>
    <h3>Aktivitetsansvarig</h3>
    <label for="owner-select">Ansvarig</label>
    <select id="owner-select"><option value="">Ingen</option>${(users ?? []).map((u) => `<option value="${u.id}" ${a.owner?.id === u.id ? 'selected' : ''}>${esc(u.name)} (${esc(partyName(u.party))})</option>`).join('')}</select>
    <p class="error" role="alert"></p><button type="submit">Byt ansvarig</button>
  </form>
  ${isAdmin() ? `<form id="cancel" novalidate>
    <h3>Avbryt aktiviteten</h3>
    <label for="cancel-reason">Skäl till att aktiviteten avbryts</label>
    <textarea id="cancel-reason" rows="2" required aria-describedby="cancel-hint"></textarea>
    <p id="cancel-hint" class="hint">Uppföljningen slutar: inga fler påminnelser eller eskaleringar, och öppna eskaleringar stängs. Det går inte att ångra.</p>
    <p class="error" role="alert"></p><button type="submit">Avbryt aktiviteten</button>
  </form>` : ''}
  <form id="areas" novalidate>
    <fieldset><legend>Målområden</legend>
    ${(areas ?? []).map((g) => `<input type="checkbox" id="ga-${g.code}" value="${g.code}" ${a.goalAreas.some((x) => x.code === g.code) ? 'checked' : ''}><label for="ga-${g.code}">${esc(g.code)} ${esc(g.title)}</label><br>`).join('')}
    </fieldset>
    <p class="error" role="alert"></p><button type="submit">Spara målområden</button>
  </form>`;
}

/** Wires the steering forms; `reload` shows the page again after a change. */
export function wireSteering(key: string, reload: () => Promise<void>): void {
  /** `handler` answers a problem found before sending (a string) or the API's answer. */
  const on = (id: string, handler: (form: HTMLFormElement) => Promise<string | { error?: unknown; response: Response }>, done: string) => {
    const form = document.getElementById(id) as HTMLFormElement | null;
    form?.addEventListener('submit', async (event) => {
      event.preventDefault();
      const result = await handler(form);
      if (typeof result === 'string' || result.error) {
        errorOf(form).textContent = typeof result === 'string' ? result : messageOf(result);
        return;
      }
      announce(done);
      await reload();
    });
  };
  const path = { params: { path: { idOrKey: key }, query: {} } };
  /** A form that sends its reason to `command`; `why` completes "Skriv varför aktiviteten …". */
  const withReason = (command: 'pause' | 'resume' | 'cancel', why: string, done: string) =>
    on(command, async (f) => {
      const reason = (f.querySelector('textarea') as HTMLTextAreaElement).value.trim();
      if (reason.length < 3) return `Skriv varför aktiviteten ${why} (minst 3 tecken).`;
      return api.POST(`/api/activities/{idOrKey}/${command}`, { ...path, body: { reason } });
    }, done);
  withReason('pause', 'pausas', 'Aktiviteten är pausad.');
  withReason('resume', 'återupptas', 'Aktiviteten är återupptagen.');
  withReason('cancel', 'avbryts', 'Aktiviteten är avbruten.');
  const cadenceInput = document.getElementById('plan-cadence') as HTMLInputElement | null;
  // Says the period in words while it is typed: "P6W" is "var 6:e vecka".
  cadenceInput?.addEventListener('input', () => {
    const value = cadenceInput.value.trim().toUpperCase();
    document.getElementById('cadence-words')!.textContent = !value ? '' : isCadence(value) ? `Det blir uppföljning ${cadence(value)}.` : 'Skriv som P2W, P6W eller P1M (minst en dag).';
  });
  on('plan', async (f) => {
    const kind = (f.querySelector('#plan-phase') as HTMLSelectElement).value as PhaseKind;
    const followUpEvery = (f.querySelector('#plan-cadence') as HTMLInputElement).value.trim().toUpperCase();
    const target = (f.querySelector('#plan-target') as HTMLInputElement).value;
    if (!followUpEvery && !target) return 'Ange en ny uppföljningsperiod eller ett nytt slutdatum.';
    if (followUpEvery && !isCadence(followUpEvery)) {
      return /T/.test(followUpEvery)
        ? `Uppföljningsperioden ska vara minst en dag. ${followUpEvery} räknas i timmar, minuter eller sekunder${/^PT\d+M$/.test(followUpEvery) ? ` (menade du ${followUpEvery.replace('PT', 'P')}, månader?)` : ''}.`
        : 'Uppföljningsperioden ska skrivas som P, ett antal och en enhet, till exempel P2W (varannan vecka) eller P1M (varje månad).';
    }
    return api.PUT('/api/activities/{idOrKey}/plan', { ...path, body: { phases: [{ kind, ...(followUpEvery ? { followUpEvery } : {}), ...(target ? { targetDate: target } : {}) }] } });
  }, 'Planen är ändrad.');
  on('owner', async (f) => {
    const ownerId = (f.querySelector('#owner-select') as HTMLSelectElement).value || null;
    return api.PUT('/api/activities/{idOrKey}/owner', { ...path, body: { ownerId } });
  }, 'Ny aktivitetsansvarig är satt.');
  on('areas', async (f) => {
    const goalAreas = Array.from(f.querySelectorAll<HTMLInputElement>('input:checked')).map((i) => i.value);
    if (goalAreas.length === 0) return 'Välj minst ett målområde.';
    return api.PUT('/api/activities/{idOrKey}/goal-areas', { ...path, body: { goalAreas } });
  }, 'Målområdena är sparade.');
}

export async function newActivity(): Promise<void> {
  if (!isAdmin()) return show('Ny aktivitet', '<p>Bara administratörer kan skapa aktiviteter.</p>');
  const [{ data: areas }, { data: parties }, { data: users }] = await Promise.all([
    api.GET('/api/goal-areas', { params: { query: {} } }),
    api.GET('/api/parties', { params: { query: {} } }),
    api.GET('/api/users'),
  ]);
  show(
    'Ny aktivitet',
    `<form id="create" novalidate>
      <label for="new-title">Namn</label><input id="new-title" required>
      <label for="new-key">Kortnamn</label><input id="new-key" required aria-describedby="key-hint">
      <p id="key-hint" class="hint">Små bokstäver, siffror och bindestreck, t.ex. trygghetsvandringar. Används i länkar.</p>
      <label for="new-description">Beskrivning</label><textarea id="new-description" rows="3"></textarea>
      <fieldset><legend>Målområden</legend>${(areas ?? []).map((g) => `<input type="checkbox" id="new-ga-${g.code}" value="${g.code}"><label for="new-ga-${g.code}">${esc(g.code)} ${esc(g.title)}</label><br>`).join('')}</fieldset>
      <label for="new-lead">Ansvarig part</label><select id="new-lead">${(parties ?? []).map((p) => `<option value="${p.key}">${esc(p.name)}</option>`).join('')}</select>
      <label for="new-owner">Aktivitetsansvarig</label><select id="new-owner"><option value="">Ingen ännu</option>${(users ?? []).map((u) => `<option value="${u.id}">${esc(u.name)}</option>`).join('')}</select>
      <p class="error" role="alert"></p><button type="submit">Skapa aktiviteten</button>
    </form>`,
  );
  const form = document.getElementById('create') as HTMLFormElement;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = (id: string) => (form.querySelector(`#${id}`) as HTMLInputElement).value.trim();
    const goalAreas = Array.from(form.querySelectorAll<HTMLInputElement>('fieldset input:checked')).map((i) => i.value);
    const problem = value('new-title').length < 3 ? 'Ge aktiviteten ett namn (minst 3 tecken).' : !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(value('new-key')) ? 'Kortnamnet får bara ha små bokstäver, siffror och enkla bindestreck.' : goalAreas.length === 0 ? 'Välj minst ett målområde.' : null;
    if (problem) {
      errorOf(form).textContent = problem;
      return;
    }
    const created = await api.POST('/api/activities', {
      body: {
        key: value('new-key'),
        title: value('new-title'),
        description: value('new-description') || undefined,
        goalAreas,
        leadParty: value('new-lead'),
        ...(value('new-owner') ? { ownerId: value('new-owner') } : {}),
      },
    });
    if (!created.data) {
      errorOf(form).textContent = messageOf(created);
      return;
    }
    announce('Aktiviteten är skapad.');
    navigate(href(`aktivitet/${encodeURIComponent(created.data.key)}`));
  });
}
