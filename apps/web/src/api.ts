/** The typed API client, generated from the API's OpenAPI document (see schema.d.ts). */
import createClient, { Middleware } from 'openapi-fetch';
import { looksSwedish, swedishError, swedishFieldProblem } from '@app/domain/swedish-errors';
import type { components, paths } from './api/schema';
import { currentAgreement } from './agreement';

type Tokens = components['schemas']['TokensDto'];
/** Who is signed in, and their memberships: the agreements, and their party and roles in each. */
type SessionUser = components['schemas']['MeDto'];

const KEY = { token: 'samverkan.token', refresh: 'samverkan.refresh', expires: 'samverkan.expires', user: 'samverkan.user' } as const;

/** The sign-in of this browser tab: the tokens and who they are for (sessionStorage, so per tab). */
export const session = {
  get token(): string | null {
    return sessionStorage.getItem(KEY.token);
  },
  get refreshToken(): string | null {
    return sessionStorage.getItem(KEY.refresh);
  },
  /** When the access token expires (ms since the epoch), 0 when unknown. */
  get expiresAt(): number {
    return Number(sessionStorage.getItem(KEY.expires) ?? 0);
  },
  get user(): SessionUser | null {
    const raw = sessionStorage.getItem(KEY.user);
    return raw ? (JSON.parse(raw) as SessionUser) : null;
  },
  /** Keeps the tokens of a sign-in or a refresh. */
  start(tokens: Tokens): void {
    sessionStorage.setItem(KEY.token, tokens.accessToken);
    sessionStorage.setItem(KEY.refresh, tokens.refreshToken);
    sessionStorage.setItem(KEY.expires, String(Date.now() + tokens.expiresIn * 1000));
    sessionStorage.setItem(KEY.user, JSON.stringify(tokens.user));
  },
  end(): void {
    for (const key of Object.values(KEY)) sessionStorage.removeItem(key);
  },
};

/** The sign-in endpoints, called without the middleware below (which would call them again). */
const plain = createClient<paths>({ baseUrl: location.origin });
/** Renew this long before the access token expires. */
const RENEW_EARLY_MS = 60_000;
let renewing: Promise<boolean> | null = null;

/**
 * Exchanges the refresh token for new tokens, once at a time however many requests ask. False when
 * there is none or it is refused (then the sign-in is over: the next page asks to sign in again).
 */
function renew(): Promise<boolean> {
  renewing ??= (async () => {
    const refreshToken = session.refreshToken;
    if (!refreshToken) return false;
    const result = await plain.POST('/api/auth/refresh', { body: { refreshToken } }).catch(() => undefined);
    if (result?.data) session.start(result.data);
    else if (result?.response.status === 401) session.end();
    return !!result?.data;
  })().finally(() => (renewing = null));
  return renewing;
}

/** Signs out here and at the API: the refresh token and every token of its sign-in stop working. */
export async function signOut(): Promise<void> {
  const refreshToken = session.refreshToken;
  session.end();
  if (refreshToken) await plain.POST('/api/auth/logout', { body: { refreshToken } }).catch(() => undefined);
}

const isSignInCall = (request: Request) => new URL(request.url).pathname.startsWith('/api/auth/');
/** A copy of each request, to send again once after a 401 and a successful refresh. */
const copies = new Map<string, Request>();

/**
 * Every call but sign-in's names the agreement of the current address (`?agreement=<key>`): a person
 * with several memberships is otherwise answered 400 AGREEMENT_REQUIRED, and the answer must be about
 * the agreement the page shows.
 */
async function inAgreement(request: Request): Promise<Request> {
  const key = currentAgreement();
  const url = new URL(request.url);
  if (!key || url.searchParams.has('agreement')) return request;
  url.searchParams.set('agreement', key);
  // The body as bytes, not its stream (a streamed request body is refused over HTTP/1.1).
  const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
  return new Request(url, { method: request.method, headers: request.headers, body, signal: request.signal });
}

const auth: Middleware = {
  async onRequest({ request: asked, id }) {
    if (isSignInCall(asked)) return asked;
    const request = await inAgreement(asked);
    if (session.refreshToken && session.expiresAt - Date.now() < RENEW_EARLY_MS) await renew();
    if (session.token) request.headers.set('Authorization', `Bearer ${session.token}`);
    copies.set(id, request.clone());
    return request;
  },
  async onResponse({ request, response, id }) {
    const copy = copies.get(id);
    copies.delete(id);
    if (response.status !== 401 || isSignInCall(request)) return response;
    // Refreshed since this request was sent (by another request's 401): ask again with the new token.
    if (copy && session.token && copy.headers.get('Authorization') !== `Bearer ${session.token}`) {
      copy.headers.set('Authorization', `Bearer ${session.token}`);
      return fetch(copy);
    }
    // The access token ran out or no longer fits (roles changed): refresh once and ask again.
    if (copy && session.refreshToken && (await renew())) {
      copy.headers.set('Authorization', `Bearer ${session.token}`);
      return fetch(copy);
    }
    // The sign-in is over (deactivated, signed out elsewhere): forget it, and ask to sign in again at once.
    session.end();
    if (request.headers.has('Authorization')) {
      if (!location.hash.startsWith('#/logga-in')) location.replace(`#/logga-in?till=${encodeURIComponent(location.hash.slice(1) || '/')}`);
      // The page that asked has been left (this or another request of it went to sign-in): its answer
      // never comes, so it cannot draw over the sign-in page.
      return new Promise<Response>(() => undefined);
    }
    return response;
  },
  onError({ id }) {
    copies.delete(id);
  },
};

export const api = createClient<paths>({ baseUrl: location.origin });
api.use(auth);

/** The query parameters an operation takes, as the typed client knows them. */
export type QueryOf<P extends keyof paths> = paths[P] extends { get: { parameters: { query?: infer Q } } } ? NonNullable<Q> : never;

/**
 * What went wrong, for people, in Swedish: the explanation of the answer's code or status (the one
 * mapping, libs/domain/src/swedish-errors.ts), then what the API said when it said it in Swedish, or
 * each field's problem read in Swedish. The API's English never reaches the page here; forms that
 * want it behind "Teknisk information", and each problem at its field, use showFieldErrors (errors.ts).
 */
export function messageOf(result: { error?: unknown; response: Response }): string {
  const e = (result.error ?? {}) as { message?: unknown; error?: unknown; details?: { field?: unknown; message?: unknown }[] };
  const explanation = swedishError({ statusCode: result.response.status, error: typeof e.error === 'string' ? e.error : undefined });
  const own = typeof e.message === 'string' ? e.message.trim() : '';
  if (own && looksSwedish(own)) return own.startsWith(explanation) ? own : `${explanation} ${own}`;
  const fields = Array.isArray(e.details) ? [...new Set(e.details.map((d) => (typeof d.message === 'string' ? swedishFieldProblem(d.message) : '')).filter(Boolean))] : [];
  return fields.length ? `${explanation} ${fields.join(' ')}` : explanation;
}
