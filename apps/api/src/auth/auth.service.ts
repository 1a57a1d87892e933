import { createHash, randomBytes } from 'node:crypto';
import { HttpException, HttpStatus, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { compare } from 'bcryptjs';
import { DataSource, IsNull, MoreThan } from 'typeorm';
import { Environment } from '@app/config';
import { RefreshToken, User } from '@app/database';
import type { UserRole } from '@app/domain';
import type { SignedInUser } from './auth.decorators';
import { MeDto, TokensDto } from './auth.dto';
import { LoginRateLimiter } from './login-rate-limiter';

const REFRESH_TTL_MS = 30 * 86_400_000;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

interface AccessClaims {
  sub: string;
  email: string;
  name: string;
  roles: UserRole[];
  party: string | null;
}

/**
 * Local accounts: bcrypt-hashed passwords, short-lived JWT access tokens and rotating refresh tokens.
 * Nothing else in the API depends on how a user signed in: it sees a {@link SignedInUser}, so an OIDC
 * provider can be added beside this without touching the domain.
 */
@Injectable()
export class AuthService {
  private readonly limiter = new LoginRateLimiter();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    private readonly env: Environment,
  ) {}

  async login(email: string, password: string, clientAddress: string): Promise<TokensDto> {
    const key = `${clientAddress}|${email.toLowerCase()}`;
    const wait = this.limiter.retryAfterMs(key);
    if (wait > 0) {
      throw new HttpException(
        `Too many failed sign-ins for ${email}; try again in ${Math.ceil(wait / 60_000)} minute(s).`,
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    const user = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .leftJoinAndSelect('u.party', 'p')
      .where('u.email = :email', { email: email.toLowerCase() })
      .getOne();
    if (!user?.passwordHash || !(await compare(password, user.passwordHash))) {
      this.limiter.fail(key);
      throw new UnauthorizedException('Wrong e-mail or password.');
    }
    this.limiter.succeed(key);
    return this.issue(user);
  }

  async refresh(refreshToken: string): Promise<TokensDto> {
    const tokens = this.dataSource.getRepository(RefreshToken);
    const found = await tokens.findOne({
      where: { tokenHash: sha256(refreshToken), revokedAt: IsNull(), expiresAt: MoreThan(new Date()) },
      relations: { user: { party: true } },
    });
    if (!found) throw new UnauthorizedException('This refresh token is unknown, used or expired; sign in again.');
    const revoked = await tokens.update({ id: found.id, revokedAt: IsNull() }, { revokedAt: new Date() });
    if (!revoked.affected) throw new UnauthorizedException('This refresh token was just used; sign in again.');
    return this.issue(found.user);
  }

  async logout(refreshToken: string): Promise<void> {
    await this.dataSource.getRepository(RefreshToken).update({ tokenHash: sha256(refreshToken), revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  /**
   * The user an access token speaks for; throws 401 when it is missing, forged or expired. The token
   * carries the roles and party, so no database look-up is needed per request; a change of roles
   * takes effect at the next sign-in or refresh (access tokens live ACCESS_TOKEN_TTL_SECONDS).
   */
  async verify(token: string): Promise<SignedInUser> {
    let claims: AccessClaims & { partyId?: string | null };
    try {
      claims = await this.jwt.verifyAsync<AccessClaims & { partyId?: string | null }>(token, { secret: this.env.JWT_SECRET });
    } catch {
      throw new UnauthorizedException('The access token is invalid or has expired; sign in again (POST /api/auth/login) or refresh it.');
    }
    return { userId: claims.sub, email: claims.email, name: claims.name, roles: claims.roles, partyId: claims.partyId ?? null };
  }

  static me(user: User): MeDto {
    return { id: user.id, email: user.email, name: user.name, roles: user.roles, party: user.party?.key ?? null };
  }

  private async issue(user: User): Promise<TokensDto> {
    const me = AuthService.me(user);
    const claims: AccessClaims & { partyId: string | null } = { sub: user.id, email: user.email, name: user.name, roles: user.roles, party: me.party, partyId: user.partyId };
    const accessToken = await this.jwt.signAsync(claims, { secret: this.env.JWT_SECRET, expiresIn: this.env.ACCESS_TOKEN_TTL_SECONDS });
    const refreshToken = randomBytes(32).toString('base64url');
    await this.dataSource
      .getRepository(RefreshToken)
      .insert({ userId: user.id, tokenHash: sha256(refreshToken), expiresAt: new Date(Date.now() + REFRESH_TTL_MS) });
    return { accessToken, tokenType: 'Bearer', expiresIn: this.env.ACCESS_TOKEN_TTL_SECONDS, refreshToken, user: me };
  }
}
