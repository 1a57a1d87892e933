import { api, messageOf, session } from '../api';
import type { components } from '../api/schema';
import { REPORT_STATUS_SV } from '@app/domain/swedish';
import type { ReportState } from '@app/domain/swedish';
import { daysBetween } from '@app/domain/calendar-date';
import { localDate } from '@app/domain/zoned-time';
import { milestoneState, milestoneStateText } from '@app/domain/milestone-state';
import { PHASE_KINDS } from '@app/domain/phase-kind';
import { BODIES, calendarDate, cadence, dateTime, day, deadlineDate, esc, PHASES, show, statusBadge } from '../ui';
import { clearFieldErrors, showFieldErrors } from '../errors';
import type { FieldProblem } from '../errors';
import { keepDraft, parseProgress, PROGRESS_HINT } from '../forms';
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
  return `<form id="report" novalidate aria-labelledby="report-heading">
      <fieldset><legend>Status</legend>
        <input type="radio" id="s-on" name="status" value="on_track" checked><label for="s-on">Enligt plan</label>
        <input type="radio" id="s-risk" name="status" value="at_risk"><label for="s-risk">Risk för avvikelse</label>
        <input type="radio" id="s-off" name="status" value="off_track"><label for="s-off">Avviker från plan</label>
      </fieldset>
      <label for="progress">Hur långt har ni kommit (0–100 %)?</label>
      <input id="progress" name="progress" type="text" inputmode="decimal" autocomplete="off" required aria-describedby="progress-hint">
      <p id="progress-hint" class="hint">${esc(PROGRESS_HINT)}</p>
      <label for="summary">Lägesbeskrivning</label>
      <p id="summary-notice" class="notice">Skriv inga personuppgifter om invånare eller barn. Beskriv arbetet, inte enskilda personer.</p>
      <textarea id="summary" name="summary" rows="5" required aria-describedby="summary-notice"></textarea>
      <label for="next-steps">Nästa steg (frivilligt)</label>
      <p id="next-steps-hint" class="hint">Vad gör ni härnäst, och vem gör det? Högst 2000 tecken.</p>
      <textarea id="next-steps" name="nextSteps" rows="3" aria-describedby="next-steps-hint summary-notice"></textarea>
      ${milestones ? `<h3>Delmål</h3><p id="milestones-hint" class="hint">Kryssa i de delmål som är klara. Ta bort krysset om ett delmål som var klart behöver göras om.</p>${milestones}` : ''}
      <button type="submit">Skicka rapport</button>
    </form>`;
}


/** "i dag", "i morgon", "om 90 dagar", "i går", "för 12 dagar sedan". */
function inDays(n: number): string {
  if (n === 0) return 'i dag';
  if (n === 1) return 'i morgon';
  if (n === -1) return 'i går';
  return n > 0 ? `om ${n} dagar` : `för ${-n} dagar sedan`;
}
const days = (n: number) => `${n} ${n === 1 ? 'dag' : 'dagar'}`;

/** The Swedish day a deadline instant belongs to: due at the end of its day, i.e. when the next begins. */
const dueDay = (iso: string) => localDate(Date.parse(iso) - 1);

/** "22 feb" (Swedish time). */
const shortDate = (iso: string) =>
  new Intl.DateTimeFormat('sv-SE', { day: 'numeric', month: 'short', timeZone: 'Europe/Stockholm' }).format(new Date(iso)).replace('.', '');

type Upcoming = NonNullable<Activity['workflow']>['upcoming'][number];

/**
 * "Kommande": each deadline with the reminders before it ("Uppföljning senast 1 mars 2027 · påminnelser
 * 22 feb, 28 feb"), then the escalations. A reminder belongs to the first deadline at or after it.
 * `reported`: the latest report already counts for the first deadline.
 */
