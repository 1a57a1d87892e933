/**
 * Which agreement the app is in. Every in-app address names it (`#/<agreementKey>/oversikt`); the
 * router sets it from the address before a page is drawn, every API call sends it as `?agreement=`,
 * and the person's roles and party are those of their membership in it. The last agreement used is
 * remembered per person in this browser (localStorage), for the next sign-in and for old links that
 * name none (`#/aktivitet/mbu`).
 */
import type { components } from './api/schema';
import type { Actor } from '@app/domain/access/access-policy';
import type { UserRole } from '@app/domain/user-role';

export type Membership = components['schemas']['MembershipDto'];
type Person = components['schemas']['MeDto'];

const REMEMBERED = 'samverkan.agreement';

let current: Membership | null = null;

/** The agreement of the current address (null on the sign-in page, or before one is known). */
export const currentMembership = (): Membership | null => current;
export const currentAgreement = (): string | null => current?.agreement ?? null;
export function setCurrent(membership: Membership | null): void {
  current = membership;
}

/** The signed-in person's membership in the agreement `key`, if they have one. */
export const membershipIn = (person: Person | null, key: string | null | undefined): Membership | undefined =>
  key ? person?.memberships.find((m) => m.agreement === key) : undefined;

/** The agreement this person used last in this browser (only if they are still a member of it). */
export function remembered(person: Person): Membership | undefined {
  try {
    const all = JSON.parse(localStorage.getItem(REMEMBERED) ?? '{}') as Record<string, string>;
    return membershipIn(person, all[person.id]);
  } catch {
    return undefined;
  }
}
export function remember(person: Person, key: string): void {
  let all: Record<string, string> = {};
  try {
    all = JSON.parse(localStorage.getItem(REMEMBERED) ?? '{}') as Record<string, string>;
  } catch {
    // A broken value is replaced.
  }
  all[person.id] = key;
  localStorage.setItem(REMEMBERED, JSON.stringify(all));
}

/** Where to go when an address names no agreement: the remembered one, else the only one; none when there are several to choose from. */
export const defaultMembership = (person: Person): Membership | undefined =>
  remembered(person) ?? (person.memberships.length === 1 ? person.memberships[0] : undefined);

/** The roles held in the current agreement. */
export const roles = (): string[] => current?.roles ?? [];
export const hasRole = (...wanted: string[]): boolean => wanted.some((r) => roles().includes(r));

/**
 * The person as the access policy sees them in the current agreement. Agreement and party are
 * compared by key on both sides: the session knows its membership's keys, an activity its own.
 */
export function actor(person: Person | null): Actor | null {
  if (!person || !current) return null;
  return { userId: person.id, agreementId: current.agreement, roles: current.roles as UserRole[], partyId: current.party };
}

/** An in-app address in the agreement `key` (default: the current one): `#/<key>/<path>`. */
export function href(path: string, key: string | null = currentAgreement()): string {
  const rest = path.replace(/^#?\/?/, '');
  return key ? `#/${encodeURIComponent(key)}/${rest}` : `#/${rest}`;
}

/** The first page of an agreement for someone with these roles: their own activities, or Översikt for leadership. */
export const landingPage = (m: Membership): string => (m.roles.some((r) => r === 'owner' || r === 'coordinator') ? 'mina' : 'oversikt');

/** How an agreement is named in the switcher and in messages: its municipality first, which tells them apart. */
export const agreementName = (m: Membership): string => `${m.municipality}: ${m.agreementTitle}`;
