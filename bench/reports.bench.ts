/**
 * `npm run bench:reports`: many owners posting progress reports at once through the API, beside the
 * raw floor: the same inserts (report and outbox row, one transaction) and the same workflow update
 * done directly with `pg` and the Temporal client. Same activities, same concurrency, same run,
 * interleaved in rounds so that a noisy neighbour hits both alike. Prints a table, then one JSON line.
 *
 * The API runs in a process of its own, as `npm start` and docker-compose run it; the worker and the
 * floor's bare clients run in this one, so both paths share the same worker.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { Activity, dataSourceOptions, seedAgreement, VASTERAS_2023_2027 } from '@app/database';
import { freePort, projectRoot, spawnManaged, TS_NODE_ARGS } from '@app/devstack';
import { ActivityLifecycleClient } from '@app/temporal';
import { createLifecycleWorker } from '@app/temporal/lifecycle-worker';
import { lifecycleWorkflowId, submitReportUpdate } from '@app/workflows/activity-lifecycle/activity-lifecycle.messages';
import { percentile, printTable, startBenchStack } from './support/bench-stack';

const ACTIVITIES = Number(process.env.BENCH_ACTIVITIES ?? 100);
const OWNERS = Number(process.env.BENCH_OWNERS ?? 25);
const REPORTS = Number(process.env.BENCH_REPORTS ?? 800);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 40);
const ROUNDS = 2;
const PASSWORD = 'bench-password';

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

interface Run {
  latencies: number[];
  seconds: number;
  failures: number;
}

/** Runs `count` operations with `concurrency` in flight; op(i) performs the i-th. */
async function load(count: number, concurrency: number, op: (i: number) => Promise<void>): Promise<Run> {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t = performance.now();
        try {
          await op(i);
          latencies.push(performance.now() - t);
        } catch (error) {
          failures++;
          if (failures <= 3) log(`failure: ${(error as Error).message}`);
        }
      }
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000, failures };
}

