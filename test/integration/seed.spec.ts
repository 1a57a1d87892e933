import { DataSource } from 'typeorm';
import { acrossTenants, dataSourceOptions, DEMO_STAFF, EXEMPELBY_2025_2028, scopedPg, seedAgreement, seedDemo, VASTERAS_2023_2027 } from '@app/database';
import { addMember } from '../support/members';
import { ESKILSTUNA_2025_2028 } from '../support/second-agreement';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const byEmail = (a: { email: string }, b: { email: string }) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0);

/** The members of an agreement with their party key and roles there, by e-mail (code point order). */
async function memberships(ds: DataSource, agreementKey: string): Promise<{ email: string; party: string | null; roles: string[] }[]> {
  const rows: { email: string; party: string | null; roles: string[] }[] = await ds.query(
    `SELECT u.email, p.key AS party, m.roles FROM membership m JOIN app_user u ON u.id = m.user_id JOIN agreement a ON a.id = m.agreement_id
       LEFT JOIN party p ON p.id = m.party_id WHERE a.key = $1`,
    [agreementKey],
  );
  return rows.sort(byEmail);
}

async function counts(ds: DataSource): Promise<Record<string, number>> {
  const tables = ['municipality', 'agreement', 'party', 'goal_area', 'area', 'activity', 'activity_goal_area', 'activity_cooperating_party', 'phase', 'milestone', 'council_meeting', 'app_user', 'membership'];
  const result: Record<string, number> = {};
  for (const t of tables) result[t] = Number((await ds.query(`SELECT count(*) AS n FROM ${t}`))[0].n);
  return result;
}

