import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, DataSource, FindOptionsRelations, In, Repository } from 'typeorm';
import { DEFAULT_PHASE_DEFAULTS, isUuid, localDate, ownershipProblem, ownershipRefusalSv, PHASE_KINDS, PHASE_NAMES_SV, phaseOn, planPhasesToFit } from '@app/domain';
import type { LifecycleStatus, PhaseKind } from '@app/domain';
import { Activity, Agreement, GoalArea, isOverdue, latestReportStatus, Membership, Party, Phase, readActivityPageFacts, readAgendas, readFollowUpFacts } from '@app/database';
import { ActivityLifecycleClient, LifecycleError } from '@app/temporal';
import { CreateActivityDto } from './activity-commands.dto';
import { ApiError, ApiErrorCode, isUniqueViolation } from '../common/api-error';
import { AgreementsService } from '../agreements/agreements.service';
import type { SignedInUser } from '../auth/auth.decorators';
import { authorize } from '../auth/authorize';
import { ActivityDetailDto, ActivityListDto, ActivityListItemDto, ActivityStateDto, ActivityWithWorkflowDto, ListActivitiesQuery, phaseDto } from './activity.dto';


@Injectable()
export class ActivitiesService {
  private readonly logger = new Logger(ActivitiesService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly lifecycle: ActivityLifecycleClient,
    @InjectRepository(Activity) private readonly activities: Repository<Activity>,
    @InjectRepository(GoalArea) private readonly goalAreas: Repository<GoalArea>,
    @InjectRepository(Party) private readonly parties: Repository<Party>,
    private readonly agreements: AgreementsService,
  ) {}

