/**
 * What a benchmark runs against: the real PostgreSQL and Temporal dev server (embedded and fresh,
 * under .data/bench/, unless DATABASE_URL and TEMPORAL_ADDRESS name existing ones), migrated.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { dataDir, ensureDatabase, freePort, freePortOutsideEphemeralRange, startEmbeddedPostgres, startTemporalDevServer } from '@app/devstack';
import { runMigrations } from '@app/database';

export interface BenchStack {
  databaseUrl: string;
  temporalAddress: string;
  stop(): Promise<void>;
}

export async function startBenchStack(log: (line: string) => void): Promise<BenchStack> {
  const stops: (() => Promise<void>)[] = [];
  let databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    const name = `bench_${randomBytes(4).toString('hex')}`;
    const admin = new URL(databaseUrl);
    admin.pathname = '/postgres';
    await ensureDatabase(admin.toString(), name);
    const url = new URL(databaseUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
  } else {
    const dir = dataDir('bench', `pg-${process.pid}`);
    rmSync(dir, { recursive: true, force: true });
    log('starting an embedded PostgreSQL for the benchmark …');
    const pg = await startEmbeddedPostgres({ dataDir: dir, port: await freePort(), database: 'bench' });
    databaseUrl = pg.url;
    stops.push(async () => {
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    });
  }
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop();
  };
  let temporalAddress = process.env.TEMPORAL_ADDRESS;
  try {
    if (!temporalAddress) {
      log('starting a Temporal dev server for the benchmark …');
      const temporal = await startTemporalDevServer({ port: await freePortOutsideEphemeralRange(), headless: true });
      temporalAddress = temporal.address;
      stops.push(() => temporal.stop());
    }
    await runMigrations(databaseUrl);
  } catch (error) {
    await stopAll(); // leave no embedded server behind
    throw error;
  }
  return {
    databaseUrl,
    temporalAddress,
    stop: stopAll,
  };
}

/** The p-th percentile (0–100) of `values`, nearest-rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Prints rows as an aligned table. */
export function printTable(header: string[], rows: (string | number)[][]): void {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(cells[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of cells.slice(1)) console.log(line(r));
}
