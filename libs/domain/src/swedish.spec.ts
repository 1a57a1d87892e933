import { reportStatusBadge, swedishCalendarDate, swedishDate, swedishDateTime, swedishDeadlineDate } from './swedish';

describe('Swedish dates and status words', () => {
  it('writes dates as Swedes do, in Swedish time', () => {
    expect(swedishDate(new Date('2026-11-30T10:00:00Z'))).toBe('30 november 2026');
    // 23:30 UTC on 31 December is already New Year's Day in Sweden.
    expect(swedishDate('2026-12-31T23:30:00Z')).toBe('1 januari 2027');
    expect(swedishDateTime('2026-07-01T12:05:00Z')).toBe('1 juli 2026 kl. 14:05'); // summer time, UTC+2
    expect(swedishDateTime('2026-01-15T12:05:00Z')).toBe('15 januari 2026 kl. 13:05');
  });

  it('shows a deadline on the day it falls on, not the midnight it ends at', () => {
    // Due at the end of 30 November: 00:00 on 1 December in Stockholm (23:00 UTC on 30 November).
    expect(swedishDeadlineDate('2026-11-30T23:00:00Z')).toBe('30 november 2026');
    expect(swedishDeadlineDate(new Date('2026-06-30T22:00:00Z'))).toBe('30 juni 2026');
  });

  it('writes a calendar date without shifting it across a time zone', () => {
    expect(swedishCalendarDate('2023-06-01')).toBe('1 juni 2023');
    expect(swedishCalendarDate('2027-12-31')).toBe('31 december 2027');
  });

  it('shows a status in words with a symbol, never by colour alone', () => {
    expect(reportStatusBadge('off_track')).toBe('<span class="status off"><span aria-hidden="true">✕</span> Avviker från plan</span>');
    expect(reportStatusBadge(null)).toContain('Ingen rapport ännu');
    expect(reportStatusBadge('<script>')).toContain('Ingen rapport ännu');
  });
});
