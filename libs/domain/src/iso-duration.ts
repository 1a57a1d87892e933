/**
 * ISO-8601 durations (`P4W`, `P1M2D`, `PT30S`) and calendar arithmetic on them in local time, so that
 * "one month after 31 January" and "one day after the night clocks change" mean what people mean.
 */
import { fromWallClock, toWallClock, WallClock } from './zoned-time';

export interface Duration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const PATTERN = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** The same rule the database checks (`phase_follow_up_iso_duration`), plus fractional seconds. */
export function isIsoDuration(value: unknown): value is string {
  return typeof value === 'string' && PATTERN.test(value);
}

export function parseDuration(text: string): Duration {
  const m = PATTERN.exec(text);
  if (!m) throw new RangeError(`"${text}" is not an ISO-8601 duration such as P4W, P1M or PT30S`);
  const n = (i: number) => (m[i] ? Number(m[i]) : 0);
  return { years: n(1), months: n(2), weeks: n(3), days: n(4), hours: n(5), minutes: n(6), seconds: n(7) };
}

/** True when the duration is a whole number of days or more (no hours, minutes or seconds). */
export function isDateOnly(d: Duration): boolean {
  return d.hours === 0 && d.minutes === 0 && d.seconds === 0;
}

export function isPositive(d: Duration): boolean {
  return Object.values(d).some((v) => v > 0);
}

function scale(d: Duration, k: number): Duration {
  return {
    years: d.years * k,
    months: d.months * k,
    weeks: d.weeks * k,
    days: d.days * k,
    hours: d.hours * k,
    minutes: d.minutes * k,
    seconds: d.seconds * k,
  };
}

/**
 * `instant` plus `times` × `duration`: years, months, weeks and days move the local calendar date
 * (keeping the local time of day; a day missing from a month becomes that month's last day), hours,
 * minutes and seconds then add elapsed time.
 */
export function addDuration(instant: number, duration: Duration | string, times = 1): number {
  const d = scale(typeof duration === 'string' ? parseDuration(duration) : duration, times);
  const wall = toWallClock(instant);
  const monthIndex = wall.year * 12 + (wall.month - 1) + d.years * 12 + d.months;
  const year = Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const shifted = new Date(Date.UTC(year, month - 1, Math.min(wall.day, lastDay) + d.weeks * 7 + d.days));
  const target: WallClock = {
    ...wall,
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
  };
  const dateMoved = d.years || d.months || d.weeks || d.days ? fromWallClock(target) : instant;
  return dateMoved + ((d.hours * 60 + d.minutes) * 60 + d.seconds) * 1000;
}

/** `instant` minus `duration` (calendar-aware, like {@link addDuration}). */
export function subtractDuration(instant: number, duration: Duration | string): number {
  return addDuration(instant, duration, -1);
}
