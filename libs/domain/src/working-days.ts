/**
 * The Swedish working-day calendar: weekends, public holidays (helgdagar) and the three eves that
 * workplaces treat as holidays (midsommarafton, julafton, nyårsafton) are not working days.
 * Holidays come from the maintained `date-holidays` library, not from a table of our own.
 */
import Holidays from 'date-holidays';
import { addDays } from './calendar-date';

const cache = new Map<number, Set<string>>();
let holidays: Holidays | undefined;

function holidayDates(year: number): Set<string> {
  let dates = cache.get(year);
  if (!dates) {
    holidays ??= new Holidays('SE');
    dates = new Set(
      holidays
        .getHolidays(year)
        // "public" are the helgdagar; in Sweden "bank" marks exactly midsommarafton, julafton and nyårsafton.
        .filter((h) => h.type === 'public' || h.type === 'bank')
        .map((h) => h.date.slice(0, 10)),
    );
    cache.set(year, dates);
  }
  return dates;
}

/** True for a Swedish public holiday or one of the three eves counted as holidays. */
export function isHoliday(date: string): boolean {
  return holidayDates(Number(date.slice(0, 4))).has(date);
}

export function isWorkingDay(date: string): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !isHoliday(date);
}

/** `date` itself when it is a working day, else the next working day after it. */
export function nextWorkingDay(date: string): string {
  let d = date;
  while (!isWorkingDay(d)) d = addDays(d, 1);
  return d;
}

/** `date` itself when it is a working day, else the last working day before it. */
export function previousWorkingDay(date: string): string {
  let d = date;
  while (!isWorkingDay(d)) d = addDays(d, -1);
  return d;
}
