/**
 * Form pieces shared by the pages: Swedish numbers ("40,5"), the cadence as a choice in words, dates
 * as ÅÅÅÅ-MM-DD with a hint, and drafts kept in the browser until sent.
 */
import { swedishCadence } from '@app/domain/swedish';
import { session } from './api';
import { esc } from './ui';

export { parseProgress, parseSwedishNumber, PROGRESS_HINT } from '@app/domain/swedish-number';
export type { Parsed } from '@app/domain/swedish-number';
import type { Parsed } from '@app/domain/swedish-number';

/** The follow-up cadences offered, in words; the ISO form only goes to the API. */
export const CADENCES: { value: string; text: string }[] = [
  { value: 'P1W', text: 'varje vecka' },
  { value: 'P2W', text: 'varannan vecka' },
  { value: 'P4W', text: 'var fjärde vecka' },
  { value: 'P1M', text: 'varje månad' },
  { value: 'P3M', text: 'varje kvartal' },
];

/**
 * A `<select>` of the cadences in words (its value the ISO form). A current value not among them is
 * kept as an option in its own words; `empty` adds a first choice with that text and value "".
 */
export function cadenceSelect({ id, name = 'followUpEvery', value = '', empty, describedBy }: { id: string; name?: string; value?: string; empty?: string; describedBy?: string }): string {
  const options = [...CADENCES];
  if (value && !options.some((o) => o.value === value)) options.push({ value, text: swedishCadence(value) });
  return `<select id="${esc(id)}" name="${esc(name)}"${describedBy ? ` aria-describedby="${esc(describedBy)}"` : ''} class="ds-input">${
    empty !== undefined ? `<option value=""${value ? '' : ' selected'}>${esc(empty)}</option>` : ''
  }${options.map((o) => `<option value="${esc(o.value)}"${o.value === value ? ' selected' : ''}>${esc(o.text)}</option>`).join('')}</select>`;
}

/** The hint under a date field. */
export const DATE_HINT = 'Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2027-03-01.';

/** A date hint paragraph with the id `id` (point the field's aria-describedby at it). */
export const dateHint = (id: string) => `<p id="${esc(id)}" class="hint ds-paragraph" data-size="sm">${DATE_HINT}</p>`;

/** A calendar date ÅÅÅÅ-MM-DD that exists (2027-02-30 does not), or a Swedish reason. */
export function parseSwedishDate(text: string): Parsed<string> {
  const t = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(t)) return { error: DATE_HINT };
  const d = new Date(`${t}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== t) return { error: `${t} finns inte i kalendern.` };
  return { value: t };
}

const DRAFT_PREFIX = 'samverkan.draft.';

/** A kept draft: `clear()` once it is sent; `restored` says whether one was put back into the form. */
export interface Draft {
  restored: boolean;
  savedAt: number | null;
  clear(): void;
}

/**
 * Keeps what is typed into `form` as a draft in this browser (localStorage, per person and `key`, e.g.
 * `report:<activityId>`) on every change, and puts a kept draft back when the form is drawn again,
 * so a report survives a new sign-in, a reload or a closed tab. Call `clear()` once it is sent.
 */
export function keepDraft(form: HTMLFormElement, key: string): Draft {
  const storageKey = `${DRAFT_PREFIX}${session.user?.id ?? 'anon'}.${key}`;
  const fields = () => [...form.elements].filter((e): e is HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement => 'name' in e && !!(e as HTMLInputElement).name && (e as HTMLInputElement).type !== 'password' && (e as HTMLInputElement).type !== 'file');
  let savedAt: number | null = null;
  let restored = false;
  try {
    const raw = localStorage.getItem(storageKey);
    if (raw) {
      const kept = JSON.parse(raw) as { at: number; values: Record<string, string | string[]> };
      for (const field of fields()) {
        const v = kept.values[field.name];
        if (v === undefined) continue;
        if (field instanceof HTMLInputElement && (field.type === 'checkbox' || field.type === 'radio')) field.checked = Array.isArray(v) ? v.includes(field.value) : v === field.value;
        else if (!Array.isArray(v)) field.value = v;
      }
      savedAt = kept.at;
      restored = true;
    }
  } catch {
    localStorage.removeItem(storageKey);
  }
  const save = () => {
    const values: Record<string, string | string[]> = {};
    for (const field of fields()) {
      if (field instanceof HTMLInputElement && (field.type === 'checkbox' || field.type === 'radio')) {
        const list = (values[field.name] as string[] | undefined) ?? [];
        if (field.checked) list.push(field.value);
        values[field.name] = list;
      } else values[field.name] = field.value;
    }
    try {
      localStorage.setItem(storageKey, JSON.stringify({ at: Date.now(), values }));
    } catch {
      // Storage full or off: the form still works, only without a draft.
    }
  };
  form.addEventListener('input', save);
  form.addEventListener('change', save);
  return {
    restored,
    savedAt,
    clear() {
      form.removeEventListener('input', save);
      form.removeEventListener('change', save);
      localStorage.removeItem(storageKey);
    },
  };
}
