import { api, messageOf } from '../api';
import { announce, dateTime, esc, show } from '../ui';
import { navigate } from '../router';
import { refreshUnread, unreadText } from '../menu';

/**
 * The activity a notification is about: the app address in its link (`…/#/vasteras-2023-2027/aktivitet/mbu`,
 * or `…/#/aktivitet/mbu` from before links named the agreement), if any.
 */
function activityHref(link: string): string | null {
  const hash = link.slice(link.indexOf('#'));
  return link.includes('#') && /^#\/(?:[a-z0-9-]+\/)?aktivitet\/[^/?#]+$/.test(hash) ? hash : null;
}

/**
 * A notification's whole text (what its e-mail says: the acknowledgement's comment, the reminder's deadline …),
 * a paragraph per blank-line-separated part, its lines kept; the address to the app is the subject's link.
 */
function fullText(text: string, link: string): string {
  // The e-mail's line with the app's address is left out when the subject links there (`link`; empty otherwise).
  const lines = text.split('\n').filter((line) => !link || !line.includes(link));
  return lines
    .join('\n')
    .trim()
    .split(/\n\s*\n/)
    .map((part) => `<p>${part.split('\n').map(esc).join('<br>')}</p>`)
    .join('');
}

export async function notifications(): Promise<void> {
  const result = await api.GET('/api/notifications', { params: { query: { limit: 200 } } });
  const data = result.data;
  if (!data) return show('Notiser', `<p class="error">${esc(messageOf(result))}</p>`);
  const items = data.items
    .map((n) => {
      const href = activityHref(n.link);
      const subject = href ? `<a href="${esc(href)}" class="open-notice" data-id="${esc(n.id)}">${esc(n.subject)}</a>` : esc(n.subject);
      return `<li class="${n.readAt ? '' : 'unread'}"><article aria-labelledby="n-${esc(n.id)}"><h2 id="n-${esc(n.id)}" class="notice-subject">${n.readAt ? '' : '<span class="tag">Oläst</span> '}${subject}</h2>
      <p class="hint">${dateTime(n.createdAt)}</p>
      <div class="notice-text">${fullText(n.text, href ? n.link : '')}</div>
      ${n.readAt ? '' : `<button type="button" class="secondary read-one" data-id="${esc(n.id)}" aria-label="Markera som läst: ${esc(n.subject)}">Markera som läst</button>`}</article></li>`;
    })
    .join('');
  show(
    'Notiser',
    `<p>${unreadText(data.unread)}</p>${data.unread ? '<button type="button" id="read-all" class="secondary">Markera alla som lästa</button>' : ''}
    ${data.items.length ? `<ul class="notices">${items}</ul>` : '<p>Inga notiser.</p>'}`,
  );
  const markRead = async (id: string) => {
    const done = await api.POST('/api/notifications/{id}/read', { params: { path: { id } } });
    if (!done.data) announce(messageOf(done));
    return !!done.data;
  };
  document.getElementById('read-all')?.addEventListener('click', async () => {
    await api.POST('/api/notifications/read-all');
    announce('Alla notiser är markerade som lästa.');
    await Promise.all([notifications(), refreshUnread()]);
  });
  for (const button of Array.from(document.querySelectorAll<HTMLButtonElement>('button.read-one'))) {
    button.addEventListener('click', async () => {
      if (!(await markRead(button.dataset.id!))) return;
      announce('Notisen är markerad som läst.');
      await Promise.all([notifications(), refreshUnread()]);
    });
  }
  // Opening the activity a notification is about marks the notification read.
  for (const link of Array.from(document.querySelectorAll<HTMLAnchorElement>('a.open-notice'))) {
    link.addEventListener('click', async (event) => {
      if (!link.closest('li.unread')) return;
      event.preventDefault();
      await markRead(link.dataset.id!);
      navigate(link.getAttribute('href')!);
    });
  }
}
