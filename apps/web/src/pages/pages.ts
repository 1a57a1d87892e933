import { api, messageOf, session } from '../api';
import { BODIES, dateTime, deadlineDate, esc, PHASES, show, statusBadge, announce } from '../ui';
import { navigate } from '../router';
import { canSteer, steeringSection, wireSteering } from './admin';

const STATUS_WORDS = { on_track: 'enligt plan', at_risk: 'med risk för avvikelse', off_track: 'som avviker från plan', none: 'utan rapport' } as const;

const has = (...roles: string[]) => roles.some((r) => session.user?.roles.includes(r));

export async function signIn(): Promise<void> {
  show(
    'Logga in',
    `<form id="login" novalidate>
      <label for="email">E-postadress</label>
      <input id="email" name="email" type="email" autocomplete="username" required>
      <label for="password">Lösenord</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required>
      <p id="login-error" class="error" role="alert"></p>
      <button type="submit">Logga in</button>
    </form>`,
  );
  document.getElementById('login')!.addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const email = (form.elements.namedItem('email') as HTMLInputElement).value.trim();
    const password = (form.elements.namedItem('password') as HTMLInputElement).value;
    const { data, error } = await api.POST('/api/auth/login', { body: { email, password } });
    if (!data) {
      document.getElementById('login-error')!.textContent = error ? messageOf(error) === 'Wrong e-mail or password.' ? 'Fel e-postadress eller lösenord.' : messageOf(error) : 'Inloggningen misslyckades.';
      return;
    }
    session.set(data.accessToken, data.user);
    navigate(has('owner', 'coordinator') ? '#/mina' : '#/oversikt');
  });
}

export async function mine(): Promise<void> {
  const { data, error } = await api.GET('/api/me/activities');
  if (!data) return show('Mina aktiviteter', `<p class="error">${esc(messageOf(error))}</p>`);
  const rows = data
    .map(
      (a) => `<tr><th scope="row"><a href="#/aktivitet/${esc(a.key)}">${esc(a.title)}</a></th><td>${esc(PHASES[a.phase])}</td>
      <td>${a.overdue ? '<strong>Försenad</strong> · ' : ''}${deadlineDate(a.nextDeadline)}</td><td>${statusBadge(a.latestStatus)}</td></tr>`,
    )
    .join('');
  show(
    'Mina aktiviteter',
    data.length
      ? `<table><caption>Aktiviteter du ansvarar för, försenade först</caption><thead><tr><th scope="col">Aktivitet</th><th scope="col">Fas</th><th scope="col">Nästa uppföljning</th><th scope="col">Senaste status</th></tr></thead><tbody>${rows}</tbody></table>`
      : '<p>Du ansvarar inte för någon aktivitet.</p>',
  );
}

