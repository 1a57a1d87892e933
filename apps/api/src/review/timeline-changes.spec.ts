import { describeChange } from './timeline-changes';

const names: Record<string, string> = { u1: 'Stina Stadsberg', u2: 'Petra Polhem' };
const nameOf = (id: string) => names[id] ?? 'okänd person';
const phases = [
  { kind: 'short' as const, startDate: '2024-01-01', targetDate: '2024-06-30', followUpEvery: 'P4W' },
  { kind: 'medium' as const, startDate: '2024-07-01', targetDate: '2025-06-30', followUpEvery: 'P8W' },
];

describe('describeChange: what a change changed, old → new', () => {
  it('names the old and the new owner', () => {
    expect(describeChange({ ownerId: 'u1' }, { ownerId: 'u2' }, nameOf)).toBe('aktivitetsansvarig: Stina Stadsberg → Petra Polhem');
    expect(describeChange({ ownerId: null }, { ownerId: 'u1' }, nameOf)).toBe('aktivitetsansvarig: ingen → Stina Stadsberg');
  });

  it('says which plan dates and cadences moved', () => {
    const after = [{ ...phases[0], targetDate: '2024-08-31' }, { ...phases[1], startDate: '2024-09-01', followUpEvery: 'P2W' }];
    expect(describeChange({ phases }, { phases: after }, nameOf)).toBe(
      'kort sikt, slut: 30 juni 2024 → 31 augusti 2024; medellång sikt, start: 1 juli 2024 → 1 september 2024; medellång sikt, uppföljning: var 8:e vecka → varannan vecka',
    );
  });

  it('lists goal areas before and after, and a pause with its reason', () => {
    expect(describeChange({ goalAreas: ['A', 'C'] }, { goalAreas: ['C', 'H'] }, nameOf)).toBe('målområden: A, C → C, H');
    expect(describeChange({ paused: null }, { paused: { reason: 'Personalbrist' } }, nameOf)).toBe('pausad, skäl: ”Personalbrist”');
    expect(describeChange({ paused: { reason: 'Personalbrist' } }, { paused: null }, nameOf)).toBe('paus med skälet ”Personalbrist” avslutad');
  });

  it('says nothing when nothing it reads changed', () => {
    expect(describeChange({ ownerId: 'u1', phases }, { ownerId: 'u1', phases }, nameOf)).toBe('');
    expect(describeChange(null, null, nameOf)).toBe('');
  });
});
