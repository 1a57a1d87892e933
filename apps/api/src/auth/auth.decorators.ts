import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Membership, PlatformRole, SignedInPerson } from '@app/domain';

export const IS_PUBLIC = 'samverkan:public';

/** The endpoint needs no sign-in (health, sign-in itself). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** A membership as a request carries it: the policy's fields, and the keys that URLs and messages use. */
export interface MembershipOfUser extends Membership {
  agreementKey: string;
  agreementTitle: string;
  municipality: string;
  partyKey: string | null;
}

/** The signed-in person, as the database had them at the start of the request. */
export interface SignedInUser extends SignedInPerson {
  email: string;
  name: string;
  platformRoles: PlatformRole[];
  memberships: MembershipOfUser[];
}

/** The signed-in user, as the auth guard found them. */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): SignedInUser => {
  return ctx.switchToHttp().getRequest<{ user: SignedInUser }>().user;
});
