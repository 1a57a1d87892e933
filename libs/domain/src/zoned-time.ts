/**
 * Local time in Sweden (Europe/Stockholm), computed with Intl so that it also runs inside Temporal's
 * deterministic workflow sandbox. Instants are milliseconds since the epoch.
 */
export const TIME_ZONE = 'Europe/Stockholm';

export interface WallClock {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

let formatter: Intl.DateTimeFormat | undefined;
function parts(instant: number): WallClock {
  formatter ??= new Intl.DateTimeFormat('en-US', {
    timeZone: TIME_ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const out: Record<string, number> = {};
  for (const p of formatter.formatToParts(new Date(instant))) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return {
    year: out.year,
    month: out.month,
    day: out.day,
    hour: out.hour,
    minute: out.minute,
    second: out.second,
    millisecond: ((instant % 1000) + 1000) % 1000,
  };
}

/** The Swedish wall-clock reading at `instant`. */
export function toWallClock(instant: number): WallClock {
  return parts(instant);
}

function offsetAt(instant: number): number {
  const w = parts(instant);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond) - instant;
}

/**
 * The instant a Swedish wall clock shows `wall`. In the autumn's repeated hour it is the first of the
 * two; a time skipped in spring is read with the winter offset (so 02:30 becomes 03:30 summer time).
 */
export function fromWallClock(wall: WallClock): number {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.millisecond);
  const before = asUtc - offsetAt(asUtc - 86_400_000);
  const after = asUtc - offsetAt(asUtc + 86_400_000);
  const shows = (t: number) => {
    const w = parts(t);
    return w.year === wall.year && w.month === wall.month && w.day === wall.day && w.hour === wall.hour && w.minute === wall.minute;
  };
  const matching = [before, after].filter(shows);
  return matching.length ? Math.min(...matching) : before;
}

/** The Swedish calendar date (`YYYY-MM-DD`) at `instant`. */
export function localDate(instant: number): string {
  const w = parts(instant);
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/** The instant a Swedish calendar day begins (00:00 local time). */
export function startOfLocalDay(date: string): number {
  const [year, month, day] = date.split('-').map(Number);
  return fromWallClock({ year, month, day, hour: 0, minute: 0, second: 0, millisecond: 0 });
}
