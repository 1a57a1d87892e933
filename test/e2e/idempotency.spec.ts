/**
 * Idempotency-Key on reports: unique per (person, activity), and checked against the body. Through
 * HTTP, on a real PostgreSQL, the test Temporal dev server and a real worker.
 */
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import request from 'supertest';
import { dataSourceOptions, seedAgreement } from '@app/database';
import { IdempotencyPerPerson1795460000000 } from '@app/database/migrations/1795460000000-IdempotencyPerPerson';
import { lifecycleWorkflowId } from '@app/workflows/activity-lifecycle/activity-lifecycle.messages';
import { useLiveApi } from '../support/live-api';
import { createTestDatabase } from '../support/test-database';
import { TEST_PASSWORD } from '../support/test-api';
import { untilPlanLoaded } from '../support/workflow-state';

type Agent = ReturnType<typeof request.agent>;

describe('Idempotency-Key on reports (per person and activity, checked against the body)', () => {
  const live = useLiveApi('2026-11-23');
  let polis: Agent; // owns mbu and skjutningar
  let samordnare: Agent; // coordinator of the police, which leads mbu

  beforeAll(async () => {
    polis = await live.as('polis@samverkan.example');
    samordnare = await live.as('polis.samordnare@samverkan.example');
    // The workflows were just started: let those the tests report on load their plans first, so that
    // a first report is not slowed past the API's 5 s deadline on a busy machine.
    for (const key of ['mbu', 'skjutningar']) await untilLoaded(key);
  });

  const untilLoaded = async (key: string) => {
    const [{ id }] = await live.ds.query(`SELECT id FROM activity WHERE key = $1`, [key]);
    await untilPlanLoaded(live.client.workflow.getHandle(lifecycleWorkflowId(id)));
  };

  const post = (who: Agent, activity: string, key: string, body: object) => who.post(`/api/activities/${activity}/reports`).set('Idempotency-Key', key).send(body);
  const rowsWithKey = (key: string): Promise<{ id: string; activity_key: string; summary: string; email: string | null; fingerprint: string | null }[]> =>
    live.ds.query(
      `SELECT r.id, a.key AS activity_key, r.summary, u.email, r.idempotency_fingerprint AS fingerprint
         FROM activity_report r JOIN activity a ON a.id = r.activity_id LEFT JOIN app_user u ON u.id = r.submitted_by_user_id
        WHERE r.idempotency_key = $1 ORDER BY r.submitted_at`,
      [key],
    );
  const count = async (table: string) => (await live.ds.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;

  it('a retry with the same key and the same body answers the first report and stores one', async () => {
    const key = randomUUID();
    const body = { status: 'on_track', progress: 45, summary: 'Tre skolbesök genomförda.', nextSteps: 'Två till i december.' };
    const first = await post(polis, 'mbu', key, body).expect(201);
    // The same report, its keys in another order and blanks that storing trims: still the same report.
    const again = await post(polis, 'mbu', key, { nextSteps: ' Två till i december. ', summary: body.summary, progress: 45, status: 'on_track' }).expect(201);
    expect(again.body.report).toEqual(first.body.report);
    expect(again.body.delivery).toBe('delivered');
    const rows = await rowsWithKey(key);
    expect(rows).toEqual([{ id: first.body.report.id, activity_key: 'mbu', summary: body.summary, email: 'polis@samverkan.example', fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
  });

  it('the same key with a different body is a 422 that says to use a new key, and stores nothing', async () => {
    const key = randomUUID();
    await post(polis, 'mbu', key, { status: 'on_track', progress: 50, summary: 'Halvvägs.' }).expect(201);
    const [reports, outbox, audit] = [await count('activity_report'), await count('workflow_delivery'), await count('audit_entry')];
    for (const changed of [
      { status: 'off_track', progress: 50, summary: 'Halvvägs.' },
      { status: 'on_track', progress: 51, summary: 'Halvvägs.' },
      { status: 'on_track', progress: 50, summary: 'Halvvägs, nästan.' },
      { status: 'on_track', progress: 50, summary: 'Halvvägs.', nextSteps: 'Fler besök.' },
    ]) {
      const res = await post(polis, 'mbu', key, changed).expect(422);
      expect(res.body).toMatchObject({ statusCode: 422, error: 'IDEMPOTENCY_KEY_REUSED' });
      expect(res.body.message).toMatch(/already used for a different report/);
      expect(res.body.message).toMatch(/new Idempotency-Key/);
    }
    expect([await count('activity_report'), await count('workflow_delivery'), await count('audit_entry')]).toEqual([reports, outbox, audit]);
    expect(await rowsWithKey(key)).toHaveLength(1);
  });

  it('a coordinator reusing the owner’s key gets a report of their own, stored and delivered', async () => {
    const key = randomUUID();
    const own = await post(polis, 'mbu', key, { status: 'at_risk', progress: 30, summary: 'Ägarens rapport.' }).expect(201);
    const theirs = await post(samordnare, 'mbu', key, { status: 'on_track', progress: 35, summary: 'Samordnarens rapport.' });
    expect([201, 202]).toContain(theirs.status);
    expect(theirs.body.report.id).not.toBe(own.body.report.id);
    expect(theirs.body.report).toMatchObject({ status: 'on_track', progress: 35, summary: 'Samordnarens rapport.' });
    expect((await rowsWithKey(key)).map((r) => [r.email, r.summary])).toEqual([
      ['polis@samverkan.example', 'Ägarens rapport.'],
      ['polis.samordnare@samverkan.example', 'Samordnarens rapport.'],
    ]);
    const [delivery] = await live.ds.query(`SELECT delivered_at FROM workflow_delivery WHERE report_id = $1`, [theirs.body.report.id]);
    if (theirs.status === 201) expect(delivery.delivered_at).not.toBeNull();
    // Each of them retrying gets their own report back.
    expect((await post(polis, 'mbu', key, { status: 'at_risk', progress: 30, summary: 'Ägarens rapport.' }).expect(201)).body.report.id).toBe(own.body.report.id);
    expect((await post(samordnare, 'mbu', key, { status: 'on_track', progress: 35, summary: 'Samordnarens rapport.' })).body.report.id).toBe(theirs.body.report.id);
  });

  it('one person’s key on two activities is two keys: two reports', async () => {
    const key = randomUUID();
    const body = { status: 'on_track', progress: 60, summary: 'Samma text i två aktiviteter.' };
    const mbu = await post(polis, 'mbu', key, body).expect(201);
    const skjutningar = await post(polis, 'skjutningar', key, body).expect(201);
    expect(skjutningar.body.report.id).not.toBe(mbu.body.report.id);
    expect((await rowsWithKey(key)).map((r) => r.activity_key).sort()).toEqual(['mbu', 'skjutningar']);
    // And each is idempotent on its own.
    expect((await post(polis, 'skjutningar', key, body).expect(201)).body.report.id).toBe(skjutningar.body.report.id);
    expect(await rowsWithKey(key)).toHaveLength(2);
  });

  it('posts with one key at the same moment store one report, and every answer is that report', async () => {
    const key = randomUUID();
    const body = { status: 'on_track', progress: 70, summary: 'Postad fem gånger på en gång.' };
    const answers = await Promise.all(Array.from({ length: 5 }, () => post(polis, 'mbu', key, body)));
    expect(answers.map((a) => a.status).every((s) => s === 201 || s === 202)).toBe(true);
    expect(new Set(answers.map((a) => a.body.report.id)).size).toBe(1);
    expect(await rowsWithKey(key)).toHaveLength(1);
  });

  it('posts with one key and different bodies at the same moment: one is stored, the others are 422', async () => {
    const key = randomUUID();
    const answers = await Promise.all([1, 2, 3].map((i) => post(polis, 'mbu', key, { status: 'on_track', progress: 70 + i, summary: `Variant ${i}.` })));
    const stored = answers.filter((a) => a.status !== 422);
    expect(stored).toHaveLength(1);
    expect([201, 202]).toContain(stored[0].status);
    expect(answers.filter((a) => a.status === 422)).toHaveLength(2);
    const rows = await rowsWithKey(key);
    expect(rows).toHaveLength(1);
    expect(rows[0].id).toBe(stored[0].body.report.id);
  });

  it('a report stored before fingerprints were kept is checked against what it says', async () => {
    const key = randomUUID();
    const body = { status: 'at_risk', progress: 20, summary: 'Rapport från förr.', milestones: [] };
    const first = await post(polis, 'mbu', key, body).expect(201);
    await live.ds.query(`UPDATE activity_report SET idempotency_fingerprint = NULL WHERE id = $1`, [first.body.report.id]);
    expect((await post(polis, 'mbu', key, { ...body, milestones: undefined }).expect(201)).body.report.id).toBe(first.body.report.id);
    await post(polis, 'mbu', key, { ...body, progress: 21 }).expect(422);
    expect(await rowsWithKey(key)).toHaveLength(1);
  });
});

describe('migration IdempotencyPerPerson on existing reports', () => {
  it('takes each report’s author from its report.submit audit entry; a report with none keeps a null author', async () => {
    const db = await createTestDatabase();
    const ds = await new DataSource(dataSourceOptions(db.url)).initialize();
    try {
      await seedAgreement(ds, undefined, { today: '2026-11-23', password: TEST_PASSWORD });
      const migration = new IdempotencyPerPerson1795460000000();
      const runner = ds.createQueryRunner();
      try {
        await migration.down(runner); // the schema as it was: one global key, no author
        const [{ id: activityId }] = await ds.query(`SELECT id FROM activity WHERE key = 'mbu'`);
        const [{ id: userId }] = await ds.query(`SELECT id FROM app_user WHERE email = 'polis@samverkan.example'`);
        const insert = async (key: string) =>
          (await ds.query(`INSERT INTO activity_report (activity_id, status, progress, summary, idempotency_key) VALUES ($1, 'on_track', 10, 'Förr.', $2) RETURNING id`, [activityId, key]))[0].id as string;
        const audited = await insert('old-1');
        const unaudited = await insert('old-2');
        await ds.query(`INSERT INTO audit_entry (actor_user_id, actor_email, action, entity_type, entity_id, activity_id) VALUES ($1, 'polis@samverkan.example', 'report.submit', 'report', $2, $3)`, [
          userId,
          audited,
          activityId,
        ]);
        await migration.up(runner);
        const rows = await ds.query(`SELECT id, submitted_by_user_id AS by, idempotency_fingerprint AS fp FROM activity_report WHERE id IN ($1, $2)`, [audited, unaudited]);
        expect(Object.fromEntries(rows.map((r: { id: string; by: string | null; fp: string | null }) => [r.id, [r.by, r.fp]]))).toEqual({
          [audited]: [userId, null],
          [unaudited]: [null, null],
        });
        // Afterwards the same key is another person's to use, and unique again for the same person and activity.
        const [{ id: otherUser }] = await ds.query(`SELECT id FROM app_user WHERE email = 'polis.samordnare@samverkan.example'`);
        await ds.query(`INSERT INTO activity_report (activity_id, status, progress, summary, idempotency_key, submitted_by_user_id) VALUES ($1, 'on_track', 11, 'Ny.', 'old-1', $2)`, [activityId, otherUser]);
        await expect(
          ds.query(`INSERT INTO activity_report (activity_id, status, progress, summary, idempotency_key, submitted_by_user_id) VALUES ($1, 'on_track', 12, 'Igen.', 'old-1', $2)`, [activityId, userId]),
        ).rejects.toThrow(/activity_report_submitter_activity_idempotency_key_unique/);
      } finally {
        await runner.release();
      }
    } finally {
      await ds.destroy();
      await db.drop();
    }
  });
});
