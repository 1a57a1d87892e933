import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable, UnauthorizedException } from '@nestjs/common';
import { signInFailures } from '@app/metrics';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { compare } from 'bcryptjs';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { Environment } from '@app/config';
import { acrossTenants, RefreshToken, User } from '@app/database';
import type { PlatformRole } from '@app/domain';
import type { MembershipOfUser, SignedInUser } from './auth.decorators';
import { MeDto, TokensDto } from './auth.dto';
import { LoginRateLimiter, SignInThrottledException } from './login-rate-limiter';

const REFRESH_TTL_MS = 30 * 86_400_000;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What every access token is signed with and checked for; anything else is refused. */
export const ACCESS_TOKEN = { algorithm: 'HS256', issuer: 'samverkan', audience: 'samverkan-api' } as const;

/**
 * A bcrypt hash (cost 10, as the real ones) of a random password nobody knows. Sign-in compares
 * against it when the address is unknown or has no password, so an unknown address takes as long
 * to refuse as a wrong password.
 */
export const DUMMY_PASSWORD_HASH = '$2b$10$18cXiEYvVxEvyHtXd4QV7eYtUM8db9WcC9y9aVK1.QCKPwR1YAhau';

/** The claims of an access token: who, and the token version of their row when it was issued. */
interface AccessClaims {
  sub: string;
  ver: number;
}

/** What each request reads of the person: one look-up by primary key, memberships aggregated. */
interface PersonRow {
  id: string;
  email: string;
  name: string;
  platform_roles: PlatformRole[];
  token_version: number;
  deactivated_at: Date | null;
  memberships: MembershipOfUser[];
}

/** The person and their memberships (with the keys that URLs use), in one statement. */
const PERSON_SQL = `
  SELECT u.id, u.email, u.name, u.platform_roles, u.token_version, u.deactivated_at,
         coalesce(json_agg(json_build_object(
           'agreementId', m.agreement_id, 'agreementKey', a.key, 'agreementTitle', a.title, 'municipality', a.municipality,
           'partyId', m.party_id, 'partyKey', p.key, 'roles', m.roles) ORDER BY a.valid_from DESC, a.key) FILTER (WHERE m.id IS NOT NULL), '[]') AS memberships
    FROM app_user u
    LEFT JOIN membership m ON m.user_id = u.id
    LEFT JOIN agreement a ON a.id = m.agreement_id
    LEFT JOIN party p ON p.id = m.party_id
   WHERE u.id = $1
   GROUP BY u.id`;

const DEACTIVATED = 'This account has been deactivated; ask an administrator.';
const INVALID_TOKEN = 'The access token is invalid or has expired; sign in again (POST /api/auth/login) or refresh it (POST /api/auth/refresh).';

/**
 * Local accounts: bcrypt-hashed passwords, short-lived JWT access tokens and rotating refresh tokens.
 * Nothing else in the API depends on how a user signed in: it sees a {@link SignedInUser}, so an OIDC
 * provider can be added beside this without touching the domain.
 */
