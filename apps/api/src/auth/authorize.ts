import { ForbiddenException } from '@nestjs/common';
import { Action, ActivityScope, denial } from '@app/domain';
import type { SignedInUser } from './auth.decorators';

/** Throws 403 with the policy's reason unless `user` may do `action` (on `activity`). */
export function authorize(user: SignedInUser, action: Action, activity?: ActivityScope): void {
  const reason = denial(user, action, activity);
  if (reason) throw new ForbiddenException(reason);
}
