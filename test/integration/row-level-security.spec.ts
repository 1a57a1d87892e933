import { DataSource } from 'typeorm';
import { acrossTenants, dataSourceOptions, queryAcrossTenants, scopedPg, scopeTo, withRequestScope } from '@app/database';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/**
 * The second fence: PostgreSQL's row-level security, behind the API's own checks. The API's
 * connections are made exactly as here (DatabaseModule: `driver: scopedPg`), so a query that
 * forgets every condition on the agreement still returns only the request's agreements' rows.
 */
describe('row-level security keeps each tenant to its own rows', () => {
  let db: TestDatabase;
  let owner: DataSource; // the tables' owner, as the seed and the migrations: not subject to the policies
  let api: DataSource; // as the API and the worker connect
  const ids: Record<'a' | 'b', { agreement: string; activity: string; user: string }> = {} as never;

  /** One tenant, with a row in every tenant-owned table. */
  async function tenant(slug: 'a' | 'b'): Promise<void> {
    const [m] = await owner.query(`INSERT INTO municipality (key, name) VALUES ($1, $2) RETURNING id`, [`kommun-${slug}`, `Kommun ${slug.toUpperCase()}`]);
    const [agreement] = await owner.query(
      `INSERT INTO agreement (key, title, municipality, municipality_id, valid_from, valid_to, purpose, long_term_goal)
       VALUES ($1, $2, $3, $4, '2025-01-01', '2028-12-31', 'Syfte', 'Mål') RETURNING id`,
      [`avtal-${slug}`, `Avtal ${slug}`, `Kommun ${slug.toUpperCase()}`, m.id],
    );
    const [party] = await owner.query(`INSERT INTO party (agreement_id, key, name) VALUES ($1, 'police', 'Polisen') RETURNING id`, [agreement.id]);
    const [goal] = await owner.query(`INSERT INTO goal_area (agreement_id, code, title) VALUES ($1, 'A', 'Trygghet') RETURNING id`, [agreement.id]);
    await owner.query(`INSERT INTO area (agreement_id, name) VALUES ($1, 'Centrum')`, [agreement.id]);
    await owner.query(`INSERT INTO council_meeting (agreement_id, date) VALUES ($1, '2026-12-10')`, [agreement.id]);
    const [user] = await owner.query(`INSERT INTO app_user (name, email) VALUES ($1, $2) RETURNING id`, [`Person ${slug}`, `person.${slug}@example.org`]);
    await owner.query(`INSERT INTO membership (user_id, agreement_id, party_id, roles) VALUES ($1, $2, $3, '{owner}')`, [user.id, agreement.id, party.id]);
    const [activity] = await owner.query(
      `INSERT INTO activity (agreement_id, key, title, lead_party_id, owner_id) VALUES ($1, 'mbu', 'Samma nyckel i båda', $2, $3) RETURNING id`,
      [agreement.id, party.id, user.id],
    );
    await owner.query(`INSERT INTO activity_goal_area (activity_id, goal_area_id) VALUES ($1, $2)`, [activity.id, goal.id]);
    const [phase] = await owner.query(
      `INSERT INTO phase (activity_id, kind, start_date, target_date, follow_up_every) VALUES ($1, 'short', '2025-01-01', '2025-12-31', 'P1M') RETURNING id`,
      [activity.id],
    );
    await owner.query(`INSERT INTO milestone (phase_id, position, title) VALUES ($1, 1, 'Delmål')`, [phase.id]);
    const [report] = await owner.query(
      `INSERT INTO activity_report (activity_id, status, progress, summary, submitted_by_user_id) VALUES ($1, 'on_track', 10, 'Läget', $2) RETURNING id`,
      [activity.id, user.id],
    );
    await owner.query(`INSERT INTO workflow_delivery (report_id, activity_id) VALUES ($1, $2)`, [report.id, activity.id]);
    await owner.query(
      `INSERT INTO follow_up_event (activity_id, key, kind, phase, due_at, fired_at, level, body) VALUES ($1, 'e1', 'escalation', 'short', now(), now(), 1, 'operational')`,
      [activity.id],
    );
    await owner.query(
      `INSERT INTO notification (recipient_user_id, dedupe_key, kind, activity_id, subject, body_text, link) VALUES ($1, 'event:e1', 'escalation', $2, 'Eskalering', 'Text', 'http://x/')`,
      [user.id, activity.id],
    );
    await owner.query(`INSERT INTO audit_entry (action, entity_type, entity_id, activity_id) VALUES ('activity.pause', 'activity', $1, $1)`, [activity.id]);
    ids[slug] = { agreement: agreement.id, activity: activity.id, user: user.id };
  }

  const TABLES = ['municipality', 'agreement', 'party', 'goal_area', 'area', 'council_meeting', 'membership', 'activity', 'activity_goal_area', 'phase', 'milestone', 'activity_report', 'workflow_delivery', 'follow_up_event', 'notification', 'audit_entry', 'app_user'];

  /** Every table, counted with no condition at all: the deliberately unscoped query. */
  const countAll = async () => {
    const counts: Record<string, number> = {};
    for (const table of TABLES) counts[table] = Number((await api.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);
    return counts;
  };

  beforeAll(async () => {
    db = await createTestDatabase('migrated');
    owner = await new DataSource(dataSourceOptions(db.url)).initialize();
    await tenant('a');
    await tenant('b');
    api = await new DataSource({ ...dataSourceOptions(db.url), driver: scopedPg, extra: { max: 2 } } as never).initialize();
  });
  afterAll(async () => {
    await api?.destroy();
    await owner?.destroy();
    await db?.drop();
  });

  it('a request of tenant A sees exactly one of everything (its own), whatever the query leaves out', async () => {
    const counts = await withRequestScope(async () => {
      scopeTo([ids.a.agreement], ids.a.user);
      return countAll();
    });
    for (const table of TABLES) expect({ table, n: counts[table] }).toEqual({ table, n: 1 });
    const activities = await withRequestScope(async () => {
      scopeTo([ids.a.agreement], ids.a.user);
      return api.query(`SELECT id FROM activity WHERE key = 'mbu'`);
    });
    expect(activities).toEqual([{ id: ids.a.activity }]);
  });

  it('work outside every scope sees nothing at all (fails closed)', async () => {
    const counts = await countAll();
    for (const table of TABLES) expect({ table, n: counts[table] }).toEqual({ table, n: 0 });
  });

  it('a request of tenant A cannot write into tenant B, nor move a row there', async () => {
    await withRequestScope(async () => {
      scopeTo([ids.a.agreement], ids.a.user);
      await expect(api.query(`INSERT INTO area (agreement_id, name) VALUES ($1, 'Intrång')`, [ids.b.agreement])).rejects.toThrow(/row-level security/);
      // B's rows are invisible, so an update of them changes nothing …
      const [, affected] = await api.query(`UPDATE activity SET title = 'Ändrad' WHERE id = $1`, [ids.b.activity]);
      expect(affected).toBe(0);
      // … and a report on B's activity is refused (its agreement, filled from the activity, is not A's).
      await expect(api.query(`INSERT INTO activity_report (activity_id, status, progress, summary) VALUES ($1, 'on_track', 1, 'x')`, [ids.b.activity])).rejects.toThrow();
    });
    const [b] = await owner.query(`SELECT title FROM activity WHERE id = $1`, [ids.b.activity]);
    expect(b.title).toBe('Samma nyckel i båda');
    expect(Number((await owner.query(`SELECT count(*)::int AS n FROM area WHERE name = 'Intrång'`))[0].n)).toBe(0);
  });

  it('the same connection, taken again by another request, sees only that request’s tenant', async () => {
    const seen = await Promise.all(
      (['a', 'b', 'a', 'b'] as const).map((slug) =>
        withRequestScope(async () => {
          scopeTo([ids[slug].agreement], ids[slug].user);
          const rows: { id: string }[] = await api.query(`SELECT id FROM activity`);
          return { slug, rows: rows.map((r) => r.id) };
        }),
      ),
    );
    for (const { slug, rows } of seen) expect(rows).toEqual([ids[slug].activity]);
  });

  it('one statement across tenants inside a request’s transaction: that statement sees every tenant, the next ones the request’s again', async () => {
    const seen = await withRequestScope(() => {
      scopeTo([ids.a.agreement], ids.a.user);
      return api.transaction(async (em) => {
        const count = async (query: Promise<{ n: number }[]>) => (await query)[0].n;
        const before = await count(em.query(`SELECT count(*)::int AS n FROM membership`));
        const across = await count(queryAcrossTenants(em, `SELECT count(*)::int AS n FROM membership`));
        const after = await count(em.query(`SELECT count(*)::int AS n FROM membership`));
        return { before, across, after };
      });
    });
    expect(seen).toEqual({ before: 1, across: 2, after: 1 });
    // A statement that fails leaves nothing across tenants behind: the connection's next request sees its own tenant only.
    await expect(
      withRequestScope(() => {
        scopeTo([ids.a.agreement], ids.a.user);
        return api.transaction((em) => queryAcrossTenants(em, `SELECT 1/0`));
      }),
    ).rejects.toThrow(/division by zero/);
    const next = await withRequestScope(async () => {
      scopeTo([ids.a.agreement], ids.a.user);
      return Promise.all([api.query(`SELECT count(*)::int AS n FROM membership`), api.query(`SELECT count(*)::int AS n FROM membership`)]);
    });
    expect(next.map((r) => r[0].n)).toEqual([1, 1]);
    // Outside a transaction it refuses (a transaction-local setting would not hold).
    await expect(queryAcrossTenants(api.manager, `SELECT 1`)).rejects.toThrow(/outside a transaction/);
  });

  it('a person of both sees both; the worker’s role sees every tenant, on purpose', async () => {
    const both = await withRequestScope(async () => {
      scopeTo([ids.a.agreement, ids.b.agreement], ids.a.user);
      return api.query(`SELECT count(*)::int AS n FROM activity`);
    });
    expect(both[0].n).toBe(2);
    const across = await acrossTenants(() => api.query(`SELECT count(*)::int AS n FROM notification`));
    expect(across[0].n).toBe(2);
  });
});
