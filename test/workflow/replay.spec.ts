/**
 * Activity workflows run for years, so every change to their code must replay the histories of runs
 * recorded with earlier code (test/workflow/histories, written by `npm run histories:record`). A
 * change that would break a running workflow fails here; put it behind `patched()` instead.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { bundleWorkflows } from '@app/temporal/lifecycle-worker';

const DIR = join(__dirname, 'histories');
const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

describe('replaying recorded workflow histories against the current code', () => {
  let bundle: WorkflowBundleWithSourceMap;
  beforeAll(async () => {
    bundle = await bundleWorkflows();
  });

  it('has recorded histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  it('has a recorded history that uses the reviseFollowUp update', () => {
    const all = files.map((f) => readFileSync(join(DIR, f), 'utf8')).join('\n');
    expect(all).toContain('"reviseFollowUp"');
  });

  it('has a recorded history whose workflow writes its agenda to PostgreSQL and takes refreshAgenda', () => {
    const all = files.map((f) => readFileSync(join(DIR, f), 'utf8')).join('\n');
    expect(all).toContain('"refreshAgenda"');
    // The patch marker's data: {"id":"agenda-in-postgres",…}, base64 in the payload.
    expect(all).toContain(Buffer.from(JSON.stringify({ id: 'agenda-in-postgres', deprecated: false })).toString('base64'));
  });

  it('has a recorded history that uses the submitReports update (reports coalesced per activity)', () => {
    const all = files.map((f) => readFileSync(join(DIR, f), 'utf8')).join('\n');
    expect(all).toContain('"submitReports"');
  });

  it('has a recorded history whose workflow sends its reminders at 08:00 (patch reminders-at-eight)', () => {
    const all = files.map((f) => readFileSync(join(DIR, f), 'utf8')).join('\n');
    expect(all).toContain(Buffer.from(JSON.stringify({ id: 'reminders-at-eight', deprecated: false })).toString('base64'));
  });

  it.each(files)('%s replays without a determinism error', async (file) => {
    const history = historyFromJSON(JSON.parse(readFileSync(join(DIR, file), 'utf8')));
    expect(history.events?.length).toBeGreaterThan(5);
    await expect(Worker.runReplayHistory({ workflowBundle: bundle }, history, file)).resolves.toBeUndefined();
  });
});
