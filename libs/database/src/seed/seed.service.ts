import { hash } from 'bcryptjs';
import { DataSource, EntityManager } from 'typeorm';
import { cadenceProblem, followUpSettingsProblems, localDate, midpoint, phaseOn, planPhases } from '@app/domain';
import { Activity, Agreement, Area, CouncilMeeting, GoalArea, Membership, Milestone, Municipality, Party, Phase, User } from '../entities';
import { acrossTenants } from '../tenant-scope';
import { AgreementSeed, DEMO_MILESTONES, VASTERAS_2023_2027 } from './agreement-seed';
import { DEMO_STAFF, membershipIn, SeedStaff } from './demo-staff';
import { EXEMPELBY_2025_2028 } from './exempelby-2025-2028';
import { DEVELOPMENT_DEMO_PASSWORD } from '@app/config';

export { EXEMPELBY_2025_2028 } from './exempelby-2025-2028';

export interface SeedResult {
  agreement: string;
  /** False when the agreement was already there and nothing was written. */
  created: boolean;
  /** People made (a person already there, matched by e-mail, only gets the membership). */
  usersCreated: number;
  /** Memberships of this agreement written, of new people and of people already there. */
  membershipsCreated: number;
}

const SEED_LOCK = 7_238_412;

/** What the demo (`npm start` with SEED_DEMO_DATA) seeds: two tenants, Västerås and the fictional Exempelby. */
export const DEMO_AGREEMENTS: AgreementSeed[] = [VASTERAS_2023_2027, EXEMPELBY_2025_2028];

/**
 * The demo: every agreement of DEMO_AGREEMENTS with DEMO_STAFF (people matched by e-mail, so a person
 * of both agreements is one person with two memberships). Idempotent like `seedAgreement`: an
 * agreement already there is left as it is.
 */
export async function seedDemo(dataSource: DataSource, options: { today?: string; password?: string } = {}): Promise<SeedResult[]> {
  const results: SeedResult[] = [];
  for (const seed of DEMO_AGREEMENTS) results.push(await seedAgreement(dataSource, seed, { ...options, staff: DEMO_STAFF }));
  return results;
}

/**
 * Writes an agreement (under its municipality, made when missing) with its parties, goal areas,
 * activities (three phases each) and areas, plus the staff that have a membership of it: people are
 * matched by e-mail (made when missing) and get their membership of this agreement. Idempotent: an
 * agreement whose key exists is left exactly as it is (it may have been edited since), and so are its
 * people. Runs in one transaction under an advisory lock, so two processes seeding at once write it once.
 *
 * Seeding sets up whole tenants, for nobody's request: it runs across tenants (`acrossTenants`), so
 * it works on the API's tenant-scoped DataSource as on a table owner's.
 */