export function upcomingLines(upcoming: Upcoming[], reported: boolean): string[] {
  const deadlines = upcoming.filter((u) => u.kind === 'deadline');
  const reminders = new Map<string, string[]>();
  for (const r of upcoming.filter((u) => u.kind === 'reminder')) {
    const d = deadlines.find((x) => x.at >= r.at);
    if (d) reminders.set(d.at, [...(reminders.get(d.at) ?? []), r.at]);
  }
  const lines = deadlines.slice(0, 4).map((d, i) => {
    const rs = (reminders.get(d.at) ?? []).sort();
    const said = rs.length ? ` · ${rs.length === 1 ? 'påminnelse' : 'påminnelser'} ${rs.map(shortDate).join(', ')}` : '';
    return `Uppföljning senast ${deadlineDate(d.at)}${i === 0 && reported ? ' · redan rapporterad' : said}`;
  });
  for (const e of upcoming.filter((u) => u.kind === 'escalation').slice(0, 3)) lines.push(`Eskalering nivå ${e.level} om uppföljningen inte kommer: ${day(e.at)}`);
  return lines;
}

/** The steering and editing panels opened on this visit (`<activity id>:<panel>`). */
const openPanels = new Set<string>();

/** The activity page: its state at the top, what comes, phases and delmål, reporting, steering behind buttons, the timeline. */
export async function activity(key: string, notice?: string): Promise<void> {
  const path = { params: { path: { idOrKey: key }, query: {} } };
  const [result, { data: timeline }] = await Promise.all([api.GET('/api/activities/{idOrKey}', path), api.GET('/api/activities/{idOrKey}/timeline', path)]);
  const a = result.data;
  if (!a) return show('Aktivitet', `<p class="error">${esc(messageOf(result))}</p>`);
  const wf = a.workflow;
  // Business time (simulations run ahead of the clock) and the Swedish day it is.
  const now = Date.now() + ((wf as { clockOffsetMs?: number } | null | undefined)?.clockOffsetMs ?? 0);
  const today = localDate(now);
  const state = a.state;
  const paused = wf?.paused;
  const ended = a.status !== 'active';

  // Läget: the latest report, the next deadline, open escalations, overdue delmål.
  const latest = state.latestReport;
  const reportLine = latest
    ? `${statusBadge(latest.status)} ${latest.progress} % klart · rapporterad ${day(latest.submittedAt)}${latest.by ? ` av ${esc(latest.by)}` : ''}`
    : 'Ingen lägesrapport ännu.';
  const firstDeadline = (wf?.upcoming ?? []).find((u) => u.kind === 'deadline');
  const nextLine = ended
    ? `Uppföljningen har slutat: aktiviteten är ${a.status === 'cancelled' ? 'avbruten' : 'avslutad'}.`
    : paused
      ? `Pausad sedan ${day(paused.since)}: ${esc(paused.reason)}. Inget är planerat under pausen.${
          firstDeadline ? ` Efter pausen kommer nästa uppföljning ${days(Math.max(0, daysBetween(today, dueDay(firstDeadline.at))))} efter att aktiviteten återupptas.` : ''
        }`
      : firstDeadline
        ? `Nästa rapport senast ${deadlineDate(firstDeadline.at)}, ${inDays(daysBetween(today, dueDay(firstDeadline.at)))}${state.reportedForNextDeadline ? ' · redan rapporterad' : ''}.`
        : 'Ingen uppföljning planerad just nu.';
  const escalations = state.openEscalations.map((e) => {
    const body = BODIES[['operational', 'strategic', 'safety-council'][e.level - 1] ?? ''] ?? '';
    const age = daysBetween(localDate(Date.parse(e.since)), today);
    return `<li>Nivå ${e.level}${body ? ` (${esc(body)})` : ''}, öppen i ${days(age)}${e.deadlineDueAt ? ` för uppföljningen ${deadlineDate(e.deadlineDueAt)}` : ''}${e.acknowledgedAt ? ` · kvitterad ${day(e.acknowledgedAt)}` : ''}</li>`;
  });
  const reached = new Map(state.milestonesReached.map((m) => [m.milestoneId, m.on]));
  const order: readonly string[] = PHASE_KINDS;
  const milestoneStates = a.phases.flatMap((p) =>
    p.milestones.map((m) => ({
      phase: p,
      m,
      s: milestoneState({ dueDate: m.dueDate ?? null, status: m.status, reachedOn: reached.get(m.id) ?? null, closed: ended || order.indexOf(p.kind) < order.indexOf(a.phase) }, today),
    })),
  );
  const overdue = milestoneStates.filter((x) => x.s.state === 'overdue');
  const stateHtml = `<section class="activity-state card" aria-labelledby="state-heading">
    <h2 id="state-heading">Läget</h2>
    <dl>
      <dt>Senaste rapport</dt><dd id="latest-report">${reportLine}</dd>
      <dt>Nästa rapport</dt><dd id="next-report">${nextLine}</dd>
      <dt>Öppna eskaleringar</dt><dd>${escalations.length ? `<ul id="open-escalations">${escalations.join('')}</ul>` : 'Inga.'}</dd>
      <dt>Försenade delmål</dt><dd>${
        overdue.length
          ? `<ul id="overdue-milestones">${overdue.map((x) => `<li class="overdue off"><strong>${esc(x.m.title)}</strong>: ${esc(milestoneStateText(x.s))} (senast ${calendarDate(x.m.dueDate)})</li>`).join('')}</ul>`
          : 'Inga.'
      }</dd>
    </dl>
  </section>`;

  const lines = paused || ended ? [] : upcomingLines(wf?.upcoming ?? [], state.reportedForNextDeadline);
  const upcomingHtml = paused
    ? `<p>Inget är planerat medan aktiviteten är pausad. ${firstDeadline ? `Nästa uppföljning kommer ${days(Math.max(0, daysBetween(today, dueDay(firstDeadline.at))))} efter att den återupptas.` : ''}</p>`
    : `<ul>${lines.map((l) => `<li>${l}</li>`).join('') || '<li>Inget planerat just nu.</li>'}</ul>${lines.length ? '<p class="hint">Påminnelser skickas kl. 08.00 en arbetsdag.</p>' : ''}`;

  const phases = a.phases
    .map(
      (p) => `<li>${esc(p.name)}: ${calendarDate(p.startDate)} – ${calendarDate(p.targetDate)}, uppföljning ${esc(cadence(p.followUpEvery))}
      <ul>${milestoneStates
        .filter((x) => x.phase === p)
        .map(
          (x) =>
            `<li class="milestone milestone-${x.s.state.replace('_', '-')}${x.s.state === 'overdue' ? ' overdue off' : ''}">Delmål: ${esc(x.m.title)}${x.m.dueDate ? `, senast ${calendarDate(x.m.dueDate)}` : ''} (${esc(milestoneStateText(x.s, calendarDate))})</li>`,
        )
        .join('')}</ul></li>`,
    )
    .join('');
  // Agreement and party are compared by key on both sides: the session knows its membership's, the activity its own.
  const me = actor(session.user);
  const canReport = !ended && !!me && answersFor(me, { agreementId: a.agreement, ownerId: a.owner?.id ?? null, leadPartyId: a.leadParty.key }) !== null;
  const steer = canSteer(a) && !ended ? await steeringSection(a) : '';
  const edit = canEdit(a) && !ended ? await editingSection(a) : '';
  // The report form open at once for those who report; steering and editing each behind its own button,
  // which stays open when the page is drawn again after a change made there.
  const panel = (id: string, label: string, html: string, open = openPanels.has(`${a.id}:${id}`)) =>
    html
      ? `<div class="panel"><h2 id="${id}-heading"><button type="button" class="panel-toggle" aria-expanded="${open}" aria-controls="${id}-panel">${label}</button></h2>
        <div id="${id}-panel" ${open ? '' : 'hidden'}>${html}</div></div>`
      : '';
  show(
    a.title,
    `<div id="activity-notice" class="success-notice ok card" role="status" tabindex="-1" ${notice ? '' : 'hidden'}>${notice ? esc(notice) : ''}</div>
    ${stateHtml}
    <p>Ansvarig part: ${esc(a.leadParty.name)}${a.owner ? ` · Aktivitetsansvarig: ${esc(a.owner.name)}` : ' · Ingen aktivitetsansvarig'}</p>
    <p>Målområden: ${a.goalAreas.map((g) => `${esc(g.code)} ${esc(g.title)}`).join(', ')}</p>
    <p>Fas: ${esc(PHASES[a.phase])} · Eskaleringsnivå: ${wf?.escalationLevel ?? 0}</p>
    <h2>Kommande</h2>${upcomingHtml}
    <h2>Faser och delmål</h2><ul>${phases}</ul>
    ${ended ? `<p><strong>${a.status === 'cancelled' ? 'Aktiviteten är avbruten' : 'Aktiviteten är avslutad'}</strong>: den tar inte emot fler rapporter.</p>` : ''}
    ${canReport ? `<div class="panel"><h2 id="report-heading">Lämna lägesrapport</h2>${reportForm(a)}</div>` : ''}
    ${panel('steering', 'Styr aktiviteten', steer.replace(/^\s*<h2>Styr aktiviteten<\/h2>/, ''))}
    ${panel('editing', 'Redigera aktiviteten', edit.replace(/^\s*<h2>[^<]*<\/h2>/, ''))}
    <h2>Tidslinje</h2><ol>${
      (timeline ?? [])
        .slice()
        .reverse()
        .map((t) => `<li>${dateTime(t.at)}: ${esc(t.text)}${t.by ? ` <span class="by">(${esc(t.by)})</span>` : ''}</li>`)
        .join('') || '<li>Inget har hänt ännu.</li>'
    }</ol>`,
  );
  for (const toggle of document.querySelectorAll<HTMLButtonElement>('.panel-toggle')) {
    toggle.addEventListener('click', () => {
      const open = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(open));
      const controls = toggle.getAttribute('aria-controls')!;
      document.getElementById(controls)!.hidden = !open;
      const remembered = `${a.id}:${controls.replace(/-panel$/, '')}`;
      if (open) openPanels.add(remembered);
      else openPanels.delete(remembered);
    });
  }
  if (notice) document.getElementById('activity-notice')!.focus();
  wireSteering(key, () => activity(key));
  wireEditing(key, () => activity(key));
  const form = document.getElementById('report') as HTMLFormElement | null;
  if (!form) return;
  // A report being written is kept in this browser until it is sent.
  const draft = keepDraft(form, `report:${a.id}`);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const status = oneOf(REPORT_STATUSES, (form.querySelector('input[name=status]:checked') as HTMLInputElement).value) ?? 'on_track';
    const progress = parseProgress((form.elements.namedItem('progress') as HTMLInputElement).value);
    const summary = (form.elements.namedItem('summary') as HTMLTextAreaElement).value.trim();
    const nextSteps = (form.elements.namedItem('nextSteps') as HTMLTextAreaElement).value.trim();
    // Only the delmål whose box was changed: checked is done, unchecked open again.
    const milestones = Array.from(form.querySelectorAll<HTMLInputElement>('input[name=milestone]'))
      .map((box) => ({ milestoneId: box.value, status: box.checked ? ('done' as const) : ('open' as const), was: box.dataset.was }))
      .filter((m) => m.status !== m.was)
      .map(({ milestoneId, status: s }) => ({ milestoneId, status: s }));
    const problems: FieldProblem[] = [];
    if (progress.error !== undefined) problems.push({ field: 'progress', message: progress.error });
    if (summary.length < 3) problems.push({ field: 'summary', message: 'Skriv en lägesbeskrivning (minst 3 tecken).' });
    if (summary.length > 5000) problems.push({ field: 'summary', message: `Lägesbeskrivningen får vara högst 5000 tecken (nu ${summary.length}).` });
    if (nextSteps.length > 2000) problems.push({ field: 'nextSteps', message: `Nästa steg får vara högst 2000 tecken (nu ${nextSteps.length}). Korta texten.` });
    if (problems.length || progress.value === undefined) return void showFieldErrors(form, problems);
    const sent = await api.POST('/api/activities/{idOrKey}/reports', {
      params: { path: { idOrKey: key }, query: {}, header: { 'Idempotency-Key': crypto.randomUUID() } },
      body: { status, progress: progress.value, summary, ...(nextSteps ? { nextSteps } : {}), ...(milestones.length ? { milestones } : {}) },
    });
    if (!sent.data) return void showFieldErrors(form, sent);
    draft.clear();
    const said = `${REPORT_STATUS_SV[status].text}, ${progress.value} %`;
    await activity(
      key,
      sent.data.delivery === 'delivered'
        ? `Tack! Rapporten är skickad (${said}). Läget nedan visar den.`
        : `Tack! Rapporten är sparad (${said}) och når uppföljningen så snart systemet svarar.`,
    );
  });
}
