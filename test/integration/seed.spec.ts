import { DataSource } from 'typeorm';
import { dataSourceOptions, seedAgreement, VASTERAS_2023_2027 } from '@app/database';
import { ESKILSTUNA_2025_2028 } from '../support/second-agreement';
import { createTestDatabase, TestDatabase } from '../support/test-database';

async function counts(ds: DataSource): Promise<Record<string, number>> {
  const tables = ['agreement', 'party', 'goal_area', 'area', 'activity', 'activity_goal_area', 'phase', 'milestone', 'app_user'];
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
    expect(first).toEqual({ agreement: 'vasteras-2023-2027', created: true, usersCreated: 12 });
    const after = await counts(ds);
    expect(after).toEqual({
      agreement: 1,
      party: 4,
      goal_area: 8,
      area: 5,
      activity: 16,
      activity_goal_area: VASTERAS_2023_2027.activities.reduce((n, a) => n + a.goalAreas.length, 0),
      phase: 48,
      milestone: 48,
      app_user: 12,
    });

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
    expect(result.created).toBe(true);
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
});
