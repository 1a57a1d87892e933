/**
 * Editing an activity on its page (title, description, co-operating parties, delmål with dates) and,
 * for an agreement's administrators, its reminder offsets and escalation ladder (page
 * `#/<agreement>/uppfoljning`). Every form shows the API's refusal beside itself, in Swedish.
 */
import { api, messageOf, session } from '../api';
import { parseSwedishDate } from '../forms';
import type { components } from '../api/schema';
import { denial } from '@app/domain/access/access-policy';
import { GOVERNANCE_BODIES } from '@app/domain/lifecycle/follow-up-settings';
import { actor, agreementName, currentMembership, hasRole } from '../agreement';
import { announce, BODIES, calendarDate, esc, PHASES, show } from '../ui';

type Detail = components['schemas']['ActivityWithWorkflowDto'];

/** May the signed-in person edit this activity and its delmål (the access policy's `edit-activity`)? */
export function canEdit(a: { agreement: string; leadParty: { key: string }; owner?: { id: string } | null }): boolean {
  const me = actor(session.user);
  return !!me && denial(me, 'edit-activity', { agreementId: a.agreement, ownerId: a.owner?.id ?? null, leadPartyId: a.leadParty.key }) === null;
}

const errorOf = (form: HTMLFormElement) => form.querySelector<HTMLElement>('.error')!;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The editing section of the activity page. */
export async function editingSection(a: Detail): Promise<string> {
  const { data: parties } = await api.GET('/api/parties', { params: { query: {} } });
  const others = (parties ?? []).filter((p) => p.key !== a.leadParty.key);
  const phases = a.phases
    .map((p) => {
      const limits = `min="${p.startDate}" max="${p.targetDate}"`;
      const rows = p.milestones
        .map(
          (m) => `<li><form class="milestone-edit" data-phase="${p.kind}" data-id="${esc(m.id)}" novalidate aria-label="Delmål ${esc(m.title)}">
            <label for="mt-${esc(m.id)}">Delmål</label><input id="mt-${esc(m.id)}" name="title" value="${esc(m.title)}" required>
            <label for="md-${esc(m.id)}">Datum</label><input id="md-${esc(m.id)}" name="dueDate" type="text" inputmode="numeric" autocomplete="off" spellcheck="false" maxlength="10" ${limits} value="${esc(m.dueDate ?? '')}" aria-describedby="md-hint-${esc(m.id)}">
            <p id="md-hint-${esc(m.id)}" class="hint">Skriv datumet som ÅÅÅÅ-MM-DD, inom fasen.</p>
            <p class="error" role="alert"></p>
            <button type="submit">Spara delmålet</button> <button type="button" class="remove-milestone">Ta bort delmålet</button>
          </form></li>`,
        )
        .join('');
      return `<section aria-labelledby="ms-${p.kind}"><h4 id="ms-${p.kind}">Delmål, ${esc(PHASES[p.kind])} (${calendarDate(p.startDate)} – ${calendarDate(p.targetDate)})</h4>
        <ul>${rows || '<li>Inga delmål ännu.</li>'}</ul>
        <form class="milestone-add" id="add-milestone-${p.kind}" data-phase="${p.kind}" novalidate>
          <label for="new-mt-${p.kind}">Nytt delmål, ${esc(PHASES[p.kind].toLowerCase())}</label><input id="new-mt-${p.kind}" name="title" required>
          <label for="new-md-${p.kind}">Datum</label><input id="new-md-${p.kind}" name="dueDate" type="text" inputmode="numeric" autocomplete="off" spellcheck="false" maxlength="10" ${limits} required aria-describedby="new-md-hint-${p.kind}">
          <p id="new-md-hint-${p.kind}" class="hint">Skriv datumet som ÅÅÅÅ-MM-DD, inom fasen: ${calendarDate(p.startDate)} – ${calendarDate(p.targetDate)}.</p>
          <p class="error" role="alert"></p><button type="submit">Lägg till delmål</button>
        </form></section>`;
    })
    .join('');
  return `<h2>Redigera aktiviteten</h2>
  <form id="edit-activity" novalidate>
    <label for="edit-title">Namn</label><input id="edit-title" name="title" value="${esc(a.title)}" required>
    <label for="edit-description">Beskrivning</label><textarea id="edit-description" name="description" rows="3">${esc(a.description)}</textarea>
    <fieldset><legend>Samverkande parter</legend>
    ${others.map((p) => `<input type="checkbox" id="cp-${esc(p.key)}" value="${esc(p.key)}" ${a.cooperatingParties.some((c) => c.key === p.key) ? 'checked' : ''}><label for="cp-${esc(p.key)}">${esc(p.name)}</label><br>`).join('') || '<p>Överenskommelsen har inga andra parter.</p>'}
    </fieldset>
    <p class="error" role="alert"></p><button type="submit">Spara aktiviteten</button>
  </form>
  <h3>Delmål</h3>
  <p class="hint">Ett delmål med datum följs upp den dagen: påminnelser före, eskalering om inget kommer. Ett borttaget delmål följs inte upp längre; rapporter som nämnt det behåller dess namn i tidslinjen.</p>
  ${phases}`;
}

