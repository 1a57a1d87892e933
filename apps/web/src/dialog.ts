/**
 * A confirmation before a dangerous action, as a modal `<dialog>` (focus kept inside, Esc cancels):
 * what will happen, optionally a reason to write, and two buttons that say what they do.
 */
import { esc } from './ui';

export interface ConfirmOptions {
  /** The dialog's heading, e.g. "Avsluta aktiviteten permanent?". */
  title: string;
  /** What will happen, as list items (plain text). */
  consequences: string[];
  /** The button that does it, e.g. "Avsluta aktiviteten permanent". */
  confirmLabel: string;
  /** The button that leaves everything as it is. */
  cancelLabel?: string;
  /** Ask for a reason: its label; `required` refuses an empty one. */
  reason?: { label: string; required?: boolean; hint?: string; maxLength?: number };
}

/** Resolves with `{ reason }` when confirmed (reason '' when none was asked), null when cancelled. */
export function confirmDialog(options: ConfirmOptions): Promise<{ reason: string } | null> {
  const dialog = document.createElement('dialog');
  dialog.className = 'confirm ds-dialog';
  dialog.setAttribute('aria-labelledby', 'bekrafta-rubrik');
  const r = options.reason;
  dialog.innerHTML = `<form method="dialog" novalidate>
    <h2 id="bekrafta-rubrik" class="ds-heading" data-size="sm">${esc(options.title)}</h2>
    <p>Det här händer:</p>
    <ul class="consequences">${options.consequences.map((c) => `<li>${esc(c)}</li>`).join('')}</ul>
    ${r ? `<div class="ds-field"><label for="bekrafta-skal" class="ds-label">${esc(r.label)}${r.required ? '' : ' (frivilligt)'}</label>
      ${r.hint ? `<p id="bekrafta-skal-hint" class="hint">${esc(r.hint)}</p>` : ''}
      <textarea id="bekrafta-skal" class="ds-input" rows="3"${r.maxLength ? ` maxlength="${r.maxLength}"` : ''}${r.required ? ' required' : ''}${r.hint ? ' aria-describedby="bekrafta-skal-hint"' : ''}></textarea></div>` : ''}
    <div class="dialog-buttons">
      <button type="submit" value="confirm" class="ds-button danger" data-variant="primary" data-color="danger">${esc(options.confirmLabel)}</button>
      <button type="button" value="cancel" class="ds-button secondary" data-variant="secondary">${esc(options.cancelLabel ?? 'Nej, gå tillbaka')}</button>
    </div>
  </form>`;
  document.body.appendChild(dialog);
  const text = dialog.querySelector<HTMLTextAreaElement>('#bekrafta-skal');
  return new Promise((resolve) => {
    let answer: { reason: string } | null = null;
    const form = dialog.querySelector('form')!;
    form.addEventListener('submit', (event) => {
      if (text && r?.required && !text.value.trim()) {
        event.preventDefault();
        text.setAttribute('aria-invalid', 'true');
        let p = dialog.querySelector<HTMLElement>('#bekrafta-skal-fel');
        if (!p) {
          p = document.createElement('p');
          p.id = 'bekrafta-skal-fel';
          p.className = 'field-error';
          p.textContent = 'Skriv varför, så att det finns med i historiken.';
          text.insertAdjacentElement('afterend', p);
          text.setAttribute('aria-describedby', ['bekrafta-skal-fel', text.getAttribute('aria-describedby') ?? ''].join(' ').trim());
        }
        text.focus();
        return;
      }
      answer = { reason: text?.value.trim() ?? '' };
    });
    dialog.querySelector('button[value="cancel"]')!.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(answer);
    });
    dialog.showModal();
    (text ?? dialog.querySelector<HTMLButtonElement>('button[value="cancel"]'))!.focus();
  });
}
