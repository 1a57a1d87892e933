import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AgreementSeed, seedAgreement, VASTERAS_2023_2027 } from '@app/database';
import type { FollowUpSettings, PhaseDefaults } from '@app/domain';

export interface FixtureActivity {
  activityId: string;
  agreementKey: string;
  ownerId: string;
}

/**
 * One agreement (of a municipality of its own) with one activity (goal area A, led by the city, owned
 * by a fresh user, the agreement's one member: owner for the city), planned by `phaseDefaults` from
 * `validFrom`; optionally with its own reminder and escalation settings.
 */
export async function createFixtureActivity(
  ds: DataSource,
  options: { validFrom: string; validTo: string; today: string; phaseDefaults?: PhaseDefaults[]; settings?: FollowUpSettings },
): Promise<FixtureActivity> {
  const suffix = randomBytes(4).toString('hex');
  const seed: AgreementSeed = {
    ...VASTERAS_2023_2027,
    key: `test-${suffix}`,
    municipality: 'Teststaden',
    owner: { key: `test-${suffix}`, name: 'Teststadens kommun' },
    validFrom: options.validFrom,
    validTo: options.validTo,
    parties: [{ key: 'city', name: 'Teststaden' }],
    goalAreas: [{ code: 'A', title: 'Testområde' }],
    activities: [{ key: 'test-activity', title: 'Testaktivitet', goalAreas: ['A'], leadParty: 'city' }],
    areas: [],
    phaseDefaults: options.phaseDefaults ?? VASTERAS_2023_2027.phaseDefaults,
    ...(options.settings ? { followUp: options.settings } : {}),
  };
  const email = `owner-${suffix}@test.example`;
  await seedAgreement(ds, seed, {
    today: options.today,
    staff: [{ email, name: 'Test Ägare', party: 'city', roles: ['owner'], ownsLeadActivities: true }],
  });
  const [row] = await ds.query(
    `SELECT a.id, a.owner_id FROM activity a JOIN agreement ag ON ag.id = a.agreement_id WHERE ag.key = $1`,
    [seed.key],
  );
  return { activityId: row.id, agreementKey: seed.key, ownerId: row.owner_id };
}

export interface EventRow {
  key: string;
  kind: string;
  phase: string;
  due_at: Date;
  fired_at: Date;
  level: number | null;
  body: string | null;
  outcome: string | null;
  deadline_key: string | null;
  resolved_at: Date | null;
  resolution: string | null;
  recipient_user_id: string | null;
}

export async function followUpEvents(ds: DataSource, activityId: string): Promise<EventRow[]> {
  return ds.query(`SELECT * FROM follow_up_event WHERE activity_id = $1 ORDER BY due_at, kind, key`, [activityId]);
}

export const iso = (d: Date | number | null) => (d === null ? null : new Date(d).toISOString());

/**
 * An activity that lives in seconds, for tests on the real dev server: on 3 June 2024 (a Monday) its
 * short phase has a follow-up every `every` (e.g. `PT2S`); start its workflow with `simulatedStart`
 * on that day.
 *
 * A cadence under a day is refused everywhere since it must be at least P1D; only a phase planned
 * before that rule can still have one. This fixture makes such a phase: in the test's own database it
 * drops the check that the migration added, and writes the cadence directly.
 */
export async function createSecondsFixture(ds: DataSource, every: string, settings: FollowUpSettings): Promise<FixtureActivity> {
  const fixture = await createFixtureActivity(ds, {
    validFrom: '2024-06-03',
    validTo: '2024-09-03',
    today: '2024-06-03',
    phaseDefaults: [
      { kind: 'short', lengthMonths: 1, followUpEvery: 'P1D' },
      { kind: 'medium', lengthMonths: 1, followUpEvery: 'P4W' },
      { kind: 'long', lengthMonths: null, followUpEvery: 'P13W' },
    ],
    settings,
  });
  await ds.query(`ALTER TABLE phase DROP CONSTRAINT IF EXISTS phase_follow_up_at_least_a_day`);
  await ds.query(`UPDATE phase SET target_date = '2024-06-04', follow_up_every = $2 WHERE activity_id = $1 AND kind = 'short'`, [fixture.activityId, every]);
  return fixture;
}