async function waitForHealth(url: string, api: ReturnType<typeof spawnManaged>): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (api.child.exitCode !== null) throw new Error(`The API exited (${api.child.exitCode}) before it answered`);
    const ok = await fetch(url, { signal: AbortSignal.timeout(3000) }).then((r) => r.ok, () => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`The API did not answer at ${url} within 2 minutes`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const stack = await startBenchStack(log);
  const taskQueue = `bench-${randomUUID()}`;
  const ds = await new DataSource(dataSourceOptions(stack.databaseUrl)).initialize();
  const pool = new Pool({ connectionString: stack.databaseUrl, max: 20 });
  const native = await NativeConnection.connect({ address: stack.temporalAddress });
  const connection = await Connection.connect({ address: stack.temporalAddress });
  const client = new Client({ connection });
  let apiProcess: ReturnType<typeof spawnManaged> | undefined;
  try {
    log(`creating ${ACTIVITIES} activities owned by ${OWNERS} owners …`);
    const staff = Array.from({ length: OWNERS }, (_, i) => ({ email: `owner-${i}@bench.example`, name: `Ägare ${i}`, party: 'city', roles: ['owner' as const] }));
    await seedAgreement(
      ds,
      {
        ...VASTERAS_2023_2027,
        key: 'bench-reports',
        activities: Array.from({ length: ACTIVITIES }, (_, i) => ({ key: `bench-${i}`, title: `Bänkaktivitet ${i}`, goalAreas: ['A'], leadParty: 'city' })),
      },
      { today: '2026-11-23', staff, password: PASSWORD },
    );
    const users: { id: string; email: string }[] = await ds.query(`SELECT id, email FROM app_user WHERE email LIKE '%@bench.example' ORDER BY email`);
    const activities = await ds.getRepository(Activity).find({ order: { key: 'ASC' } });
    for (const [i, a] of activities.entries()) await ds.query(`UPDATE activity SET owner_id = $2 WHERE id = $1`, [a.id, users[i % users.length].id]);

    const worker = await createLifecycleWorker({ connection: native, namespace: 'default', taskQueue, dataSource: ds, maxCachedWorkflows: Math.max(500, ACTIVITIES) });
    const running = worker.run();
    const port = await freePort();
    log('starting the API in a process of its own …');
    apiProcess = spawnManaged('api', process.execPath, [...TS_NODE_ARGS, 'apps/api/src/main.ts'], {
      cwd: projectRoot(),
      env: {
        ...process.env,
        DATABASE_URL: stack.databaseUrl,
        TEMPORAL_ADDRESS: stack.temporalAddress,
        TEMPORAL_TASK_QUEUE: taskQueue,
        PORT: String(port),
        HOST: '127.0.0.1',
        SEED_DEMO_DATA: 'false',
        LOG_LEVEL: 'warn',
        REPORT_DELIVERY_INTERVAL_MS: '60000',
        // All owners sign in from 127.0.0.1 within a second: lift the per-address sign-in limit (20 a minute).
        SIGN_IN_ATTEMPTS_PER_MINUTE: process.env.SIGN_IN_ATTEMPTS_PER_MINUTE ?? '1000000',
      },
      log: (line) => log(`api: ${line}`),
    });
    const base = `http://127.0.0.1:${port}`;
    await waitForHealth(`${base}/api/health`, apiProcess);
    await new ActivityLifecycleClient(client, taskQueue).ensureStarted(activities.map((a) => a.id));

    log('signing in the owners …');
    const tokens = new Map<string, string>();
    for (const u of users) {
      const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: u.email, password: PASSWORD }) });
      // A refused sign-in would show up later as reports refused with 401: stop here and say why.
      if (!res.ok) throw new Error(`Signing in ${u.email} failed: ${res.status} ${await res.text()}`);
      tokens.set(u.id, ((await res.json()) as { accessToken: string }).accessToken);
    }
    const ownerOf = (i: number) => users[i % users.length].id;
    const body = (i: number) => ({ status: i % 7 === 0 ? 'at_risk' : 'on_track', progress: i % 101, summary: `Bänkrapport ${i}: arbetet fortgår enligt plan.` });

    // Warm both paths (JIT, connection pools, workflow caches) before measuring.
    const api = async (i: number) => {
      const a = activities[i % activities.length];
      const res = await fetch(`${base}/api/activities/${a.id}/reports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(ownerOf(i % activities.length))}` },
        body: JSON.stringify(body(i)),
      });
      if (res.status !== 201) throw new Error(`API answered ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
    };
    const floor = async (i: number) => {
      const a = activities[i % activities.length];
      const b = body(i);
      const db = await pool.connect();
      let reportId: string;
      try {
        await db.query('BEGIN');
        reportId = (await db.query(`INSERT INTO activity_report (activity_id, status, progress, summary) VALUES ($1, $2, $3, $4) RETURNING id`, [a.id, b.status, b.progress, b.summary])).rows[0].id;
        await db.query(`INSERT INTO workflow_delivery (report_id, activity_id) VALUES ($1, $2)`, [reportId, a.id]);
        await db.query(
          `INSERT INTO audit_entry (actor_user_id, actor_email, action, entity_type, entity_id, activity_id, after) VALUES ($1, $2, 'report.submit', 'report', $3, $4, $5::jsonb)`,
          [users[i % users.length].id, users[i % users.length].email, reportId, a.id, JSON.stringify({ id: reportId, ...b })],
        );
        await db.query('COMMIT');
      } catch (error) {
        await db.query('ROLLBACK');
        throw error;
      } finally {
        db.release();
      }
      await client.workflow.getHandle(lifecycleWorkflowId(a.id)).executeUpdate(submitReportUpdate, { args: [{ reportId, ...b } as never] });
      await pool.query(`UPDATE workflow_delivery SET delivered_at = now() WHERE report_id = $1`, [reportId]);
    };
    log('warming up …');
    await load(100, CONCURRENCY, api);
    await load(100, CONCURRENCY, floor);

    const apiRuns: Run[] = [];
    const floorRuns: Run[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      log(`round ${round + 1}/${ROUNDS}: ${REPORTS / ROUNDS} reports through the API, then the same directly …`);
      apiRuns.push(await load(REPORTS / ROUNDS, CONCURRENCY, api));
      floorRuns.push(await load(REPORTS / ROUNDS, CONCURRENCY, floor));
    }
    const sum = (runs: Run[]) => ({
      n: runs.reduce((s, r) => s + r.latencies.length, 0),
      seconds: runs.reduce((s, r) => s + r.seconds, 0),
      failures: runs.reduce((s, r) => s + r.failures, 0),
      latencies: runs.flatMap((r) => r.latencies),
    });
    const a = sum(apiRuns);
    const f = sum(floorRuns);
    const apiPerSec = a.n / a.seconds;
    const floorPerSec = f.n / f.seconds;
    const figures = {
      reports: a.n + a.failures, // per path: each path posts this many
      apiFailed: a.failures,
      floorFailed: f.failures,
      apiPerSec: Math.round(apiPerSec * 10) / 10,
      floorPerSec: Math.round(floorPerSec * 10) / 10,
      ratio: Math.round((apiPerSec / floorPerSec) * 100) / 100,
      apiP99Ms: Math.round(percentile(a.latencies, 99)),
      floorP99Ms: Math.round(percentile(f.latencies, 99)),
      p99Ratio: Math.round((percentile(a.latencies, 99) / percentile(f.latencies, 99)) * 100) / 100,
    };
    console.log(`Reports: ${CONCURRENCY} concurrent clients, ${ACTIVITIES} activities, ${OWNERS} owners, ${ROUNDS} interleaved rounds`);
    printTable(
      ['path', 'reports', 'failed', 'per s', 'p50 ms', 'p99 ms'],
      [
        ['API (token, checks, report + outbox + audit, workflow update)', a.n, a.failures, figures.apiPerSec, Math.round(percentile(a.latencies, 50)), figures.apiP99Ms],
        ['floor (pg: report + outbox + audit, Temporal update)', f.n, f.failures, figures.floorPerSec, Math.round(percentile(f.latencies, 50)), figures.floorP99Ms],
      ],
    );
    // Issue 17's goals: the API at least as fast as the floor, its p99 at most 1.5 times the floor's.
    console.log(`ratio API/floor ${figures.ratio} (goal: at least 1.0 — ${figures.ratio >= 1 ? 'met' : 'NOT met'})`);
    console.log(`p99 API/floor ${figures.p99Ratio} (goal: at most 1.5 — ${figures.p99Ratio <= 1.5 ? 'met' : 'NOT met'})`);
    await Promise.all(activities.map((x) => client.workflow.getHandle(lifecycleWorkflowId(x.id)).terminate('benchmark done').catch(() => undefined)));
    await apiProcess.stop();
    apiProcess = undefined;
    worker.shutdown();
    await running;
    console.log(JSON.stringify(figures));
  } finally {
    await apiProcess?.stop();
    await connection.close();
    await native.close();
    await pool.end();
    await ds.destroy();
    await stack.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