@Injectable()
export class AuthService {
  /** Failed sign-ins per (client address, account): one address cannot lock the person out everywhere. */
  private readonly limiter = new LoginRateLimiter();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    private readonly env: Environment,
  ) {}

  // Sign-in, refresh and sign-out act on people and their tokens, which belong to no one tenant:
  // they run across tenants (and read nothing of any agreement's follow-up).
  login(email: string, password: string, clientAddress: string): Promise<TokensDto> {
    return acrossTenants(() => this.signIn(email, password, clientAddress));
  }

  private async signIn(email: string, password: string, clientAddress: string): Promise<TokensDto> {
    const address = email.toLowerCase();
    const key = `${clientAddress}|${address}`;
    const wait = this.limiter.retryAfterMs(key);
    if (wait > 0) {
      signInFailures.inc({ reason: 'throttled' });
      throw new SignInThrottledException(
        `Too many failed sign-ins for ${email} from your address; try again in ${Math.ceil(wait / 60_000)} minute(s).`,
        Math.ceil(wait / 1000),
      );
    }
    const user = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email', { email: address })
      .getOne();
    // The same work whether the address exists or not: bcrypt runs every time.
    const matches = await compare(password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
    if (!user?.passwordHash || !matches) {
      this.limiter.fail(key);
      signInFailures.inc({ reason: 'wrong_password' });
      throw new UnauthorizedException('Wrong e-mail or password.');
    }
    this.limiter.succeed(key);
    if (user.deactivatedAt) {
      signInFailures.inc({ reason: 'deactivated' });
      throw new UnauthorizedException(DEACTIVATED);
    }
    return this.issue(this.dataSource.manager, user, randomUUID());
  }

  /**
   * Tokens for a person an identity provider has vouched for (OIDC sign-in, apps/api/src/oidc): the
   * same issuing path as a password sign-in, a sign-in (token family) of its own. Refuses a person
   * who is unknown or deactivated.
   */
  signInVerified(userId: string): Promise<TokensDto> {
    return acrossTenants(async () => {
      const user = await this.dataSource.getRepository(User).findOne({ where: { id: userId } });
      if (!user) throw new UnauthorizedException('This person no longer exists.');
      if (user.deactivatedAt) throw new UnauthorizedException(DEACTIVATED);
      return this.issue(this.dataSource.manager, user, randomUUID());
    });
  }

  /**
   * New tokens for a refresh token, which is used up. A refresh token that was used already (or
   * revoked) means a copy is in someone else's hands: every token of its family is revoked, so the
   * copy and the session it came from both end.
   */
  async refresh(refreshToken: string): Promise<TokensDto> {
    const outcome = await acrossTenants(() => this.dataSource.transaction(async (em) => {
      const tokens = em.getRepository(RefreshToken);
      const found = await tokens.findOne({ where: { tokenHash: sha256(refreshToken) }, relations: { user: true } });
      if (!found || found.expiresAt <= new Date()) return 'unknown' as const;
      // Used up at most once, also by two requests at the same moment: the second waits for the
      // first to commit, finds it used, and then revokes the family, the first one's new token too.
      const used = found.revokedAt ? 0 : ((await tokens.update({ id: found.id, revokedAt: IsNull() }, { revokedAt: new Date() })).affected ?? 0);
      if (!used) {
        await tokens.update({ familyId: found.familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
        return 'reused' as const;
      }
      if (found.user.deactivatedAt) return 'deactivated' as const;
      return this.issue(em, found.user, found.familyId);
    }));
    if (outcome === 'unknown') throw new UnauthorizedException('This refresh token is unknown or expired; sign in again.');
    if (outcome === 'reused') throw new ReusedRefreshTokenException();
    if (outcome === 'deactivated') throw new UnauthorizedException(DEACTIVATED);
    return outcome;
  }

  /** Signs out: the refresh token and every token of its family stop working. */
  async logout(refreshToken: string): Promise<void> {
    await acrossTenants(() => this.revokeFamilyOf(refreshToken));
  }

  /**
   * The person an access token speaks for, as the database has them now; throws 401 when the token
   * is missing, forged, expired, or no longer fits them (unknown, deactivated, or their token
   * version has moved on since: password, roles or party changed). One primary-key look-up per
   * request, no cache, so a change takes effect on the next request. Roles and party come from the
   * row, never from the token.
   */
  async verify(token: string): Promise<SignedInUser> {
    let claims: AccessClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessClaims>(token, {
        secret: this.env.JWT_SECRET,
        algorithms: [ACCESS_TOKEN.algorithm],
        issuer: ACCESS_TOKEN.issuer,
        audience: ACCESS_TOKEN.audience,
      });
    } catch {
      throw new UnauthorizedException(INVALID_TOKEN);
    }
    if (typeof claims.sub !== 'string' || !UUID.test(claims.sub) || !Number.isInteger(claims.ver)) throw new UnauthorizedException(INVALID_TOKEN);
    const person = await this.person(claims.sub);
    if (!person) throw new UnauthorizedException(INVALID_TOKEN);
    if (person.deactivated_at) throw new UnauthorizedException(DEACTIVATED);
    if (person.token_version !== claims.ver) {
      throw new UnauthorizedException('Your sign-in has changed since this token was issued (password, memberships or roles); refresh it (POST /api/auth/refresh) or sign in again.');
    }
    return { userId: person.id, email: person.email, name: person.name, platformRoles: person.platform_roles, memberships: person.memberships };
  }

  /**
   * The person and every membership, read across tenants: who someone is, and which agreements they
   * are a member of, is what decides their scope, so it cannot itself be read within one.
   */
  private async person(id: string, em: EntityManager = this.dataSource.manager): Promise<PersonRow | undefined> {
    const [row] = await acrossTenants(() => em.query<PersonRow[]>(PERSON_SQL, [id]));
    return row;
  }

  static me(person: SignedInUser): MeDto {
    return {
      id: person.userId,
      email: person.email,
      name: person.name,
      platformRoles: person.platformRoles,
      memberships: person.memberships.map((m) => ({ agreement: m.agreementKey, agreementTitle: m.agreementTitle, municipality: m.municipality, party: m.partyKey, roles: m.roles })),
    };
  }

  private async issue(em: EntityManager, user: User, familyId: string): Promise<TokensDto> {
    const claims: AccessClaims = { sub: user.id, ver: user.tokenVersion };
    const accessToken = await this.jwt.signAsync(claims, {
      secret: this.env.JWT_SECRET,
      algorithm: ACCESS_TOKEN.algorithm,
      issuer: ACCESS_TOKEN.issuer,
      audience: ACCESS_TOKEN.audience,
      expiresIn: this.env.ACCESS_TOKEN_TTL_SECONDS,
      // Each token its own id: two issued in one second (iat counts seconds) are still two tokens.
      jwtid: randomUUID(),
    });
    const refreshToken = randomBytes(32).toString('base64url');
    await em
      .getRepository(RefreshToken)
      .insert({ userId: user.id, familyId, tokenHash: sha256(refreshToken), expiresAt: new Date(Date.now() + REFRESH_TTL_MS) });
    const person = (await this.person(user.id, em))!;
    const me = AuthService.me({ userId: person.id, email: person.email, name: person.name, platformRoles: person.platform_roles, memberships: person.memberships });
    return { accessToken, tokenType: 'Bearer', expiresIn: this.env.ACCESS_TOKEN_TTL_SECONDS, refreshToken, user: me };
  }

  private async revokeFamilyOf(refreshToken: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE refresh_token SET revoked_at = now()
        WHERE revoked_at IS NULL AND family_id = (SELECT family_id FROM refresh_token WHERE token_hash = $1)`,
      [sha256(refreshToken)],
    );
  }
}

/** A refresh token presented a second time: its family has been revoked. */
export class ReusedRefreshTokenException extends UnauthorizedException {
  constructor() {
    super(
      'This refresh token has been used or revoked already, so a copy of it may be in someone else\'s hands: ' +
        'every token of this sign-in has been revoked. Sign in again.',
    );
  }
}
