import { addDuration, isIsoDuration, parseDuration } from './iso-duration';
import { fromWallClock, localDate, startOfLocalDay } from './zoned-time';

const at = (iso: string) => Date.parse(iso);

describe('ISO-8601 durations', () => {
  it.each(['P4W', 'P1M', 'P1Y2M3DT4H5M6S', 'PT30S', 'PT0.5S', 'P13W'])('%s is valid', (d) => expect(isIsoDuration(d)).toBe(true));
  it.each(['', 'P', 'PT', '4W', 'P1.5D', 'every week', 'P-1D'])('%j is not', (d) => expect(isIsoDuration(d)).toBe(false));

  it('parses every part', () => {
    expect(parseDuration('P1Y2M3W4DT5H6M7S')).toEqual({ years: 1, months: 2, weeks: 3, days: 4, hours: 5, minutes: 6, seconds: 7 });
  });

  it('adds days in local time across the spring clock change', () => {
    const midnight = startOfLocalDay('2024-03-30');
    const next = addDuration(midnight, 'P1D');
    expect(localDate(next)).toBe('2024-03-31');
    expect(addDuration(next, 'P1D') - next).toBe(23 * 3_600_000); // 31 March had 23 hours
  });

  it('adds months clamping to the month end, and subtracts', () => {
    expect(localDate(addDuration(startOfLocalDay('2024-01-31'), 'P1M'))).toBe('2024-02-29');
    expect(localDate(addDuration(startOfLocalDay('2024-06-24'), 'P7D', -1))).toBe('2024-06-17');
  });

  it('adds seconds as elapsed time', () => {
    expect(addDuration(at('2024-06-01T10:00:00Z'), 'PT90S')).toBe(at('2024-06-01T10:01:30Z'));
  });

  it('knows Swedish midnight', () => {
    expect(new Date(startOfLocalDay('2024-06-24')).toISOString()).toBe('2024-06-23T22:00:00.000Z');
    expect(new Date(startOfLocalDay('2024-12-24')).toISOString()).toBe('2024-12-23T23:00:00.000Z');
    expect(fromWallClock({ year: 2024, month: 10, day: 27, hour: 2, minute: 30, second: 0, millisecond: 0 })).toBe(at('2024-10-27T00:30:00Z'));
  });
});