/** Wires the editing forms; `reload` shows the page again after a change. */
export function wireEditing(key: string, reload: () => Promise<void>): void {
  const path = { idOrKey: key };
  /** `handler` answers a problem found before sending (a string) or the API's answer. */
  const on = (form: HTMLFormElement, event: string, handler: () => Promise<string | { error?: unknown; response: Response }>, done: string) => {
    const run = async (e: Event) => {
      e.preventDefault();
      errorOf(form).textContent = '';
      const result = await handler();
      if (typeof result === 'string' || result.error) {
        errorOf(form).textContent = typeof result === 'string' ? result : messageOf(result);
        return;
      }
      announce(done);
      await reload();
    };
    if (event === 'submit') form.addEventListener('submit', run);
    else form.querySelector(event)?.addEventListener('click', run);
  };
  const value = (form: HTMLFormElement, name: string) => ((form.elements.namedItem(name) as HTMLInputElement | null)?.value ?? '').trim();

  const edit = document.getElementById('edit-activity') as HTMLFormElement | null;
  if (edit) {
    on(edit, 'submit', async () => {
      const title = value(edit, 'title');
      if (title.length < 3) return 'Ge aktiviteten ett namn (minst 3 tecken).';
      const cooperatingParties = Array.from(edit.querySelectorAll<HTMLInputElement>('fieldset input:checked')).map((i) => i.value);
      return api.PATCH('/api/activities/{idOrKey}', { params: { path, query: {} }, body: { title, description: value(edit, 'description'), cooperatingParties } });
    }, 'Aktiviteten är sparad.');
  }
  const checked = (form: HTMLFormElement): string | null => {
    const title = value(form, 'title');
    const dueDate = value(form, 'dueDate');
    if (title.length < 3) return 'Ge delmålet ett namn (minst 3 tecken).';
    if (!DATE.test(dueDate)) return 'Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2027-03-01.';
    const real = parseSwedishDate(dueDate);
    if (real.error) return real.error;
    const input = form.elements.namedItem('dueDate') as HTMLInputElement;
    if ((input.min && dueDate < input.min) || (input.max && dueDate > input.max)) {
      return `Datumet ska ligga inom fasen, ${calendarDate(input.min)} – ${calendarDate(input.max)}.`;
    }
    return null;
  };
  for (const form of Array.from(document.querySelectorAll<HTMLFormElement>('form.milestone-add'))) {
    const kind = form.dataset.phase!;
    on(form, 'submit', async () => checked(form) ?? api.POST('/api/activities/{idOrKey}/phases/{kind}/milestones', {
      params: { path: { ...path, kind }, query: {} },
      body: { title: value(form, 'title'), dueDate: value(form, 'dueDate') },
    }), 'Delmålet är tillagt.');
  }
  for (const form of Array.from(document.querySelectorAll<HTMLFormElement>('form.milestone-edit'))) {
    const where = { params: { path: { ...path, kind: form.dataset.phase!, id: form.dataset.id! }, query: {} } };
    on(form, 'submit', async () => checked(form) ?? api.PATCH('/api/activities/{idOrKey}/phases/{kind}/milestones/{id}', { ...where, body: { title: value(form, 'title'), dueDate: value(form, 'dueDate') } }), 'Delmålet är sparat.');
    on(form, '.remove-milestone', async () => api.DELETE('/api/activities/{idOrKey}/phases/{kind}/milestones/{id}', where), 'Delmålet är borttaget.');
  }
}

