import { AsyncLocalStorage } from 'node:async_hooks';
import * as pg from 'pg';

/**
 * Which rows the database lets a piece of work see: the second fence behind the application's own
 * checks (row-level security, migration Tenancy).
 *
 * - `agreements`: the work is one request's. Its connection runs as `samverkan_tenant`, with the
 *   agreements it may see (and the person) in settings that the policies read. An empty list sees
 *   nothing, and that is also what work outside every scope gets, so a forgotten scope fails closed.
 * - `across-tenants`: the worker's steps, sign-in, and the API's own background work, which act for
 *   every agreement on purpose. They run as `samverkan_system`. This file is the one place that
 *   chooses that role: through `acrossTenants()` (one piece of work), `queryAcrossTenants()` (one
 *   statement in a request's transaction) or `actAcrossTenantsByDefault()` (the worker process, once,
 *   at start).
 *
 * The scope is applied where a connection is taken from the pool (every query, every transaction),
 * in one round trip, and only when it differs from what the connection last had.
 */
export type DatabaseScope = { kind: 'agreements'; agreementIds: string[]; userId: string | null } | { kind: 'across-tenants' };

const NOTHING: DatabaseScope = { kind: 'agreements', agreementIds: [], userId: null };
const storage = new AsyncLocalStorage<{ scope: DatabaseScope }>();
let processDefault: DatabaseScope = NOTHING;

/** Runs `work` across every tenant: for what acts for the whole platform on purpose (say why at the call). */
export function acrossTenants<T>(work: () => T): T {
  return storage.run({ scope: { kind: 'across-tenants' } }, work);
}

/** What `queryAcrossTenants` needs of TypeORM's EntityManager: a transaction's manager. */
interface TransactionManager {
  query<T = unknown>(query: string, parameters?: unknown[]): Promise<T>;
  readonly queryRunner?: { readonly isTransactionActive: boolean };
}

/**
 * Runs the one statement `sql` across every tenant, inside a transaction that is otherwise in the
 * request's scope: for the few facts that are the installation's rather than a tenant's (a person
 * found by e-mail address, whether someone is a member elsewhere). Say why at the call, and keep the
 * statement to exactly that. The transaction's role is back to the scope's own when the statement
 * has answered (and, the setting being the transaction's, at its end whatever happens).
 */
export async function queryAcrossTenants<T>(em: TransactionManager, sql: string, parameters: unknown[] = []): Promise<T> {
  if (!em.queryRunner?.isTransactionActive) throw new Error('queryAcrossTenants() outside a transaction (dataSource.transaction)');
  const [{ role }] = await em.query<{ role: string }[]>(`SELECT current_setting('role') AS role, set_config('role', 'samverkan_system', true)`);
  let failed = false;
  try {
    return await em.query<T>(sql, parameters);
  } catch (error) {
    failed = true; // the transaction is aborted; its end puts the role back
    throw error;
  } finally {
    if (!failed) await em.query(`SELECT set_config('role', $1, true)`, [role]);
  }
}

/** Runs `work` with a scope that `scopeTo` may narrow or widen later (one HTTP request). Starts seeing nothing. */
export function withRequestScope<T>(work: () => T): T {
  return storage.run({ scope: NOTHING }, work);
}

/** Sets what the current request may see, from the person's memberships (or one public agreement). */
export function scopeTo(agreementIds: string[], userId: string | null): void {
  const slot = storage.getStore();
  if (!slot) throw new Error('scopeTo() outside a request scope (withRequestScope)');
  slot.scope = { kind: 'agreements', agreementIds: [...agreementIds], userId };
}

/** The worker: its steps act for every agreement (recipients are still looked up within the activity's). */
export function actAcrossTenantsByDefault(): void {
  processDefault = { kind: 'across-tenants' };
}

export function currentScope(): DatabaseScope {
  return storage.getStore()?.scope ?? processDefault;
}

/** The settings that put a connection in `scope`, as one statement with its parameters. */
export function scopeStatement(scope: DatabaseScope): { text: string; values: string[]; key: string } {
  if (scope.kind === 'across-tenants') {
    return {
      text: `SELECT set_config('role', 'samverkan_system', false), set_config('samverkan.agreements', '', false), set_config('samverkan.user', '', false)`,
      values: [],
      key: 'across-tenants',
    };
  }
  const agreements = scope.agreementIds.join(',');
  const user = scope.userId ?? '';
  return {
    text: `SELECT set_config('role', 'samverkan_tenant', false), set_config('samverkan.agreements', $1, false), set_config('samverkan.user', $2, false)`,
    values: [agreements, user],
    key: `tenant:${agreements}:${user}`,
  };
}

type ScopedClient = pg.PoolClient & { samverkanScope?: string };

async function applyScope(client: ScopedClient, scope: DatabaseScope): Promise<void> {
  const statement = scopeStatement(scope);
  if (client.samverkanScope === statement.key) return;
  client.samverkanScope = undefined; // unknown until the statement has answered
  // Until TypeORM holds the client (and listens to it), a connection that dies under the statement
  // (PostgreSQL stopped) must not be an unhandled 'error' event: the statement's rejection says it.
  const quiet = () => undefined;
  client.on('error', quiet);
  try {
    await client.query(statement.text, statement.values);
  } finally {
    client.off('error', quiet);
  }
  client.samverkanScope = statement.key;
}

/** pg's Pool, whose connections are put in the current scope when they are taken. */
class ScopedPool extends pg.Pool {
  connect(): Promise<pg.PoolClient>;
  connect(callback: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): void;
  connect(callback?: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): Promise<pg.PoolClient> | void {
    const scope = currentScope();
    if (!callback) {
      return super.connect().then(async (client) => {
        try {
          await applyScope(client, scope);
          return client;
        } catch (error) {
          client.release(error as Error);
          throw error;
        }
      });
    }
    super.connect((err, client, done) => {
      if (err || !client) return callback(err, client, done);
      applyScope(client, scope).then(
        () => callback(undefined, client, done),
        (error: Error) => {
          done(error);
          callback(error, undefined, () => undefined);
        },
      );
    });
  }
}

/**
 * The `pg` module with the scoped pool, for TypeORM's `driver` option. Made from the real module
 * (prototype, not a copy), so nothing of it is read before TypeORM asks.
 */
export const scopedPg: typeof pg = Object.create(pg, { Pool: { value: ScopedPool, enumerable: true } });
