/**
 * `npm run bench:import`: a plan of 5 000 activities imported from an XLSX file through the API and
 * the import workflow (parsing, every row checked against the agreement, one transaction per
 * activity with its phases, delmål, goal areas, parties and audit entry, progress recorded), beside a
 * baseline in the same run: the same rows inserted with plain `pg`, one transaction per activity with
 * the same INSERTs and no checks, no Temporal. Two figures for the import: the rows written (from the
 * upload until the import says done), and separately the time until every new activity's follow-up
 * workflow runs (started by the import once its rows are written, a batch at a time; counted when the
 * workflow has loaded its plan and written its first deadline to the activity). Then the same file
 * imported again (nothing changes). Prints a table, then one JSON line, the last line.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, seedAgreement, VASTERAS_2023_2027 } from '@app/database';
import { freePort } from '@app/devstack';
import { createLifecycleWorker } from '@app/temporal/lifecycle-worker';
import { writePlanXlsx } from '@app/temporal/plan-io/plan-sheet';
import type { PlanRow } from '@app/temporal/plan-io/plan-sheet';
import { createApiApp } from '../apps/api/src/create-app';
import { printTable, startBenchStack } from './support/bench-stack';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 5000);
const PASSWORD = 'bench-password';
const AGREEMENT = 'bench-import';
const GOAL = 0.3;
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

function plan(prefix: string): Omit<PlanRow, 'row'>[] {
  return Array.from({ length: ROWS }, (_, i) => ({
    externalId: `${prefix.toUpperCase()}-${String(i).padStart(5, '0')}`,
    key: `${prefix}-${i}`,
    title: `Bänkaktivitet ${i}`,
    description: `Importerad i bänktestet, rad ${i}.`,
    goalAreas: i % 2 ? ['A', 'B'] : ['C'],
    leadParty: 'city',
    cooperatingParties: ['police'],
    ownerEmail: `owner-${i % 20}@bench.example`,
    phases: [
      { kind: 'short', startDate: '2024-01-01', targetDate: '2025-01-01', followUpEvery: 'P4W', milestones: [{ title: `Delmål ${i}`, dueDate: '2024-06-30' }] },
      { kind: 'medium', startDate: '2025-01-01', targetDate: '2026-01-01', followUpEvery: 'P8W', milestones: [] },
      { kind: 'long', startDate: '2026-01-01', targetDate: '2027-06-01', followUpEvery: 'P13W', milestones: [] },
    ],
  }));
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const stack = await startBenchStack(log);
  const taskQueue = `bench-${randomUUID()}`;
  const ds = await new DataSource(dataSourceOptions(stack.databaseUrl)).initialize();
  const pool = new Pool({ connectionString: stack.databaseUrl, max: 4 });
  const native = await NativeConnection.connect({ address: stack.temporalAddress });
  const connection = await Connection.connect({ address: stack.temporalAddress });
  const client = new Client({ connection });
  const staff = [
    { email: 'admin@bench.example', name: 'Bänkadministratör', party: null, roles: ['admin' as const] },
    ...Array.from({ length: 20 }, (_, i) => ({ email: `owner-${i}@bench.example`, name: `Ägare ${i}`, party: 'city', roles: ['owner' as const] })),
  ];
  await seedAgreement(ds, { ...VASTERAS_2023_2027, key: AGREEMENT, activities: [] }, { today: '2026-11-23', staff, password: PASSWORD });
  const worker = await createLifecycleWorker({ connection: native, namespace: 'default', taskQueue, dataSource: ds, maxCachedWorkflows: 500 });
  const running = worker.run();
  Object.assign(process.env, { DATABASE_URL: stack.databaseUrl, TEMPORAL_ADDRESS: stack.temporalAddress, TEMPORAL_TASK_QUEUE: taskQueue, LOG_LEVEL: 'warn', SEED_DEMO_DATA: 'false' });
  const app = await createApiApp();
  const port = await freePort();
  await app.listen(port, '127.0.0.1');
  const base = `http://127.0.0.1:${port}`;
  // Printed once everything is stopped, so that the JSON line is the very last line.
  const output: (() => void)[] = [];
  try {
    // --- baseline: plain pg, one transaction per activity, the same INSERTs -----------------------
    const [agreement] = await ds.query(`SELECT id FROM agreement WHERE key = $1`, [AGREEMENT]);
    const ids = async (sql: string) => new Map<string, string>((await ds.query(sql, [agreement.id])).map((r: { k: string; id: string }) => [r.k, r.id]));
    const parties = await ids(`SELECT key AS k, id FROM party WHERE agreement_id = $1`);
    const goals = await ids(`SELECT code AS k, id FROM goal_area WHERE agreement_id = $1`);
    const users = new Map<string, string>((await ds.query(`SELECT email AS k, id FROM app_user`)).map((r: { k: string; id: string }) => [r.k, r.id]));
    const baselineRows = plan('base');
    log(`baseline: ${ROWS} activities with plain pg …`);
    const b0 = performance.now();
    const db = await pool.connect();
    try {
      for (const r of baselineRows) {
        await db.query('BEGIN');
        const { rows } = await db.query(
          `INSERT INTO activity (agreement_id, external_id, key, title, description, lead_party_id, owner_id, status, current_phase) VALUES ($1, $2, $3, $4, $5, $6, $7, 'active', 'short') RETURNING id`,
          [agreement.id, r.externalId, r.key, r.title, r.description, parties.get(r.leadParty), users.get(r.ownerEmail!)],
        );
        const id = rows[0].id;
        const ph = await db.query(
          `INSERT INTO phase (activity_id, kind, start_date, target_date, follow_up_every) SELECT $1, * FROM unnest($2::text[], $3::date[], $4::date[], $5::text[]) RETURNING id, kind`,
          [id, r.phases.map((p) => p.kind), r.phases.map((p) => p.startDate), r.phases.map((p) => p.targetDate), r.phases.map((p) => p.followUpEvery)],
        );
        const m = r.phases[0].milestones[0];
        await db.query(`INSERT INTO milestone (phase_id, position, title, due_date) VALUES ($1, 1, $2, $3)`, [ph.rows.find((x) => x.kind === 'short').id, m.title, m.dueDate]);
        await db.query(`INSERT INTO activity_goal_area (activity_id, goal_area_id) SELECT $1, unnest($2::uuid[])`, [id, r.goalAreas.map((g) => goals.get(g))]);
        await db.query(`INSERT INTO activity_cooperating_party (activity_id, party_id) SELECT $1, unnest($2::uuid[])`, [id, r.cooperatingParties.map((p) => parties.get(p))]);
        await db.query(`INSERT INTO audit_entry (action, entity_type, entity_id, activity_id, agreement_id, after) VALUES ('activity.import-create', 'activity', $1, $1, $2, $3)`, [id, agreement.id, JSON.stringify(r)]);
        await db.query('COMMIT');
      }
    } finally {
      db.release();
    }
    const baselineSeconds = (performance.now() - b0) / 1000;

    // --- the import: API, workflow, steps --------------------------------------------------------
    // Signed in again for each import: waiting for the follow-up workflows may outlast an access token.
    const signIn = async () => {
      const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@bench.example', password: PASSWORD }) });
      if (!login.ok) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`);
      return ((await login.json()) as { accessToken: string }).accessToken;
    };
    const file = await writePlanXlsx(plan('imp'));
    const runImport = async (label: string) => {
      log(`${label}: ${ROWS} rows (${(file.length / 1024 / 1024).toFixed(1)} MB xlsx) through the API and the import workflow …`);
      const token = await signIn();
      const t0 = performance.now();
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(file)]), 'plan.xlsx');
      const res = await fetch(`${base}/api/agreements/${AGREEMENT}/import`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
      if (res.status !== 202) throw new Error(`import answered ${res.status}: ${await res.text()}`);
      const { id } = (await res.json()) as { id: string };
      for (;;) {
        const p = (await (await fetch(`${base}/api/imports/${id}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { status: string; done: number; failed: number; created: number; updated: number; unchanged: number; errors: unknown[] };
        if (p.status === 'done' || p.status === 'failed') return { ...p, seconds: (performance.now() - t0) / 1000, startedAt: t0 };
        await new Promise((r) => setTimeout(r, 250));
      }
    };
    const first = await runImport('import');
    log(`rows written: ${ROWS} in ${first.seconds.toFixed(1)} s (baseline ${baselineSeconds.toFixed(1)} s)`);
    if (first.status !== 'done' || first.failed || first.created !== ROWS) throw new Error(`the import did not create every row: ${JSON.stringify({ ...first, errors: first.errors.slice(0, 3) })}`);
    // Every new activity's follow-up workflow runs: it has loaded its plan and written its next deadline.
    log('waiting until every imported activity\'s follow-up workflow runs …');
    let followUpSeconds = 0;
    for (let last = -1; ; ) {
      const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM activity WHERE key LIKE 'imp-%' AND next_deadline_at IS NOT NULL`);
      if (n === ROWS) {
        followUpSeconds = (performance.now() - first.startedAt) / 1000;
        break;
      }
      if (n !== last) log(`  ${n} of ${ROWS} follow-up workflows run`);
      last = n;
      if ((performance.now() - first.startedAt) / 1000 > 1800) throw new Error(`after 30 minutes only ${n} of ${ROWS} follow-up workflows run`);
      await new Promise((r) => setTimeout(r, 1000));
    }
    const again = await runImport('the same file again');
    if (again.unchanged !== ROWS) throw new Error(`importing again changed something: ${JSON.stringify({ ...again, errors: again.errors.slice(0, 3) })}`);

    const baselinePerSec = ROWS / baselineSeconds;
    const importPerSec = ROWS / first.seconds;
    const figures = {
      rows: ROWS,
      baselinePerSec: Math.round(baselinePerSec),
      importPerSec: Math.round(importPerSec),
      ratio: Math.round((importPerSec / baselinePerSec) * 100) / 100,
      followUpsRunningSeconds: Math.round(followUpSeconds * 10) / 10,
      followUpsPerSec: Math.round(ROWS / followUpSeconds),
      reimportPerSec: Math.round(ROWS / again.seconds),
      goal: GOAL,
    };
    output.push(() => console.log(`Plan import: ${ROWS} activities (3 phases, 1 delmål, 1–2 goal areas, 1 co-operating party each)`));
    output.push(() => printTable(
      ['path', 'rows', 'seconds', 'rows per s'],
      [
        ['baseline (plain pg, one transaction per activity, same INSERTs, no checks)', ROWS, Math.round(baselineSeconds * 10) / 10, figures.baselinePerSec],
        ['import: rows written (upload, parse, checks, workflow, transaction per activity, audit; until the import is done)', ROWS, Math.round(first.seconds * 10) / 10, figures.importPerSec],
        ['import: until every new activity\'s follow-up workflow runs (from the upload)', ROWS, figures.followUpsRunningSeconds, figures.followUpsPerSec],
        ['import again (same file: every row unchanged)', ROWS, Math.round(again.seconds * 10) / 10, figures.reimportPerSec],
      ],
    ));
    output.push(() => console.log(`ratio import/baseline ${figures.ratio} (goal: at least ${GOAL} — ${figures.ratio >= GOAL ? 'met' : 'NOT met'})`));
    output.push(() => console.log(JSON.stringify(figures)));
  } finally {
    const ids: { id: string }[] = await ds.query(`SELECT id FROM activity WHERE key LIKE 'imp-%'`);
    log('terminating the follow-up workflows the import started …');
    for (let i = 0; i < ids.length; i += 100) {
      await Promise.all(ids.slice(i, i + 100).map((a) => client.workflow.getHandle(`activity-${a.id}`).terminate('benchmark done').catch(() => undefined)));
    }
    await app.close();
    worker.shutdown();
    await running;
    await connection.close();
    await native.close();
    await pool.end();
    await ds.destroy();
    await stack.stop();
  }
  for (const print of output) print();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
