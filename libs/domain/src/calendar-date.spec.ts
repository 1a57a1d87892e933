import { addDays, addMonths, daysBetween, isCalendarDate } from './calendar-date';

describe('calendar dates', () => {
  it('recognises only real dates', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2023-02-29')).toBe(false);
    expect(isCalendarDate('2024-13-01')).toBe(false);
    expect(isCalendarDate('2024-1-01')).toBe(false);
  });

  it('adds months, clamping to the end of shorter months', () => {
    expect(addMonths('2023-06-01', 12)).toBe('2024-06-01');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2023-12-15', 2)).toBe('2024-02-15');
  });

  it('adds days across years and counts days between', () => {
    expect(addDays('2023-12-31', 1)).toBe('2024-01-01');
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2024-03-01', '2024-02-28')).toBe(-2);
  });

  it('rejects what is not a date', () => {
    expect(() => addDays('tomorrow', 1)).toThrow(RangeError);
  });
});
