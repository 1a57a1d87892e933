/**
 * Errors at the field, in Swedish. `showFieldErrors(form, problem)` shows every error of an answer at
 * once: each next to its field (`aria-invalid`, `aria-describedby`), the rest in a summary at the top
 * of the form, focus on the first; the API's own (often English) message only behind "Teknisk
 * information". The Swedish texts are the one mapping in @app/domain/swedish-errors.
 */
import { swedishError, swedishFieldProblem, looksSwedish } from '@app/domain/swedish-errors';
import type { ErrorLike } from '@app/domain/swedish-errors';
import { esc } from './ui';

export { swedishError, swedishFieldProblem };

/** One problem with one field; `message` is shown as it is when Swedish, else read in Swedish. */
export interface FieldProblem {
  /** The field's `name` (or id, or `data-field`), as the API names it: `progress`, `milestones[0].title`. */
  field: string;
  message: string;
}

/** The API's error answer as the typed client gives it (`{ error, response }`), or its JSON body. */
export type ApiProblem = { error?: unknown; response: Response } | (ErrorLike & { details?: FieldProblem[] });

interface ErrorBody extends ErrorLike {
  details?: FieldProblem[];
  detailsOmitted?: number;
}

function bodyOf(problem: ApiProblem): ErrorBody {
  if ('response' in problem && problem.response instanceof Response) {
    const e = (problem.error ?? {}) as ErrorBody;
    return { ...(typeof e === 'object' ? e : {}), statusCode: problem.response.status };
  }
  return problem as ErrorBody;
}

/** The Swedish explanation of an API answer (code first, then status). */
export function swedishProblem(problem: ApiProblem): string {
  const body = bodyOf(problem);
  // A refusal the API words in Swedish itself (plan dates, the owner's party …) says it best.
  if (body.message && looksSwedish(body.message) && !body.details?.length) return body.message;
  return swedishError(body);
}

/** The control a detail's field names: by name, id or data-field; `a[0].b` falls back to `a`. */
function controlFor(form: HTMLElement, field: string): HTMLElement | null {
  const names = [field, field.replace(/\[\d+\]/g, ''), field.split('.').pop()!.replace(/\[\d+\]/g, ''), field.split(/[.[]/)[0]].filter(Boolean);
  for (const name of names) {
    const css = CSS.escape(name);
    const found = form.querySelector<HTMLElement>(`[name="${css}"], #${css}, [data-field="${css}"]`);
    if (found) return found;
  }
  return null;
}

/** The label's words for a control, to name it in the summary. */
function labelOf(control: HTMLElement): string {
  const id = control.id;
  const legend = control.closest('fieldset')?.querySelector('legend');
  // A choice in a group is named by the group ("Målområden"), not by its first choice.
  if (legend && control.matches('input[type="checkbox"], input[type="radio"]')) return (legend.textContent ?? '').trim();
  const label = id ? control.ownerDocument.querySelector(`label[for="${CSS.escape(id)}"]`) : control.closest('label');
  return (label?.textContent ?? legend?.textContent ?? control.getAttribute('aria-label') ?? '').trim().replace(/[:*]$/, '');
}

let counter = 0;

/** Removes what showFieldErrors added (call it before sending again, and after a success). */
export function clearFieldErrors(form: HTMLElement): void {
  form.querySelectorAll('.field-error, .form-errors').forEach((el) => el.remove());
  form.querySelectorAll<HTMLElement>('[aria-invalid="true"]').forEach((control) => {
    control.removeAttribute('aria-invalid');
    const ids = (control.getAttribute('aria-describedby') ?? '').split(/\s+/).filter((id) => id && !id.startsWith('fel-'));
    if (ids.length) control.setAttribute('aria-describedby', ids.join(' '));
    else control.removeAttribute('aria-describedby');
  });
}

/**
 * Shows all errors at once, each next to its field, with `aria-invalid` and `aria-describedby`, and
 * moves focus to the first field at fault (or to the summary when none is). `problem` is the API's
 * answer or a list of the form's own problems (already Swedish). Returns the summary element.
 */
export function showFieldErrors(form: HTMLElement, problem: ApiProblem | FieldProblem[]): HTMLElement {
  clearFieldErrors(form);
  const own = Array.isArray(problem);
  const body: ErrorBody = own ? { details: problem } : bodyOf(problem);
  const details = body.details ?? [];
  const unplaced: string[] = [];
  const placed: { control: HTMLElement; text: string }[] = [];
  for (const d of details) {
    const text = own ? d.message : swedishFieldProblem(d.message);
    const control = controlFor(form, d.field);
    if (!control) {
      unplaced.push(text);
      continue;
    }
    const same = placed.find((p) => p.control === control);
    if (same) {
      if (!same.text.includes(text)) same.text += ` ${text}`;
    } else placed.push({ control, text });
  }
  for (const { control, text } of placed) {
    const id = `fel-${++counter}`;
    const p = document.createElement('p');
    p.className = 'field-error ds-validation-message';
    p.id = id;
    p.dataset.color = 'danger';
    p.setAttribute('role', 'alert');
    p.textContent = text;
    // After the control, or after its fieldset's last element for a group of choices.
    const anchor = control.matches('input[type="radio"], input[type="checkbox"]') ? (control.closest('fieldset') ?? control) : control;
    if (anchor === control) anchor.insertAdjacentElement('afterend', p);
    else anchor.appendChild(p);
    control.setAttribute('aria-invalid', 'true');
    control.setAttribute('aria-describedby', [id, ...(control.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean)].join(' '));
  }
  const summary = document.createElement('div');
  summary.className = 'form-errors ds-alert';
  summary.dataset.color = 'danger';
  summary.tabIndex = -1;
  summary.setAttribute('role', 'alert');
  const headline = own ? '' : swedishProblem(problem as ApiProblem);
  // The fields at fault by name (their errors stand beside them), and the errors that have no field here.
  const fieldNames = placed.length > 1 ? `<p>Rätta ${placed.length} fält: ${placed.map((p) => esc(labelOf(p.control) || 'fält')).join(', ')}.</p>` : '';
  const named = `${fieldNames}${unplaced.length ? `<ul>${unplaced.map((t) => `<li>${esc(t)}</li>`).join('')}</ul>` : ''}`;
  const technical = !own && body.message && !looksSwedish(body.message)
    ? `<details class="technical"><summary>Teknisk information</summary><p lang="en">${esc(body.statusCode ? `HTTP ${body.statusCode}${body.error ? ` ${body.error}` : ''}: ` : '')}${esc(body.message)}</p></details>`
    : '';
  summary.innerHTML = `${headline ? `<p class="error">${esc(headline)}</p>` : ''}${named}${technical}`;
  if (summary.innerHTML) form.prepend(summary);
  (placed[0]?.control ?? summary).focus();
  return summary;
}
