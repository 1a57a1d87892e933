import { api, messageOf, session } from '../api';
import type { components } from '../api/schema';
import { REPORT_STATUS_SV } from '@app/domain/swedish';
import type { ReportState } from '@app/domain/swedish';
import { calendarDate, cadence, dateTime, day, deadlineDate, esc, PHASES, show, announce } from '../ui';
import { canSteer, steeringSection, wireSteering } from './admin';
import { canEdit, editingSection, wireEditing } from './activity-editing';
import { answersFor } from '@app/domain/access/access-policy';
import { actor } from '../agreement';

// From the domain's Swedish words (importing the lifecycle module itself would bundle its holiday calendar).
const REPORT_STATUSES = (Object.keys(REPORT_STATUS_SV) as ReportState[]).filter((s): s is Exclude<ReportState, 'none'> => s !== 'none');
const oneOf = <T extends string>(values: readonly T[], text: string | null): T | undefined => values.find((v) => v === text);

type Activity = components['schemas']['ActivityWithWorkflowDto'];

/** The report form: status, progress, description, next steps and the delmål of every phase. */
function reportForm(a: Activity): string {
  const milestones = a.phases
    .filter((p) => p.milestones.length)
    .map(
      (p) => `<fieldset aria-describedby="milestones-hint"><legend>Delmål, ${esc(PHASES[p.kind])}</legend>
      ${p.milestones
        .map(
          (m) => `<input type="checkbox" id="m-${esc(m.id)}" name="milestone" value="${esc(m.id)}" data-was="${m.status}" ${m.status === 'done' ? 'checked' : ''}>
          <label for="m-${esc(m.id)}">${esc(m.title)}${m.dueDate ? ` (senast ${calendarDate(m.dueDate)})` : ''}</label><br>`,
        )
        .join('')}</fieldset>`,
    )
    .join('');
  return `<h2>Lämna lägesrapport</h2>
    <form id="report" novalidate>
      <fieldset><legend>Status</legend>
        <input type="radio" id="s-on" name="status" value="on_track" checked><label for="s-on">Enligt plan</label>
        <input type="radio" id="s-risk" name="status" value="at_risk"><label for="s-risk">Risk för avvikelse</label>
        <input type="radio" id="s-off" name="status" value="off_track"><label for="s-off">Avviker från plan</label>
      </fieldset>
      <label for="progress">Hur långt har ni kommit (0–100 %)?</label>
      <input id="progress" name="progress" type="number" min="0" max="100" step="1" required aria-describedby="progress-hint">
      <p id="progress-hint" class="hint">Ange ett heltal mellan 0 och 100.</p>
      <label for="summary">Lägesbeskrivning</label>
      <p id="summary-notice" class="notice">Skriv inga personuppgifter om invånare eller barn. Beskriv arbetet, inte enskilda personer.</p>
      <textarea id="summary" name="summary" rows="5" required aria-describedby="summary-notice"></textarea>
      <label for="next-steps">Nästa steg (frivilligt)</label>
      <p id="next-steps-hint" class="hint">Vad gör ni härnäst, och vem gör det? Högst 2000 tecken.</p>
      <textarea id="next-steps" name="nextSteps" rows="3" aria-describedby="next-steps-hint summary-notice"></textarea>
      ${milestones ? `<h3>Delmål</h3><p id="milestones-hint" class="hint">Kryssa i de delmål som är klara. Ta bort krysset om ett delmål som var klart behöver göras om.</p>${milestones}` : ''}
      <p id="report-error" class="error" role="alert"></p>
      <button type="submit">Skicka rapport</button>
    </form>`;
}

