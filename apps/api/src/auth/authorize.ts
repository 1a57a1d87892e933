import { ForbiddenException } from '@nestjs/common';
import { Action, ActivityScope, denial, memberOf } from '@app/domain';
import type { SignedInUser } from './auth.decorators';

/**
 * Throws 403 with the policy's reason unless `user` may do `action` in the agreement `where` names
 * (on the activity, when `where` is one). The caller has found the agreement or activity within the
 * person's memberships already (another tenant's is a 404 before it gets here).
 */
export function authorize(user: SignedInUser, action: Action, where: ActivityScope | { agreementId: string }): void {
  const reason = denial(memberOf(user, where.agreementId), action, 'leadPartyId' in where ? where : undefined);
  if (reason) throw new ForbiddenException(reason);
}

/**
 * Throws 403 with the policy's reason when `user` may do `action` in none of their agreements: said
 * before an object is looked up, so someone who may never do it hears why rather than a 404.
 */
export function authorizeSomewhere(user: SignedInUser, action: Action): void {
  const reasons = user.memberships.map((m) => denial(memberOf(user, m.agreementId), action));
  if (reasons.length === 0 || reasons.every((r) => r !== null)) {
    throw new ForbiddenException(reasons.find((r) => r !== null) ?? denial({ userId: user.userId, agreementId: '', roles: [], partyId: null }, action));
  }
}
