import type { UserRole } from './user-role';

/** The roles of a membership, as the Swedish UI and e-mails name them. */
export const ROLE_NAMES_SV: Record<UserRole, string> = {
  owner: 'aktivitetsansvarig',
  coordinator: 'samordnare',
  operational: 'operativ ledning',
  strategic: 'samverkansledning',
  council: 'Trygghetsrådet',
  admin: 'administratör',
};

/** "samordnare och administratör": the roles in words, in the order given. */
export function swedishRoles(roles: readonly UserRole[]): string {
  const names = roles.map((r) => ROLE_NAMES_SV[r] ?? r);
  if (names.length <= 1) return names[0] ?? 'ingen roll';
  return `${names.slice(0, -1).join(', ')} och ${names[names.length - 1]}`;
}
