import { OutageTracker } from './outage-tracker';

function recordingLog() {
  const lines: string[] = [];
  return { lines, warn: (m: string) => lines.push(`warn: ${m}`), log: (m: string) => lines.push(`info: ${m}`) };
}

describe('OutageTracker', () => {
  afterEach(() => jest.useRealTimers());

  it('logs an outage once, however many requests fail, and once more when it is over', () => {
    const log = recordingLog();
    let clock = 1_000;
    const tracker = new OutageTracker('PostgreSQL', log, { now: () => clock });
    expect(tracker.down).toBe(false);
    tracker.recovered(); // nothing was down: nothing to say
    for (let i = 0; i < 432; i++) tracker.failed(i === 0 ? 'connect ECONNREFUSED 127.0.0.1:54320' : 'terminating connection due to administrator command (57P01)');
    expect(tracker.down).toBe(true);
    clock += 20_300;
    tracker.recovered();
    tracker.recovered();
    expect(tracker.down).toBe(false);
    expect(log.lines).toEqual([
      'warn: PostgreSQL is unavailable: connect ECONNREFUSED 127.0.0.1:54320. Requests that need it are answered 503 until it is back.',
      'info: PostgreSQL is back after 20.3 s; 432 request(s) were answered 503 meanwhile.',
    ]);
  });

  it('counts each outage on its own', () => {
    const log = recordingLog();
    let clock = 0;
    const tracker = new OutageTracker('PostgreSQL', log, { now: () => clock });
    tracker.failed('first');
    tracker.recovered();
    clock += 60_000;
    tracker.failed('second');
    tracker.failed('second');
    tracker.recovered();
    expect(log.lines).toEqual([
      expect.stringContaining('unavailable: first.'),
      expect.stringContaining('1 request(s)'),
      expect.stringContaining('unavailable: second.'),
      expect.stringContaining('2 request(s)'),
    ]);
  });

  it('takes failures just after a recovery for stragglers of that outage, not for a new one', () => {
    const log = recordingLog();
    let clock = 0;
    const tracker = new OutageTracker('PostgreSQL', log, { now: () => clock, settleMs: 2000 });
    tracker.failed('connect ECONNREFUSED');
    clock += 5000;
    tracker.recovered();
    clock += 50;
    tracker.failed('the database system is starting up (57P03)'); // a connection begun while it started
    clock += 1000;
    tracker.failed('the database system is starting up (57P03)');
    expect([tracker.down, tracker.stragglersSeen, log.lines.length]).toEqual([false, 2, 2]);
    clock += 1000;
    tracker.failed('connect ECONNREFUSED'); // after the settling time: a new outage
    expect([tracker.down, log.lines.length]).toEqual([true, 3]);
    expect(log.lines[2]).toMatch(/^warn: PostgreSQL is unavailable: connect ECONNREFUSED/);
  });

  it('while down, probes until the dependency answers, then stops probing', async () => {
    jest.useFakeTimers();
    const log = recordingLog();
    let answers = false;
    let probes = 0;
    const probe = () => {
      probes += 1;
      return answers ? Promise.resolve() : Promise.reject(new Error('connect ECONNREFUSED'));
    };
    const tracker = new OutageTracker('PostgreSQL', log, { probe, probeEveryMs: 1000 });
    await jest.advanceTimersByTimeAsync(5000);
    expect(probes).toBe(0); // nothing is probed while all is well
    tracker.failed('connect ECONNREFUSED');
    await jest.advanceTimersByTimeAsync(3000);
    expect([probes, tracker.down, log.lines.length]).toEqual([3, true, 1]);
    answers = true;
    await jest.advanceTimersByTimeAsync(1000);
    expect([probes, tracker.down]).toEqual([4, false]);
    expect(log.lines[1]).toMatch(/^info: PostgreSQL is back after 4\.0 s/);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(probes).toBe(4);
    tracker.stop();
  });

  it('runs one probe at a time, however slow it is', async () => {
    jest.useFakeTimers();
    let running = 0;
    let most = 0;
    const probe = () => {
      running += 1;
      most = Math.max(most, running);
      return new Promise<void>((_, reject) => setTimeout(() => (running -= 1, reject(new Error('no answer'))), 3500));
    };
    const tracker = new OutageTracker('PostgreSQL', recordingLog(), { probe, probeEveryMs: 1000 });
    tracker.failed('timeout exceeded when trying to connect');
    await jest.advanceTimersByTimeAsync(10_000);
    expect(most).toBe(1);
    tracker.stop();
  });
});
