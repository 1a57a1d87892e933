/**
 * Notifications stay within their tenant: with both demo tenants seeded (Västerås and the fictional
 * Exempelby), an escalation in Exempelby reaches Exempelby's people only, in-app and by e-mail; the
 * police coordinator who is a member of both hears of it as Exempelby's member, with an Exempelby
 * link; Västerås's weekly digests and a Västerås person's calendar feed hold nothing of Exempelby.
 * Real parts: the API, a worker on the Temporal dev server, a real SMTP server, the feed parsed as
 * iCalendar.
 */
import { randomUUID } from 'node:crypto';
import ical from 'node-ical';
import request from 'supertest';
import type { ParsedMail } from 'mailparser';
import { DataSource } from 'typeorm';
import { createMailer } from '@app/notifications';
import { ActivityLifecycleClient, NotificationMailClient } from '@app/temporal';
import { lifecycleWorkflowId } from '@app/workflows/activity-lifecycle/activity-lifecycle.messages';
import { weeklyDigestWorkflow } from '@app/workflows/notifications/weekly-digest.workflow';
import { useLiveApi } from '../support/live-api';
import { useTestSmtp } from '../support/test-smtp';
import { untilPlanLoaded } from '../support/workflow-state';

type Agent = ReturnType<typeof request.agent>;
const PUBLIC_URL = 'http://samverkan.test';
const VASTERAS = 'vasteras-2023-2027';
const EXEMPELBY = 'exempelby-2025-2028';
const SAMORDNARE = 'polis.samordnare@samverkan.example';

async function eventually<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('gave up waiting');
    await new Promise((r) => setTimeout(r, 200));
  }
}

const to = (m: ParsedMail) => (m.to as { text: string }).text;
const urlsIn = (text: string) => text.match(/https?:\/\/\S+/g) ?? [];

