import { createHash, randomBytes } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Environment } from '@app/config';
import { acrossTenants } from '@app/database';
import type { SignedInUser } from '../auth/auth.decorators';
import { AuthService } from '../auth/auth.service';
import { authorize } from '../auth/authorize';
import { TokensDto } from '../auth/auth.dto';
import { AgreementsService } from '../agreements/agreements.service';
import { AuditService } from '../audit/audit.service';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { CreateOidcConnectionDto, OidcConnectionDto, OidcProviderDto } from './oidc.dto';
import { openid } from './esm';
import type { OpenIdClientModule } from './esm';
import { decryptClientSecret, encryptClientSecret } from './oidc-secret';

type Configuration = InstanceType<OpenIdClientModule['Configuration']>;

/** How long a started sign-in waits for the provider's answer, and the one-time code for the web app. */
export const SIGN_IN_TTL_MS = 10 * 60_000;
export const HANDOFF_TTL_MS = 60_000;
/** The cookie that binds a sign-in to the browser that started it (a sign-in finished elsewhere is refused). */
export const BROWSER_COOKIE = 'samverkan_oidc';
const DISCOVERY_TTL_MS = 10 * 60_000;
/** The rows of an UPDATE … RETURNING (TypeORM answers `[rows, affected]` for those on PostgreSQL). */
const returned = <T>(result: T[] | [T[], number]): T[] => (Array.isArray(result[0]) ? (result[0] as T[]) : (result as T[]));
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Why a sign-in through a provider was refused: an HTTP status (4xx, except a provider that does not
 * answer), a code, and a Swedish explanation for the person, shown on the page they land on.
 */
export class OidcRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly swedish: string,
    /** The agreement of the connection, once known: the page leads back to its sign-in page. */
    readonly agreementKey?: string,
  ) {
    super(`${code}: ${swedish}`);
  }
}

interface ConnectionRow {
  id: string;
  agreement_id: string;
  agreement_key: string;
  agreement_title: string;
  party_key: string;
  display_name: string;
  issuer: string;
  client_id: string;
  allowed_domains: string[];
  created_at: Date;
  client_secret_encrypted?: string;
}

const CONNECTIONS_SQL = `
  SELECT c.id, c.agreement_id, a.key AS agreement_key, a.title AS agreement_title, p.key AS party_key, c.display_name, c.issuer,
         c.client_id, c.allowed_domains, c.created_at
    FROM oidc_connection c JOIN agreement a ON a.id = c.agreement_id JOIN party p ON p.id = c.party_id`;

/**
 * Sign-in through the parties' own identity providers (OpenID Connect, authorization code flow with
 * PKCE, through openid-client). The provider says who someone is (a verified e-mail address); whether
 * they get in, and with which roles, is decided here only, by their membership of the connection's
 * agreement. The tokens issued are AuthService's, exactly as for a password sign-in.
 */
