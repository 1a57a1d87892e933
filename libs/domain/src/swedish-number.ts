/** Numbers as Swedes write them ("40,5", "1 000"), read for forms. Pure, so the browser bundle imports it. */

export type Parsed<T> = { value: T; error?: undefined } | { value?: undefined; error: string };

/**
 * A number as Swedes write it: decimal comma or point, spaces as thousands separators ("1 000,5").
 * Refused with a Swedish reason when it is no number or outside `min`–`max`.
 */
export function parseSwedishNumber(text: string, { min = -Infinity, max = Infinity } = {}): Parsed<number> {
  const cleaned = text.trim().replace(/[\s\u00a0\u202f]/g, '').replace(/^−/, '-').replace(/%$/, '');
  if (!cleaned) return { error: 'Fyll i ett tal.' };
  if (!/^-?\d+([.,]\d+)?$/.test(cleaned)) return { error: `”${text.trim()}” är inget tal. Skriv till exempel 40 eller 40,5.` };
  const value = Number(cleaned.replace(',', '.'));
  if (value < min || value > max) return { error: `Ange ett tal från ${String(min).replace('.', ',')} till ${String(max).replace('.', ',')}.` };
  return { value };
}

/**
 * Progress in percent, 0–100. The API takes whole percent, so a decimal is rounded to the nearest
 * whole percent, halves up: "40,5" is 41, "40,4" is 40 (the hint says so).
 */
export function parseProgress(text: string): Parsed<number> {
  const n = parseSwedishNumber(text, { min: 0, max: 100 });
  if (n.error !== undefined) return n.error.startsWith('Ange ett tal från') ? { error: 'Ange hur långt ni kommit, från 0 till 100 %.' } : n;
  return { value: Math.round(n.value) };
}

/** The hint for the progress field, saying how decimals are rounded. */
export const PROGRESS_HINT = 'Ange 0–100. Decimaler avrundas till närmaste hela procent (40,5 blir 41).';

