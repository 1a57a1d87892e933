import { Actor, answersFor, answersForSql, denial } from './access-policy';

const CITY = 'party-city';
const POLICE = 'party-police';
const actor = (roles: Actor['roles'], partyId: string | null = null, userId = 'u1'): Actor => ({ userId, roles, partyId });
const policeActivity = { ownerId: 'police-owner', leadPartyId: POLICE };

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
    expect(answersFor(actor(['coordinator'], null), { ownerId: null, leadPartyId: POLICE })).toBeNull();
  });

  it('says the same in SQL, with the coordinator’s party only for a coordinator', () => {
    expect(answersForSql(actor(['owner'], POLICE, 'u1'), 'a', 1)).toEqual({
      sql: '(a.owner_id = $1::uuid OR ($2::uuid IS NOT NULL AND a.lead_party_id = $2::uuid))',
      params: ['u1', null],
    });
    expect(answersForSql(actor(['coordinator'], POLICE, 'u2'), 'x', 3).params).toEqual(['u2', POLICE]);
    expect(answersForSql(actor(['coordinator'], POLICE, 'u2'), 'x', 3).sql).toContain('$4::uuid');
  });
});