@Injectable()
export class OidcService {
  private readonly configurations = new Map<string, { at: number; config: Promise<Configuration> }>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly env: Environment,
    private readonly agreements: AgreementsService,
    private readonly audit: AuditService,
    private readonly auth: AuthService,
  ) {}

  get redirectUri(): string {
    return `${this.env.PUBLIC_URL!.replace(/\/+$/, '')}/api/auth/oidc/callback`;
  }

  get webApp(): string {
    return this.env.PUBLIC_URL!.replace(/\/+$/, '');
  }

  private toDto(row: ConnectionRow): OidcConnectionDto {
    return {
      id: row.id,
      agreement: row.agreement_key,
      party: row.party_key,
      displayName: row.display_name,
      issuer: row.issuer,
      clientId: row.client_id,
      allowedDomains: row.allowed_domains,
      redirectUri: this.redirectUri,
      createdAt: row.created_at.toISOString(),
    };
  }

  // --- administration (within the administrator's agreement) -----------------------------------

  async list(user: SignedInUser, agreementKey?: string): Promise<OidcConnectionDto[]> {
    const agreement = await this.agreements.resolveFor(user, agreementKey);
    authorize(user, 'administer', { agreementId: agreement.id });
    const rows = await this.dataSource.query<ConnectionRow[]>(`${CONNECTIONS_SQL} WHERE c.agreement_id = $1 ORDER BY c.display_name, c.created_at`, [agreement.id]);
    return rows.map((r) => this.toDto(r));
  }

  async create(user: SignedInUser, agreementKey: string | undefined, dto: CreateOidcConnectionDto): Promise<OidcConnectionDto> {
    const agreement = await this.agreements.resolveFor(user, agreementKey);
    authorize(user, 'administer', { agreementId: agreement.id });
    const issuer = parseIssuer(dto.issuer);
    const domains = [...new Set(dto.allowedDomains.map((d) => d.toLowerCase()))];
    const [party] = await this.dataSource.query<{ id: string; name: string }[]>(`SELECT id, name FROM party WHERE agreement_id = $1 AND key = $2`, [agreement.id, dto.party]);
    if (!party) {
      const keys = (await this.dataSource.query<{ key: string }[]>(`SELECT key FROM party WHERE agreement_id = $1 ORDER BY key`, [agreement.id])).map((p) => p.key);
      throw ApiError.invalid('party', `the agreement has no party "${dto.party}"; its parties: ${keys.join(', ')}`);
    }
    // The issuer must answer with its discovery document, naming itself exactly: a typo, or a
    // document of another issuer, is refused now rather than at someone's sign-in.
    try {
      await this.discover(issuer.href, dto.clientId, dto.clientSecret);
    } catch (error) {
      throw ApiError.invalid('issuer', `${dto.issuer} did not answer with an OpenID Connect discovery document naming this issuer (${(error as Error).message}); check the issuer URL`);
    }
    const issuerText = dto.issuer.trim();
    const displayName = dto.displayName?.trim() || party.name;
    return this.dataSource.transaction(async (em) => {
      const [row] = await em.query<{ id: string }[]>(
        `INSERT INTO oidc_connection (agreement_id, party_id, display_name, issuer, client_id, client_secret_encrypted, allowed_domains)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [agreement.id, party.id, displayName, issuerText, dto.clientId, encryptClientSecret(dto.clientSecret, this.env.JWT_SECRET), domains],
      );
      const after = { party: dto.party, displayName, issuer: issuerText, clientId: dto.clientId, allowedDomains: domains, clientSecret: '(lagrad krypterad)' };
      await this.audit.record(user, { action: 'oidc-connection.create', entityType: 'oidc_connection', entityId: row.id, agreementId: agreement.id, after }, em);
      const [created] = await em.query<ConnectionRow[]>(`${CONNECTIONS_SQL} WHERE c.id = $1`, [row.id]);
      return this.toDto(created);
    });
  }

  async remove(user: SignedInUser, agreementKey: string | undefined, id: string): Promise<void> {
    const agreement = await this.agreements.resolveFor(user, agreementKey);
    authorize(user, 'administer', { agreementId: agreement.id });
    await this.dataSource.transaction(async (em) => {
      const [row] = await em.query<ConnectionRow[]>(`${CONNECTIONS_SQL} WHERE c.id = $1 AND c.agreement_id = $2`, [id, agreement.id]);
      if (!row) throw ApiError.notFound(`The agreement has no OIDC connection ${id}.`);
      await em.query(`DELETE FROM oidc_connection WHERE id = $1`, [id]);
      const before = { party: row.party_key, displayName: row.display_name, issuer: row.issuer, clientId: row.client_id, allowedDomains: row.allowed_domains };
      await this.audit.record(user, { action: 'oidc-connection.delete', entityType: 'oidc_connection', entityId: id, agreementId: agreement.id, before }, em);
    });
    this.configurations.delete(id);
  }

  // --- sign-in (public; across tenants on purpose: nobody is signed in yet) -----------------------

  /**
   * The providers the sign-in page offers for the agreement it names (from the address it leads on
   * to, or the link an administrator hands out): names only, no secrets. Without an agreement, or
   * with one that does not exist, none: no visitor is shown which identity providers the platform's
   * other municipalities use.
   */
  async providers(agreementKey?: string): Promise<OidcProviderDto[]> {
    if (!agreementKey) return [];
    const rows = await acrossTenants(() =>
      this.dataSource.query<ConnectionRow[]>(`${CONNECTIONS_SQL} WHERE a.key = $1 ORDER BY c.display_name, c.created_at`, [agreementKey]),
    );
    return rows.map((r) => ({ id: r.id, displayName: r.display_name, agreement: r.agreement_key, agreementTitle: r.agreement_title, startUrl: `/api/auth/oidc/${r.id}/start` }));
  }

  /**
   * Starts a sign-in: state, nonce and PKCE verifier are made here and kept in the database (never
   * sent but as the provider needs them), bound to the browser by a cookie value whose hash is kept.
   * Returns the provider's authorization URL and the cookie value to set.
   */
  async start(connectionId: string): Promise<{ location: string; browser: string }> {
    const connection = await this.connection(connectionId);
    const config = await this.configuration(connection);
    const client = openid();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const codeVerifier = client.randomPKCECodeVerifier();
    const browser = randomBytes(32).toString('base64url');
    await acrossTenants(async () => {
      // Old, unfinished sign-ins are of no use to anyone: cleared as new ones start.
      await this.dataSource.query(`DELETE FROM oidc_sign_in WHERE expires_at < now() - interval '1 day'`);
      await this.dataSource.query(
        `INSERT INTO oidc_sign_in (connection_id, state_hash, browser_hash, nonce, code_verifier, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`,
        [connection.id, sha256(state), sha256(browser), nonce, codeVerifier, new Date(Date.now() + SIGN_IN_TTL_MS)],
      );
    });
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      scope: 'openid email profile',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { location: url.href, browser };
  }

  /**
   * The provider's answer. The sign-in its state names is used up first (single-use, whatever
   * follows); openid-client then checks the state, the issuer (`iss`), the PKCE verifier, the ID
   * token's signature, audience and nonce. The person is the one with the verified e-mail address,
   * in an allowed domain, with a membership of the connection's agreement; anyone else is refused.
   * Returns the one-time code the web app exchanges for tokens.
   */
  async callback(query: Record<string, unknown>, rawQuery: string, browser: string | undefined): Promise<string> {
    const state = typeof query.state === 'string' ? query.state : '';
    if (!state) throw new OidcRefusal(HttpStatus.BAD_REQUEST, 'STATE_MISSING', 'Svaret från identitetsleverantören saknade inloggningens kontrollvärde (state). Börja om från inloggningssidan.');
    const signIn = await acrossTenants(async () => {
      const [row] = returned(await this.dataSource.query<{ id: string; connection_id: string; browser_hash: string; nonce: string; code_verifier: string; expired: boolean }[]>(
        `UPDATE oidc_sign_in SET answered_at = now() WHERE state_hash = $1 AND answered_at IS NULL
         RETURNING id, connection_id, browser_hash, nonce, code_verifier, expires_at < now() AS expired`,
        [sha256(state)],
      ));
      return row;
    });
    if (!signIn) {
      throw new OidcRefusal(HttpStatus.BAD_REQUEST, 'STATE_UNKNOWN', 'Inloggningen känns inte igen: den har redan använts, eller kom inte från den här webbläsaren. Börja om från inloggningssidan.');
    }
    if (signIn.expired) throw new OidcRefusal(HttpStatus.BAD_REQUEST, 'SIGN_IN_EXPIRED', 'Inloggningen tog för lång tid (mer än tio minuter). Börja om från inloggningssidan.');
    if (!browser || sha256(browser) !== signIn.browser_hash) {
      throw new OidcRefusal(HttpStatus.BAD_REQUEST, 'OTHER_BROWSER', 'Inloggningen påbörjades i en annan webbläsare än den här. Börja om från inloggningssidan i den webbläsare du vill använda.');
    }
    if (typeof query.error === 'string') {
      throw new OidcRefusal(HttpStatus.BAD_REQUEST, 'PROVIDER_REFUSED', `Identitetsleverantören avbröt inloggningen (${query.error.slice(0, 100)}). Försök igen, eller logga in med lösenord.`);
    }
    const connection = await this.connection(signIn.connection_id);
    const config = await this.configuration(connection);
    const client = openid();
    let claims: Record<string, unknown>;
    try {
      const tokens = await client.authorizationCodeGrant(config, new URL(`${this.redirectUri}?${rawQuery}`), {
        pkceCodeVerifier: signIn.code_verifier,
        expectedState: state,
        expectedNonce: signIn.nonce,
        idTokenExpected: true,
      });
      claims = { ...(tokens.claims() ?? {}) };
      if (typeof claims.email !== 'string' && tokens.access_token) {
        claims = { ...claims, ...(await client.fetchUserInfo(config, tokens.access_token, String(claims.sub))) };
      }
    } catch (error) {
      throw new OidcRefusal(
        HttpStatus.BAD_REQUEST,
        'PROVIDER_ANSWER_REJECTED',
        `Svaret från identitetsleverantören kunde inte godtas (${(error as Error).message.slice(0, 200)}). Börja om från inloggningssidan.`,
        connection.agreement_key,
      );
    }
    const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
    if (!email || claims.email_verified !== true) {
      throw new OidcRefusal(HttpStatus.FORBIDDEN, 'EMAIL_NOT_VERIFIED', 'Identitetsleverantören har inte bekräftat din e-postadress, så vi kan inte veta vem du är. Logga in med lösenord, eller be din organisation bekräfta adressen.', connection.agreement_key);
    }
    const domain = email.split('@').pop()!;
    if (!connection.allowed_domains.includes(domain)) {
      throw new OidcRefusal(HttpStatus.FORBIDDEN, 'DOMAIN_NOT_ALLOWED', `Adresser på ${domain} får inte logga in med ${connection.display_name}. Logga in med lösenord, eller välj din egen organisations inloggning.`, connection.agreement_key);
    }
    const person = await acrossTenants(async () => {
      const [row] = await this.dataSource.query<{ id: string; deactivated_at: Date | null }[]>(
        `SELECT u.id, u.deactivated_at FROM app_user u JOIN membership m ON m.user_id = u.id AND m.agreement_id = $2 WHERE u.email = $1`,
        [email, connection.agreement_id],
      );
      return row;
    });
    if (!person) {
      throw new OidcRefusal(
        HttpStatus.FORBIDDEN,
        'NOT_INVITED',
        `${email} är inte inbjuden till ${connection.agreement_title}. Bara personer som en administratör har bjudit in kan logga in. Kontakta administratören för avtalet om du ska vara med.`,
        connection.agreement_key,
      );
    }
    if (person.deactivated_at) throw new OidcRefusal(HttpStatus.FORBIDDEN, 'DEACTIVATED', 'Ditt konto är avstängt. Kontakta administratören för avtalet.', connection.agreement_key);
    const code = randomBytes(32).toString('base64url');
    await acrossTenants(() =>
      this.dataSource.transaction(async (em) => {
        await em.query(`UPDATE oidc_sign_in SET user_id = $2, handoff_hash = $3, handoff_expires_at = $4 WHERE id = $1`, [
          signIn.id,
          person.id,
          sha256(code),
          new Date(Date.now() + HANDOFF_TTL_MS),
        ]);
        await this.audit.record(
          { userId: person.id, email, name: email, platformRoles: [], memberships: [] },
          { action: 'auth.oidc-sign-in', entityType: 'oidc_connection', entityId: connection.id, agreementId: connection.agreement_id, after: { email, issuer: connection.issuer } },
          em,
        );
      }),
    );
    return code;
  }

  /** The one-time code of a finished sign-in, for our tokens: once, within a minute. */
  async exchange(code: string): Promise<TokensDto> {
    const [row] = returned(
      await acrossTenants(() =>
        this.dataSource.query<{ user_id: string }[]>(
          `UPDATE oidc_sign_in SET handed_off_at = now() WHERE handoff_hash = $1 AND handed_off_at IS NULL AND handoff_expires_at > now() RETURNING user_id`,
          [sha256(code)],
        ),
      ),
    );
    if (!row) throw new ApiError(ApiErrorCode.InvalidInput, 'This sign-in code is unknown, used already or expired (they last a minute); sign in again.', [{ field: 'code', message: 'unknown, used or expired' }]);
    return this.auth.signInVerified(row.user_id);
  }

  private async connection(id: string): Promise<ConnectionRow & { client_secret_encrypted: string }> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
      throw new OidcRefusal(HttpStatus.NOT_FOUND, 'UNKNOWN_PROVIDER', 'Den inloggningen finns inte (längre). Gå tillbaka till inloggningssidan och välj igen.');
    }
    const [row] = await acrossTenants(() =>
      this.dataSource.query<(ConnectionRow & { client_secret_encrypted: string })[]>(`${CONNECTIONS_SQL.replace('c.created_at', 'c.created_at, c.client_secret_encrypted')} WHERE c.id = $1`, [id]),
    );
    if (!row) throw new OidcRefusal(HttpStatus.NOT_FOUND, 'UNKNOWN_PROVIDER', 'Den inloggningen finns inte (längre). Gå tillbaka till inloggningssidan och välj igen.');
    return row;
  }

  private configuration(connection: ConnectionRow & { client_secret_encrypted: string }): Promise<Configuration> {
    const cached = this.configurations.get(connection.id);
    if (cached && Date.now() - cached.at < DISCOVERY_TTL_MS) return cached.config;
    const config = this.discover(connection.issuer, connection.client_id, decryptClientSecret(connection.client_secret_encrypted, this.env.JWT_SECRET));
    this.configurations.set(connection.id, { at: Date.now(), config });
    config.catch(() => this.configurations.delete(connection.id));
    return config.catch((error: Error) => {
      throw new OidcRefusal(HttpStatus.BAD_GATEWAY, 'PROVIDER_UNAVAILABLE', `Identitetsleverantören svarar inte just nu (${error.message.slice(0, 200)}). Försök igen om en stund, eller logga in med lösenord.`);
    });
  }

  /** openid-client's discovery: the document must name exactly this issuer. Plain http only on this machine (tests, development). */
  private discover(issuer: string, clientId: string, clientSecret: string): Promise<Configuration> {
    const client = openid();
    const url = new URL(issuer);
    const insecure = url.protocol === 'http:' && LOOPBACK.has(url.hostname);
    return client.discovery(url, clientId, clientSecret, undefined, insecure ? { execute: [client.allowInsecureRequests], timeout: 10 } : { timeout: 10 });
  }
}

function parseIssuer(text: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw ApiError.invalid('issuer', `"${text}" is not a URL; give the provider’s issuer, such as https://login.microsoftonline.com/<tenant>/v2.0`);
  }
  if (url.search || url.hash || url.username || url.password) throw ApiError.invalid('issuer', 'the issuer URL has no query, fragment or credentials');
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    throw ApiError.invalid('issuer', 'the issuer must be an https URL (plain http only for a provider on this machine)');
  }
  return url;
}
