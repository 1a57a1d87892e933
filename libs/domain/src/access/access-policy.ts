/**
 * Who may do what: pure rules, used by the API's guards and services, unit-tested on their own.
 * Access comes from memberships: a person is a member of an agreement, for one of its parties (or
 * none), with roles there. Every member may read their agreement and its follow-up (the agreement
 * asks for openness); nobody reads another agreement's. Writes depend on the roles held in the
 * activity's own agreement and, for owners and coordinators, on whose activity it is.
 */
import type { UserRole } from '../user-role';

/** One membership: (person, agreement, party, roles). */
export interface Membership {
  agreementId: string;
  partyId: string | null;
  roles: UserRole[];
}

/** A person as the policy sees them: who, and their memberships. */
export interface SignedInPerson {
  userId: string;
  memberships: Membership[];
}

/** A person acting in one agreement: what their membership there gives them (nothing, if they have none). */
export interface Actor {
  userId: string;
  agreementId: string;
  roles: UserRole[];
  partyId: string | null;
}

export interface ActivityScope {
  agreementId: string;
  ownerId: string | null;
  leadPartyId: string;
}

/** `person` in `agreementId`: their membership's roles and party there, or none at all. */
export function memberOf(person: SignedInPerson, agreementId: string): Actor {
  const membership = person.memberships.find((m) => m.agreementId === agreementId);
  return { userId: person.userId, agreementId, roles: membership?.roles ?? [], partyId: membership?.partyId ?? null };
}

/** Whether `person` may see anything of the agreement at all. */
export function isMember(person: SignedInPerson, agreementId: string): boolean {
  return person.memberships.some((m) => m.agreementId === agreementId);
}

const has = (actor: Actor, ...roles: UserRole[]) => roles.some((r) => actor.roles.includes(r));

/** How a person answers for an activity, if they do. */
export type Answering = 'owner' | 'coordinator';

/**
 * Who answers for an activity: its owner (being made owner is what makes one, whatever roles the
 * person holds), and the coordinators of the party that leads it. The one rule behind reporting, "Mina
 * aktiviteter", the calendar feed and the digest; `answersForSql` is the same rule in SQL. The bodies
 * an escalation reaches are told of it (`recipientsOf`), but do not answer for the activity.
 */
export function answersFor(actor: Actor, activity: ActivityScope): Answering | null {
  if (actor.agreementId !== activity.agreementId) return null;
  if (activity.ownerId !== null && activity.ownerId === actor.userId) return 'owner';
  if (has(actor, 'coordinator') && actor.partyId !== null && actor.partyId === activity.leadPartyId) return 'coordinator';
  return null;
}

/**
 * `answersFor` as a SQL condition on the activity table aliased `alias`, with its parameters: use as
 * `WHERE ${sql}` with `params` at positions `first`, `first + 1` and `first + 2`.
 */
export function answersForSql(actor: Actor, alias: string, first: number): { sql: string; params: [string, string, string | null] } {
  const coordinatorParty = has(actor, 'coordinator') ? actor.partyId : null;
  return {
    sql: `(${alias}.agreement_id = $${first + 1}::uuid AND (${alias}.owner_id = $${first}::uuid OR ($${first + 2}::uuid IS NOT NULL AND ${alias}.lead_party_id = $${first + 2}::uuid)))`,
    params: [actor.userId, actor.agreementId, coordinatorParty],
  };
}

export type Action = 'report' | 'steer' | 'create-activity' | 'cancel-activity' | 'acknowledge-escalation' | 'read-audit' | 'administer' | 'list-staff' | 'administer-people' | 'export-plan' | 'import-plan' | 'edit-activity' | 'administer-follow-up' | 'administer-agreement';

/**
 * Null when allowed, else the reason (said in the 403). `actor` is the person in the agreement the
 * action is in (`memberOf`); for an activity, that must be the activity's own agreement.
 */
export function denial(actor: Actor, action: Action, activity?: ActivityScope): string | null {
  if (activity && activity.agreementId !== actor.agreementId) return 'The activity belongs to another agreement than the one acted in.';
  switch (action) {
    case 'report':
      if (activity && answersFor(actor, activity)) return null;
      return 'Only the activity’s owner, or a coordinator of the party that leads it, may report on it.';
    case 'steer':
      if (has(actor, 'admin')) return null;
      if (activity && has(actor, 'coordinator') && actor.partyId !== null && actor.partyId === activity.leadPartyId) return null;
      return 'Only an administrator, or a coordinator of the party that leads the activity, may change its follow-up.';
    case 'create-activity':
      return has(actor, 'admin') ? null : 'Only an administrator may create activities.';
    case 'cancel-activity':
      return has(actor, 'admin') ? null : 'Only an administrator may cancel an activity.';
    case 'acknowledge-escalation':
      return has(actor, 'operational', 'strategic') ? null : 'Only operational leadership and samverkansledning act on escalations.';
    case 'administer':
      return has(actor, 'admin') ? null : 'Only an administrator may see this.';
    case 'list-staff':
      // Staff e-mail addresses, to choose an owner: for those who may assign one.
      return has(actor, 'admin', 'coordinator') ? null : 'Only administrators and party coordinators may list the staff.';
    case 'export-plan':
      // The plan as a spreadsheet names every owner's e-mail: for those who run the agreement.
      return has(actor, 'admin', 'strategic') ? null : 'Only administrators and samverkansledning may export the plan.';
    case 'import-plan':
      // Creates and changes activities, as an administrator does one at a time.
      return has(actor, 'admin') ? null : 'Only an administrator of the agreement may import the plan.';
    case 'administer-people':
      // Invite, change roles and party, deactivate: the agreement's own administrators only.
      return has(actor, 'admin') ? null : 'Only an administrator of the agreement may invite people and change their roles, party or access.';
    case 'edit-activity':
      // Title, description, co-operating parties and delmål: whoever may steer the activity's follow-up.
      if (has(actor, 'admin')) return null;
      if (activity && has(actor, 'coordinator') && actor.partyId !== null && actor.partyId === activity.leadPartyId) return null;
      return 'Only an administrator, or a coordinator of the party that leads the activity, may edit it and its delmål.';
    case 'administer-follow-up':
      // Reminder offsets and the escalation ladder reach every activity of the agreement.
      return has(actor, 'admin') ? null : 'Only an administrator of the agreement may change its reminders and escalation ladder.';
    case 'administer-agreement':
      // The agreement's texts and dates, its parties, goal areas and areas, Trygghetsrådet's meetings.
      return has(actor, 'admin') ? null : 'Only an administrator of the agreement may change its texts, dates, parties, goal areas, areas and council meetings.';
    case 'read-audit':
      return has(actor, 'admin', 'strategic') ? null : 'Only administrators and samverkansledning may read the audit trail.';
  }
}