export async function activity(key: string): Promise<void> {
  const [{ data: a, error }, { data: timeline }] = await Promise.all([
    api.GET('/api/activities/{idOrKey}', { params: { path: { idOrKey: key }, query: {} } }),
    api.GET('/api/activities/{idOrKey}/timeline', { params: { path: { idOrKey: key }, query: {} } }),
  ]);
  if (!a) return show('Aktivitet', `<p class="error">${esc(messageOf(error))}</p>`);
  const upcoming = (a.workflow?.upcoming ?? [])
    .slice(0, 6)
    .map((u) => `<li>${u.kind === 'deadline' ? 'Uppföljning senast' : u.kind === 'reminder' ? 'Påminnelse' : `Eskalering nivå ${u.level}`} ${u.kind === 'deadline' ? deadlineDate(u.at) : dateTime(u.at)}</li>`)
    .join('');
  const phases = a.phases
    .map((p) => `<li>${esc(p.name)}: ${esc(p.startDate)} – ${esc(p.targetDate)}, uppföljning ${esc(p.followUpEvery)}<ul>${p.milestones.map((m) => `<li>Delmål: ${esc(m.title)} (${m.status === 'done' ? 'klart' : 'pågår'})</li>`).join('')}</ul></li>`)
    .join('');
  const canReport = (a.owner && a.owner.id === session.user?.id) || (has('coordinator') && session.user?.party === a.leadParty.key);
  const form = canReport
    ? `<h2>Lämna lägesrapport</h2>
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
      <p id="report-error" class="error" role="alert"></p>
      <button type="submit">Skicka rapport</button>
    </form>`
    : '';
  show(
    a.title,
    `<p>Ansvarig part: ${esc(a.leadParty.name)}${a.owner ? ` · Aktivitetsansvarig: ${esc(a.owner.name)}` : ''}</p>
    <p>Målområden: ${a.goalAreas.map((g) => `${esc(g.code)} ${esc(g.title)}`).join(', ')}</p>
    <p>Fas: ${esc(PHASES[a.phase])}${a.workflow?.paused ? ` · <strong>Pausad</strong>: ${esc(a.workflow.paused.reason)}` : ''} · Eskaleringsnivå: ${a.workflow?.escalationLevel ?? 0}</p>
    <h2>Kommande</h2><ul>${upcoming || '<li>Inget planerat just nu.</li>'}</ul>
    <h2>Faser och delmål</h2><ul>${phases}</ul>
    ${form}
    ${canSteer(a.leadParty.key) && a.status === 'active' ? await steeringSection(a) : ''}
    <h2>Tidslinje</h2><ol>${(timeline ?? []).slice().reverse().map((t) => `<li>${dateTime(t.at)}: ${esc(t.text)}</li>`).join('') || '<li>Inget har hänt ännu.</li>'}</ol>`,
  );
  wireSteering(key, () => activity(key));
  document.getElementById('report')?.addEventListener('submit', async (event) => {
    event.preventDefault();
    const f = event.target as HTMLFormElement;
    const status = (f.querySelector('input[name=status]:checked') as HTMLInputElement).value as 'on_track' | 'at_risk' | 'off_track';
    const progressText = (f.elements.namedItem('progress') as HTMLInputElement).value;
    const summary = (f.elements.namedItem('summary') as HTMLTextAreaElement).value.trim();
    const problem = !/^\d{1,3}$/.test(progressText) || Number(progressText) > 100 ? 'Ange hur långt ni kommit som ett heltal mellan 0 och 100.' : summary.length < 3 ? 'Skriv en lägesbeskrivning (minst 3 tecken).' : null;
    const out = document.getElementById('report-error')!;
    if (problem) {
      out.textContent = problem;
      return;
    }
    const { data, error } = await api.POST('/api/activities/{idOrKey}/reports', {
      params: { path: { idOrKey: key }, query: {}, header: { 'Idempotency-Key': crypto.randomUUID() } },
      body: { status, progress: Number(progressText), summary },
    });
    if (!data) {
      out.textContent = messageOf(error);
      return;
    }
    announce(data.delivery === 'delivered' ? 'Rapporten är skickad.' : 'Rapporten är sparad och skickas vidare så snart systemet svarar.');
    await activity(key);
  });
}

