import { isHoliday, isWorkingDay, nextWorkingDay } from './working-days';

describe('the Swedish working-day calendar', () => {
  it.each([
    ['2024-06-21', 'midsommarafton'],
    ['2024-06-22', 'midsommardagen'],
    ['2024-12-24', 'julafton'],
    ['2024-12-25', 'juldagen'],
    ['2024-12-31', 'nyårsafton'],
    ['2025-01-01', 'nyårsdagen'],
    ['2025-01-06', 'trettondedag jul'],
    ['2025-04-18', 'långfredagen'],
    ['2025-04-21', 'annandag påsk'],
    ['2025-05-01', 'första maj'],
    ['2025-05-29', 'Kristi himmelsfärdsdag'],
    ['2025-06-06', 'nationaldagen'],
  ])('%s (%s) is a holiday', (date) => {
    expect(isHoliday(date)).toBe(true);
    expect(isWorkingDay(date)).toBe(false);
  });

  it.each(['2024-04-30', '2024-06-20', '2024-11-01', '2024-12-23'])('%s (an eve that is not a helgdag) is a working day', (date) => {
    expect(isWorkingDay(date)).toBe(true);
  });

  it('skips weekends', () => {
    expect(isWorkingDay('2024-06-01')).toBe(false); // Saturday
    expect(nextWorkingDay('2024-06-01')).toBe('2024-06-03');
  });

  it('moves midsommarafton 2024 to Monday 24 June', () => {
    expect(nextWorkingDay('2024-06-21')).toBe('2024-06-24');
  });

  it('moves julafton 2026 past the whole Christmas weekend', () => {
    expect(nextWorkingDay('2026-12-24')).toBe('2026-12-28');
  });

  it('leaves a working day alone', () => {
    expect(nextWorkingDay('2024-06-20')).toBe('2024-06-20');
  });
});
