import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { scopeTo } from '@app/database';
import { IS_PUBLIC, SignedInUser } from './auth.decorators';
import { AuthService } from './auth.service';

/** Every endpoint needs a signed-in user unless marked @Public(); the request then sees the person's agreements only. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<Request & { user?: SignedInUser }>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) {
      throw new UnauthorizedException('Sign in first: POST /api/auth/login, then send Authorization: Bearer <accessToken>.');
    }
    request.user = await this.auth.verify(match[1]);
    // The second fence: from here on, the request's database connection sees only the person's agreements.
    scopeTo(request.user.memberships.map((m) => m.agreementId), request.user.userId);
    return true;
  }
}
