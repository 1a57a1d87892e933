/**
 * Who may own an activity (be its aktivitetsansvarig): a member with the owner role, for the party
 * that leads the activity or one that co-operates in it. The one rule behind the API's refusal and
 * the web app's owner picker. Parties are compared by whatever the caller has on both sides (ids in
 * the API, keys in the web app).
 */
import type { UserRole } from '../user-role';

export interface OwnerCandidate {
  roles: readonly UserRole[];
  /** The party the person is a member for, or null. */
  party: string | null;
}

export interface OwnedActivity {
  leadParty: string;
  cooperatingParties: readonly string[];
}

export type OwnershipProblem = 'not-owner-role' | 'no-party' | 'other-party';

/** Why `candidate` may not own `activity`, or null when they may. */
export function ownershipProblem(candidate: OwnerCandidate, activity: OwnedActivity): OwnershipProblem | null {
  if (!candidate.roles.includes('owner')) return 'not-owner-role';
  if (candidate.party === null) return 'no-party';
  if (candidate.party !== activity.leadParty && !activity.cooperatingParties.includes(candidate.party)) return 'other-party';
  return null;
}

/** The API's refusal of an owner who may not own the activity, in Swedish. */
export function ownershipRefusalSv(problem: OwnershipProblem): string {
  return `Personen kan inte vara aktivitetsansvarig för aktiviteten: hen ${OWNERSHIP_PROBLEM_SV[problem]}. Aktivitetsansvarig kan den bli som har rollen aktivitetsansvarig hos den part som leder aktiviteten eller en part som samverkar i den.`;
}

/** The reason in Swedish, for the picker's note and the API's 400. */
export const OWNERSHIP_PROBLEM_SV: Record<OwnershipProblem, string> = {
  'not-owner-role': 'har inte rollen aktivitetsansvarig',
  'no-party': 'hör inte till någon part',
  'other-party': 'hör till en part som varken leder eller samverkar i aktiviteten',
};
