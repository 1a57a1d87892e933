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

  it('an acknowledged escalation goes back to the owner; no owner, no reminder', () => {
    expect(recipientsOf({ kind: 'acknowledged', ownerId: 'owner' }, people)).toEqual(['owner']);
    expect(recipientsOf({ kind: 'reminder', ownerId: null }, people)).toEqual([]);
  });
});
