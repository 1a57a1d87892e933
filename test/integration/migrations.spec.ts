import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations, seedAgreement, VASTERAS_2023_2027 } from '@app/database';
import { createTestDatabase, TestDatabase } from '../support/test-database';

describe('migrations on a real PostgreSQL', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('empty');
    await runMigrations(db.url);
    ds = await new DataSource(dataSourceOptions(db.url)).initialize();
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('build exactly the schema the entities describe (nothing left to generate)', async () => {
    const pending = await ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('are idempotent: a second run applies nothing', async () => {
    expect(await runMigrations(db.url)).toEqual([]);
  });

  describe('constraints live in the database', () => {
    let agreementId: string;
    beforeAll(async () => {
      await seedAgreement(ds, undefined, { today: '2024-01-15' });
      [{ id: agreementId }] = await ds.query(`SELECT id FROM agreement WHERE key = 'vasteras-2023-2027'`);
    });

    const rejects = (sql: string, params: unknown[], constraint: RegExp) =>
      expect(ds.query(sql, params)).rejects.toThrow(constraint);

    it('goal area codes are single capital letters, unique per agreement', async () => {
      await rejects(`INSERT INTO goal_area (agreement_id, code, title) VALUES ($1, 'a', 'x')`, [agreementId], /goal_area_code_letter/);
      await rejects(`INSERT INTO goal_area (agreement_id, code, title) VALUES ($1, 'A', 'x')`, [agreementId], /goal_area_agreement_code_unique/);
    });

    it('a phase ends after it starts and has an ISO-8601 cadence', async () => {
      const [{ id: activityId }] = await ds.query(`SELECT id FROM activity WHERE key = 'mbu'`);
      await ds.query(`DELETE FROM phase WHERE activity_id = $1 AND kind = 'long'`, [activityId]);
      await rejects(
        `INSERT INTO phase (activity_id, kind, start_date, target_date, follow_up_every) VALUES ($1, 'long', '2027-01-01', '2026-01-01', 'P4W')`,
        [activityId],
        /phase_dates_ordered/,
      );
      await rejects(
        `INSERT INTO phase (activity_id, kind, start_date, target_date, follow_up_every) VALUES ($1, 'long', '2026-01-01', '2027-01-01', 'every month')`,
        [activityId],
        /phase_follow_up_iso_duration/,
      );
      for (const subDay of ['PT1M', 'PT24H', 'P1DT1H', 'P0D', 'P0W0D']) {
        await rejects(
          `INSERT INTO phase (activity_id, kind, start_date, target_date, follow_up_every) VALUES ($1, 'long', '2026-01-01', '2027-01-01', $2)`,
          [activityId, subDay],
          /phase_follow_up_at_least_a_day/,
        );
      }
      await ds.query(
        `INSERT INTO phase (activity_id, kind, start_date, target_date, follow_up_every) VALUES ($1, 'long', '2026-01-01', '2027-01-01', 'P1D')`,
        [activityId],
      );
      await ds.query(`DELETE FROM phase WHERE activity_id = $1 AND kind = 'long'`, [activityId]);
      await rejects(
        `INSERT INTO phase (activity_id, kind, start_date, target_date, follow_up_every) VALUES ($1, 'longer', '2026-01-01', '2027-01-01', 'P4W')`,
        [activityId],
        /phase_kind_known/,
      );
      await rejects(
        `INSERT INTO phase (activity_id, kind, start_date, target_date, follow_up_every) VALUES ($1, 'short', '2026-01-01', '2027-01-01', 'P4W')`,
        [activityId],
        /phase_activity_kind_unique/,
      );
      await ds.query(
        `INSERT INTO phase (activity_id, kind, start_date, target_date, follow_up_every) VALUES ($1, 'long', '2026-06-01', '2027-06-01', 'P1M2D')`,
        [activityId],
      );
    });

    it('a notification is unique per recipient, activity and event; one without an activity per recipient and event', async () => {
      const [a, b] = await ds.query(`SELECT id FROM activity ORDER BY key LIMIT 2`);
      const [{ id: userId }] = await ds.query(`SELECT id FROM app_user LIMIT 1`);
      const insert = (activityId: string | null, key: string) =>
        ds.query(
          `INSERT INTO notification (recipient_user_id, dedupe_key, kind, activity_id, subject, body_text, link) VALUES ($1, $2, 'reminder', $3, 's', 't', 'l')`,
          [userId, key, activityId],
        );
      await insert(a.id, 'event:short:deadline:2027-03-01T22:59:59.999Z:reminder:P7D');
      await insert(b.id, 'event:short:deadline:2027-03-01T22:59:59.999Z:reminder:P7D'); // another activity: another event
      await rejects(
        `INSERT INTO notification (recipient_user_id, dedupe_key, kind, activity_id, subject, body_text, link) VALUES ($1, $2, 'reminder', $3, 's', 't', 'l')`,
        [userId, 'event:short:deadline:2027-03-01T22:59:59.999Z:reminder:P7D', a.id],
        /notification_recipient_activity_event_unique/,
      );
      await insert(null, 'digest:2027-03-01');
      await rejects(
        `INSERT INTO notification (recipient_user_id, dedupe_key, kind, activity_id, subject, body_text, link) VALUES ($1, 'digest:2027-03-01', 'digest', NULL, 's', 't', 'l')`,
        [userId],
        /notification_recipient_event_unique/,
      );
      await ds.query(`DELETE FROM notification WHERE recipient_user_id = $1`, [userId]);
    });

    it('an activity key is a slug, unique per agreement, and its lead party must exist', async () => {
      const [{ id: partyId }] = await ds.query(`SELECT id FROM party WHERE key = 'city'`);
      await rejects(
        `INSERT INTO activity (agreement_id, key, title, lead_party_id) VALUES ($1, 'Not A Slug', 't', $2)`,
        [agreementId, partyId],
        /activity_key_slug/,
      );
      await rejects(
        `INSERT INTO activity (agreement_id, key, title, lead_party_id) VALUES ($1, 'mbu', 't', $2)`,
        [agreementId, partyId],
        /activity_agreement_key_unique/,
      );
      await rejects(
        `INSERT INTO activity (agreement_id, key, title, lead_party_id) VALUES ($1, 'ny', 't', gen_random_uuid())`,
        [agreementId],
        /foreign key/,
      );
    });

    it('an activity links only to the parties and goal areas of its own agreement', async () => {
      const other = { ...VASTERAS_2023_2027, key: 'annan-kommun', parties: [{ key: 'city', name: 'Annan kommun' }], goalAreas: [{ code: 'A', title: 'Annat' }], areas: [], activities: [] };
      await seedAgreement(ds, other, { today: '2024-01-15', staff: [] });
      const [{ id: otherParty }] = await ds.query(`SELECT p.id FROM party p JOIN agreement a ON a.id = p.agreement_id WHERE a.key = 'annan-kommun'`);
      const [{ id: otherArea }] = await ds.query(`SELECT g.id FROM goal_area g JOIN agreement a ON a.id = g.agreement_id WHERE a.key = 'annan-kommun'`);
      const [{ id: mbu }] = await ds.query(`SELECT id FROM activity WHERE key = 'mbu'`);
      await rejects(`UPDATE activity SET lead_party_id = $1 WHERE id = $2`, [otherParty, mbu], /lead party of activity "mbu" belongs to another agreement/);
      await rejects(`INSERT INTO activity_cooperating_party (activity_id, party_id) VALUES ($1, $2)`, [mbu, otherParty], /party of another agreement/);
      await rejects(`INSERT INTO activity_goal_area (activity_id, goal_area_id) VALUES ($1, $2)`, [mbu, otherArea], /goal area of another agreement/);
      await rejects(`UPDATE party SET agreement_id = $1 WHERE id = $2`, [agreementId, otherParty], /party stays in its agreement/);
      await rejects(`UPDATE goal_area SET agreement_id = $1 WHERE id = $2`, [agreementId, otherArea], /goal_area stays in its agreement/);
    });

    it('user e-mails are unique and lower-case; roles come from the known list', async () => {
      await rejects(`INSERT INTO app_user (name, email) VALUES ('x', 'Admin@Samverkan.example')`, [], /app_user_email_lowercase/);
      await rejects(`INSERT INTO app_user (name, email) VALUES ('x', 'admin@samverkan.example')`, [], /app_user_email_unique/);
      await rejects(`INSERT INTO app_user (name, email, roles) VALUES ('x', 'x@samverkan.example', '{king}')`, [], /app_user_roles_known/);
    });

    it('an agreement ends after it starts', async () => {
      await rejects(
        `INSERT INTO agreement (key, title, municipality, valid_from, valid_to, purpose, long_term_goal)
         VALUES ('bad', 't', 'm', '2027-01-01', '2023-01-01', 'p', 'g')`,
        [],
        /agreement_valid_period/,
      );
    });
  });

  it('revert cleanly, all the way down', async () => {
    const other = await createTestDatabase('empty');
    const ds2 = await new DataSource(dataSourceOptions(other.url)).initialize();
    try {
      await ds2.runMigrations();
      for (let i = 0; i < ds2.migrations.length; i++) await ds2.undoLastMigration();
      const tables = await ds2.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'typeorm_migrations'`,
      );
      expect(tables).toEqual([]);
    } finally {
      await ds2.destroy();
      await other.drop();
    }
  });
});
