/**
 * What a user may be in the system. A user may hold several roles.
 * - owner: aktivitetsansvarig for their own activities
 * - coordinator: every activity of their party
 * - operational / strategic: övergripande operativ ledning / strategisk samverkansledning
 * - council: Trygghetsrådet (reads)
 * - admin: agreement, activities and users
 */
export const USER_ROLES = ['owner', 'coordinator', 'operational', 'strategic', 'council', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** What a person may be on the platform itself, outside every municipality. */
export const PLATFORM_ROLES = ['platform-operator'] as const;
export type PlatformRole = (typeof PLATFORM_ROLES)[number];
