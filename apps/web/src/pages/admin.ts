import { api, messageOf, session } from '../api';
import type { components } from '../api/schema';
import { esc, PHASES, show, announce } from '../ui';
import { navigate } from '../router';

const isAdmin = () => !!session.user?.roles.includes('admin');

/** May the signed-in user steer this activity (pause, plan, owner, goal areas)? */
export function canSteer(leadParty: string): boolean {
  return isAdmin() || (!!session.user?.roles.includes('coordinator') && session.user?.party === leadParty);
}

const errorOf = (form: HTMLFormElement) => form.querySelector<HTMLElement>('.error')!;

type Detail = components['schemas']['ActivityWithWorkflowDto'];

/** The steering section of the activity page. */
export async function steeringSection(a: Detail): Promise<string> {
  const [{ data: users }, { data: areas }] = await Promise.all([api.GET('/api/users'), api.GET('/api/goal-areas', { params: { query: {} } })]);
  const order = ['short', 'medium', 'long'];
  const later = a.phases.filter((p) => order.indexOf(p.kind) >= order.indexOf(a.phase));
  const paused = a.workflow?.paused;
  return `<h2>Styr aktiviteten</h2>
  ${
    paused
      ? `<form id="resume" novalidate><p>Pausad sedan ${esc(paused.since.slice(0, 10))}: ${esc(paused.reason)}</p><p class="error" role="alert"></p><button type="submit">Återuppta</button></form>`
      : `<form id="pause" novalidate><label for="pause-reason">Skäl till paus</label><textarea id="pause-reason" rows="2" required aria-describedby="pause-hint"></textarea>
        <p id="pause-hint" class="hint">Under pausen står klockan still; senare uppföljningar flyttas lika långt.</p><p class="error" role="alert"></p><button type="submit">Pausa</button></form>`
  }
  <form id="plan" novalidate>
    <h3>Ändra plan</h3>
    <label for="plan-phase">Fas</label>
    <select id="plan-phase">${later.map((p) => `<option value="${p.kind}">${esc(PHASES[p.kind])} (${esc(p.startDate)} – ${esc(p.targetDate)}, ${esc(p.followUpEvery)})</option>`).join('')}</select>
    <label for="plan-cadence">Uppföljning</label>
    <input id="plan-cadence" placeholder="P4W" aria-describedby="cadence-hint">
    <p id="cadence-hint" class="hint">Som ISO 8601-period, t.ex. P2W (varannan vecka), P1M (varje månad). Lämna tomt för att behålla.</p>
    <label for="plan-target">Nytt slutdatum</label>
    <input id="plan-target" type="date">
    <p class="error" role="alert"></p><button type="submit">Spara plan</button>
  </form>
  <form id="owner" novalidate>
    <h3>Aktivitetsansvarig</h3>
    <label for="owner-select">Ansvarig</label>
    <select id="owner-select"><option value="">Ingen</option>${(users ?? []).map((u) => `<option value="${u.id}" ${a.owner?.id === u.id ? 'selected' : ''}>${esc(u.name)} (${esc(u.party ?? 'ingen part')})</option>`).join('')}</select>
    <p class="error" role="alert"></p><button type="submit">Byt ansvarig</button>
  </form>
  <form id="areas" novalidate>
    <fieldset><legend>Målområden</legend>
    ${(areas ?? []).map((g) => `<input type="checkbox" id="ga-${g.code}" value="${g.code}" ${a.goalAreas.some((x) => x.code === g.code) ? 'checked' : ''}><label for="ga-${g.code}">${esc(g.code)} ${esc(g.title)}</label><br>`).join('')}
    </fieldset>
    <p class="error" role="alert"></p><button type="submit">Spara målområden</button>
  </form>`;
}

/** Wires the steering forms; `reload` shows the page again after a change. */
export function wireSteering(key: string, reload: () => Promise<void>): void {
  const on = (id: string, handler: (form: HTMLFormElement) => Promise<{ error?: unknown } | undefined>, done: string) => {
    const form = document.getElementById(id) as HTMLFormElement | null;
    form?.addEventListener('submit', async (event) => {
      event.preventDefault();
      const result = await handler(form);
      if (result?.error) {
        errorOf(form).textContent = messageOf(result.error);
        return;
      }
      announce(done);
      await reload();
    });
  };
  const path = { params: { path: { idOrKey: key }, query: {} } };
  on('pause', async (f) => {
    const reason = (f.querySelector('textarea') as HTMLTextAreaElement).value.trim();
    if (reason.length < 3) return { error: { message: 'Skriv varför aktiviteten pausas (minst 3 tecken).' } };
    return api.POST('/api/activities/{idOrKey}/pause', { ...path, body: { reason } });
  }, 'Aktiviteten är pausad.');
  on('resume', async () => api.POST('/api/activities/{idOrKey}/resume', path), 'Aktiviteten är återupptagen.');
  on('plan', async (f) => {
    const kind = (f.querySelector('#plan-phase') as HTMLSelectElement).value as 'short' | 'medium' | 'long';
    const cadence = (f.querySelector('#plan-cadence') as HTMLInputElement).value.trim();
    const target = (f.querySelector('#plan-target') as HTMLInputElement).value;
    if (!cadence && !target) return { error: { message: 'Ange en ny uppföljningsperiod eller ett nytt slutdatum.' } };
    return api.PUT('/api/activities/{idOrKey}/plan', { ...path, body: { phases: [{ kind, ...(cadence ? { followUpEvery: cadence } : {}), ...(target ? { targetDate: target } : {}) }] } });
  }, 'Planen är ändrad.');
  on('owner', async (f) => {
    const ownerId = (f.querySelector('#owner-select') as HTMLSelectElement).value || null;
    return api.PUT('/api/activities/{idOrKey}/owner', { ...path, body: { ownerId } });
  }, 'Ny aktivitetsansvarig är satt.');
  on('areas', async (f) => {
    const goalAreas = Array.from(f.querySelectorAll<HTMLInputElement>('input:checked')).map((i) => i.value);
    if (goalAreas.length === 0) return { error: { message: 'Välj minst ett målområde.' } };
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
    const { data, error } = await api.POST('/api/activities', {
      body: {
        key: value('new-key'),
        title: value('new-title'),
        description: value('new-description') || undefined,
        goalAreas,
        leadParty: value('new-lead'),
        ...(value('new-owner') ? { ownerId: value('new-owner') } : {}),
      },
    });
    if (!data) {
      errorOf(form).textContent = messageOf(error);
      return;
    }
    announce('Aktiviteten är skapad.');
    navigate(`#/aktivitet/${data.key}`);
  });
}
