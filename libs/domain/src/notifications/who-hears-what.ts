/**
 * Who hears of what, resolved from the people and their roles when the message is sent (so a new
 * owner gets the next reminder). Pure: the steps and the API call it with the people they loaded,
 * which are always the members of the activity's own agreement, each with the roles and party of
 * their membership there (`membersOf` in libs/notifications): nobody of another agreement is told.
 */
import type { GovernanceBody } from '../lifecycle/follow-up-settings';
import type { UserRole } from '../user-role';

/** A member of the activity's agreement: their membership's roles and party there. */
export interface Person {
  id: string;
  roles: UserRole[];
  partyId: string | null;
}

export type NotifiableEvent =
  | { kind: 'reminder'; ownerId: string | null }
  | { kind: 'escalation'; ownerId: string | null; leadPartyId: string; body: GovernanceBody; offTrack?: boolean }
  | { kind: 'acknowledged'; ownerId: string | null }
  /** A missed deadline turned out met (the report was in time): everyone told of its escalations. */
  | { kind: 'correction'; ownerId: string | null; told: string[] }
  /** Someone was made the activity's owner: they are told. */
  | { kind: 'owner_assigned'; ownerId: string | null };

/** The role whose members make up each body of the escalation ladder. */
export const BODY_MEMBERS: Record<GovernanceBody, UserRole> = {
  operational: 'operational',
  strategic: 'strategic',
  'safety-council': 'council',
};

/**
 * A reminder goes to the owner; an escalation to the owner, the coordinators of the owner's party
 * (and of the party leading the activity, who steer it, when that is another) and the members of the
 * body it reached; an acknowledged escalation back to the owner. An off-track report always reaches
 * operational leadership, also when a second one in a row goes on to samverkansledning. A correction
 * (the deadline was met after all) goes to the owner and to everyone who heard of its escalations.
 */
export function recipientsOf(event: NotifiableEvent, people: Person[]): string[] {
  const ids = new Set<string>();
  if (event.ownerId) ids.add(event.ownerId);
  if (event.kind === 'correction') for (const id of event.told) ids.add(id);
  if (event.kind === 'escalation') {
    const ownerParty = people.find((p) => p.id === event.ownerId)?.partyId ?? null;
    const parties = new Set([ownerParty, event.leadPartyId].filter((id): id is string => id !== null));
    for (const p of people) {
      if (p.roles.includes('coordinator') && p.partyId !== null && parties.has(p.partyId)) ids.add(p.id);
      if (p.roles.includes(BODY_MEMBERS[event.body])) ids.add(p.id);
      if (event.offTrack && p.roles.includes(BODY_MEMBERS.operational)) ids.add(p.id);
    }
  }
  return [...ids].sort();
}
