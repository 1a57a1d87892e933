import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { freePort } from '@app/devstack';
import { loadEsmPackage } from '../../apps/api/src/oidc/esm';

/** An account of the test provider: who it says someone is. */
export interface ProviderAccount {
  email: string;
  emailVerified: boolean;
}

export interface TestOidcProvider {
  /** `http://localhost:<port>`: the provider's issuer (localhost, so its cookies are not the API's, on 127.0.0.1). */
  issuer: string;
  port: number;
  clientId: string;
  clientSecret: string;
  /** Login → account; the provider's own sign-in form takes the login (and any password). */
  accounts: Map<string, ProviderAccount>;
  close(): Promise<void>;
}

/**
 * A real OpenID Provider (`oidc-provider` from npm) in the test process: its own RSA signing key,
 * one confidential client registered with our redirect URI (client_secret_post, PKCE required), the
 * authorization code flow, ID tokens signed RS256, and its own (development) sign-in and consent
 * pages. Nothing of our client is mocked: the API talks to it over HTTP as to Entra ID.
 */
export async function startTestOidcProvider(redirectUri: string, accounts: ProviderAccount[]): Promise<TestOidcProvider> {
  // oidc-provider is ES-module-only; jest's sandbox cannot require it, Node's own loader can.
  const { default: Provider } = loadEsmPackage<{ default: new (issuer: string, config: object) => { listen(port: number, cb?: () => void): Server; on(event: string, fn: (...args: unknown[]) => void): void } }>(
    'oidc-provider',
  );
  // Its configuration must be made of the provider's own realm's objects (it tells "plain objects" by
  // their prototype, and jest's sandbox has other ones): copied over by a function of that realm.
  const OuterFunction = Object.getPrototypeOf(Provider).constructor as FunctionConstructor;
  const outer = new OuterFunction(
    'value',
    `const walk = (v) => {
       if (Array.isArray(v)) return Array.from(v, walk);
       if (v && typeof v === 'object') { const o = {}; for (const k of Object.keys(v)) o[k] = walk(v[k]); return o; }
       return v;
     };
     return walk(value);`,
  ) as <T>(value: T) => T;
  const port = await freePort();
  const issuer = `http://localhost:${port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-provider-key', use: 'sig', alg: 'RS256' };
  const byLogin = new Map(accounts.map((a) => [a.email, a]));
  const clientId = 'samverkan-test';
  const clientSecret = randomBytes(24).toString('base64url');
  const provider = new Provider(issuer, outer({
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    jwks: { keys: [jwk] },
    pkce: { required: () => true },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    findAccount: async (_ctx: unknown, id: string) => {
      const account = byLogin.get(id);
      if (!account) return undefined;
      return outer({ accountId: id, claims: async () => outer({ sub: `sub-${id}`, email: account.email, email_verified: account.emailVerified, name: id }) });
    },
  }));
  const server = await new Promise<Server>((resolve) => {
    const s = provider.listen(port, () => resolve(s));
  });
  return {
    issuer,
    port,
    clientId,
    clientSecret,
    accounts: byLogin,
    close: () => new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    }),
  };
}

/** A tiny cookie jar per host (name=value only), for driving the flow over HTTP without a browser. */
export class CookieJar {
  private readonly jars = new Map<string, Map<string, string>>();

  take(url: string, response: Response): void {
    const host = new URL(url).host;
    const jar = this.jars.get(host) ?? new Map<string, string>();
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(';');
      const [name, ...value] = pair.trim().split('=');
      const expired = attributes.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a) || /^\s*max-age=0\b/i.test(a));
      if (expired || value.join('=') === '') jar.delete(name);
      else jar.set(name, value.join('='));
    }
    this.jars.set(host, jar);
  }

  header(url: string): string {
    return [...(this.jars.get(new URL(url).host) ?? new Map()).entries()].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  get(url: string, name: string): string | undefined {
    return this.jars.get(new URL(url).host)?.get(name);
  }
}

/**
 * Goes from our start address through the provider's sign-in (as `login`) and consent pages, as a
 * browser would, up to the provider's redirect back to us; returns that callback address (not
 * followed) and the jar, which holds our browser-binding cookie.
 */
export async function throughProvider(startUrl: string, login: string, jar = new CookieJar()): Promise<{ callbackUrl: string; jar: CookieJar }> {
  let url = startUrl;
  let method = 'GET';
  let body: string | undefined;
  const callbackPrefix = '/api/auth/oidc/callback';
  for (let step = 0; step < 20; step++) {
    const response = await fetch(url, {
      method,
      redirect: 'manual',
      headers: { cookie: jar.header(url), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body,
    });
    jar.take(url, response);
    method = 'GET';
    body = undefined;
    if (response.status >= 300 && response.status < 400) {
      const next = new URL(response.headers.get('location')!, url).href;
      if (new URL(next).pathname === callbackPrefix) return { callbackUrl: next, jar };
      url = next;
      continue;
    }
    const html = await response.text();
    if (response.status !== 200) throw new Error(`throughProvider: ${url} answered ${response.status}: ${html.slice(0, 300)}`);
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`throughProvider: no form at ${url}: ${html.slice(0, 300)}`);
    url = new URL(action.replace(/&amp;/g, '&'), url).href;
    method = 'POST';
    body = new URLSearchParams(prompt === 'login' ? { prompt, login, password: 'provider-password' } : { prompt }).toString();
  }
  throw new Error('throughProvider: too many steps');
}
