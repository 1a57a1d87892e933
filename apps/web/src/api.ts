/** The typed API client, generated from the API's OpenAPI document (see schema.d.ts). */
import createClient, { Middleware } from 'openapi-fetch';
import { swedishApiProblem } from '@app/domain/swedish';
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
  onResponse({ request, response }) {
    // The sign-in has run out: forget it, so the next page asks to sign in again.
    if (response.status === 401 && !new URL(request.url).pathname.startsWith('/api/auth/')) session.set(null);
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: location.origin });
api.use(auth);

/** The query parameters an operation takes, as the typed client knows them. */
export type QueryOf<P extends keyof paths> = paths[P] extends { get: { parameters: { query?: infer Q } } } ? NonNullable<Q> : never;

/**
 * What went wrong, for people: a Swedish explanation of the answer's status (400, 401, 403, 404, 409,
 * 429, 503 …), then the API's own message as the detail.
 */
export function messageOf(result: { error?: unknown; response: Response }): string {
  const e = result.error as { message?: unknown } | undefined;
  return swedishApiProblem(result.response.status, typeof e?.message === 'string' ? e.message : undefined);
}