export async function seedAgreement(
  dataSource: DataSource,
  seed: AgreementSeed = VASTERAS_2023_2027,
  options: { today?: string; staff?: SeedStaff[]; password?: string } = {},
): Promise<SeedResult> {
  const today = options.today ?? localDate(Date.now()); // the day in Sweden
  const staff = options.staff ?? DEMO_STAFF;
  const problems = [
    ...(seed.followUp ? followUpSettingsProblems(seed.followUp) : []),
    ...seed.phaseDefaults.map((p) => cadenceProblem(p.followUpEvery, `phaseDefaults.${p.kind}.followUpEvery`)).filter((p): p is string => p !== null),
  ];
  if (problems.length) throw new Error(`The agreement ${seed.key} cannot be seeded: ${problems.join('; ')}`);
  return acrossTenants(() => dataSource.transaction(async (em) => {
    await em.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK]);
    const existing = await em.findOne(Agreement, { where: { key: seed.key } });
    if (existing) {
      return { agreement: seed.key, created: false, usersCreated: 0, membershipsCreated: 0 };
    }
    const owner =
      (await em.findOne(Municipality, { where: { key: seed.owner.key } })) ??
      (await em.save(em.create(Municipality, { key: seed.owner.key, name: seed.owner.name })));
    const agreement = await em.save(
      em.create(Agreement, {
        key: seed.key,
        title: seed.title,
        municipalityId: owner.id,
        municipality: seed.municipality,
        validFrom: seed.validFrom,
        validTo: seed.validTo,
        purpose: seed.purpose,
        longTermGoal: seed.longTermGoal,
        timePerspectives: seed.timePerspectives ?? null,
        geographicFocus: seed.geographicFocus ?? null,
        principles: seed.principles,
        ...(seed.followUp ? { reminderOffsets: seed.followUp.reminderOffsets, escalationLadder: seed.followUp.escalationLadder } : {}),
      }),
    );
    const parties = new Map<string, Party>();
    for (const p of seed.parties) {
      parties.set(p.key, await em.save(em.create(Party, { agreementId: agreement.id, key: p.key, name: p.name, joined: p.joined ?? null })));
    }
    const goalAreas = new Map<string, GoalArea>();
    for (const g of seed.goalAreas) {
      goalAreas.set(g.code, await em.save(em.create(GoalArea, { agreementId: agreement.id, code: g.code, title: g.title, subtitle: g.subtitle ?? null })));
    }
    await em.save(seed.areas.map((a) => em.create(Area, { agreementId: agreement.id, name: a.name, note: a.note ?? null })));
    await em.save((seed.councilMeetings ?? []).map((date) => em.create(CouncilMeeting, { agreementId: agreement.id, date })));

    const passwordHash = await hash(options.password ?? process.env.DEMO_PASSWORD ?? DEVELOPMENT_DEMO_PASSWORD, 10);
    const { owners, created, memberships } = await seedStaff(em, staff, agreement, parties, passwordHash);
    const plan = planPhases(seed.validFrom, seed.validTo, seed.phaseDefaults);
    const current = phaseOn(plan, today).kind;
    for (const a of seed.activities) {
      const lead = parties.get(a.leadParty);
      if (!lead) throw new Error(`Activity "${a.key}" names unknown lead party "${a.leadParty}"`);
      const activity = await em.save(
        em.create(Activity, {
          agreementId: agreement.id,
          key: a.key,
          title: a.title,
          description: a.description ?? '',
          leadPartyId: lead.id,
          ownerId: owners.get(a.leadParty)?.id ?? null,
          status: 'active',
          currentPhase: current,
          goalAreas: a.goalAreas.map((code) => {
            const g = goalAreas.get(code);
            if (!g) throw new Error(`Activity "${a.key}" names unknown goal area "${code}"`);
            return g;
          }),
          cooperatingParties: (a.cooperatingParties ?? []).map((key) => {
            const p = parties.get(key);
            if (!p) throw new Error(`Activity "${a.key}" names unknown co-operating party "${key}"`);
            return p;
          }),
        }),
      );
      for (const p of plan) {
        const phase = await em.save(em.create(Phase, { activityId: activity.id, ...p }));
        await em.save(
          em.create(Milestone, {
            phaseId: phase.id,
            position: 1,
            title: DEMO_MILESTONES[p.kind],
            dueDate: midpoint(p.startDate, p.targetDate),
            status: 'open',
          }),
        );
      }
    }
    return { agreement: seed.key, created: true, usersCreated: created, membershipsCreated: memberships };
  }));
}

async function seedStaff(
  em: EntityManager,
  staff: SeedStaff[],
  agreement: Agreement,
  parties: Map<string, Party>,
  passwordHash: string,
): Promise<{ owners: Map<string, User>; created: number; memberships: number }> {
  const owners = new Map<string, User>();
  let created = 0;
  let memberships = 0;
  for (const person of staff) {
    const membership = membershipIn(person, agreement.key);
    if (!membership) continue; // a person of other agreements only
    const party = membership.party ? parties.get(membership.party) : null;
    if (membership.party && !party) {
      throw new Error(`${person.email} is to be a member of ${agreement.key} for party "${membership.party}", which that agreement does not have`);
    }
    let user = await em.findOne(User, { where: { email: person.email } });
    if (!user) {
      user = await em.save(em.create(User, { email: person.email, name: person.name, passwordHash }));
      created++;
    }
    // The agreement is new, so the person has no membership of it yet.
    await em.save(em.create(Membership, { userId: user.id, agreementId: agreement.id, partyId: party?.id ?? null, roles: membership.roles }));
    memberships++;
    if (membership.ownsLeadActivities && membership.party) owners.set(membership.party, user);
  }
  return { owners, created, memberships };
}
