import { CADENCE_PATTERN, cadenceProblem, isCadence } from './cadence';

describe('a follow-up cadence', () => {
  it.each(['P1D', 'P2W', 'P4W', 'P1M', 'P13W', 'P1Y', 'P1M2D'])('%s is one', (v) => {
    expect(cadenceProblem(v)).toBeNull();
    expect(CADENCE_PATTERN.test(v)).toBe(true);
  });

  it('is at least a day: a minute is refused, with the month it was likely meant to be', () => {
    expect(cadenceProblem('PT1M')).toBe('followUpEvery must be at least a day (P1D): PT1M is 1 minute; did you mean P1M, a month?');
    expect(cadenceProblem('PT3M', 'phases[0].followUpEvery')).toBe(
      'phases[0].followUpEvery must be at least a day (P1D): PT3M is 3 minutes; did you mean P3M, 3 months?',
    );
  });

  it.each([
    ['PT1S', 'PT1S is 1 second'],
    ['PT1H', 'PT1H is 1 hour'],
    ['PT24H', 'PT24H is 24 hours'],
    ['P1DT1H', 'P1DT1H is 1 hour'],
  ])('%s has a time part and is refused', (v, says) => {
    expect(cadenceProblem(v)).toContain(says);
    expect(isCadence(v)).toBe(false);
  });

  it('is not zero and is written in ISO-8601', () => {
    expect(cadenceProblem('P0D')).toBe('followUpEvery must be longer than zero, such as P4W');
    expect(cadenceProblem('every month')).toMatch(/ISO-8601 duration of days, weeks, months or years/);
    expect(cadenceProblem(4)).toMatch(/ISO-8601/);
  });
});
