import { denial } from './access-policy';
import type { Actor } from './access-policy';
import { USER_ROLES } from '../user-role';

const actor = (roles: Actor['roles']): Actor => ({ userId: 'u', agreementId: 'a', roles, partyId: 'p' });

describe('who may move the plan in and out as a spreadsheet', () => {
  it('lets administrators and samverkansledning export it, nobody else', () => {
    for (const role of USER_ROLES) {
      const allowed = role === 'admin' || role === 'strategic';
      expect(denial(actor([role]), 'export-plan') === null).toBe(allowed);
    }
    expect(denial(actor(['owner']), 'export-plan')).toMatch(/administrators and samverkansledning/);
  });

  it('lets only administrators import it', () => {
    for (const role of USER_ROLES) expect(denial(actor([role]), 'import-plan') === null).toBe(role === 'admin');
    expect(denial(actor(['strategic', 'coordinator']), 'import-plan')).toMatch(/administrator of the agreement may import/);
    expect(denial(actor([]), 'import-plan')).not.toBeNull();
  });
});