  async list(user: SignedInUser, query: ListActivitiesQuery): Promise<ActivityListDto> {
    const agreement = await this.agreements.resolveFor(user, query.agreement);
    await this.checkFilters(agreement, query);
    const qb = this.activities
      .createQueryBuilder('a')
      .select('a.id')
      .where('a.agreement_id = :agreementId', { agreementId: agreement.id });
    if (query.goalArea) {
      qb.andWhere(
        `EXISTS (SELECT 1 FROM activity_goal_area ag JOIN goal_area g ON g.id = ag.goal_area_id
                 WHERE ag.activity_id = a.id AND g.code = :goalArea)`,
        { goalArea: query.goalArea },
      );
    }
    if (query.party) {
      qb.andWhere(
        new Brackets((w) =>
          w
            .where('a.lead_party_id IN (SELECT id FROM party WHERE agreement_id = :agreementId AND key = :party)')
            .orWhere(
              `EXISTS (SELECT 1 FROM activity_cooperating_party cp JOIN party p ON p.id = cp.party_id
                       WHERE cp.activity_id = a.id AND p.key = :party)`,
            ),
        ),
        { party: query.party },
      );
    }
    if (query.phase) qb.andWhere('a.current_phase = :phase', { phase: query.phase });
    if (query.status) {
      const latest = latestReportStatus('a');
      qb.andWhere(query.status === 'none' ? `${latest} IS NULL` : `${latest} = :status`, { status: query.status });
    }
    if (query.activityStatus) qb.andWhere('a.status = :activityStatus', { activityStatus: query.activityStatus });
    if (query.overdue) {
      qb.andWhere(isOverdue('a'));
    }
    if (query.q?.trim()) {
      const like = `%${query.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere('(a.key ILIKE :like OR a.title ILIKE :like OR a.description ILIKE :like)', { like });
    }
    const total = await qb.getCount();
    const page = await qb.orderBy('a.title', 'ASC').addOrderBy('a.id', 'ASC').limit(query.limit).offset(query.offset).getMany();
    const items = page.length ? await this.loadWithRelations(page.map((p) => p.id)) : [];
    const facts = await readFollowUpFacts(this.dataSource, items.map((a) => a.id));
    return { items: items.map((a) => ActivityListItemDto.from(a, agreement.key, facts.get(a.id))), total, limit: query.limit, offset: query.offset };
  }

  /** Activities by id, with what a list item shows, in the order of `ids`. */
  async loadWithRelations(ids: string[]): Promise<Activity[]> {
    const rows = await this.activities
      .createQueryBuilder('a')
      .leftJoinAndSelect('a.goalAreas', 'g')
      .leftJoinAndSelect('a.leadParty', 'lp')
      .leftJoinAndSelect('a.cooperatingParties', 'cp')
      .leftJoinAndSelect('a.owner', 'o')
      .where('a.id IN (:...ids)', { ids })
      .getMany();
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id)).filter((a): a is Activity => !!a);
  }

  /**
   * One activity with its plan and its follow-up: what comes next, as its workflow last wrote it to
   * PostgreSQL (the sync step, on every change). Only a workflow that has not written it yet (one from
   * before the agenda table, in the moment before the worker asks it to) is asked live.
   */
  async getWithWorkflow(user: SignedInUser, idOrKey: string, agreementKey?: string): Promise<ActivityWithWorkflowDto> {
    const found = await this.get(user, idOrKey, agreementKey);
    const detail = { ...found, state: await this.pageState(found.id) };
    const written = await this.writtenFollowUp(detail.id);
    if (written) return { ...detail, workflow: written };
    try {
      const { activityId: _id, ...workflow } = await this.lifecycle.state(detail.id);
      return { ...detail, workflow };
    } catch (error) {
      const problem = error instanceof LifecycleError ? error.message : `The follow-up workflow did not answer: ${(error as Error).message}`;
      return { ...detail, workflow: null, workflowProblem: problem };
    }
  }

  /** The activity page's opening facts (readActivityPageFacts): the latest report and who sent it, open escalations, delmål reached. */
  private async pageState(activityId: string): Promise<ActivityStateDto> {
    const facts = await readActivityPageFacts(this.dataSource, activityId);
    const reported = facts.latestReport?.submittedAt;
    return {
      latestReport: facts.latestReport,
      // As the workflow judges a deadline met: a report since the deadline before it.
      reportedForNextDeadline: !!reported && (facts.lastDeadlineAt === null || reported > facts.lastDeadlineAt),
      openEscalations: facts.openEscalations,
      milestonesReached: [...facts.reachedOn].map(([milestoneId, on]) => ({ milestoneId, on })),
    };
  }

  /** The follow-up view (LifecycleView without its id) from PostgreSQL, or null when its workflow has not written its agenda. */
  private async writtenFollowUp(activityId: string): Promise<ActivityWithWorkflowDto['workflow'] | null> {
    const [row]: { current_phase: PhaseKind; status: LifecycleStatus; paused_at: Date | null; pause_reason: string | null; next_deadline_at: Date | null; escalation_level: number; synced: boolean; last_report_at: Date | null }[] =
      await this.dataSource.query(
        `SELECT a.current_phase, a.status, a.paused_at, a.pause_reason, a.next_deadline_at, a.escalation_level, a.agenda_synced_at IS NOT NULL AS synced,
                -- the workflow's "last report": the latest one it has taken (delivered from the outbox)
                (SELECT max(r.submitted_at) FROM activity_report r JOIN workflow_delivery d ON d.report_id = r.id AND d.delivered_at IS NOT NULL
                  WHERE r.activity_id = a.id) AS last_report_at
           FROM activity a WHERE a.id = $1`,
        [activityId],
      );
    if (!row?.synced) return null;
    const agenda = (await readAgendas(this.dataSource, [activityId])).get(activityId)!;
    return {
      phase: row.current_phase,
      status: row.status === 'active' && row.paused_at ? 'paused' : row.status,
      paused: row.paused_at ? { since: row.paused_at.toISOString(), reason: row.pause_reason ?? '' } : null,
      nextDeadline: row.next_deadline_at?.toISOString() ?? null,
      escalationLevel: row.escalation_level,
      lastReportAt: row.last_report_at?.toISOString() ?? null,
      upcoming: agenda.items.map((i) => ({ kind: i.kind, at: i.at, phase: i.phase as PhaseKind, ...(i.level ? { level: i.level } : {}) })),
      ...(agenda.clockOffsetMs ? { clockOffsetMs: agenda.clockOffsetMs } : {}),
    };
  }

  async get(user: SignedInUser, idOrKey: string, agreementKey?: string): Promise<ActivityDetailDto> {
    const full = await this.find(user, idOrKey, agreementKey, { agreement: true, goalAreas: true, leadParty: true, cooperatingParties: true, owner: true, phases: { milestones: true } });
    return {
      id: full.id,
      key: full.key,
      title: full.title,
      description: full.description,
      agreement: full.agreement.key,
      goalAreas: [...full.goalAreas].sort((a, b) => a.code.localeCompare(b.code)).map((g) => ({ code: g.code, title: g.title, subtitle: g.subtitle })),
      leadParty: { key: full.leadParty.key, name: full.leadParty.name },
      cooperatingParties: full.cooperatingParties.map((p) => ({ key: p.key, name: p.name })),
      owner: full.owner ? { id: full.owner.id, name: full.owner.name, email: full.owner.email } : null,
      phase: full.currentPhase,
      status: full.status,
      phases: [...full.phases]
        .sort((a, b) => PHASE_KINDS.indexOf(a.kind) - PHASE_KINDS.indexOf(b.kind))
        .map((p) => phaseDto(p, PHASE_NAMES_SV[p.kind])),
    };
  }

  /**
   * One of the person's activities, with `relations` (a key lookup loads its agreement too): by id,
   * in any of their agreements (and in `agreementKey`'s, when given); by key, in the agreement that
   * `resolveFor` picks (the named one, or their only one). Another tenant's activity is a 404 like
   * one that does not exist.
   */
  async find(user: SignedInUser, idOrKey: string, agreementKey?: string, relations: FindOptionsRelations<Activity> = {}): Promise<Activity> {
    if (isUuid(idOrKey)) {
      const allowed = agreementKey
        ? user.memberships.filter((m) => m.agreementKey === agreementKey).map((m) => m.agreementId)
        : user.memberships.map((m) => m.agreementId);
      const byId = allowed.length
        ? await this.activities.findOne({ where: { id: idOrKey.toLowerCase(), agreementId: In(allowed) }, relations })
        : null;
      if (byId) return byId;
      throw ApiError.notFound(`No activity with id ${idOrKey} in ${agreementKey ? `the agreement ${agreementKey}` : 'your agreements'}.`);
    }
    const agreement = await this.agreements.resolveFor(user, agreementKey);
    const found = await this.activities.findOne({ where: { key: idOrKey, agreementId: agreement.id }, relations: { agreement: true, ...relations } });
    if (!found) throw ApiError.notFound(`No activity with key "${idOrKey}" in ${agreement.key}. GET /api/activities?agreement=${agreement.key} lists them.`);
    return found;
  }

  /**
   * Creates an activity with three phases laid out from its start date by the default lengths, in one
   * transaction, then starts its follow-up workflow. If Temporal is away, the worker starts it later.
   */
  async create(user: SignedInUser, dto: CreateActivityDto): Promise<ActivityWithWorkflowDto> {
    const agreement = await this.agreements.resolveFor(user, dto.agreement);
    authorize(user, 'create-activity', { agreementId: agreement.id });
    const today = localDate(Date.now());
    const start = dto.startDate ?? today;
    if (start < agreement.validFrom || start >= agreement.validTo) {
      throw ApiError.invalid('startDate', `${start} is outside the agreement (${agreement.validFrom} – ${agreement.validTo})`);
    }
    let plan;
    try {
      plan = planPhasesToFit(start, agreement.validTo, DEFAULT_PHASE_DEFAULTS);
    } catch (error) {
      throw ApiError.invalid('startDate', (error as Error).message);
    }
    const goalAreas = await this.goalAreasOf(agreement.id, dto.goalAreas, agreement.key);
    const partyKeys = [dto.leadParty, ...(dto.cooperatingParties ?? [])];
    const parties = await this.parties.find({ where: { agreementId: agreement.id, key: In(partyKeys) } });
    const party = (key: string, field: string) => {
      const p = parties.find((x) => x.key === key);
      if (!p) throw ApiError.invalid(field, `"${key}" is not a party of ${agreement.key}`);
      return p;
    };
    const lead = party(dto.leadParty, 'leadParty');
    if (dto.cooperatingParties?.includes(dto.leadParty)) {
      throw ApiError.invalid('cooperatingParties', `${dto.leadParty} leads the activity; list only the other parties`);
    }
    const cooperating = (dto.cooperatingParties ?? []).map((k) => party(k, 'cooperatingParties'));
    const ownerMembership = dto.ownerId ? await this.dataSource.getRepository(Membership).findOne({ where: { userId: dto.ownerId, agreementId: agreement.id } }) : null;
    if (dto.ownerId && !ownerMembership) {
      throw ApiError.invalid('ownerId', `no member of ${agreement.key} has the id ${dto.ownerId}; GET /api/users?agreement=${agreement.key} lists them`);
    }
    // An owner at the lead party or a co-operating one (ownershipProblem), as when the owner is changed.
    const ownership = ownerMembership && ownershipProblem({ roles: ownerMembership.roles, party: ownerMembership.partyId }, { leadParty: lead.id, cooperatingParties: cooperating.map((p) => p.id) });
    if (ownership) throw ApiError.invalid('ownerId', ownershipRefusalSv(ownership));
    let id: string;
    try {
      id = await this.dataSource.transaction(async (em) => {
        if (await em.exists(Activity, { where: { agreementId: agreement.id, key: dto.key } })) {
          throw new ApiError(ApiErrorCode.Conflict, `${agreement.key} already has an activity with the key "${dto.key}"; choose another key`);
        }
        const activity = await em.save(
          em.create(Activity, {
            agreementId: agreement.id,
            key: dto.key,
            title: dto.title.trim(),
            description: dto.description?.trim() ?? '',
            leadPartyId: lead.id,
            ownerId: dto.ownerId ?? null,
            status: 'active',
            currentPhase: phaseOn(plan, today).kind,
            goalAreas,
            cooperatingParties: cooperating,
          }),
        );
        await em.save(plan.map((p) => em.create(Phase, { activityId: activity.id, ...p })));
        return activity.id;
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ApiError(ApiErrorCode.Conflict, `${agreement.key} already has an activity with the key "${dto.key}"; choose another key`);
      }
      throw error;
    }
    try {
      await this.lifecycle.start(id);
    } catch (error) {
      this.logger.warn(`Activity ${id} was created; its workflow will be started by the worker: ${(error as Error).message}`);
    }
    return this.getWithWorkflow(user, id);
  }

  /** The agreement's goal areas with these codes; a 400 naming any code it does not have. */
  private async goalAreasOf(agreementId: string, codes: string[], agreementName: string): Promise<GoalArea[]> {
    const goalAreas = await this.goalAreas.find({ where: { agreementId, code: In(codes) } });
    const unknown = codes.filter((c) => !goalAreas.some((g) => g.code === c));
    if (unknown.length) throw ApiError.invalid('goalAreas', `${unknown.join(', ')} is not a goal area of ${agreementName}`);
    return goalAreas;
  }

  /** Which goal areas the activity serves; every code must be one of its agreement's. */
  async setGoalAreas(activity: Activity, codes: string[]): Promise<void> {
    const goalAreas = await this.goalAreasOf(activity.agreementId, codes, 'this agreement');
    await this.dataSource.transaction(async (em) => {
      const full = await em.findOneOrFail(Activity, { where: { id: activity.id }, relations: { goalAreas: true } });
      full.goalAreas = goalAreas;
      await em.save(full);
    });
  }

  private async checkFilters(agreement: Agreement, query: ListActivitiesQuery): Promise<void> {
    if (query.goalArea) {
      const codes = (await this.goalAreas.find({ where: { agreementId: agreement.id }, order: { code: 'ASC' } })).map((g) => g.code);
      if (!codes.includes(query.goalArea)) {
        throw ApiError.invalid('goalArea', `"${query.goalArea}" is not a goal area of ${agreement.key}; use one of ${codes.join(', ')}`);
      }
    }
    if (query.party) {
      const keys = (await this.parties.find({ where: { agreementId: agreement.id }, order: { key: 'ASC' } })).map((p) => p.key);
      if (!keys.includes(query.party)) {
        throw ApiError.invalid('party', `"${query.party}" is not a party of ${agreement.key}; use one of ${keys.join(', ')}`);
      }
    }
  }
}
