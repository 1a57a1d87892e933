import { denial } from './access-policy';
import type { Actor } from './access-policy';
import { USER_ROLES } from '../user-role';

const actor = (roles: Actor['roles']): Actor => ({ userId: 'u', agreementId: 'a', roles, partyId: 'p' });

describe('who may administer the agreement itself (texts, dates, parties, goal areas, areas, council meetings)', () => {
  it('lets only its administrators', () => {
    for (const role of USER_ROLES) expect(denial(actor([role]), 'administer-agreement') === null).toBe(role === 'admin');
    expect(denial(actor(['strategic', 'council', 'coordinator']), 'administer-agreement')).toMatch(/administrator of the agreement may change/);
    expect(denial(actor([]), 'administer-agreement')).not.toBeNull();
  });
});
