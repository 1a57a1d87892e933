/** The typed API client, generated from the API's OpenAPI document (see schema.d.ts). */
import createClient, { Middleware } from 'openapi-fetch';
import type { paths } from './api/schema';

const TOKEN = 'samverkan.token';

export const session = {
  get token(): string | null {
    return sessionStorage.getItem(TOKEN);
  },
  set(token: string | null, user?: unknown): void {
    if (token) sessionStorage.setItem(TOKEN, token);
    else sessionStorage.removeItem(TOKEN);
    if (user) sessionStorage.setItem('samverkan.user', JSON.stringify(user));
    else if (!token) sessionStorage.removeItem('samverkan.user');
  },
  get user(): { id: string; email: string; name: string; roles: string[]; party: string | null } | null {
    const raw = sessionStorage.getItem('samverkan.user');
    return raw ? JSON.parse(raw) : null;
  },
};

const auth: Middleware = {
  onRequest({ request }) {
    if (session.token) request.headers.set('Authorization', `Bearer ${session.token}`);
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: location.origin });
api.use(auth);

/** The message of an API error body, for people. */
export function messageOf(error: unknown): string {
  const e = error as { message?: string } | undefined;
  return e?.message ?? 'Något gick fel. Försök igen.';
}
