import { Actor, answersFor, answersForSql, denial, isMember, memberOf } from './access-policy';

const CITY = 'party-city';
const POLICE = 'party-police';
const AGREEMENT = 'agreement-1';
const actor = (roles: Actor['roles'], partyId: string | null = null, userId = 'u1'): Actor => ({ userId, agreementId: AGREEMENT, roles, partyId });
const policeActivity = { agreementId: AGREEMENT, ownerId: 'police-owner', leadPartyId: POLICE };

describe('the access policy', () => {
  it('lets an owner report on their own activity only', () => {
    expect(denial(actor(['owner'], POLICE, 'police-owner'), 'report', policeActivity)).toBeNull();
    expect(denial(actor(['owner'], POLICE, 'someone-else'), 'report', policeActivity)).toMatch(/owner/);
  });

  it('lets a coordinator report on and steer every activity of their party, not of others', () => {
    expect(denial(actor(['coordinator'], POLICE), 'report', policeActivity)).toBeNull();
    expect(denial(actor(['coordinator'], POLICE), 'steer', policeActivity)).toBeNull();
    expect(denial(actor(['coordinator'], CITY), 'report', policeActivity)).not.toBeNull();
    expect(denial(actor(['coordinator'], CITY), 'steer', policeActivity)).not.toBeNull();
  });

  it('keeps leadership and the council from reporting', () => {
    for (const role of ['strategic', 'operational', 'council', 'admin'] as const) {
      expect(denial(actor([role]), 'report', policeActivity)).not.toBeNull();
    }
  });

  it('lets leadership act on escalations, admins and samverkansledning read the audit trail', () => {
    expect(denial(actor(['operational']), 'acknowledge-escalation')).toBeNull();
    expect(denial(actor(['strategic']), 'acknowledge-escalation')).toBeNull();
    expect(denial(actor(['council']), 'acknowledge-escalation')).not.toBeNull();
    expect(denial(actor(['admin']), 'read-audit')).toBeNull();
    expect(denial(actor(['strategic']), 'read-audit')).toBeNull();
    expect(denial(actor(['operational']), 'read-audit')).not.toBeNull();
    expect(denial(actor(['admin']), 'administer')).toBeNull();
    expect(denial(actor(['strategic']), 'administer')).toMatch(/administrator/);
  });

  it('shows the staff list (names and e-mail addresses) only to those who assign owners', () => {
    expect(denial(actor(['admin']), 'list-staff')).toBeNull();
    expect(denial(actor(['coordinator'], POLICE), 'list-staff')).toBeNull();
    for (const role of ['owner', 'strategic', 'operational', 'council'] as const) expect(denial(actor([role]), 'list-staff')).not.toBeNull();
  });

  it('lets only the agreement’s administrators administer its people', () => {
    expect(denial(actor(['admin']), 'administer-people')).toBeNull();
    expect(denial(actor(['council', 'admin']), 'administer-people')).toBeNull();
    for (const role of ['owner', 'coordinator', 'strategic', 'operational', 'council'] as const) {
      expect(denial(actor([role], POLICE), 'administer-people')).toMatch(/administrator of the agreement/);
    }
    // An administrator of another agreement is nobody here: memberOf gives no roles.
    const elsewhere = memberOf({ userId: 'u1', memberships: [{ agreementId: 'agreement-2', partyId: null, roles: ['admin'] }] }, AGREEMENT);
    expect(denial(elsewhere, 'administer-people')).not.toBeNull();
  });

  it('gives a user with several roles the union of them', () => {
    expect(denial(actor(['council', 'admin']), 'create-activity')).toBeNull();
    expect(denial(actor(['council']), 'create-activity')).not.toBeNull();
  });

  it('one rule says who answers for an activity: its owner whatever their roles, and the lead party’s coordinators', () => {
    expect(answersFor(actor([], POLICE, 'police-owner'), policeActivity)).toBe('owner'); // made owner without the owner role
    expect(denial(actor([], POLICE, 'police-owner'), 'report', policeActivity)).toBeNull(); // … and may report, as reminded
    expect(answersFor(actor(['coordinator'], POLICE), policeActivity)).toBe('coordinator');
    expect(answersFor(actor(['coordinator'], CITY), policeActivity)).toBeNull();
    expect(answersFor(actor(['owner', 'strategic'], POLICE, 'someone-else'), policeActivity)).toBeNull();
    expect(answersFor(actor(['coordinator'], null), { agreementId: AGREEMENT, ownerId: null, leadPartyId: POLICE })).toBeNull();
  });

  it('says the same in SQL, with the coordinator’s party only for a coordinator', () => {
    expect(answersForSql(actor(['owner'], POLICE, 'u1'), 'a', 1)).toEqual({
      sql: '(a.agreement_id = $2::uuid AND (a.owner_id = $1::uuid OR ($3::uuid IS NOT NULL AND a.lead_party_id = $3::uuid)))',
      params: ['u1', AGREEMENT, null],
    });
    expect(answersForSql(actor(['coordinator'], POLICE, 'u2'), 'x', 3).params).toEqual(['u2', AGREEMENT, POLICE]);
    expect(answersForSql(actor(['coordinator'], POLICE, 'u2'), 'x', 3).sql).toContain('$5::uuid');
  });

  it('gives a person in an agreement only what their membership there gives, and nothing in another', () => {
    const person = {
      userId: 'pelle',
      memberships: [
        { agreementId: 'vasteras', partyId: 'vasteras-police', roles: ['coordinator' as const] },
        { agreementId: 'exempelby', partyId: 'exempelby-police', roles: ['owner' as const, 'operational' as const] },
      ],
    };
    const vasterasActivity = { agreementId: 'vasteras', ownerId: null, leadPartyId: 'vasteras-police' };
    expect(answersFor(memberOf(person, 'vasteras'), vasterasActivity)).toBe('coordinator');
    expect(denial(memberOf(person, 'vasteras'), 'acknowledge-escalation')).not.toBeNull();
    expect(denial(memberOf(person, 'exempelby'), 'acknowledge-escalation')).toBeNull();
    // Acting in Exempelby on a Västerås activity is refused, whatever the roles.
    expect(denial(memberOf(person, 'exempelby'), 'report', vasterasActivity)).toMatch(/another agreement/);
    expect(answersFor(memberOf(person, 'exempelby'), vasterasActivity)).toBeNull();
    expect(memberOf(person, 'elsewhere')).toEqual({ userId: 'pelle', agreementId: 'elsewhere', roles: [], partyId: null });
    expect(isMember(person, 'exempelby')).toBe(true);
    expect(isMember(person, 'elsewhere')).toBe(false);
  });
});