describe('seeding', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await new DataSource(dataSourceOptions(db.url)).initialize();
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('writes the Västerås agreement with every link, and a second run writes nothing', async () => {
    const first = await seedAgreement(ds, undefined, { today: '2024-01-15' });
    expect(first).toEqual({ agreement: 'vasteras-2023-2027', created: true, usersCreated: 12, membershipsCreated: 12 });
    const after = await counts(ds);
    expect(after).toEqual({
      municipality: 1,
      agreement: 1,
      party: 4,
      goal_area: 8,
      area: 5,
      activity: 16,
      activity_goal_area: VASTERAS_2023_2027.activities.reduce((n, a) => n + a.goalAreas.length, 0),
      activity_cooperating_party: 0,
      phase: 48,
      milestone: 48,
      council_meeting: VASTERAS_2023_2027.councilMeetings!.length,
      app_user: 12,
      membership: 12,
    });
    expect(await ds.query(`SELECT m.key, m.name FROM municipality m JOIN agreement a ON a.municipality_id = m.id`)).toEqual([{ key: 'vasteras', name: 'Västerås stad' }]);
    // The people of Västerås are members of it with the party and roles they had; the person rows hold no roles.
    expect(await memberships(ds, 'vasteras-2023-2027')).toEqual(
      DEMO_STAFF.filter((u) => u.memberships['vasteras-2023-2027'])
        .map((u) => ({ email: u.email, party: u.memberships['vasteras-2023-2027'].party, roles: u.memberships['vasteras-2023-2027'].roles }))
        .sort(byEmail),
    );
    expect(await ds.query(`SELECT count(*)::int AS n FROM app_user WHERE cardinality(platform_roles) > 0`)).toEqual([{ n: 0 }]);

    const second = await seedAgreement(ds, undefined, { today: '2024-01-15' });
    expect(second.created).toBe(false);
    expect(await counts(ds)).toEqual(after);
  });

  it('seeding concurrently still writes everything once', async () => {
    const again = await Promise.all([seedAgreement(ds), seedAgreement(ds)]);
    expect(again.every((r) => !r.created)).toBe(true);
    expect((await counts(ds)).activity).toBe(16);
  });

  it('gives each activity its lead party owner and three phases from the demo defaults', async () => {
    const rows = await ds.query(`
      SELECT a.key, p.key AS lead, u.email, a.current_phase,
             array_agg(ph.kind || ':' || ph.start_date || '..' || ph.target_date || ':' || ph.follow_up_every ORDER BY ph.start_date) AS phases
        FROM activity a JOIN party p ON p.id = a.lead_party_id LEFT JOIN app_user u ON u.id = a.owner_id
        JOIN phase ph ON ph.activity_id = a.id
       WHERE a.key IN ('mbu', 'vald-nara-relation') GROUP BY a.key, p.key, u.email, a.current_phase ORDER BY a.key`);
    expect(rows).toEqual([
      {
        key: 'mbu',
        lead: 'police',
        email: 'polis@samverkan.example',
        current_phase: 'short',
        phases: ['short:2023-06-01..2024-06-01:P4W', 'medium:2024-06-01..2026-06-01:P8W', 'long:2026-06-01..2027-06-01:P13W'],
      },
      expect.objectContaining({ key: 'vald-nara-relation', lead: 'region', email: 'region@samverkan.example' }),
    ]);
  });

  it('takes a second agreement (another municipality) beside the first with no change of code', async () => {
    const result = await seedAgreement(ds, ESKILSTUNA_2025_2028, { today: '2025-03-01' });
    // The demo staff are nobody there: no memberships name it.
    expect(result).toEqual({ agreement: 'eskilstuna-2025-2028', created: true, usersCreated: 0, membershipsCreated: 0 });
    expect(await ds.query(`SELECT m.key, m.name FROM municipality m JOIN agreement a ON a.municipality_id = m.id WHERE a.key = 'eskilstuna-2025-2028'`)).toEqual([
      { key: 'eskilstuna', name: 'Eskilstuna kommun' },
    ]);
    const keys = await ds.query(`SELECT ag.key, count(a.id)::int AS n FROM agreement ag JOIN activity a ON a.agreement_id = ag.id GROUP BY ag.key ORDER BY ag.key`);
    expect(keys).toEqual([
      { key: 'eskilstuna-2025-2028', n: 1 },
      { key: 'vasteras-2023-2027', n: 16 },
    ]);
    const [coop] = await ds.query(
      `SELECT p.name FROM activity_cooperating_party cp JOIN party p ON p.id = cp.party_id JOIN activity a ON a.id = cp.activity_id
        JOIN agreement ag ON ag.id = a.agreement_id WHERE ag.key = 'eskilstuna-2025-2028'`,
    );
    expect(coop.name).toBe('Eskilstuna kommun');
  });

  it('keeps an agreement’s own reminders and ladder, and refuses settings that cannot work, writing nothing', async () => {
    const base = { ...VASTERAS_2023_2027, parties: [{ key: 'city', name: 'Sekundstaden' }], goalAreas: [{ code: 'A', title: 'Test' }], areas: [], activities: [] };
    const followUp = { reminderOffsets: ['PT2S'], escalationLadder: [{ level: 1, body: 'operational' as const, after: 'PT5S' }] };
    await seedAgreement(ds, { ...base, key: 'sekunder', followUp }, { today: '2025-03-01', staff: [] });
    const [stored] = await ds.query(`SELECT reminder_offsets, escalation_ladder FROM agreement WHERE key = 'sekunder'`);
    expect(stored).toEqual({ reminder_offsets: ['PT2S'], escalation_ladder: followUp.escalationLadder });

    const bad = { reminderOffsets: ['PT0S'], escalationLadder: [{ level: 2, body: 'operational' as const, after: 'P3D' }] };
    await expect(seedAgreement(ds, { ...base, key: 'trasig', followUp: bad }, { today: '2025-03-01', staff: [] })).rejects.toThrow(
      /cannot be seeded: reminderOffsets\[0\] must be a positive ISO-8601 duration.*escalationLadder\[0\]\.level must be 1/,
    );
    expect(await ds.query(`SELECT key FROM agreement WHERE key = 'trasig'`)).toEqual([]);
  });

  it('adds Exempelby to an install that has Västerås: its people are made, the police coordinator gets a second membership', async () => {
    const usersBefore = Number((await ds.query(`SELECT count(*) AS n FROM app_user`))[0].n);
    const [pelleBefore] = await ds.query(`SELECT id, token_version FROM app_user WHERE email = 'polis.samordnare@samverkan.example'`);
    const results = await seedDemo(ds, { today: '2025-03-01' });
    expect(results).toEqual([
      { agreement: 'vasteras-2023-2027', created: false, usersCreated: 0, membershipsCreated: 0 },
      { agreement: 'exempelby-2025-2028', created: true, usersCreated: 4, membershipsCreated: 5 },
    ]);
    expect(Number((await ds.query(`SELECT count(*) AS n FROM app_user`))[0].n)).toBe(usersBefore + 4);
    const [pelleAfter] = await ds.query(`SELECT id, token_version FROM app_user WHERE email = 'polis.samordnare@samverkan.example'`);
    expect(pelleAfter.id).toBe(pelleBefore.id);
    expect(pelleAfter.token_version).toBe(pelleBefore.token_version + 1); // a new membership is in force at his next request
  });
});