export async function overview(): Promise<void> {
  const { data: o, error } = await api.GET('/api/overview', { params: { query: {} } });
  if (!o) return show('Översikt', `<p class="error">${esc(messageOf(error))}</p>`);
  const table = (caption: string, head: string, rows: typeof o.goalAreas, link: (key: string) => string) =>
    `<table><caption>${esc(caption)}</caption><thead><tr><th scope="col">${esc(head)}</th><th scope="col">Aktiviteter</th><th scope="col">Enligt plan</th><th scope="col">Risk</th><th scope="col">Avviker</th><th scope="col">Utan rapport</th><th scope="col">Försenade</th><th scope="col">Öppna eskaleringar (nivå 1/2/3)</th></tr></thead><tbody>${rows
      .map(
        (r) => `<tr><th scope="row">${esc(r.key.length === 1 ? `${r.key} ${r.title}` : r.title)}</th><td><a href="${link(r.key)}">${r.activities}</a></td>
        ${(['on_track', 'at_risk', 'off_track', 'none'] as const).map((st) => `<td><a href="${link(r.key)}&status=${st}" aria-label="${r.status[st]} ${STATUS_WORDS[st]}">${r.status[st]}</a></td>`).join('')}
        <td><a href="${link(r.key)}&overdue=true" aria-label="${r.overdue} försenade">${r.overdue}</a></td>
        <td>${[1, 2, 3].map((l) => `<a href="#/eskaleringar?level=${l}" aria-label="${r.openEscalations[l] ?? 0} öppna eskaleringar på nivå ${l}">${r.openEscalations[l] ?? 0}</a>`).join(' / ')}</td></tr>`,
      )
      .join('')}</tbody></table>`;
  show(
    'Översikt',
    `<p>Alla aktiviteter: ${o.total.activities} · ${statusBadge('off_track')} ${o.total.status.off_track} · Försenade: ${o.total.overdue}</p>
    ${table('Per målområde', 'Målområde', o.goalAreas, (k) => `#/aktiviteter?goalArea=${k}`)}
    ${table('Per part', 'Part', o.parties, (k) => `#/aktiviteter?party=${k}`)}
    ${table('Per fas', 'Fas', o.phases, (k) => `#/aktiviteter?phase=${k}`)}`,
  );
}

export async function activities(query: URLSearchParams): Promise<void> {
  const q = Object.fromEntries(query.entries());
  const { data, error } = await api.GET('/api/activities', { params: { query: q as never } });
  if (!data) return show('Aktiviteter', `<p class="error">${esc(messageOf(error))}</p>`);
  const filters: Record<string, string> = { on_track: 'Enligt plan', at_risk: 'Risk för avvikelse', off_track: 'Avviker från plan', none: 'Utan rapport' };
  const about = [query.get('status') ? filters[query.get('status')!] : null, query.get('overdue') ? 'Försenade' : null].filter(Boolean).join(', ');
  show(
    about ? `Aktiviteter: ${about}` : 'Aktiviteter',
    `<p>${data.total} aktiviteter</p><ul>${data.items.map((a) => `<li><a href="#/aktivitet/${esc(a.key)}">${esc(a.title)}</a> (${esc(PHASES[a.phase])})</li>`).join('')}</ul>`,
  );
}

export async function escalations(query: URLSearchParams): Promise<void> {
  const level = query.get('level');
  const { data, error } = await api.GET('/api/escalations', { params: { query: { state: 'all', ...(level ? { level: Number(level) } : {}) } as never } });
  if (!data) return show('Eskaleringar', `<p class="error">${esc(messageOf(error))}</p>`);
  const canAct = has('operational', 'strategic');
  const items = data.items
    .map(
      (e) => `<li><h2><a href="#/aktivitet/${esc(e.activity.key)}">${esc(e.activity.title)}</a></h2>
      <p>Nivå ${e.level}: ${esc(BODIES[e.body])} · ${e.cause === 'off_track' ? 'Rapport: avviker från plan' : 'Uppföljning uteblev'} · ${dateTime(e.firedAt)}</p>
      ${e.resolvedAt ? '<p>Åtgärdad genom ny rapport.</p>' : ''}
      ${e.acknowledgedAt ? `<p>Kvitterad ${dateTime(e.acknowledgedAt)}: ${esc(e.acknowledgement)}</p>` : canAct && !e.resolvedAt ? `<form class="ack" data-id="${esc(e.id)}" novalidate>
        <label for="c-${esc(e.id)}">Kommentar (vad gör ledningen?)</label><textarea id="c-${esc(e.id)}" rows="2" required></textarea>
        <p class="error" role="alert"></p><button type="submit">Kvittera</button></form>` : ''}</li>`,
    )
    .join('');
  show('Eskaleringar', data.items.length ? `<ul>${items}</ul>` : '<p>Inga eskaleringar.</p>');
  for (const form of Array.from(document.querySelectorAll<HTMLFormElement>('form.ack'))) {
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const id = form.dataset.id!;
      const comment = form.querySelector('textarea')!.value.trim();
      const { data: done, error: failed } = await api.POST('/api/escalations/{id}/acknowledge', { params: { path: { id } }, body: { comment } });
      if (!done) {
        form.querySelector('.error')!.textContent = comment ? messageOf(failed) : 'Skriv en kommentar: vad gör ledningen?';
        return;
      }
      announce('Eskaleringen är kvitterad.');
      await escalations(query);
    });
  }
}

export async function notifications(): Promise<void> {
  const { data, error } = await api.GET('/api/notifications', { params: { query: {} } });
  if (!data) return show('Notiser', `<p class="error">${esc(messageOf(error))}</p>`);
  show(
    'Notiser',
    `<p>${data.unread} olästa</p>${data.unread ? '<button type="button" id="read-all" class="secondary">Markera alla som lästa</button>' : ''}
    <ul>${data.items.map((n) => `<li class="${n.readAt ? '' : 'unread'}">${n.readAt ? '' : '<span class="visually-hidden">Oläst: </span>'}${esc(n.subject)} <span class="hint">${dateTime(n.createdAt)}</span></li>`).join('')}</ul>`,
  );
  document.getElementById('read-all')?.addEventListener('click', async () => {
    await api.POST('/api/notifications/read-all');
    await notifications();
  });
}
