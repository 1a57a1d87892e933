import { dueInstant, phaseDeadlines, PlanPhase } from './deadlines';
import { startOfLocalDay } from '../zoned-time';

const iso = (ms: number) => new Date(ms).toISOString();

describe('deadlines', () => {
  it('a day deadline is due at the end of its day, Swedish time', () => {
    expect(iso(dueInstant(startOfLocalDay('2024-06-20'), true))).toBe('2024-06-20T22:00:00.000Z');
  });

  it('a deadline on midsommarafton 2024 moves to Monday 2024-06-24', () => {
    expect(iso(dueInstant(startOfLocalDay('2024-06-21'), true))).toBe('2024-06-24T22:00:00.000Z');
  });

  it('a sub-day deadline keeps its time of day on the next working day', () => {
    const saturdayNoon = Date.parse('2024-06-01T10:00:05Z');
    expect(iso(dueInstant(saturdayNoon, false))).toBe('2024-06-03T10:00:05.000Z');
  });

  const short: PlanPhase = {
    kind: 'short',
    startDate: '2023-06-01',
    targetDate: '2024-06-01',
    followUpEvery: 'P4W',
    milestones: [{ id: 'm1', title: 'Delmål', dueDate: '2024-06-21' }],
  };

  it('lists follow-ups every four weeks, the milestone and the target, in order', () => {
    const list = phaseDeadlines(short);
    expect(list.filter((d) => d.kind === 'follow_up')).toHaveLength(13);
    expect(list[0].kind).toBe('follow_up');
    expect(iso(list[0].dueAt)).toBe('2023-06-29T22:00:00.000Z');
    const target = list.find((d) => d.kind === 'phase_target')!;
    expect(iso(target.dueAt)).toBe('2024-06-03T22:00:00.000Z'); // 1 June 2024 is a Saturday
    const milestone = list.find((d) => d.kind === 'milestone')!;
    expect(iso(milestone.dueAt)).toBe('2024-06-24T22:00:00.000Z'); // midsommarafton → Monday
    expect(list.map((d) => d.dueAt)).toEqual([...list.map((d) => d.dueAt)].sort((a, b) => a - b));
  });

  it('moves every deadline by the paused time', () => {
    const fortnight = 14 * 24 * 3_600_000;
    const before = phaseDeadlines(short);
    const after = phaseDeadlines(short, fortnight);
    expect(after[0].dueAt - before[0].dueAt).toBe(fortnight);
  });

  it('skips what lies before `from` and stops after `limit`', () => {
    const all = phaseDeadlines(short);
    const from = all[5].dueAt;
    const some = phaseDeadlines(short, 0, { from, limit: 2 });
    const pending = some.filter((d) => d.dueAt >= from && d.kind === 'follow_up');
    expect(pending.map((d) => d.key)).toEqual(all.filter((d) => d.kind === 'follow_up').slice(5, 7).map((d) => d.key));
  });

  it('handles a cadence of seconds without listing the whole day', () => {
    const phase: PlanPhase = { kind: 'short', startDate: '2024-06-03', targetDate: '2024-06-04', followUpEvery: 'PT5S', milestones: [] };
    const from = Date.parse('2024-06-03T12:00:00Z');
    const list = phaseDeadlines(phase, 0, { from, limit: 3 }).filter((d) => d.kind === 'follow_up' && d.dueAt >= from);
    expect(list.map((d) => iso(d.dueAt))).toEqual(['2024-06-03T12:00:00.000Z', '2024-06-03T12:00:05.000Z', '2024-06-03T12:00:10.000Z']);
  });
});
