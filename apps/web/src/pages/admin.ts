import { api, session } from '../api';
import { clearFieldErrors, showFieldErrors } from '../errors';
import type { FieldProblem } from '../errors';
import { confirmDialog } from '../dialog';
import { cadenceSelect, dateHint, parseSwedishDate } from '../forms';
import type { components } from '../api/schema';
import { PHASE_KINDS } from '@app/domain/phase-kind';
import { OWNERSHIP_PROBLEM_SV, ownershipProblem } from '@app/domain/access/ownership';
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

/** A problem the form finds itself, at the field `field` (its name or id). */
const at = (field: string, message: string): FieldProblem[] => [{ field, message }];

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
  // The owner picker offers only those who may own the activity (ownershipProblem), and says why the others are missing.
  const scope = { leadParty: a.leadParty.key, cooperatingParties: a.cooperatingParties.map((p) => p.key) };
  const judged = (users ?? []).map((u) => ({ u, problem: ownershipProblem({ roles: u.roles, party: u.party ?? null }, scope) }));
  const mayOwn = judged.filter((j) => j.problem === null || j.u.id === a.owner?.id).map((j) => j.u);
  const mayNot = judged.flatMap((j) => (j.problem !== null && j.u.id !== a.owner?.id ? [{ u: j.u, problem: j.problem }] : []));
  return `<h2>Styr aktiviteten</h2>
  ${
    paused
      ? `<form id="resume" novalidate><p>Pausad sedan ${day(paused.since)}: ${esc(paused.reason)}</p>
        <label for="resume-reason">Skäl till att återuppta</label><textarea id="resume-reason" rows="2" required aria-describedby="resume-hint"></textarea>
        <p id="resume-hint" class="hint">Skälet syns i tidslinjen och i loggen.</p><button type="submit">Återuppta</button></form>`
      : `<form id="pause" novalidate><label for="pause-reason">Skäl till paus</label><textarea id="pause-reason" rows="2" required aria-describedby="pause-hint"></textarea>
        <p id="pause-hint" class="hint">Under pausen står klockan still; senare uppföljningar flyttas lika långt.</p><button type="submit">Pausa</button></form>`
  }
  <form id="plan" novalidate>
    <h3>Ändra plan</h3>
    <label for="plan-phase">Fas</label>
    <select id="plan-phase">${later
      .map((p) => `<option value="${p.kind}">${esc(PHASES[p.kind])} (${calendarDate(p.startDate)} – ${calendarDate(p.targetDate)}, uppföljning ${esc(cadence(p.followUpEvery))})</option>`)
      .join('')}</select>
    <label for="plan-cadence">Ny uppföljningsperiod (frivilligt)</label>
    ${cadenceSelect({ id: 'plan-cadence', name: 'followUpEvery', empty: 'Behåll nuvarande', describedBy: 'cadence-hint' })}
    <p id="cadence-hint" class="hint">Hur ofta aktiviteten ska rapportera i fasen. Välj Behåll nuvarande för att inte ändra.</p>
    <label for="plan-target">Nytt slutdatum (frivilligt)</label>
    <input id="plan-target" name="targetDate" type="text" inputmode="numeric" autocomplete="off" spellcheck="false" maxlength="10" aria-describedby="plan-target-hint">
    ${dateHint('plan-target-hint')}
    <button type="submit">Spara plan</button>
  </form>
  <form id="owner" novalidate>
    <h3>Aktivitetsansvarig</h3>
    <label for="owner-select">Ansvarig</label>
    <select id="owner-select" aria-describedby="owner-hint"><option value="">Ingen</option>${mayOwn.map((u) => `<option value="${u.id}" ${a.owner?.id === u.id ? 'selected' : ''}>${esc(u.name)} (${esc(partyName(u.party))})</option>`).join('')}</select>
    <p id="owner-hint" class="hint">Bara aktivitetsansvariga hos den part som leder aktiviteten eller en part som samverkar i den kan väljas.${
      mayNot.length ? ` ${mayNot.length === 1 ? 'En person saknas' : `${mayNot.length} personer saknas`} i listan.` : ''
    }</p>
    ${mayNot.length ? `<details id="owner-missing"><summary>Varför saknas vissa?</summary><ul>${mayNot.map(({ u, problem }) => `<li>${esc(u.name)} (${esc(partyName(u.party))}) ${esc(OWNERSHIP_PROBLEM_SV[problem])}.</li>`).join('')}</ul></details>` : ''}
    <button type="submit">Byt ansvarig</button>
  </form>
  ${isAdmin() ? `<form id="cancel" novalidate>
    <h3>Avsluta aktiviteten permanent</h3>
    <p id="cancel-hint" class="hint">Uppföljningen slutar för gott: inga fler rapporter, påminnelser eller eskaleringar. Det går inte att ångra. Du får bekräfta och skriva skälet innan något händer.</p>
    <button type="submit" class="danger" data-color="danger" aria-describedby="cancel-hint">Avsluta aktiviteten permanent …</button>
  </form>` : ''}
  <form id="areas" novalidate>
    <fieldset><legend>Målområden</legend>
    ${(areas ?? []).map((g) => `<input type="checkbox" id="ga-${g.code}" value="${g.code}" ${a.goalAreas.some((x) => x.code === g.code) ? 'checked' : ''}><label for="ga-${g.code}">${esc(g.code)} ${esc(g.title)}</label><br>`).join('')}
    </fieldset>
    <button type="submit">Spara målområden</button>
  </form>`;
}

