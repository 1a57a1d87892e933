import type { UserRole } from '@app/domain';

/**
 * Invented demo staff: no real official's name appears here. E-mail addresses use the reserved
 * `.example` domain. `party` is a party key of the agreement, or null for cross-party bodies.
 */
export interface DemoUser {
  email: string;
  name: string;
  party: string | null;
  roles: UserRole[];
  /** Owns the activities whose lead party is `party`. */
  ownsLeadActivities?: boolean;
}

export const DEMO_STAFF: DemoUser[] = [
  { email: 'admin@samverkan.example', name: 'Alva Administratör', party: null, roles: ['admin'] },
  { email: 'ledning@samverkan.example', name: 'Lena Ledningsson', party: null, roles: ['strategic'] },
  { email: 'operativ@samverkan.example', name: 'Oskar Operativsson', party: null, roles: ['operational'] },
  { email: 'radet@samverkan.example', name: 'Rut Rådsdotter', party: null, roles: ['council'] },
  { email: 'stad@samverkan.example', name: 'Stina Stadsberg', party: 'city', roles: ['owner'], ownsLeadActivities: true },
  { email: 'stad.samordnare@samverkan.example', name: 'Sam Stadström', party: 'city', roles: ['coordinator'] },
  { email: 'polis@samverkan.example', name: 'Petra Polhem', party: 'police', roles: ['owner'], ownsLeadActivities: true },
  { email: 'polis.samordnare@samverkan.example', name: 'Pelle Patrullsson', party: 'police', roles: ['coordinator'] },
  { email: 'mimer@samverkan.example', name: 'Maja Mimersdal', party: 'mimer', roles: ['owner'], ownsLeadActivities: true },
  { email: 'mimer.samordnare@samverkan.example', name: 'Mats Mimerberg', party: 'mimer', roles: ['coordinator'] },
  { email: 'region@samverkan.example', name: 'Rebecka Regnell', party: 'region', roles: ['owner'], ownsLeadActivities: true },
  { email: 'region.samordnare@samverkan.example', name: 'Rolf Regionsson', party: 'region', roles: ['coordinator'] },
];
