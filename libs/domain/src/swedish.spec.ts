import { reportStatusBadge, swedishApiProblem, swedishCadence, swedishCalendarDate, swedishDate, swedishDateTime, swedishDeadlineDate } from './swedish';

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

describe('a follow-up cadence in Swedish words', () => {
  it('says how often, as Swedes say it', () => {
    expect(swedishCadence('P1W')).toBe('varje vecka');
    expect(swedishCadence('P2W')).toBe('varannan vecka');
    expect(swedishCadence('P6W')).toBe('var 6:e vecka');
    expect(swedishCadence('P1M')).toBe('varje månad');
    expect(swedishCadence('P3M')).toBe('var 3:e månad');
    expect(swedishCadence('P14D')).toBe('var 14:e dag');
    expect(swedishCadence('P1Y')).toBe('varje år');
    expect(swedishCadence('P2Y')).toBe('vartannat år');
    expect(swedishCadence('P3Y')).toBe('vart 3:e år');
    expect(swedishCadence('PT1H')).toBe('varje timme');
  });

  it('writes ordinals as 1:a, 2:a, 3:e, 11:e, 12:e, 21:a, 22:a', () => {
    expect(swedishCadence('P21D')).toBe('var 21:a dag');
    expect(swedishCadence('P22D')).toBe('var 22:a dag');
    expect(swedishCadence('P11D')).toBe('var 11:e dag');
    expect(swedishCadence('P12W')).toBe('var 12:e vecka');
    expect(swedishCadence('P13W')).toBe('var 13:e vecka');
  });

  it('spells out a mixed period, and leaves what is no duration as it is', () => {
    expect(swedishCadence('P1M2D')).toBe('varje period om 1 månad och 2 dagar');
    expect(swedishCadence('P1W1DT12H')).toBe('varje period om 1 vecka, 1 dag och 12 timmar');
    expect(swedishCadence('PT1.5S')).toBe('varje period om 1,5 sekunder');
    expect(swedishCadence('fyra veckor')).toBe('fyra veckor');
  });
});

describe('API errors explained in Swedish', () => {
  it('explains the common statuses, with the API’s own message after', () => {
    expect(swedishApiProblem(400, 'progress must be a whole number from 0 to 100')).toBe(
      'Uppgifterna kunde inte tas emot. Rätta det som är fel och försök igen. (Detalj: progress must be a whole number from 0 to 100)',
    );
    expect(swedishApiProblem(401)).toMatch(/^Du är inte inloggad/);
    expect(swedishApiProblem(403, 'Only admins')).toMatch(/^Du har inte behörighet att göra det här\. \(Detalj: Only admins\)$/);
    expect(swedishApiProblem(404)).toMatch(/finns inte/);
    expect(swedishApiProblem(409)).toMatch(/^Det gick inte, eftersom det inte går ihop med hur det står till just nu/);
    expect(swedishApiProblem(429)).toMatch(/För många försök/);
    expect(swedishApiProblem(503, 'Temporal is unavailable')).toMatch(/^Uppföljningstjänsten \(Temporal\) svarar inte just nu\. Inget har ändrats.*\(Detalj: Temporal is unavailable\)$/);
  });

  it('has a word for any other status, and for no answer at all', () => {
    expect(swedishApiProblem(500)).toBe('Något gick fel hos oss. Försök igen om en stund.');
    expect(swedishApiProblem(418, ' ')).toBe('Något gick fel. Försök igen.');
    expect(swedishApiProblem(undefined)).toMatch(/^Samverkan svarar inte/);
  });
});
