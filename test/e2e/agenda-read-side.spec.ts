/**
 * The read side from PostgreSQL (issue 17): each workflow writes its agenda (what comes next) with its
 * sync step, and the activity page, calendar feeds and the digest read that table. What is written
 * must equal what the workflow itself answers to its `state` query, after every kind of change.
 */
import { DataSource } from 'typeorm';
import { readAgendas } from '@app/database';
import { ActivityLifecycleClient } from '@app/temporal';
import { lifecycleWorkflowId } from '@app/workflows/activity-lifecycle/activity-lifecycle.messages';
import { recordHistory } from '../support/histories';
import { useLiveApi } from '../support/live-api';
import { testEnv } from '../support/test-env';
import { startTestWorker } from '../support/test-worker';

type Agent = Awaited<ReturnType<ReturnType<typeof useLiveApi>['as']>>;

async function until<T>(probe: () => Promise<T | false | null | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('gave up waiting');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('the agenda in PostgreSQL', () => {
  const live = useLiveApi('2026-11-23');
  let ds: DataSource;
  let admin: Agent;
  let lifecycle: ActivityLifecycleClient;
  let ids: { id: string; key: string }[];
  beforeAll(async () => {
    ds = live.ds;
    admin = await live.as('admin@samverkan.example');
    lifecycle = live.app.get(ActivityLifecycleClient);
    ids = await ds.query(`SELECT id, key FROM activity WHERE status = 'active' ORDER BY key`);
    // Every workflow writes its agenda at its first sync, once it has loaded its plan.
    await until(async () => (await ds.query(`SELECT count(*)::int AS n FROM activity WHERE status = 'active' AND agenda_synced_at IS NULL`))[0].n === 0 || null);
  });

  /** The activity page's follow-up (from PostgreSQL) beside the workflow's own answer. */
  async function bothViews(key: string, id: string) {
    const page = (await admin.get(`/api/activities/${key}`).expect(200)).body.workflow;
    const { activityId: _id, clockOffsetMs: _offset, ...asked } = await lifecycle.state(id);
    return { page, asked };
  }

  it('every activity: the written agenda and the activity page equal the workflow’s own state query', async () => {
    expect(ids.length).toBeGreaterThanOrEqual(10);
    const agendas = await readAgendas(ds, ids.map((a) => a.id));
    for (const { id, key } of ids) {
      const { page, asked } = await bothViews(key, id);
      expect(agendas.get(id)?.synced).toBe(true);
      expect(agendas.get(id)!.items).toEqual(asked.upcoming);
      expect(agendas.get(id)!.items.length).toBeGreaterThan(0);
      expect({ key, ...page }).toEqual({ key, ...asked });
    }
  });

  it('after a report, a pause and a resume, it is written again and still equals the workflow', async () => {
    const { id, key } = ids[0];
    const owner = (await ds.query(`SELECT u.email FROM activity a JOIN app_user u ON u.id = a.owner_id WHERE a.id = $1`, [id]))[0]?.email;
    const reporter = owner ? await live.as(owner) : admin;
    const before = (await readAgendas(ds, [id])).get(id)!;
    await reporter.post(`/api/activities/${key}/reports`).send({ status: 'on_track', progress: 40, summary: 'Enligt plan.' }).expect(201);
    let views = await bothViews(key, id);
    expect(views.page).toEqual(views.asked);
    expect(views.page.lastReportAt).not.toBeNull();
    await admin.post(`/api/activities/${key}/pause`).send({ reason: 'Omorganisation' }).expect(200);
    views = await bothViews(key, id);
    expect(views.page).toEqual(views.asked);
    expect(views.page.status).toBe('paused');
    expect((await readAgendas(ds, [id])).get(id)!.items).toEqual(views.asked.upcoming);
    await admin.post(`/api/activities/${key}/resume`).expect(200);
    views = await bothViews(key, id);
    expect(views.page).toEqual(views.asked);
    // A pause moves every later item by its length: the written agenda moved with it.
    expect((await readAgendas(ds, [id])).get(id)!.items).not.toEqual(before.items);
  });

  it('a workflow that has not written its agenda is asked live, and refreshAgenda has it write it', async () => {
    const { id, key } = ids[1];
    await ds.query(`DELETE FROM activity_agenda_item WHERE activity_id = $1`, [id]);
    await ds.query(`UPDATE activity SET agenda_synced_at = NULL WHERE id = $1`, [id]);
    const { page, asked } = await bothViews(key, id);
    expect(page).toEqual(asked); // the live answer, not the emptied table
    expect(page.upcoming.length).toBeGreaterThan(0);
    expect(await lifecycle.refreshAgendas([id])).toBe(1);
    const written = (await readAgendas(ds, [id])).get(id)!;
    expect(written.synced).toBe(true);
    expect(written.items).toEqual(asked.upcoming);
    recordHistory('the agenda written to PostgreSQL, and once more on refreshAgenda', await live.client.workflow.getHandle(lifecycleWorkflowId(id)).fetchHistory());
  });

  it('the activity page shows the follow-up from PostgreSQL while the worker is down', async () => {
    const { id, key } = ids[2];
    const { asked } = await bothViews(key, id);
    await live.worker.stop();
    try {
      const page = (await admin.get(`/api/activities/${key}`).expect(200)).body;
      expect(page.workflow).toEqual(asked);
      expect(page.workflowProblem).toBeUndefined();
    } finally {
      live.worker = await startTestWorker(testEnv('temporalAddress'), live.taskQueue, ds); // for the file's tear-down
    }
  });
});
