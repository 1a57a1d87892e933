/**
 * Telling workflows of changed delmål and settings (`deliverFollowUpRevisions`) on a real PostgreSQL:
 * the bound on updates in flight and per second, the mark cleared only for what was told and only if no
 * newer change set it meanwhile, and nothing more tried once Temporal is found away. The Temporal side
 * is a recording client here (the real one is exercised end to end in test/e2e/activity-editing.spec.ts):
 * what is under test is the order, bound and bookkeeping of this function.
 */
import { DataSource } from 'typeorm';
import { dataSourceOptions, seedAgreement } from '@app/database';
import type { FollowUpRevision, LifecycleView } from '@app/domain';
import { ActivityLifecycleClient, deliverFollowUpRevisions, LifecycleError, markedActivities } from '@app/temporal';
import { createTestDatabase, TestDatabase } from '../support/test-database';

type Send = (activityId: string, revision: FollowUpRevision) => Promise<LifecycleView>;
const clientSending = (send: Send) => ({ reviseFollowUp: send }) as unknown as ActivityLifecycleClient;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('delivering follow-up revisions', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let ids: string[];
  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await new DataSource(dataSourceOptions(db.url)).initialize();
    await seedAgreement(ds, undefined, { today: '2026-11-23' });
    ids = (await ds.query(`SELECT id FROM activity ORDER BY id`)).map((r: { id: string }) => r.id);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });
  const markAll = () => ds.query(`UPDATE activity SET follow_up_revised_at = clock_timestamp()`);

  it('keeps at most `concurrency` updates in flight and `perSecond` a second, tells each its delmål and settings, and clears every mark', async () => {
    await markAll();
    let inFlight = 0;
    let most = 0;
    const started: number[] = [];
    const told = new Map<string, FollowUpRevision>();
    const result = await deliverFollowUpRevisions(
      ds,
      clientSending(async (id, revision) => {
        started.push(Date.now());
        most = Math.max(most, ++inFlight);
        await pause(40);
        inFlight--;
        told.set(id, revision);
        return {} as LifecycleView;
      }),
      ids,
      { concurrency: 3, perSecond: 50 },
    );
    expect(result).toEqual({ delivered: ids.length, pending: 0, temporalAway: false });
    expect(most).toBe(3);
    // 16 starts at most 50 a second: the last no sooner than 15 spacings of 20 ms after the first.
    expect(started[started.length - 1] - started[0]).toBeGreaterThanOrEqual(15 * 20 - 5);
    expect([...told.keys()].sort()).toEqual([...ids].sort());
    const revision = told.get(ids[0])!;
    expect(revision.settings).toEqual({ reminderOffsets: ['P7D', 'P1D'], escalationLadder: expect.any(Array) });
    expect(revision.milestones!.map((m) => m.phase)).toEqual(['short', 'medium', 'long']);
    expect(await markedActivities(ds)).toEqual([]);
  });

  it('leaves the mark of an activity changed again while its update was on its way', async () => {
    await markAll();
    const [first] = ids;
    const result = await deliverFollowUpRevisions(
      ds,
      clientSending(async (id) => {
        // A newer change lands while this one is being told: it must be told too, later.
        if (id === first) await ds.query(`UPDATE activity SET follow_up_revised_at = clock_timestamp() WHERE id = $1`, [id]);
        return {} as LifecycleView;
      }),
      ids,
    );
    expect(result.delivered).toBe(ids.length);
    expect(await markedActivities(ds)).toEqual([first]);
  });

  it('stops at the first sign that Temporal is away, keeping the marks of all it did not tell', async () => {
    await markAll();
    let calls = 0;
    const result = await deliverFollowUpRevisions(
      ds,
      clientSending(async () => {
        calls++;
        throw new LifecycleError('UNAVAILABLE', 'Temporal does not answer right now; try again in a moment.');
      }),
      ids,
      { concurrency: 2 },
    );
    expect(result.temporalAway).toBe(true);
    expect(result.delivered).toBe(0);
    expect(result.pending).toBe(ids.length);
    expect(calls).toBeLessThanOrEqual(2);
    expect((await markedActivities(ds)).sort()).toEqual([...ids].sort());
  });

  it('clears the mark of an activity whose follow-up has ended or does not run: it needs nothing more', async () => {
    await markAll();
    const answers: LifecycleError[] = [new LifecycleError('REJECTED', 'The activity is completed.'), new LifecycleError('NOT_RUNNING', 'not running')];
    let n = 0;
    const result = await deliverFollowUpRevisions(ds, clientSending(async () => Promise.reject(answers[n++ % 2])), ids);
    expect(result).toEqual({ delivered: ids.length, pending: 0, temporalAway: false });
    expect(await markedActivities(ds)).toEqual([]);
  });
});