describe('seeding the demo: Västerås and Exempelby', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await new DataSource(dataSourceOptions(db.url)).initialize();
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('writes both agreements under their municipalities, with their own parties, goal areas and activities', async () => {
    const results = await seedDemo(ds, { today: '2025-03-01' });
    expect(results).toEqual([
      { agreement: 'vasteras-2023-2027', created: true, usersCreated: 12, membershipsCreated: 12 },
      { agreement: 'exempelby-2025-2028', created: true, usersCreated: 4, membershipsCreated: 5 },
    ]);
    expect(
      await ds.query(
        `SELECT m.key AS municipality, m.name, a.key, a.valid_from::text, a.valid_to::text,
                (SELECT count(*)::int FROM party p WHERE p.agreement_id = a.id) AS parties,
                (SELECT count(*)::int FROM goal_area g WHERE g.agreement_id = a.id) AS goal_areas,
                (SELECT count(*)::int FROM activity x WHERE x.agreement_id = a.id) AS activities,
                (SELECT count(*)::int FROM membership x WHERE x.agreement_id = a.id) AS members
           FROM agreement a JOIN municipality m ON m.id = a.municipality_id ORDER BY a.key`,
      ),
    ).toEqual([
      { municipality: 'exempelby', name: 'Exempelby kommun', key: 'exempelby-2025-2028', valid_from: '2025-01-01', valid_to: '2028-12-31', parties: 3, goal_areas: 3, activities: 5, members: 5 },
      { municipality: 'vasteras', name: 'Västerås stad', key: 'vasteras-2023-2027', valid_from: '2023-06-01', valid_to: '2027-06-01', parties: 4, goal_areas: 8, activities: 16, members: 12 },
    ]);
    // `mbu` in both: two activities, each of its own agreement, led by its own agreement's police.
    const mbu = await ds.query(
      `SELECT ag.key AS agreement, p.name AS lead, u.email AS owner FROM activity a JOIN agreement ag ON ag.id = a.agreement_id
         JOIN party p ON p.id = a.lead_party_id LEFT JOIN app_user u ON u.id = a.owner_id WHERE a.key = 'mbu' ORDER BY ag.key`,
    );
    expect(mbu).toEqual([
      { agreement: 'exempelby-2025-2028', lead: 'Polisen, lokalpolisområde Exempelby', owner: 'polis@exempelby.example' },
      { agreement: 'vasteras-2023-2027', lead: 'Polisen, lokalpolisområde Västerås', owner: 'polis@samverkan.example' },
    ]);
  });

  it('gives Exempelby’s activities their lead and co-operating parties, and owners where the lead party has one', async () => {
    const rows = await ds.query(
      `SELECT a.key, lead.key AS lead, u.email AS owner, a.current_phase,
              coalesce((SELECT array_agg(p.key ORDER BY p.key) FROM activity_cooperating_party cp JOIN party p ON p.id = cp.party_id WHERE cp.activity_id = a.id), '{}') AS cooperating,
              (SELECT array_agg(g.code ORDER BY g.code) FROM activity_goal_area ag JOIN goal_area g ON g.id = ag.goal_area_id WHERE ag.activity_id = a.id) AS goal_areas
         FROM activity a JOIN agreement ag ON ag.id = a.agreement_id JOIN party lead ON lead.id = a.lead_party_id LEFT JOIN app_user u ON u.id = a.owner_id
        WHERE ag.key = 'exempelby-2025-2028' ORDER BY a.key`,
    );
    expect(rows).toEqual(
      [...EXEMPELBY_2025_2028.activities]
        .sort((a, b) => a.key.localeCompare(b.key))
        .map((a) => ({
          key: a.key,
          lead: a.leadParty,
          owner: a.leadParty === 'police' ? 'polis@exempelby.example' : null,
          current_phase: 'short',
          cooperating: [...(a.cooperatingParties ?? [])].sort(),
          goal_areas: a.goalAreas,
        })),
    );
    expect(rows.filter((r: { owner: string | null }) => r.owner)).toHaveLength(2);
  });

  it('makes people members with their party and roles in each agreement; the police coordinator is one person in both, with other roles', async () => {
    expect(await memberships(ds, 'exempelby-2025-2028')).toEqual([
      { email: 'admin@exempelby.example', party: null, roles: ['admin'] },
      { email: 'ledning@exempelby.example', party: null, roles: ['strategic'] },
      { email: 'operativ@exempelby.example', party: null, roles: ['operational'] },
      { email: 'polis.samordnare@samverkan.example', party: 'police', roles: ['coordinator', 'operational'] },
      { email: 'polis@exempelby.example', party: 'police', roles: ['owner'] },
    ]);
    expect(await memberships(ds, 'vasteras-2023-2027')).toEqual(
      expect.arrayContaining([
        { email: 'polis.samordnare@samverkan.example', party: 'police', roles: ['coordinator'] },
        { email: 'admin@samverkan.example', party: null, roles: ['admin'] },
      ]),
    );
    // Each membership's party is its own agreement's (the two `police` parties are two rows).
    const pelle = await ds.query(
      `SELECT a.key AS agreement, p.name AS party FROM membership m JOIN app_user u ON u.id = m.user_id JOIN agreement a ON a.id = m.agreement_id
         JOIN party p ON p.id = m.party_id AND p.agreement_id = m.agreement_id WHERE u.email = 'polis.samordnare@samverkan.example' ORDER BY a.key`,
    );
    expect(pelle).toEqual([
      { agreement: 'exempelby-2025-2028', party: 'Polisen, lokalpolisområde Exempelby' },
      { agreement: 'vasteras-2023-2027', party: 'Polisen, lokalpolisområde Västerås' },
    ]);
    // Only he is in both; the @samverkan.example people are Västerås's only, the @exempelby.example people Exempelby's only.
    const inBoth = await ds.query(`SELECT u.email FROM membership m JOIN app_user u ON u.id = m.user_id GROUP BY u.email HAVING count(*) > 1`);
    expect(inBoth).toEqual([{ email: 'polis.samordnare@samverkan.example' }]);
    expect(await ds.query(`SELECT count(*)::int AS n FROM app_user`)).toEqual([{ n: 16 }]);
  });

  it('is idempotent: seeding the demo again, or twice at once, changes nothing', async () => {
    const before = await counts(ds);
    const versions = await ds.query(`SELECT email, token_version FROM app_user ORDER BY email`);
    const again = await Promise.all([seedDemo(ds), seedDemo(ds)]);
    expect(again.flat().every((r) => !r.created && r.usersCreated === 0 && r.membershipsCreated === 0)).toBe(true);
    expect(await counts(ds)).toEqual(before);
    expect(await ds.query(`SELECT email, token_version FROM app_user ORDER BY email`)).toEqual(versions);
  });

  it('test support: addMember makes a person a member of several agreements, and replaces a membership given again', async () => {
    const first = await addMember(ds, { email: 'Tva@Test.example', name: 'Tova Tvåsson', agreementKey: 'vasteras-2023-2027', party: 'mimer', roles: ['coordinator'] });
    const second = await addMember(ds, { email: 'tva@test.example', agreementKey: 'exempelby-2025-2028', party: 'housing', roles: ['owner'] });
    expect(second.userId).toBe(first.userId);
    await addMember(ds, { email: 'tva@test.example', agreementKey: 'exempelby-2025-2028', party: null, roles: ['strategic'] });
    const rows = await ds.query(
      `SELECT u.name, a.key AS agreement, p.key AS party, m.roles FROM membership m JOIN app_user u ON u.id = m.user_id JOIN agreement a ON a.id = m.agreement_id
         LEFT JOIN party p ON p.id = m.party_id WHERE u.email = 'tva@test.example' ORDER BY a.key`,
    );
    expect(rows).toEqual([
      { name: 'Tova Tvåsson', agreement: 'exempelby-2025-2028', party: null, roles: ['strategic'] },
      { name: 'Tova Tvåsson', agreement: 'vasteras-2023-2027', party: 'mimer', roles: ['coordinator'] },
    ]);
    await expect(addMember(ds, { email: 'tva@test.example', agreementKey: 'exempelby-2025-2028', party: 'mimer', roles: ['owner'] })).rejects.toThrow(
      /agreement "exempelby-2025-2028" has no party "mimer"/,
    );
    await ds.query(`DELETE FROM app_user WHERE email = 'tva@test.example'`);
  });

  it('seeds through the API’s tenant-scoped DataSource too (across tenants, on purpose), which outside any scope sees nothing', async () => {
    const other = await createTestDatabase();
    const scoped = await new DataSource({ ...dataSourceOptions(other.url), driver: scopedPg }).initialize();
    try {
      const results = await seedDemo(scoped, { today: '2025-03-01' });
      expect(results.map((r) => r.created)).toEqual([true, true]);
      expect(await scoped.query(`SELECT key FROM agreement`)).toEqual([]); // unscoped: the fence holds
      expect(await acrossTenants(() => scoped.query(`SELECT count(*)::int AS n FROM membership`))).toEqual([{ n: 17 }]);
    } finally {
      await scoped.destroy();
      await other.drop();
    }
  });
});