/** Wires the steering forms; `reload` shows the page again after a change. */
export function wireSteering(key: string, reload: () => Promise<void>): void {
  /** `handler` answers problems found before sending (at their fields), the API's answer, or null when nothing is to be done. */
  const on = (id: string, handler: (form: HTMLFormElement) => Promise<FieldProblem[] | { error?: unknown; response: Response } | null>, done: string) => {
    const form = document.getElementById(id) as HTMLFormElement | null;
    form?.addEventListener('submit', async (event) => {
      event.preventDefault();
      const result = await handler(form);
      if (result === null) return;
      if (Array.isArray(result) || result.error) {
        showFieldErrors(form, result);
        return;
      }
      clearFieldErrors(form);
      announce(done);
      await reload();
    });
  };
  const path = { params: { path: { idOrKey: key }, query: {} } };
  /** A form that sends its reason to `command`; `why` completes "Skriv varför aktiviteten …". */
  const withReason = (command: 'pause' | 'resume', why: string, done: string) =>
    on(command, async (f) => {
      const field = f.querySelector('textarea') as HTMLTextAreaElement;
      const reason = field.value.trim();
      if (reason.length < 3) return at(field.id, `Skriv varför aktiviteten ${why} (minst 3 tecken).`);
      return api.POST(`/api/activities/{idOrKey}/${command}`, { ...path, body: { reason } });
    }, done);
  withReason('pause', 'pausas', 'Aktiviteten är pausad.');
  withReason('resume', 'återupptas', 'Aktiviteten är återupptagen.');
  // Irreversible: a dialog names what happens and asks for the reason before anything is sent.
  on('cancel', async () => {
    const answer = await confirmDialog({
      title: 'Avsluta aktiviteten permanent?',
      consequences: [
        'Aktiviteten avslutas för gott och tar inte emot fler rapporter.',
        'Inga fler påminnelser eller eskaleringar skickas, och öppna eskaleringar stängs.',
        'Det går inte att ångra. Aktiviteten och dess historik finns kvar att läsa.',
      ],
      confirmLabel: 'Ja, avsluta aktiviteten permanent',
      cancelLabel: 'Nej, behåll aktiviteten',
      reason: { label: 'Skäl till att aktiviteten avslutas', required: true, hint: 'Skälet syns i tidslinjen och i loggen.' },
    });
    if (!answer) return null;
    return api.POST('/api/activities/{idOrKey}/cancel', { ...path, body: { reason: answer.reason } });
  }, 'Aktiviteten är avslutad permanent.');
  on('plan', async (f) => {
    const kind = (f.querySelector('#plan-phase') as HTMLSelectElement).value as PhaseKind;
    const followUpEvery = (f.querySelector('#plan-cadence') as HTMLSelectElement).value;
    const target = (f.querySelector('#plan-target') as HTMLInputElement).value.trim();
    if (!followUpEvery && !target) return at('plan-cadence', 'Välj en ny uppföljningsperiod eller ange ett nytt slutdatum.');
    const date = target ? parseSwedishDate(target) : null;
    if (date?.error) return at('plan-target', date.error);
    return api.PUT('/api/activities/{idOrKey}/plan', { ...path, body: { phases: [{ kind, ...(followUpEvery ? { followUpEvery } : {}), ...(target ? { targetDate: target } : {}) }] } });
  }, 'Planen är ändrad.');
  on('owner', async (f) => {
    const ownerId = (f.querySelector('#owner-select') as HTMLSelectElement).value || null;
    return api.PUT('/api/activities/{idOrKey}/owner', { ...path, body: { ownerId } });
  }, 'Ny aktivitetsansvarig är satt.');
  on('areas', async (f) => {
    const goalAreas = Array.from(f.querySelectorAll<HTMLInputElement>('input:checked')).map((i) => i.value);
    if (goalAreas.length === 0) return at(f.querySelector('input[type="checkbox"]')?.id ?? 'areas', 'Välj minst ett målområde.');
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
      <label for="new-title">Namn</label><input id="new-title" name="title" required>
      <label for="new-key">Kortnamn</label><input id="new-key" name="key" required aria-describedby="key-hint">
      <p id="key-hint" class="hint">Små bokstäver, siffror och bindestreck, t.ex. trygghetsvandringar. Används i länkar.</p>
      <label for="new-description">Beskrivning</label><textarea id="new-description" name="description" rows="3"></textarea>
      <fieldset><legend>Målområden</legend>${(areas ?? []).map((g) => `<input type="checkbox" id="new-ga-${g.code}" name="goalAreas" value="${g.code}"><label for="new-ga-${g.code}">${esc(g.code)} ${esc(g.title)}</label><br>`).join('')}</fieldset>
      <label for="new-lead">Ansvarig part</label><select id="new-lead" name="leadParty">${(parties ?? []).map((p) => `<option value="${p.key}">${esc(p.name)}</option>`).join('')}</select>
      <label for="new-owner">Aktivitetsansvarig</label><select id="new-owner" name="ownerId"><option value="">Ingen ännu</option>${(users ?? []).map((u) => `<option value="${u.id}">${esc(u.name)}</option>`).join('')}</select>
      <button type="submit">Skapa aktiviteten</button>
    </form>`,
  );
  const form = document.getElementById('create') as HTMLFormElement;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = (id: string) => (form.querySelector(`#${id}`) as HTMLInputElement).value.trim();
    const goalAreas = Array.from(form.querySelectorAll<HTMLInputElement>('fieldset input:checked')).map((i) => i.value);
    const problems: FieldProblem[] = [
      ...(value('new-title').length < 3 ? at('title', 'Ge aktiviteten ett namn (minst 3 tecken).') : []),
      ...(!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(value('new-key')) ? at('key', 'Kortnamnet får bara ha små bokstäver, siffror och enkla bindestreck.') : []),
      ...(goalAreas.length === 0 ? at('goalAreas', 'Välj minst ett målområde.') : []),
    ];
    if (problems.length) {
      showFieldErrors(form, problems);
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
      showFieldErrors(form, created);
      return;
    }
    announce('Aktiviteten är skapad.');
    navigate(href(`aktivitet/${encodeURIComponent(created.data.key)}`));
  });
}
