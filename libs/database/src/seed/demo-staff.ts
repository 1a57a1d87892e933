import type { UserRole } from '@app/domain';

/** What a person is in one agreement: for one of its parties (or none, for the cross-party bodies), with roles there. */
export interface DemoMembership {
  /** A party key of that agreement, or null for cross-party bodies (leadership, Trygghetsrådet, admins). */
  party: string | null;
  roles: UserRole[];
  /** Owns the activities of that agreement whose lead party is `party`. */
  ownsLeadActivities?: boolean;
}

/**
 * A person to seed, with a membership per agreement key. One person may be a member of several
 * agreements, with another party and other roles in each (the police coordinator whose local police
 * area serves two municipalities). Seeding an agreement makes the people listed for its key (the
 * person once, matched by e-mail) and their membership of it; people not listed for it are left alone.
 */
export interface DemoUser {
  email: string;
  name: string;
  memberships: Record<string, DemoMembership>;
}

/**
 * Shorthand for tests and benches that seed an agreement made up on the spot (its key random): a
 * member of whichever agreement is being seeded.
 */
export interface AgreementStaff extends DemoMembership {
  email: string;
  name: string;
}

export type SeedStaff = DemoUser | AgreementStaff;

/** The person's membership of `agreementKey`, if they have one there. */
export function membershipIn(person: SeedStaff, agreementKey: string): DemoMembership | undefined {
  if ('memberships' in person) return person.memberships[agreementKey];
  return { party: person.party, roles: person.roles, ownsLeadActivities: person.ownsLeadActivities };
}

const VASTERAS = 'vasteras-2023-2027';
const EXEMPELBY = 'exempelby-2025-2028';

/** A member of the Västerås agreement only. */
const vasteras = (email: string, name: string, m: DemoMembership): DemoUser => ({ email, name, memberships: { [VASTERAS]: m } });
/** A member of the Exempelby agreement only. */
const exempelby = (email: string, name: string, m: DemoMembership): DemoUser => ({ email, name, memberships: { [EXEMPELBY]: m } });

/**
 * Invented demo staff: no real official's name appears here. E-mail addresses use the reserved
 * `.example` domain: `@samverkan.example` for Västerås's people, `@exempelby.example` for the
 * fictional Exempelby kommun's. `polis.samordnare@samverkan.example` is a member of both.
 */
export const DEMO_STAFF: DemoUser[] = [
  vasteras('admin@samverkan.example', 'Alva Administratör', { party: null, roles: ['admin'] }),
  vasteras('ledning@samverkan.example', 'Lena Ledningsson', { party: null, roles: ['strategic'] }),
  vasteras('operativ@samverkan.example', 'Oskar Operativsson', { party: null, roles: ['operational'] }),
  vasteras('radet@samverkan.example', 'Rut Rådsdotter', { party: null, roles: ['council'] }),
  vasteras('stad@samverkan.example', 'Stina Stadsberg', { party: 'city', roles: ['owner'], ownsLeadActivities: true }),
  vasteras('stad.samordnare@samverkan.example', 'Sam Stadström', { party: 'city', roles: ['coordinator'] }),
  vasteras('polis@samverkan.example', 'Petra Polhem', { party: 'police', roles: ['owner'], ownsLeadActivities: true }),
  {
    email: 'polis.samordnare@samverkan.example',
    name: 'Pelle Patrullsson',
    memberships: {
      [VASTERAS]: { party: 'police', roles: ['coordinator'] },
      // The same local police area serves Exempelby, where he also sits in the operational leadership.
      [EXEMPELBY]: { party: 'police', roles: ['coordinator', 'operational'] },
    },
  },
  vasteras('mimer@samverkan.example', 'Maja Mimersdal', { party: 'mimer', roles: ['owner'], ownsLeadActivities: true }),
  vasteras('mimer.samordnare@samverkan.example', 'Mats Mimerberg', { party: 'mimer', roles: ['coordinator'] }),
  vasteras('region@samverkan.example', 'Rebecka Regnell', { party: 'region', roles: ['owner'], ownsLeadActivities: true }),
  vasteras('region.samordnare@samverkan.example', 'Rolf Regionsson', { party: 'region', roles: ['coordinator'] }),
  exempelby('admin@exempelby.example', 'Edit Exempelberg', { party: null, roles: ['admin'] }),
  exempelby('ledning@exempelby.example', 'Love Ledinge', { party: null, roles: ['strategic'] }),
  exempelby('operativ@exempelby.example', 'Ofelia Ordningsdal', { party: null, roles: ['operational'] }),
  exempelby('polis@exempelby.example', 'Paul Polstjärna', { party: 'police', roles: ['owner'], ownsLeadActivities: true }),
];