/** Reads "P7D, P1D" as a list. */
const offsetsOf = (text: string) => text.split(/[\s,;]+/).map((s) => s.trim().toUpperCase()).filter(Boolean);

/** The agreement's reminder offsets and escalation ladder (administrators change them; others read). */
export async function followUpSettings(): Promise<void> {
  const here = currentMembership();
  if (!here) return;
  const key = here.agreement;
  const { data, ...rest } = await api.GET('/api/agreements/{key}/follow-up-settings', { params: { path: { key } } });
  if (!data) return show('Påminnelser och eskalering', `<p class="error">${esc(messageOf({ ...rest }))}</p>`);
  const admin = hasRole('admin');
  const ladder = [...data.escalationLadder, { level: data.escalationLadder.length + 1, body: '', after: '' }];
  const disabled = admin ? '' : 'disabled';
  show(
    'Påminnelser och eskalering',
    `<p>Gäller alla aktiviteter i ${esc(agreementName(here))}. En ändring når varje pågående uppföljning inom några sekunder; det som redan har skickats står kvar.</p>
    ${admin ? '' : '<p>Bara överenskommelsens administratörer kan ändra inställningarna.</p>'}
    <form id="follow-up-settings" novalidate>
      <label for="reminder-offsets">Påminnelser före varje uppföljning</label>
      <input id="reminder-offsets" name="reminderOffsets" value="${esc(data.reminderOffsets.join(', '))}" autocomplete="off" spellcheck="false" aria-describedby="offsets-hint" ${disabled}>
      <p id="offsets-hint" class="hint">ISO-8601-tider, åtskilda med komma: P7D är 7 dagar före, P2W två veckor före, P1D dagen före.</p>
      <table><caption>Eskaleringstrappan: vart en missad uppföljning går, och när</caption>
        <thead><tr><th scope="col">Nivå</th><th scope="col">Till</th><th scope="col">Efter</th></tr></thead>
        <tbody>${ladder
          .map(
            (s) => `<tr><th scope="row">${s.level}</th>
            <td><label for="body-${s.level}" class="visually-hidden">Nivå ${s.level}, till</label><select id="body-${s.level}" name="body-${s.level}" ${disabled}>
              <option value="">Ingen</option>${GOVERNANCE_BODIES.map((b) => `<option value="${b}" ${s.body === b ? 'selected' : ''}>${esc(BODIES[b])}</option>`).join('')}</select></td>
            <td><label for="after-${s.level}" class="visually-hidden">Nivå ${s.level}, efter</label><input id="after-${s.level}" name="after-${s.level}" value="${esc(s.after)}" autocomplete="off" spellcheck="false" aria-describedby="after-hint" ${disabled}></td></tr>`,
          )
          .join('')}</tbody>
      </table>
      <p id="after-hint" class="hint">Efter: hur länge efter den missade uppföljningen, t.ex. P3D (tre dagar). Lämna den sista raden tom, eller välj "Ingen" för att ta bort ett steg från toppen.</p>
      <p class="error" role="alert"></p>
      ${admin ? '<button type="submit">Spara inställningarna</button>' : ''}
    </form>`,
  );
  const form = document.getElementById('follow-up-settings') as HTMLFormElement;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const field = (name: string) => ((form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null)?.value ?? '').trim();
    const reminderOffsets = offsetsOf(field('reminderOffsets'));
    const escalationLadder = ladder
      .map((s) => ({ level: s.level, body: field(`body-${s.level}`), after: field(`after-${s.level}`).toUpperCase() }))
      .filter((s) => s.body || s.after) as { level: number; body: (typeof GOVERNANCE_BODIES)[number]; after: string }[];
    const incomplete = escalationLadder.find((s) => !s.body || !s.after);
    if (incomplete) {
      errorOf(form).textContent = `Nivå ${incomplete.level} behöver både vem det går till och efter hur lång tid.`;
      return;
    }
    const saved = await api.PUT('/api/agreements/{key}/follow-up-settings', { params: { path: { key } }, body: { reminderOffsets, escalationLadder } });
    if (!saved.data) {
      errorOf(form).textContent = messageOf(saved);
      return;
    }
    announce(saved.data.workflowsToTell ? `Inställningarna är sparade. ${saved.data.workflowsToTell} pågående uppföljningar får dem nu.` : 'Inställningarna är sparade.');
    await followUpSettings();
  });
}
