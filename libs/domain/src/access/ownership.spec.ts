import { ownershipProblem, OWNERSHIP_PROBLEM_SV } from './ownership';

describe('ownershipProblem: who may own an activity', () => {
  const activity = { leadParty: 'city', cooperatingParties: ['police'] };

  it('takes an owner at the lead party or a co-operating one', () => {
    expect(ownershipProblem({ roles: ['owner'], party: 'city' }, activity)).toBeNull();
    expect(ownershipProblem({ roles: ['owner', 'coordinator'], party: 'police' }, activity)).toBeNull();
  });

  it('refuses an owner of another party, someone without the owner role, and someone of no party', () => {
    expect(ownershipProblem({ roles: ['owner'], party: 'mimer' }, activity)).toBe('other-party');
    expect(ownershipProblem({ roles: ['council'], party: 'city' }, activity)).toBe('not-owner-role');
    expect(ownershipProblem({ roles: ['admin', 'strategic'], party: 'city' }, activity)).toBe('not-owner-role');
    expect(ownershipProblem({ roles: ['owner'], party: null }, activity)).toBe('no-party');
  });

  it('says each reason in Swedish', () => {
    expect(OWNERSHIP_PROBLEM_SV['other-party']).toMatch(/varken leder eller samverkar/);
    expect(Object.keys(OWNERSHIP_PROBLEM_SV).sort()).toEqual(['no-party', 'not-owner-role', 'other-party']);
  });
});
