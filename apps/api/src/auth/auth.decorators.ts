import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Actor } from '@app/domain';

export const IS_PUBLIC = 'samverkan:public';

/** The endpoint needs no sign-in (health, sign-in itself). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export interface SignedInUser extends Actor {
  email: string;
  name: string;
}

/** The signed-in user, as the auth guard found them. */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): SignedInUser => {
  return ctx.switchToHttp().getRequest<{ user: SignedInUser }>().user;
});
