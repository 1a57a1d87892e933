import { isIsoDuration, isPositive, parseDuration } from '../iso-duration';

/** The agreement's three governance bodies, bottom to top: its escalation ladder. */
export const GOVERNANCE_BODIES = ['operational', 'strategic', 'safety-council'] as const;
export type GovernanceBody = (typeof GOVERNANCE_BODIES)[number];

export const GOVERNANCE_BODY_NAMES_SV: Record<GovernanceBody, string> = {
  operational: 'Övergripande operativ ledning',
  strategic: 'Strategisk samverkansledning',
  'safety-council': 'Trygghetsrådet',
};

export interface EscalationStep {
  level: number;
  body: GovernanceBody;
  /** How long after a missed deadline this step is taken, ISO-8601 (e.g. `P3D`). */
  after: string;
}

/** Per agreement: when owners are reminded and how a missed deadline climbs the ladder. */
export interface FollowUpSettings {
  /** Reminders before each deadline, ISO-8601 durations (e.g. `P7D`, `P1D`). */
  reminderOffsets: string[];
  escalationLadder: EscalationStep[];
}

export const DEFAULT_FOLLOW_UP_SETTINGS: FollowUpSettings = {
  reminderOffsets: ['P7D', 'P1D'],
  escalationLadder: [
    { level: 1, body: 'operational', after: 'P3D' },
    { level: 2, body: 'strategic', after: 'P10D' },
    { level: 3, body: 'safety-council', after: 'P21D' },
  ],
};

/** Problems with a settings object, as messages naming the field; empty when it is usable. */
export function followUpSettingsProblems(settings: FollowUpSettings): string[] {
  const problems: string[] = [];
  settings.reminderOffsets.forEach((offset, i) => {
    if (!isIsoDuration(offset) || !isPositive(parseDuration(offset))) {
      problems.push(`reminderOffsets[${i}] must be a positive ISO-8601 duration such as P7D or PT30S (got "${offset}")`);
    }
  });
  settings.escalationLadder.forEach((step, i) => {
    if (!isIsoDuration(step.after) || !isPositive(parseDuration(step.after))) {
      problems.push(`escalationLadder[${i}].after must be a positive ISO-8601 duration such as P3D (got "${step.after}")`);
    }
    if (!(GOVERNANCE_BODIES as readonly string[]).includes(step.body)) {
      problems.push(`escalationLadder[${i}].body must be one of ${GOVERNANCE_BODIES.join(', ')}`);
    }
    if (step.level !== i + 1) problems.push(`escalationLadder[${i}].level must be ${i + 1}: levels climb one step at a time`);
  });
  return problems;
}
