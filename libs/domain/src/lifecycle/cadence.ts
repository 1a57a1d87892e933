/**
 * How often an activity is followed up: a whole number of days, weeks, months or years, at least a
 * day (P1D). Deadlines, reminders and escalations are days apart; a cadence of minutes would fire a
 * missed deadline every minute. `PT1M` (a minute) is one letter from `P1M` (a month), so the message
 * says which was meant.
 */
import { isDateOnly, isIsoDuration, isPositive, parseDuration } from '../iso-duration';

/**
 * The database's side of the same rule (`phase_follow_up_at_least_a_day`): no time part, and not zero.
 * With `phase_follow_up_iso_duration` (the ISO pattern, which it leaves to that check) it accepts
 * exactly what `cadenceProblem` does.
 */
export const CADENCE_AT_LEAST_A_DAY_SQL = `"follow_up_every" !~ '^P[^T]*T' AND "follow_up_every" !~ '^P(0+[YMWD])+$'`;

/** The form of a cadence, for API documents (the rule itself is `cadenceProblem`, which also refuses zero). */
export const CADENCE_PATTERN = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$/;

const UNITS: [key: 'hours' | 'minutes' | 'seconds', one: string, many: string, dateLetter: string | null, dateOne: string, dateMany: string][] = [
  ['hours', 'hour', 'hours', null, '', ''],
  ['minutes', 'minute', 'minutes', 'M', 'month', 'months'],
  ['seconds', 'second', 'seconds', null, '', ''],
];

/** Why `value` is not a follow-up cadence, or null when it is one; `field: ''` leaves the name out. */
export function cadenceProblem(value: unknown, field = 'followUpEvery'): string | null {
  const must = field ? `${field} must` : 'must';
  if (!isIsoDuration(value)) {
    return `${must} be an ISO-8601 duration of days, weeks, months or years, such as P2W (every two weeks) or P1M (every month)`;
  }
  const d = parseDuration(value);
  if (!isPositive(d)) return `${must} be longer than zero, such as P4W`;
  if (isDateOnly(d)) return null;
  const parts = UNITS.filter(([key]) => d[key] > 0).map(([key, one, many]) => `${d[key]} ${d[key] === 1 ? one : many}`);
  let hint = '';
  const onlyMinutes = /^PT(\d+)M$/.exec(value);
  if (onlyMinutes) {
    const n = Number(onlyMinutes[1]);
    hint = `; did you mean P${n}M, ${n === 1 ? 'a month' : `${n} months`}?`;
  }
  return `${must} be at least a day (P1D): ${value} is ${parts.join(' ')}${hint}`;
}

export function isCadence(value: unknown): boolean {
  return cadenceProblem(value) === null;
}
