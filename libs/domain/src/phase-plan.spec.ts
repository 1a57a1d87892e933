import { midpoint, phaseOn, planPhases, planPhasesToFit, PhaseDefaults } from './phase-plan';

const defaults: PhaseDefaults[] = [
  { kind: 'short', lengthMonths: 12, followUpEvery: 'P4W' },
  { kind: 'medium', lengthMonths: 24, followUpEvery: 'P8W' },
  { kind: 'long', lengthMonths: null, followUpEvery: 'P13W' },
];

describe('planPhases', () => {
  it('lays short, medium and long end to end until the agreement ends', () => {
    expect(planPhases('2023-06-01', '2027-06-01', defaults)).toEqual([
      { kind: 'short', startDate: '2023-06-01', targetDate: '2024-06-01', followUpEvery: 'P4W' },
      { kind: 'medium', startDate: '2024-06-01', targetDate: '2026-06-01', followUpEvery: 'P8W' },
      { kind: 'long', startDate: '2026-06-01', targetDate: '2027-06-01', followUpEvery: 'P13W' },
    ]);
  });

  it('ends the long phase with the agreement whatever its default says', () => {
    const plan = planPhases('2023-06-01', '2026-09-01', defaults);
    expect(plan[2]).toMatchObject({ startDate: '2026-06-01', targetDate: '2026-09-01' });
  });

  it('refuses a plan with no room for the last phase', () => {
    expect(() => planPhases('2023-06-01', '2024-06-01', defaults)).toThrow(/would start on 2024-06-01/);
  });
});

describe('phaseOn', () => {
  const plan = planPhases('2023-06-01', '2027-06-01', defaults);
  it.each([
    ['2023-01-01', 'short'],
    ['2023-06-01', 'short'],
    ['2024-05-31', 'short'],
    ['2024-06-01', 'medium'],
    ['2026-11-23', 'long'],
    ['2030-01-01', 'long'],
  ])('on %s the phase is %s', (date, kind) => {
    expect(phaseOn(plan, date).kind).toBe(kind);
  });

  it('finds the middle of a phase', () => {
    expect(midpoint('2023-06-01', '2024-06-01')).toBe('2023-12-01');
  });
});

describe('planPhasesToFit', () => {
  it('keeps the defaults when they fit', () => {
    expect(planPhasesToFit('2023-06-01', '2027-06-01', defaults)).toEqual(planPhases('2023-06-01', '2027-06-01', defaults));
  });

  it('shares the time left in the default proportions when they do not', () => {
    const plan = planPhasesToFit('2026-11-23', '2027-06-01', defaults);
    expect(plan.map((p) => `${p.kind} ${p.startDate}..${p.targetDate}`)).toEqual([
      'short 2026-11-23..2027-01-10', // 190 days shared 12:24:12
      'medium 2027-01-10..2027-04-15',
      'long 2027-04-15..2027-06-01',
    ]);
  });

  it('says when too little time is left', () => {
    expect(() => planPhasesToFit('2027-05-31', '2027-06-01', defaults)).toThrow(/Only 1 days remain/);
  });
});