export async function activity(key: string): Promise<void> {
  const path = { params: { path: { idOrKey: key }, query: {} } };
  const [result, { data: timeline }] = await Promise.all([api.GET('/api/activities/{idOrKey}', path), api.GET('/api/activities/{idOrKey}/timeline', path)]);
  const a = result.data;
  if (!a) return show('Aktivitet', `<p class="error">${esc(messageOf(result))}</p>`);
  const upcoming = (a.workflow?.upcoming ?? [])
    .slice(0, 6)
    .map((u) => `<li>${u.kind === 'deadline' ? 'Uppföljning senast' : u.kind === 'reminder' ? 'Påminnelse' : `Eskalering nivå ${u.level}`} ${u.kind === 'deadline' ? deadlineDate(u.at) : dateTime(u.at)}</li>`)
    .join('');
  const phases = a.phases
    .map(
      (p) => `<li>${esc(p.name)}: ${calendarDate(p.startDate)} – ${calendarDate(p.targetDate)}, uppföljning ${esc(cadence(p.followUpEvery))}
      <ul>${p.milestones.map((m) => `<li>Delmål: ${esc(m.title)}${m.dueDate ? `, senast ${calendarDate(m.dueDate)}` : ''} (${m.status === 'done' ? 'klart' : 'pågår'})</li>`).join('')}</ul></li>`,
    )
    .join('');
  // Agreement and party are compared by key on both sides: the session knows its membership's, the activity its own.
  const me = actor(session.user);
  const canReport = !!me && answersFor(me, { agreementId: a.agreement, ownerId: a.owner?.id ?? null, leadPartyId: a.leadParty.key }) !== null;
  const paused = a.workflow?.paused;
  show(
    a.title,
    `<p>Ansvarig part: ${esc(a.leadParty.name)}${a.owner ? ` · Aktivitetsansvarig: ${esc(a.owner.name)}` : ''}</p>
    <p>Målområden: ${a.goalAreas.map((g) => `${esc(g.code)} ${esc(g.title)}`).join(', ')}</p>
    <p>Fas: ${esc(PHASES[a.phase])}${paused ? ` · <strong>Pausad</strong> sedan ${day(paused.since)}: ${esc(paused.reason)}` : ''} · Eskaleringsnivå: ${a.workflow?.escalationLevel ?? 0}</p>
    <h2>Kommande</h2><ul>${upcoming || '<li>Inget planerat just nu.</li>'}</ul>
    <h2>Faser och delmål</h2><ul>${phases}</ul>
    ${a.status !== 'active' ? `<p><strong>${a.status === 'cancelled' ? 'Aktiviteten är avbruten' : 'Aktiviteten är avslutad'}</strong>: den tar inte emot fler rapporter.</p>` : canReport ? reportForm(a) : ''}
    ${canSteer(a) && a.status === 'active' ? await steeringSection(a) : ''}
    ${canEdit(a) && a.status === 'active' ? await editingSection(a) : ''}
    <h2>Tidslinje</h2><ol>${(timeline ?? []).slice().reverse().map((t) => `<li>${dateTime(t.at)}: ${esc(t.text)}</li>`).join('') || '<li>Inget har hänt ännu.</li>'}</ol>`,
  );
  wireSteering(key, () => activity(key));
  wireEditing(key, () => activity(key));
  document.getElementById('report')?.addEventListener('submit', async (event) => {
    event.preventDefault();
    const f = event.target as HTMLFormElement;
    const status = oneOf(REPORT_STATUSES, (f.querySelector('input[name=status]:checked') as HTMLInputElement).value) ?? 'on_track';
    const progressText = (f.elements.namedItem('progress') as HTMLInputElement).value;
    const summary = (f.elements.namedItem('summary') as HTMLTextAreaElement).value.trim();
    const nextSteps = (f.elements.namedItem('nextSteps') as HTMLTextAreaElement).value.trim();
    // Only the delmål whose box was changed: checked is done, unchecked open again.
    const milestones = Array.from(f.querySelectorAll<HTMLInputElement>('input[name=milestone]'))
      .map((box) => ({ milestoneId: box.value, status: box.checked ? ('done' as const) : ('open' as const), was: box.dataset.was }))
      .filter((m) => m.status !== m.was)
      .map(({ milestoneId, status: s }) => ({ milestoneId, status: s }));
    const problem = !/^\d{1,3}$/.test(progressText) || Number(progressText) > 100
      ? 'Ange hur långt ni kommit som ett heltal mellan 0 och 100.'
      : summary.length < 3
        ? 'Skriv en lägesbeskrivning (minst 3 tecken).'
        : summary.length > 5000
          ? `Lägesbeskrivningen får vara högst 5000 tecken (nu ${summary.length}).`
          : nextSteps.length > 2000
            ? `Nästa steg får vara högst 2000 tecken (nu ${nextSteps.length}). Korta texten.`
            : null;
    const out = document.getElementById('report-error')!;
    if (problem) {
      out.textContent = problem;
      return;
    }
    const sent = await api.POST('/api/activities/{idOrKey}/reports', {
      params: { path: { idOrKey: key }, query: {}, header: { 'Idempotency-Key': crypto.randomUUID() } },
      body: { status, progress: Number(progressText), summary, ...(nextSteps ? { nextSteps } : {}), ...(milestones.length ? { milestones } : {}) },
    });
    if (!sent.data) {
      out.textContent = messageOf(sent);
      return;
    }
    announce(sent.data.delivery === 'delivered' ? 'Rapporten är skickad.' : 'Rapporten är sparad och skickas vidare så snart systemet svarar.');
    await activity(key);
  });
}

