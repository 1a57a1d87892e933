/**
 * `npm run bench:timeliness`: how soon after a deadline falls due is its row in PostgreSQL?
 *
 * Many activities, each with a follow-up every BENCH_CADENCE_SECONDS (default 5 s), are driven by
 * the real lifecycle workflows on a Temporal dev server with a real worker. For each deadline that
 * falls due in the measuring window we take (row written at, database clock) − (due time). Beside it,
 * in the same run, the baseline: a plain job that polls the database once a minute for due deadlines
 * and writes their rows. Prints a table, then one JSON line with the figures.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import { dataSourceOptions, seedAgreement, VASTERAS_2023_2027 } from '@app/database';
import { localDate, toWallClock } from '@app/domain';
import { createLifecycleWorker } from '@app/temporal/lifecycle-worker';
import { activityLifecycleWorkflow } from '@app/workflows/activity-lifecycle/activity-lifecycle.workflow';
import { lifecycleWorkflowId, stateQuery } from '@app/workflows/activity-lifecycle/activity-lifecycle.messages';
import { percentile, printTable, startBenchStack } from './support/bench-stack';

const ACTIVITIES = Number(process.env.BENCH_ACTIVITIES ?? 100);
const CADENCE_S = Number(process.env.BENCH_CADENCE_SECONDS ?? 5);
const WINDOW_S = Number(process.env.BENCH_WINDOW_SECONDS ?? 30);
const POLL_EVERY_S = 60;
/** A Tuesday: sub-day deadlines on a weekend would (rightly) move to Monday, so we live on a working day. */
const SIMULATED_DAY = '2024-06-04';

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const stack = await startBenchStack(log);
  const ds = await new DataSource({ ...dataSourceOptions(stack.databaseUrl), extra: { max: 30 } }).initialize();
  const connection = await NativeConnection.connect({ address: stack.temporalAddress });
  const clientConnection = await Connection.connect({ address: stack.temporalAddress });
  const client = new Client({ connection: clientConnection });
  const taskQueue = `bench-${randomUUID()}`;
  try {
    log(`creating ${ACTIVITIES} activities with a follow-up every ${CADENCE_S} s …`);
    await seedAgreement(
      ds,
      {
        ...VASTERAS_2023_2027,
        key: 'bench-timeliness',
        validFrom: SIMULATED_DAY,
        validTo: '2024-09-04',
        activities: Array.from({ length: ACTIVITIES }, (_, i) => ({ key: `bench-${i}`, title: `Bänkaktivitet ${i}`, goalAreas: ['A'], leadParty: 'city' })),
        phaseDefaults: [
          { kind: 'short', lengthMonths: 1, followUpEvery: 'P1D' },
          { kind: 'medium', lengthMonths: 1, followUpEvery: 'P4W' },
          { kind: 'long', lengthMonths: null, followUpEvery: 'P13W' },
        ],
      },
      { today: SIMULATED_DAY, staff: [] },
    );
    // A cadence of seconds, which only a phase planned before cadences had to be at least a day can
    // have: written directly, past the check that keeps new ones out.
    await ds.query(`ALTER TABLE phase DROP CONSTRAINT IF EXISTS phase_follow_up_at_least_a_day`);
    await ds.query(
      `UPDATE phase SET follow_up_every = $1 FROM activity a JOIN agreement g ON g.id = a.agreement_id
        WHERE phase.activity_id = a.id AND g.key = 'bench-timeliness' AND phase.kind = 'short'`,
      [`PT${CADENCE_S}S`],
    );
    // Deadlines only: no reminders, and a ladder that starts long after the window.
    await ds.query(`UPDATE agreement SET reminder_offsets = '{}', escalation_ladder = '[{"level":1,"body":"operational","after":"P3D"}]' WHERE key = 'bench-timeliness'`);
    const ids: string[] = (await ds.query(`SELECT a.id FROM activity a JOIN agreement g ON g.id = a.agreement_id WHERE g.key = 'bench-timeliness'`)).map((r: { id: string }) => r.id);

    const worker = await createLifecycleWorker({ connection, namespace: 'default', taskQueue, dataSource: ds, maxCachedWorkflows: Math.max(500, ACTIVITIES) });
    const running = worker.run();

    // Live on SIMULATED_DAY at the current Swedish time of day.
    const w = toWallClock(Date.now());
    const time = `${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}:${String(w.second).padStart(2, '0')}`;
    const offsetGuess = Date.parse(`${SIMULATED_DAY}T${time}Z`) - Date.parse(`${localDate(Date.now())}T${time}Z`);
    const simulatedStart = new Date(Date.now() + offsetGuess).toISOString();
    log(`starting ${ids.length} workflows …`);
    await Promise.all(
      ids.map((id) =>
        client.workflow.start(activityLifecycleWorkflow, { workflowId: lifecycleWorkflowId(id), taskQueue, args: [{ activityId: id, simulatedStart }] }),
      ),
    );
    // Each workflow knows its exact clock offset (business time − real time); ask once.
    const offsets = new Map<string, number>();
    for (const id of ids) {
      for (let tries = 0; ; tries++) {
        const v = await client.workflow.getHandle(lifecycleWorkflowId(id)).query(stateQuery);
        if (v.status !== 'starting' || tries > 100) {
          offsets.set(id, v.clockOffsetMs ?? 0);
          break;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    const windowStart = Date.now() + 1000;
    const windowEnd = windowStart + WINDOW_S * 1000;

    // The baseline: the same deadlines in a plain table, found by a job polling once a minute.
    await ds.query(`CREATE TABLE bench_polled_deadline (id serial PRIMARY KEY, due_at timestamptz NOT NULL, written_at timestamptz)`);
    const dueTimes: number[] = [];
    for (let t = Math.ceil(windowStart / (CADENCE_S * 1000)) * CADENCE_S * 1000; t < windowEnd; t += CADENCE_S * 1000) dueTimes.push(t);
    for (const t of dueTimes) {
      await ds.query(
        `INSERT INTO bench_polled_deadline (due_at) SELECT to_timestamp($1 / 1000.0) FROM generate_series(1, $2)`,
        [t, ACTIVITIES],
      );
    }
    const firstPoll = Date.now() + Math.random() * POLL_EVERY_S * 1000; // a cron job's phase is arbitrary
    const polls = (async () => {
      for (let next = firstPoll; ; next += POLL_EVERY_S * 1000) {
        await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
        await ds.query(`UPDATE bench_polled_deadline SET written_at = clock_timestamp() WHERE written_at IS NULL AND due_at <= clock_timestamp()`);
        const [{ left }] = await ds.query(`SELECT count(*)::int AS left FROM bench_polled_deadline WHERE written_at IS NULL`);
        if (left === 0) return;
      }
    })();

    log(`measuring for ${WINDOW_S} s (the once-a-minute baseline needs up to a minute more) …`);
    await new Promise((r) => setTimeout(r, windowEnd - Date.now() + 3000));
    await polls;

    const checkedAt = Date.now();
    const rows: { activity_id: string; due_at: Date; written_at: Date }[] = await ds.query(
      `SELECT activity_id, due_at, written_at FROM follow_up_event WHERE kind = 'deadline'`,
    );
    const delays: number[] = [];
    let missing = 0;
    const step = CADENCE_S * 1000;
    for (const id of ids) {
      const offset = offsets.get(id) ?? 0; // business time = real time + offset
      const written = new Map(rows.filter((r) => r.activity_id === id).map((r) => [r.due_at.getTime(), r.written_at.getTime()]));
      for (let due = Math.ceil((windowStart + offset) / step) * step; due < windowEnd + offset; due += step) {
        const at = written.get(due);
        if (at === undefined) {
          // Not written by the time we looked: it counts as at least that late, never as left out.
          missing++;
          delays.push(checkedAt - (due - offset));
        } else delays.push(at - (due - offset));
      }
    }
    const baseline: { due_at: Date; written_at: Date }[] = await ds.query(`SELECT due_at, written_at FROM bench_polled_deadline`);
    const baselineDelays = baseline.map((r) => r.written_at.getTime() - r.due_at.getTime());

    await Promise.all(ids.map((id) => client.workflow.getHandle(lifecycleWorkflowId(id)).terminate('benchmark done').catch(() => undefined)));
    worker.shutdown();
    await running;

    const figures = {
      deadlines: delays.length,
      missing,
      p50Ms: Math.round(percentile(delays, 50)),
      p99Ms: Math.round(percentile(delays, 99)),
      baselineP50Ms: Math.round(percentile(baselineDelays, 50)),
      baselineP99Ms: Math.round(percentile(baselineDelays, 99)),
    };
    console.log(`Timeliness: delay from a deadline's due time until its row is written (${ACTIVITIES} activities, one deadline each every ${CADENCE_S} s, ${WINDOW_S} s window)`);
    printTable(
      ['path', 'deadlines', 'p50 ms', 'p99 ms', 'max ms'],
      [
        ['Temporal workflow timers', delays.length, figures.p50Ms, figures.p99Ms, Math.round(Math.max(...delays))],
        ['baseline: poll once a minute', baselineDelays.length, figures.baselineP50Ms, figures.baselineP99Ms, Math.round(Math.max(...baselineDelays))],
      ],
    );
    if (missing) console.log(`${missing} deadline(s) in the window had no row by the end: each counted as late as the time we looked.`);
    console.log(`goal: p99 under 1000 ms and none missing — ${figures.p99Ms < 1000 && missing === 0 ? 'met' : 'NOT met'}`);
    console.log(JSON.stringify(figures));
  } finally {
    await clientConnection.close();
    await connection.close();
    await ds.destroy();
    await stack.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
