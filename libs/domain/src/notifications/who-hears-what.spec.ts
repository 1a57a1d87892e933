import { Person, recipientsOf } from './who-hears-what';

const people: Person[] = [
  { id: 'owner', roles: ['owner'], partyId: 'police' },
  { id: 'police-coordinator', roles: ['coordinator'], partyId: 'police' },
  { id: 'city-coordinator', roles: ['coordinator'], partyId: 'city' },
  { id: 'operativ', roles: ['operational'], partyId: null },
  { id: 'ledning', roles: ['strategic'], partyId: null },
  { id: 'radet', roles: ['council'], partyId: null },
];

describe('who hears what', () => {
  it('a reminder goes to the owner only', () => {
    expect(recipientsOf({ kind: 'reminder', ownerId: 'owner' }, people)).toEqual(['owner']);
  });

  it('an escalation goes to the owner, their party’s coordinator and the body at that level', () => {
    expect(recipientsOf({ kind: 'escalation', ownerId: 'owner', leadPartyId: 'police', body: 'operational' }, people)).toEqual([
      'operativ',
      'owner',
      'police-coordinator',
    ]);
    expect(recipientsOf({ kind: 'escalation', ownerId: 'owner', leadPartyId: 'police', body: 'safety-council' }, people)).toEqual([
      'owner',
      'police-coordinator',
      'radet',
    ]);
  });

  it('an escalation reaches the coordinators of the owner’s party, and of the leading party when that is another', () => {
    const cityOwner: Person[] = [...people, { id: 'city-owner', roles: ['owner'], partyId: 'city' }];
    expect(recipientsOf({ kind: 'escalation', ownerId: 'city-owner', leadPartyId: 'police', body: 'strategic' }, cityOwner)).toEqual([
      'city-coordinator',
      'city-owner',
      'ledning',
      'police-coordinator',
    ]);
    // No owner: the leading party's coordinators.
    expect(recipientsOf({ kind: 'escalation', ownerId: null, leadPartyId: 'city', body: 'operational' }, people)).toEqual(['city-coordinator', 'operativ']);
  });

  it('an off-track report reaches operational leadership also when it goes on to samverkansledning', () => {
    expect(recipientsOf({ kind: 'escalation', ownerId: 'owner', leadPartyId: 'police', body: 'strategic', offTrack: true }, people)).toEqual([
      'ledning',
      'operativ',
      'owner',
      'police-coordinator',
    ]);
    expect(recipientsOf({ kind: 'escalation', ownerId: 'owner', leadPartyId: 'police', body: 'strategic' }, people)).not.toContain('operativ');
  });

  it('an acknowledged escalation goes back to the owner; no owner, no reminder', () => {
    expect(recipientsOf({ kind: 'acknowledged', ownerId: 'owner' }, people)).toEqual(['owner']);
    expect(recipientsOf({ kind: 'reminder', ownerId: null }, people)).toEqual([]);
  });

  it('a correction reaches the owner and everyone who was told of the escalations, nobody else', () => {
    const people = [
      { id: 'o', roles: ['owner' as const], partyId: 'city' },
      { id: 'op', roles: ['operational' as const], partyId: null },
      { id: 'st', roles: ['strategic' as const], partyId: null },
    ];
    expect(recipientsOf({ kind: 'correction', ownerId: 'o', told: ['op'] }, people)).toEqual(['o', 'op']);
    expect(recipientsOf({ kind: 'correction', ownerId: 'o', told: [] }, people)).toEqual(['o']);
  });
});
