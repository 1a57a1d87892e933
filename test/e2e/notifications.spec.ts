/**
 * Notifications people act on: Swedish e-mail through a real SMTP server, the in-app inbox, and the
 * calendar feed, with a real worker on the Temporal dev server.
 */
import ical from 'node-ical';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { localDate } from '@app/domain';
import { createMailer } from '@app/notifications';
import { NotificationMailClient } from '@app/temporal';
import { activityLifecycleWorkflow } from '@app/workflows/activity-lifecycle/activity-lifecycle.workflow';
import { lifecycleWorkflowId } from '@app/workflows/activity-lifecycle/activity-lifecycle.messages';
import { createSecondsFixture } from '../support/lifecycle-fixture';
import { addMember } from '../support/members';
import { untilPlanLoaded } from '../support/workflow-state';
import { useTestSmtp } from '../support/test-smtp';
import { useLiveApi } from '../support/live-api';
import { startTestApi } from '../support/test-api';
import { freePort } from '@app/devstack';

type Agent = ReturnType<typeof request.agent>;
const PUBLIC_URL = 'http://samverkan.test';

async function eventually<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('gave up waiting');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('notifications: e-mail, inbox and calendar feed', () => {
  const smtp = useTestSmtp(); // before the worker, which mails to it
  const live = useLiveApi('2026-11-23', {
    env: { PUBLIC_URL },
    worker: ({ client, taskQueue }) => ({
      mailer: createMailer(smtp.url, 'Samverkan <noreply@samverkan.test>'),
      publicUrl: PUBLIC_URL,
      startMail: (ids) => new NotificationMailClient(client, taskQueue).start(ids),
    }),
  });
  let ds: DataSource;
  let polis: Agent, operativ: Agent;
  beforeAll(async () => {
    ds = live.ds;
    [polis, operativ] = await Promise.all([live.as('polis@samverkan.example'), live.as('operativ@samverkan.example')]);
  });

  it('an off-track report reaches the owner, the party coordinator and operational leadership, once each, in Swedish', async () => {
    const [mbu] = await ds.query(`SELECT id FROM activity WHERE key = 'mbu'`);
    await untilPlanLoaded(live.client.workflow.getHandle(lifecycleWorkflowId(mbu.id))); // a first report is taken at once (201) only then
    await polis.post('/api/activities/mbu/reports').send({ status: 'off_track', progress: 20, summary: 'Inga besök sedan september.' }).expect(201);
    const mails = await eventually(async () => {
      const found = smtp.messages.filter((m) => m.subject?.includes('Människan bakom uniformen'));
      return found.length >= 3 && found;
    });
    await new Promise((r) => setTimeout(r, 1000)); // a duplicate would arrive now
    const escalationMails = smtp.messages.filter((m) => m.subject?.includes('Människan bakom uniformen'));
    expect(escalationMails.map((m) => (m.to as { text: string }).text).sort()).toEqual([
      'operativ@samverkan.example',
      'polis.samordnare@samverkan.example',
      'polis@samverkan.example',
    ]);
    const mail = mails[0];
    expect(mail.subject).toBe('Eskalering nivå 1 till Övergripande operativ ledning: ”Människan bakom uniformen (MBU)”');
    expect(mail.text).toContain('avviker från planen');
    expect(mail.html).toContain(`href="${PUBLIC_URL}/#/vasteras-2023-2027/aktivitet/mbu"`);
    const link = /(http:\/\/samverkan\.test\S+)/.exec(mail.text ?? '')![1];
    // The link opens the activity's page in the web app, under its agreement; the activity it names is there.
    expect(link).toBe(`${PUBLIC_URL}/#/vasteras-2023-2027/aktivitet/mbu`);
    const [, agreementKey, , activityKey] = new URL(link).hash.split('/');
    await polis.get(`/api/activities/${activityKey}?agreement=${agreementKey}`).expect(200);

    const inbox = await operativ.get('/api/notifications').expect(200);
    expect(inbox.body.unread).toBe(1);
    expect(inbox.body.items[0]).toMatchObject({ kind: 'escalation', agreement: 'vasteras-2023-2027', readAt: null, email: 'sent', link });
    await operativ.post(`/api/notifications/${inbox.body.items[0].id}/read`).expect(200);
    expect((await operativ.get('/api/notifications/unread-count').expect(200)).body.unread).toBe(0);
    await polis.post(`/api/notifications/${inbox.body.items[0].id}/read`).expect(404); // not theirs
  });

  it('an acknowledged escalation goes back to the owner', async () => {
    const [escalation] = (await operativ.get('/api/escalations?activity=mbu').expect(200)).body.items;
    smtp.messages.length = 0;
    await operativ.post(`/api/escalations/${escalation.id}/acknowledge`).send({ comment: 'Vi ringer polisområdet i morgon.' }).expect(200);
    const [mail] = await eventually(async () => smtp.messages.length >= 1 && smtp.messages);
    expect((mail.to as { text: string }).text).toBe('polis@samverkan.example');
    expect(mail.subject).toBe('Eskaleringen för ”Människan bakom uniformen (MBU)” är kvitterad');
    expect(mail.text).toContain('Vi ringer polisområdet i morgon.');
    const inbox = await polis.get('/api/notifications').expect(200);
    expect(inbox.body.items.map((n: { kind: string }) => n.kind)).toEqual(expect.arrayContaining(['acknowledged', 'escalation']));
    expect((await polis.post('/api/notifications/read-all').expect(200)).body.marked).toBeGreaterThanOrEqual(2);
  });

  it('a reminder names the deadline in Swedish date format', async () => {
    smtp.messages.length = 0;
    const { activityId, agreementKey } = await createSecondsFixture(ds, 'PT4S', { reminderOffsets: ['PT2S'], escalationLadder: [{ level: 1, body: 'operational', after: 'P3D' }] });
    // The fixture's agreement is one of its own: its administrator and the next owner are made members of it.
    await addMember(ds, { email: 'admin@samverkan.example', agreementKey, party: null, roles: ['admin'] });
    await addMember(ds, { email: 'stad@samverkan.example', agreementKey, party: 'city', roles: ['owner'] });
    const client = live.client;
    await client.workflow.start(activityLifecycleWorkflow, {
      workflowId: lifecycleWorkflowId(activityId),
      taskQueue: live.taskQueue,
      args: [{ activityId, simulatedStart: '2024-06-03T10:00:00+02:00' }],
    });
    try {
      const [mail] = await eventually(async () => smtp.messages.filter((m) => m.subject?.startsWith('Påminnelse')).length > 0 && smtp.messages.filter((m) => m.subject?.startsWith('Påminnelse')));
      expect(mail.subject).toBe('Påminnelse: lägesrapport för ”Testaktivitet” senast 3 juni 2024');
      expect(mail.text).toContain('personuppgifter');

      // Recipients are resolved when a reminder is sent: a new owner gets the next one.
      const admin = await live.as('admin@samverkan.example');
      const [stad] = await ds.query(`SELECT id FROM app_user WHERE email = 'stad@samverkan.example'`);
      await admin.put(`/api/activities/${activityId}/owner`).send({ ownerId: stad.id }).expect(200);
      const toNewOwner = await eventually(async () => {
        const found = smtp.messages.filter((m) => m.subject?.startsWith('Påminnelse') && (m.to as { text: string }).text === 'stad@samverkan.example');
        return found.length > 0 && found;
      });
      expect(toNewOwner[0].subject).toMatch(/^Påminnelse: lägesrapport för ”Testaktivitet”/);
    } finally {
      await client.workflow.getHandle(lifecycleWorkflowId(activityId)).terminate('test finished');
    }
  });

  it('serves a secret calendar feed with the same deadlines the API shows; rotating it ends the old address', async () => {
    expect((await polis.get('/api/me/calendar-feed').expect(200)).body).toMatchObject({ active: false, createdAt: null });
    const { url } = (await polis.post('/api/me/calendar-feed').expect(200)).body;
    expect(url).toMatch(new RegExp(`^${PUBLIC_URL}/api/calendar/[A-Za-z0-9_-]+\\.ics$`));
    expect((await polis.get('/api/me/calendar-feed').expect(200)).body).toEqual({ active: true, createdAt: expect.any(String), message: expect.stringContaining('visas bara när den skapas') });
    // Stored as its hash only: nothing in the row holds the secret.
    const secret = /\/api\/calendar\/([^/]+)\.ics$/.exec(url)![1];
    const [row] = await ds.query(`SELECT to_jsonb(u) AS row FROM app_user u WHERE email = 'polis@samverkan.example'`);
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(row.row.calendar_token_hash).toMatch(/^[0-9a-f]{64}$/);
    const path = new URL(url).pathname;
    const feed = await request(live.app.getHttpServer()).get(path).expect(200).expect('Content-Type', /text\/calendar/);
    const events = Object.values(ical.sync.parseICS(feed.text)).filter((e): e is ical.VEvent => e?.type === 'VEVENT');

    const expected: string[] = [];
    for (const key of ['mbu', 'myndighetsnarvaro', 'nyrekrytering', 'skjutningar']) {
      const detail = (await polis.get(`/api/activities/${key}`).expect(200)).body;
      for (const item of detail.workflow.upcoming) if (item.kind === 'deadline') expected.push(`${detail.title} ${localDate(Date.parse(item.at) - 1)}`);
    }
    const fromFeed = events.map((e) => {
      const d = e.start as Date;
      const date = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
      return `${String(e.summary).replace('Lägesrapport: ', '')} ${date}`;
    });
    expect(expected.length).toBeGreaterThan(0);
    expect(fromFeed.sort()).toEqual(expected.sort());

    const rotated = (await polis.post('/api/me/calendar-feed').expect(200)).body.url;
    expect(rotated).not.toBe(url);
    await request(live.app.getHttpServer()).get(path).expect(404);
    await request(live.app.getHttpServer()).get(new URL(rotated).pathname).expect(200);
  });

  it('reads the agendas from PostgreSQL: while Temporal is away the feed is the same; only an agenda not written yet makes it a 503, never a feed without those deadlines', async () => {
    const { url } = (await polis.post('/api/me/calendar-feed').expect(200)).body;
    const path = new URL(url).pathname;
    const withTemporal = (await request(live.app.getHttpServer()).get(path).expect(200)).text;
    expect(withTemporal).toContain('BEGIN:VEVENT');
    const cut = await startTestApi({ DATABASE_URL: live.db.url, TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}` });
    const [one] = await ds.query(`SELECT id, agenda_synced_at FROM activity a WHERE owner_id = (SELECT id FROM app_user WHERE email = 'polis@samverkan.example') AND status = 'active' LIMIT 1`);
    try {
      const away = await request(cut.getHttpServer()).get(path);
      expect(away.status).toBe(200);
      const events = (text: string) => text.split('\r\n').filter((l) => /^(UID|DTSTART|SUMMARY)/.test(l)).sort();
      expect(events(away.text)).toEqual(events(withTemporal));
      // A workflow that has not written its agenda yet is asked live; with Temporal away, that is a 503.
      await ds.query(`UPDATE activity SET agenda_synced_at = NULL WHERE id = $1`, [one.id]);
      const unwritten = await request(cut.getHttpServer()).get(path);
      expect([unwritten.status, unwritten.body.message]).toEqual([503, expect.stringMatching(/Temporal/)]);
    } finally {
      await ds.query(`UPDATE activity SET agenda_synced_at = $2 WHERE id = $1`, [one.id, one.agenda_synced_at]);
      await cut.close();
    }
  });

  it('lets each person choose immediate e-mail, the digest only, or both', async () => {
    await polis.put('/api/me/notification-settings').send({ email: 'weekly' }).expect(400);
    expect((await polis.put('/api/me/notification-settings').send({ email: 'digest' }).expect(200)).body).toEqual({ email: 'digest' });
    const [{ notify_by_email }] = await ds.query(`SELECT notify_by_email FROM app_user WHERE email = 'polis@samverkan.example'`);
    expect(notify_by_email).toBe('digest');
    const audit = await ds.query(`SELECT action, actor_email, before, after FROM audit_entry WHERE action LIKE 'user.%' AND actor_email = 'polis@samverkan.example' ORDER BY at`);
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: 'user.calendar-feed-rotated', actor_email: 'polis@samverkan.example', before: null, after: null },
        { action: 'user.notification-settings', actor_email: 'polis@samverkan.example', before: { email: 'immediate' }, after: { email: 'digest' } },
      ]),
    );
  });
});