describe('notifications within one tenant', () => {
  const smtp = useTestSmtp(); // before the worker, which mails to it
  const live = useLiveApi('2026-11-23', {
    agreements: 'demo',
    env: { PUBLIC_URL },
    worker: ({ client, taskQueue }) => ({
      mailer: createMailer(smtp.url, 'Samverkan <noreply@samverkan.test>'),
      publicUrl: PUBLIC_URL,
      startMail: (ids) => new NotificationMailClient(client, taskQueue).start(ids),
      upcomingDeadlines: (id) => new ActivityLifecycleClient(client, taskQueue).upcomingDeadlines(id),
    }),
  });
  let ds: DataSource;
  let agreementId: Record<string, string>;
  /** People of one tenant only: members of the one agreement and not of the other. */
  let onlyOf: Record<string, string[]>;
  let activitiesOf: Record<string, { id: string; key: string; title: string }[]>;
  let polisEx: Agent, polisV: Agent, operativV: Agent, samordnare: Agent;

  beforeAll(async () => {
    ds = live.ds;
    const agreements: { id: string; key: string }[] = await ds.query(`SELECT id, key FROM agreement`);
    agreementId = Object.fromEntries(agreements.map((a) => [a.key, a.id]));
    expect(Object.keys(agreementId).sort()).toEqual([EXEMPELBY, VASTERAS]);
    onlyOf = {};
    activitiesOf = {};
    for (const [key, other] of [[VASTERAS, EXEMPELBY], [EXEMPELBY, VASTERAS]]) {
      const rows: { email: string }[] = await ds.query(
        `SELECT u.email FROM app_user u JOIN membership m ON m.user_id = u.id
          WHERE m.agreement_id = $1 AND NOT EXISTS (SELECT 1 FROM membership o WHERE o.user_id = u.id AND o.agreement_id = $2)
          ORDER BY u.email`,
        [agreementId[key], agreementId[other]],
      );
      onlyOf[key] = rows.map((r) => r.email);
      activitiesOf[key] = await ds.query(`SELECT id, key, title FROM activity WHERE agreement_id = $1 ORDER BY key`, [agreementId[key]]);
    }
    expect(onlyOf[VASTERAS]).toEqual(expect.arrayContaining(['operativ@samverkan.example', 'polis@samverkan.example']));
    expect(onlyOf[VASTERAS]).not.toContain(SAMORDNARE);
    expect(activitiesOf[EXEMPELBY]).toHaveLength(5);
    [polisEx, polisV, operativV, samordnare] = await Promise.all(
      ['polis@exempelby.example', 'polis@samverkan.example', 'operativ@samverkan.example', SAMORDNARE].map((email) => live.as(email)),
    );
  });

  async function reportOffTrack(agent: Agent, agreementKey: string, summary: string): Promise<void> {
    const mbu = activitiesOf[agreementKey].find((a) => a.key === 'mbu')!;
    await untilPlanLoaded(live.client.workflow.getHandle(lifecycleWorkflowId(mbu.id))); // a first report is taken at once (201) only then
    await agent.post(`/api/activities/mbu/reports?agreement=${agreementKey}`).send({ status: 'off_track', progress: 20, summary }).expect(201);
  }

  it('an escalation in Exempelby notifies nobody at Västerås; the coordinator of both hears of it as an Exempelby member, with an Exempelby link', async () => {
    smtp.messages.length = 0;
    await reportOffTrack(polisEx, EXEMPELBY, 'Besöken på fritidsgårdarna har uteblivit.');
    const title = 'Människan bakom uniformen i Exempelby';
    await eventually(async () => smtp.messages.filter((m) => m.subject?.includes(title)).length >= 3);
    await new Promise((r) => setTimeout(r, 1500)); // a mail to anyone else would arrive now

    // E-mail: the owner, Exempelby's police coordinator and its operational leadership; nobody else at all.
    expect(smtp.messages.map(to).sort()).toEqual(['operativ@exempelby.example', SAMORDNARE, 'polis@exempelby.example']);
    for (const mail of smtp.messages) expect(onlyOf[VASTERAS]).not.toContain(to(mail));

    // In-app: the same three rows, each of Exempelby's agreement; no row for any Västerås person.
    const exMbu = activitiesOf[EXEMPELBY].find((a) => a.key === 'mbu')!;
    const rows: { email: string; agreement_id: string; link: string }[] = await ds.query(
      `SELECT u.email, n.agreement_id, n.link FROM notification n JOIN app_user u ON u.id = n.recipient_user_id WHERE n.activity_id = $1 ORDER BY u.email`,
      [exMbu.id],
    );
    expect(rows.map((r) => r.email)).toEqual(['operativ@exempelby.example', SAMORDNARE, 'polis@exempelby.example']);
    for (const r of rows) expect(r).toMatchObject({ agreement_id: agreementId[EXEMPELBY], link: `${PUBLIC_URL}/#/${EXEMPELBY}/aktivitet/mbu` });
    const [{ count }] = await ds.query(
      `SELECT count(*)::int AS count FROM notification n JOIN app_user u ON u.id = n.recipient_user_id WHERE u.email = ANY($1)`,
      [onlyOf[VASTERAS]],
    );
    expect(count).toBe(0);

    // The coordinator of both: one mail, as Exempelby's member, whose link opens Exempelby's mbu (Västerås has an mbu too).
    const [mail] = smtp.messages.filter((m) => to(m) === SAMORDNARE);
    expect(mail.subject).toBe(`Eskalering nivå 1 till Övergripande operativ ledning: ”${title}”`);
    const link = `${PUBLIC_URL}/#/${EXEMPELBY}/aktivitet/mbu`;
    expect(urlsIn(mail.text ?? '')).toEqual([link]);
    expect(mail.html).toContain(`href="${link}"`);
    const [, agreementKey, , activityKey] = new URL(link).hash.split('/');
    expect((await samordnare.get(`/api/activities/${activityKey}?agreement=${agreementKey}`).expect(200)).body.title).toBe(title);

    // Their inbox: the notification names its agreement; filtered by agreement, Västerås's holds none of it.
    const all = (await samordnare.get('/api/notifications').expect(200)).body;
    expect(all.items).toEqual([expect.objectContaining({ kind: 'escalation', agreement: EXEMPELBY, link, readAt: null })]);
    expect((await samordnare.get(`/api/notifications?agreement=${EXEMPELBY}`).expect(200)).body.total).toBe(1);
    expect((await samordnare.get(`/api/notifications?agreement=${VASTERAS}`).expect(200)).body).toMatchObject({ items: [], total: 0, unread: 0 });
    expect((await samordnare.get(`/api/notifications/unread-count?agreement=${VASTERAS}`).expect(200)).body.unread).toBe(0);
    expect((await samordnare.get('/api/notifications/unread-count').expect(200)).body.unread).toBe(1);
    await samordnare.get('/api/notifications?agreement=eskilstuna-2025-2028').expect(400); // not one of theirs

    // A Västerås person's inbox holds nothing; the message is not theirs to mark read either.
    expect((await operativV.get('/api/notifications').expect(200)).body).toMatchObject({ items: [], total: 0, unread: 0 });
    await operativV.post(`/api/notifications/${all.items[0].id}/read`).expect(404);
    // E-mail problems are an agreement's, for its administrators: Västerås's admin cannot ask for Exempelby's.
    const adminV = await live.as('admin@samverkan.example');
    await adminV.get('/api/notifications/email-problems').expect(200);
    await adminV.get(`/api/notifications/email-problems?agreement=${EXEMPELBY}`).expect(400);
    await operativV.get('/api/notifications/email-problems').expect(403);
  });

  it('the weekly digest is one per person and agreement: Västerås’s hold nothing of Exempelby', async () => {
    // An open escalation in Västerås too, so that Västerås's digests have something to say.
    await reportOffTrack(polisV, VASTERAS, 'Inga besök sedan september.');
    await eventually(async () => smtp.messages.filter((m) => m.subject?.includes('Människan bakom uniformen (MBU)')).length >= 3);
    for (const agent of [operativV, samordnare]) await agent.put('/api/me/notification-settings').send({ email: 'both' }).expect(200);
    smtp.messages.length = 0;

    const written = await live.client.workflow.execute(weeklyDigestWorkflow, { workflowId: `weekly-digest-${randomUUID()}`, taskQueue: live.taskQueue, args: [] });
    expect(written).toBe(3); // the two who chose digests: one for operativ@, two for the coordinator
    const digests: { email: string; agreement_id: string; subject: string; body_text: string; link: string }[] = await ds.query(
      `SELECT u.email, n.agreement_id, n.subject, n.body_text, n.link FROM notification n JOIN app_user u ON u.id = n.recipient_user_id
        WHERE n.kind = 'digest' AND u.email = ANY($1) ORDER BY u.email, n.subject`,
      [['operativ@samverkan.example', SAMORDNARE]],
    );
    // One for the Västerås-only person; two for the coordinator of both, one per agreement.
    expect(digests.map((d) => [d.email, d.agreement_id])).toEqual([
      ['operativ@samverkan.example', agreementId[VASTERAS]],
      [SAMORDNARE, agreementId[EXEMPELBY]],
      [SAMORDNARE, agreementId[VASTERAS]],
    ]);
    const mails = await eventually(async () => {
      const found = smtp.messages.filter((m) => m.subject?.includes('din vecka') && [SAMORDNARE, 'operativ@samverkan.example'].includes(to(m)));
      return found.length >= 3 && found;
    });
    await new Promise((r) => setTimeout(r, 1000)); // a second digest would arrive now
    expect(smtp.messages.filter((m) => m.subject?.includes('din vecka') && to(m) === 'operativ@samverkan.example')).toHaveLength(1);
    expect(smtp.messages.filter((m) => m.subject?.includes('din vecka') && to(m) === SAMORDNARE)).toHaveLength(2);

    const exTitles = activitiesOf[EXEMPELBY].map((a) => a.title);
    const vTitles = activitiesOf[VASTERAS].map((a) => a.title);
    const ofAgreement = (key: string) => mails.filter((m) => m.subject?.startsWith(key === VASTERAS ? 'Samverkan Västerås 2023–2027: din vecka' : 'Samverkan Exempelby 2025–2028: din vecka'));
    const vasterasMails = ofAgreement(VASTERAS);
    expect(vasterasMails.map(to).sort()).toEqual(['operativ@samverkan.example', SAMORDNARE]);
    for (const mail of vasterasMails) {
      const text = mail.text ?? '';
      expect(text).toContain('– Människan bakom uniformen (MBU): nivå 1, Övergripande operativ ledning');
      expect(text.toLowerCase()).not.toContain('exempelby');
      for (const t of exTitles) expect(text).not.toContain(t);
      const urls = urlsIn(text);
      expect(urls).toContain(`${PUBLIC_URL}/#/${VASTERAS}/aktivitet/mbu`);
      for (const url of urls) expect(url.startsWith(`${PUBLIC_URL}/#/${VASTERAS}/`)).toBe(true);
    }
    const [exempelbyMail] = ofAgreement(EXEMPELBY);
    expect(to(exempelbyMail)).toBe(SAMORDNARE);
    expect(exempelbyMail.text).toContain('– Människan bakom uniformen i Exempelby: nivå 1, Övergripande operativ ledning');
    for (const t of vTitles) expect(exempelbyMail.text).not.toContain(t);
    for (const url of urlsIn(exempelbyMail.text ?? '')) expect(url.startsWith(`${PUBLIC_URL}/#/${EXEMPELBY}/`)).toBe(true);

    // In the inbox too, each digest under its agreement.
    const vInbox = (await samordnare.get(`/api/notifications?agreement=${VASTERAS}`).expect(200)).body.items;
    expect(vInbox.filter((n: { kind: string }) => n.kind === 'digest')).toEqual([expect.objectContaining({ agreement: VASTERAS, link: `${PUBLIC_URL}/#/${VASTERAS}/mina` })]);
  });

  async function feedOf(agent: Agent): Promise<{ activityId: string; url: string; summary: string }[]> {
    const { url } = (await agent.post('/api/me/calendar-feed').expect(200)).body;
    const feed = await request(live.app.getHttpServer()).get(new URL(url).pathname).expect(200).expect('Content-Type', /text\/calendar/);
    return Object.values(ical.sync.parseICS(feed.text))
      .filter((e): e is ical.VEvent => e?.type === 'VEVENT')
      .map((e) => ({ activityId: String(e.uid).slice(0, 36), url: String(e.url), summary: String(e.summary) }));
  }

  it('a Västerås person’s calendar feed holds nothing of Exempelby; the coordinator’s names each entry’s own agreement', async () => {
    const exIds = new Set(activitiesOf[EXEMPELBY].map((a) => a.id));
    const vById = new Map(activitiesOf[VASTERAS].map((a) => [a.id, a]));
    const exById = new Map(activitiesOf[EXEMPELBY].map((a) => [a.id, a]));

    const polisFeed = await feedOf(polisV);
    expect(polisFeed.length).toBeGreaterThan(0);
    for (const e of polisFeed) {
      expect(exIds.has(e.activityId)).toBe(false);
      const a = vById.get(e.activityId)!;
      expect(e).toEqual({ activityId: a.id, url: `${PUBLIC_URL}/#/${VASTERAS}/aktivitet/${a.key}`, summary: `Lägesrapport: ${a.title}` });
    }

    // Member of both: the police-led activities of each agreement, each linked under its own agreement.
    const coordinatorFeed = await feedOf(samordnare);
    const seen = new Set<string>();
    for (const e of coordinatorFeed) {
      const v = vById.get(e.activityId);
      const x = exById.get(e.activityId);
      expect(Boolean(v) !== Boolean(x)).toBe(true);
      expect(e.url).toBe(v ? `${PUBLIC_URL}/#/${VASTERAS}/aktivitet/${v.key}` : `${PUBLIC_URL}/#/${EXEMPELBY}/aktivitet/${x!.key}`);
      seen.add(v ? VASTERAS : EXEMPELBY);
    }
    expect([...seen].sort()).toEqual([EXEMPELBY, VASTERAS]);
    const exKeys = new Set(coordinatorFeed.filter((e) => exById.has(e.activityId)).map((e) => exById.get(e.activityId)!.key));
    expect([...exKeys].sort()).toEqual(['mbu', 'omradespolis']); // Exempelby's police-led ones

    // The Västerås-only operational leader answers for no activity: an empty feed, nothing of Exempelby.
    expect(await feedOf(operativV)).toEqual([]);
  });
});
