import { denial } from './access-policy';
import type { Actor, ActivityScope } from './access-policy';
import { USER_ROLES } from '../user-role';

const actor = (roles: Actor['roles'], partyId: string | null = 'city'): Actor => ({ userId: 'u', agreementId: 'a', roles, partyId });
const activity: ActivityScope = { agreementId: 'a', ownerId: 'someone', leadPartyId: 'city' };

describe('who may edit an activity and the agreement’s follow-up settings', () => {
  it('edits an activity and its delmål: administrators, and coordinators of the party that leads it', () => {
    for (const role of USER_ROLES) {
      expect([role, denial(actor([role], 'police'), 'edit-activity', activity) === null]).toEqual([role, role === 'admin']);
    }
    expect(denial(actor(['coordinator'], 'city'), 'edit-activity', activity)).toBeNull();
    expect(denial(actor(['coordinator'], 'police'), 'edit-activity', activity)).toMatch(/coordinator of the party that leads/);
    // Owning it is not enough: the owner reports, but does not change the plan.
    expect(denial({ ...actor(['owner'], 'city'), userId: 'someone' }, 'edit-activity', activity)).not.toBeNull();
    expect(denial(actor(['admin']), 'edit-activity', { ...activity, agreementId: 'other' })).toMatch(/another agreement/);
  });

  it('changes reminder offsets and the escalation ladder: the agreement’s administrators only', () => {
    for (const role of USER_ROLES) expect([role, denial(actor([role]), 'administer-follow-up') === null]).toEqual([role, role === 'admin']);
    expect(denial(actor(['strategic', 'coordinator']), 'administer-follow-up')).toMatch(/administrator of the agreement/);
  });
});
