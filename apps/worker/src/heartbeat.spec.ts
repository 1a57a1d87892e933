import { HEARTBEAT_STALE_AFTER_MS, judgeHeartbeat } from './heartbeat';

describe('the worker heartbeat check', () => {
  const at = Date.parse('2025-03-01T10:00:00Z');
  const beat = (state: string) => JSON.stringify({ pid: 42, state, at: new Date(at).toISOString() });

  it('passes while a RUNNING worker wrote it recently', () => {
    expect(judgeHeartbeat(beat('RUNNING'), at + 5000)).toEqual({ ok: true, message: expect.stringMatching(/pid 42\) is RUNNING; heartbeat 5 s old/) });
  });

  it('fails once the heartbeat is older than the limit', () => {
    expect(judgeHeartbeat(beat('RUNNING'), at + HEARTBEAT_STALE_AFTER_MS + 1000)).toEqual({ ok: false, message: expect.stringMatching(/31 s old/) });
  });

  it('fails when the worker is stopping or failed', () => {
    expect(judgeHeartbeat(beat('STOPPING'), at + 1000)).toEqual({ ok: false, message: 'the Temporal worker is STOPPING' });
  });

  it('fails on a file that holds no heartbeat', () => {
    expect(judgeHeartbeat('', at).ok).toBe(false);
    expect(judgeHeartbeat('{"state":"RUNNING"}', at)).toEqual({ ok: false, message: 'the heartbeat file holds no time' });
  });
});
