import { milestoneState, milestoneStateText } from './milestone-state';

describe('milestoneState: the honest state of a delmål', () => {
  const open = (dueDate: string | null, extra = {}) => ({ dueDate, status: 'open' as const, ...extra });

  it('is overdue, with its days, once its date has passed and it was not reported reached', () => {
    expect(milestoneState(open('2024-05-01'), '2024-05-13')).toEqual({ state: 'overdue', days: 12 });
    expect(milestoneStateText(milestoneState(open('2024-05-01'), '2024-05-02'))).toBe('försenat 1 dag');
    // Its due day itself is still in time.
    expect(milestoneState(open('2024-05-01'), '2024-05-01')).toEqual({ state: 'due_soon', days: 0 });
  });

  it('shows a date that passed long before (before the workflow started) as overdue too', () => {
    expect(milestoneState(open('2023-09-30'), '2026-12-02')).toEqual({ state: 'overdue', days: 1159 });
  });

  it('is due soon within 14 days, planned after that and without a date', () => {
    expect(milestoneState(open('2024-05-15'), '2024-05-01')).toEqual({ state: 'due_soon', days: 14 });
    expect(milestoneState(open('2024-05-16'), '2024-05-01')).toEqual({ state: 'planned', days: 15 });
    expect(milestoneState(open(null), '2024-05-01')).toEqual({ state: 'planned' });
    expect(milestoneStateText(milestoneState(open('2024-05-04'), '2024-05-01'))).toBe('snart: om 3 dagar');
    expect(milestoneStateText({ state: 'planned' })).toBe('planerat');
  });

  it('is reached (with its day) when reported done, whatever its date', () => {
    expect(milestoneState({ dueDate: '2024-05-01', status: 'done', reachedOn: '2024-05-03' }, '2024-06-01')).toEqual({ state: 'reached', reachedOn: '2024-05-03' });
    expect(milestoneState({ dueDate: '2024-05-01', status: 'done' }, '2024-06-01')).toEqual({ state: 'reached' });
    expect(milestoneStateText({ state: 'reached', reachedOn: '2024-05-03' }, (d) => `den ${d}`)).toBe('uppnått den 2024-05-03');
  });

  it('is not reached when its phase or activity has ended without it', () => {
    expect(milestoneState(open('2024-05-01', { closed: true }), '2024-06-01')).toEqual({ state: 'not_reached' });
    expect(milestoneState(open('2024-08-01', { closed: true }), '2024-06-01')).toEqual({ state: 'not_reached' });
    expect(milestoneStateText({ state: 'not_reached' })).toBe('inte uppnått');
  });
});
