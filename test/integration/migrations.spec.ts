import { DataSource } from 'typeorm';
import { AgreementSeed, dataSourceOptions, runMigrations, seedAgreement, VASTERAS_2023_2027 } from '@app/database';
import { MIGRATIONS } from '@app/database/migrations';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/** An agreement of another municipality, with one party (`city`), one goal area and no activities. */
const smallAgreement = (key: string): AgreementSeed => ({
  ...VASTERAS_2023_2027,
  key,
  municipality: 'Annan',
  owner: { key, name: 'Annan kommun' },
  parties: [{ key: 'city', name: 'Annan kommun' }],
  goalAreas: [{ code: 'A', title: 'Annat' }],
  areas: [],
  activities: [],
});

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

    it('a notification is unique per recipient, activity and event; one without an activity per recipient, agreement and event', async () => {
      const [a, b] = await ds.query(`SELECT id, agreement_id FROM activity ORDER BY key LIMIT 2`);
      const [{ id: userId }] = await ds.query(`SELECT id FROM app_user LIMIT 1`);
      const insert = (activityId: string | null, key: string, agreement: string | null = null) =>
        ds.query(
          `INSERT INTO notification (recipient_user_id, dedupe_key, kind, activity_id, agreement_id, subject, body_text, link) VALUES ($1, $2, 'reminder', $3, $4, 's', 't', 'l')`,
          [userId, key, activityId, agreement],
        );
      await insert(a.id, 'event:short:deadline:2027-03-01T22:59:59.999Z:reminder:P7D');
      await insert(b.id, 'event:short:deadline:2027-03-01T22:59:59.999Z:reminder:P7D'); // another activity: another event
      await rejects(
        `INSERT INTO notification (recipient_user_id, dedupe_key, kind, activity_id, subject, body_text, link) VALUES ($1, $2, 'reminder', $3, 's', 't', 'l')`,
        [userId, 'event:short:deadline:2027-03-01T22:59:59.999Z:reminder:P7D', a.id],
        /notification_recipient_activity_event_unique/,
      );
      // The writer left agreement_id out: the trigger took the activity's.
      expect(await ds.query(`SELECT DISTINCT agreement_id FROM notification WHERE recipient_user_id = $1`, [userId])).toEqual([{ agreement_id: a.agreement_id }]);
      // A digest has no activity: it must name its agreement, and is unique per recipient, agreement and event.
      await rejects(
        `INSERT INTO notification (recipient_user_id, dedupe_key, kind, activity_id, subject, body_text, link) VALUES ($1, 'digest:2027-03-01', 'digest', NULL, 's', 't', 'l')`,
        [userId],
        /null value in column "agreement_id"/,
      );
      await insert(null, 'digest:2027-03-01', agreementId);
      await rejects(
        `INSERT INTO notification (recipient_user_id, dedupe_key, kind, activity_id, agreement_id, subject, body_text, link) VALUES ($1, 'digest:2027-03-01', 'digest', NULL, $2, 's', 't', 'l')`,
        [userId, agreementId],
        /notification_recipient_agreement_event_unique/,
      );
      const other = await seedAgreement(ds, smallAgreement('digest-annan'), { today: '2024-01-15', staff: [] });
      const [{ id: otherAgreement }] = await ds.query(`SELECT id FROM agreement WHERE key = $1`, [other.agreement]);
      await insert(null, 'digest:2027-03-01', otherAgreement); // the same week's digest of another agreement
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
      await seedAgreement(ds, smallAgreement('annan-kommun'), { today: '2024-01-15', staff: [] });
      const [{ id: otherParty }] = await ds.query(`SELECT p.id FROM party p JOIN agreement a ON a.id = p.agreement_id WHERE a.key = 'annan-kommun'`);
      const [{ id: otherArea }] = await ds.query(`SELECT g.id FROM goal_area g JOIN agreement a ON a.id = g.agreement_id WHERE a.key = 'annan-kommun'`);
      const [{ id: mbu }] = await ds.query(`SELECT id FROM activity WHERE key = 'mbu'`);
      await rejects(`UPDATE activity SET lead_party_id = $1 WHERE id = $2`, [otherParty, mbu], /lead party of activity "mbu" belongs to another agreement/);
      await rejects(`INSERT INTO activity_cooperating_party (activity_id, party_id) VALUES ($1, $2)`, [mbu, otherParty], /party of another agreement/);
      await rejects(`INSERT INTO activity_goal_area (activity_id, goal_area_id) VALUES ($1, $2)`, [mbu, otherArea], /goal area of another agreement/);
      await rejects(`UPDATE party SET agreement_id = $1 WHERE id = $2`, [agreementId, otherParty], /party stays in its agreement/);
      await rejects(`UPDATE goal_area SET agreement_id = $1 WHERE id = $2`, [agreementId, otherArea], /goal_area stays in its agreement/);
    });

    it('user e-mails are unique and lower-case; platform roles come from the known list', async () => {
      await rejects(`INSERT INTO app_user (name, email) VALUES ('x', 'Admin@Samverkan.example')`, [], /app_user_email_lowercase/);
      await rejects(`INSERT INTO app_user (name, email) VALUES ('x', 'admin@samverkan.example')`, [], /app_user_email_unique/);
      await rejects(`INSERT INTO app_user (name, email, platform_roles) VALUES ('x', 'x@samverkan.example', '{admin}')`, [], /app_user_platform_roles_known/);
    });

    describe('memberships', () => {
      let userId: string;
      let otherAgreementId: string;
      let otherParty: string;
      const version = async () => Number((await ds.query(`SELECT token_version FROM app_user WHERE id = $1`, [userId]))[0].token_version);
      beforeAll(async () => {
        await seedAgreement(ds, smallAgreement('medlemskommun'), { today: '2024-01-15', staff: [] });
        [{ id: otherAgreementId }] = await ds.query(`SELECT id FROM agreement WHERE key = 'medlemskommun'`);
        [{ id: otherParty }] = await ds.query(`SELECT id FROM party WHERE agreement_id = $1`, [otherAgreementId]);
        [{ id: userId }] = await ds.query(`INSERT INTO app_user (name, email) VALUES ('Medlem', 'medlem@test.example') RETURNING id`);
      });

      it('roles come from the known list', async () => {
        await rejects(`INSERT INTO membership (user_id, agreement_id, roles) VALUES ($1, $2, '{king}')`, [userId, agreementId], /membership_roles_known/);
        await rejects(`INSERT INTO membership (user_id, agreement_id, roles) VALUES ($1, $2, '{platform-operator}')`, [userId, agreementId], /membership_roles_known/);
      });

      it('the party is one of the agreement’s own, also when it is changed', async () => {
        await rejects(
          `INSERT INTO membership (user_id, agreement_id, party_id, roles) VALUES ($1, $2, $3, '{coordinator}')`,
          [userId, agreementId, otherParty],
          /is not a party of agreement/,
        );
        const [{ id: police }] = await ds.query(`SELECT id FROM party WHERE agreement_id = $1 AND key = 'police'`, [agreementId]);
        const [{ id }] = await ds.query(`INSERT INTO membership (user_id, agreement_id, party_id, roles) VALUES ($1, $2, $3, '{coordinator}') RETURNING id`, [userId, agreementId, police]);
        await rejects(`UPDATE membership SET party_id = $2 WHERE id = $1`, [id, otherParty], /membership_party_same_agreement|is not a party of agreement/);
        await rejects(`UPDATE membership SET agreement_id = $2 WHERE id = $1`, [id, otherAgreementId], /is not a party of agreement/);
        // One membership per person and agreement; in another agreement, another party and other roles.
        await rejects(`INSERT INTO membership (user_id, agreement_id, roles) VALUES ($1, $2, '{owner}')`, [userId, agreementId], /membership_user_agreement_unique/);
        await ds.query(`INSERT INTO membership (user_id, agreement_id, party_id, roles) VALUES ($1, $2, $3, '{owner,operational}')`, [userId, otherAgreementId, otherParty]);
        expect(await ds.query(`SELECT count(*)::int AS n FROM membership WHERE user_id = $1`, [userId])).toEqual([{ n: 2 }]);
      });

      it('any change of a membership moves the person’s token version on', async () => {
        let before = await version();
        await ds.query(`UPDATE membership SET roles = '{coordinator,admin}' WHERE user_id = $1 AND agreement_id = $2`, [userId, agreementId]);
        expect(await version()).toBe(before + 1);
        before = await version();
        await ds.query(`UPDATE membership SET party_id = NULL WHERE user_id = $1 AND agreement_id = $2`, [userId, agreementId]);
        expect(await version()).toBe(before + 1);
        before = await version();
        await ds.query(`DELETE FROM membership WHERE user_id = $1 AND agreement_id = $2`, [userId, otherAgreementId]);
        expect(await version()).toBe(before + 1);
        before = await version();
        await ds.query(`INSERT INTO membership (user_id, agreement_id, roles) VALUES ($1, $2, '{council}')`, [userId, otherAgreementId]);
        expect(await version()).toBe(before + 1);
        // Another person's membership leaves this one's version alone.
        before = await version();
        const [{ id: someoneElse }] = await ds.query(`INSERT INTO app_user (name, email) VALUES ('Annan', 'annan@test.example') RETURNING id`);
        await ds.query(`INSERT INTO membership (user_id, agreement_id, roles) VALUES ($1, $2, '{council}')`, [someoneElse, agreementId]);
        expect(await version()).toBe(before);
      });
    });

    it('a tenant sees its agreements’ members, their municipality, and itself; nobody and nothing else', async () => {
      const [{ id: annan }] = await ds.query(`SELECT id FROM agreement WHERE key = 'medlemskommun'`);
      const [{ id: outsider }] = await ds.query(`INSERT INTO app_user (name, email) VALUES ('Utanför', 'utanfor@test.example') RETURNING id`);
      const asTenant = (agreements: string[], user: string | null, sql: string) =>
        ds.transaction(async (em) => {
          await em.query(`SELECT set_config('role', 'samverkan_tenant', true), set_config('samverkan.agreements', $1, true), set_config('samverkan.user', $2, true)`, [
            agreements.join(','),
            user ?? '',
          ]);
          return em.query(sql);
        });
      const members = Number((await ds.query(`SELECT count(DISTINCT user_id) AS n FROM membership WHERE agreement_id = $1`, [agreementId]))[0].n);
      expect(members).toBeGreaterThan(10);
      expect(await asTenant([agreementId], null, `SELECT count(*)::int AS n FROM app_user`)).toEqual([{ n: members }]);
      expect(await asTenant([agreementId], outsider, `SELECT count(*)::int AS n FROM app_user`)).toEqual([{ n: members + 1 }]);
      expect(await asTenant([agreementId], null, `SELECT key FROM municipality`)).toEqual([{ key: 'vasteras' }]);
      expect(await asTenant([annan], null, `SELECT key FROM municipality`)).toEqual([{ key: 'medlemskommun' }]);
      expect(await asTenant([annan], null, `SELECT a.key FROM agreement a`)).toEqual([{ key: 'medlemskommun' }]);
      expect(await asTenant([], null, `SELECT count(*)::int AS n FROM app_user`)).toEqual([{ n: 0 }]);
    });

    it('an agreement ends after it starts, and belongs to a municipality', async () => {
      const [{ id: municipalityId }] = await ds.query(`SELECT id FROM municipality WHERE key = 'vasteras'`);
      await rejects(
        `INSERT INTO agreement (key, title, municipality, municipality_id, valid_from, valid_to, purpose, long_term_goal)
         VALUES ('bad', 't', 'm', $1, '2027-01-01', '2023-01-01', 'p', 'g')`,
        [municipalityId],
        /agreement_valid_period/,
      );
      await rejects(
        `INSERT INTO agreement (key, title, municipality, valid_from, valid_to, purpose, long_term_goal)
         VALUES ('ingen-kommun', 't', 'm', '2023-01-01', '2027-01-01', 'p', 'g')`,
        [],
        /null value in column "municipality_id"/,
      );
      await rejects(`INSERT INTO municipality (key, name) VALUES ('Västerås', 'x')`, [], /municipality_key_slug/);
      await rejects(`INSERT INTO municipality (key, name) VALUES ('vasteras', 'x')`, [], /municipality_key_unique/);
      await rejects(`DELETE FROM municipality WHERE id = $1`, [municipalityId], /foreign key/);
    });
  });

  it('Tenancy keeps the data there was: a municipality per agreement, a membership per person, and back again', async () => {
    const other = await createTestDatabase('empty');
    // Up to just before Tenancy, then Tenancy itself (later migrations are not this test's).
    const tenancy = MIGRATIONS.findIndex((m) => m.name === 'Tenancy1795465000000');
    expect(tenancy).toBeGreaterThan(0);
    const before = await new DataSource({ ...dataSourceOptions(other.url), migrations: MIGRATIONS.slice(0, tenancy) }).initialize();
    const all = new DataSource({ ...dataSourceOptions(other.url), migrations: MIGRATIONS.slice(0, tenancy + 1) });
    try {
      await before.runMigrations();
      // The model before Tenancy: a person has one party (of one agreement) and global roles.
      const agreement = (key: string, municipality: string) =>
        before.query(
          `INSERT INTO agreement (key, title, municipality, valid_from, valid_to, purpose, long_term_goal) VALUES ($1, 't', $2, '2023-01-01', '2027-01-01', 'p', 'g') RETURNING id`,
          [key, municipality],
        );
      const [{ id: vasteras }] = await agreement('vasteras-2023-2027', 'Västerås');
      await agreement('orebro-2024-2028', 'Örebro');
      const [{ id: police }] = await before.query(`INSERT INTO party (agreement_id, key, name) VALUES ($1, 'police', 'Polisen') RETURNING id`, [vasteras]);
      await before.query(
        `INSERT INTO app_user (name, email, party_id, roles) VALUES ('P', 'p@test.example', $1, '{coordinator}'), ('L', 'l@test.example', NULL, '{strategic}'), ('N', 'n@test.example', NULL, '{}')`,
        [police],
      );
      await before.destroy();

      await all.initialize();
      await all.runMigrations();
      expect(await all.query(`SELECT m.key, m.name, a.key AS agreement FROM municipality m JOIN agreement a ON a.municipality_id = m.id ORDER BY m.key`)).toEqual([
        { key: 'orebro', name: 'Örebro', agreement: 'orebro-2024-2028' },
        { key: 'vasteras', name: 'Västerås', agreement: 'vasteras-2023-2027' },
      ]);
      const memberships = () =>
        all.query(
          `SELECT u.email, a.key AS agreement, p.key AS party, m.roles FROM membership m JOIN app_user u ON u.id = m.user_id
             JOIN agreement a ON a.id = m.agreement_id LEFT JOIN party p ON p.id = m.party_id ORDER BY u.email, a.key`,
        );
      // The coordinator is a member of his party's agreement; the cross-party person of every one; a person with no roles of none.
      expect(await memberships()).toEqual([
        { email: 'l@test.example', agreement: 'orebro-2024-2028', party: null, roles: ['strategic'] },
        { email: 'l@test.example', agreement: 'vasteras-2023-2027', party: null, roles: ['strategic'] },
        { email: 'p@test.example', agreement: 'vasteras-2023-2027', party: 'police', roles: ['coordinator'] },
      ]);

      await all.undoLastMigration();
      expect(
        await all.query(`SELECT u.email, p.key AS party, u.roles FROM app_user u LEFT JOIN party p ON p.id = u.party_id ORDER BY u.email`),
      ).toEqual([
        { email: 'l@test.example', party: null, roles: ['strategic'] },
        { email: 'n@test.example', party: null, roles: [] },
        { email: 'p@test.example', party: 'police', roles: ['coordinator'] },
      ]);
      expect(await all.query(`SELECT table_name FROM information_schema.tables WHERE table_name IN ('municipality', 'membership')`)).toEqual([]);
    } finally {
      if (before.isInitialized) await before.destroy();
      if (all.isInitialized) await all.destroy();
      await other.drop();
    }
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
