import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, Repository } from 'typeorm';
import { PHASE_KINDS, PHASE_NAMES_SV } from '@app/domain';
import { Activity, Agreement, GoalArea, Party } from '@app/database';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { AgreementsService } from '../agreements/agreements.service';
import { ActivityDetailDto, ActivityListDto, ActivityListItemDto, ListActivitiesQuery, phaseDto } from './activity.dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class ActivitiesService {
  constructor(
    @InjectRepository(Activity) private readonly activities: Repository<Activity>,
    @InjectRepository(GoalArea) private readonly goalAreas: Repository<GoalArea>,
    @InjectRepository(Party) private readonly parties: Repository<Party>,
    private readonly agreements: AgreementsService,
  ) {}

  async list(query: ListActivitiesQuery): Promise<ActivityListDto> {
    const agreement = await this.agreements.resolve(query.agreement);
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
    if (query.q?.trim()) {
      const like = `%${query.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere('(a.key ILIKE :like OR a.title ILIKE :like OR a.description ILIKE :like)', { like });
    }
    const total = await qb.getCount();
    const page = await qb.orderBy('a.title', 'ASC').addOrderBy('a.id', 'ASC').limit(query.limit).offset(query.offset).getMany();
    const items = page.length ? await this.loadWithRelations(page.map((p) => p.id)) : [];
    return { items: items.map((a) => ActivityListItemDto.from(a, agreement.key)), total, limit: query.limit, offset: query.offset };
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

  async get(idOrKey: string, agreementKey?: string): Promise<ActivityDetailDto> {
    const activity = await this.find(idOrKey, agreementKey);
    const full = await this.activities.findOneOrFail({
      where: { id: activity.id },
      relations: { agreement: true, goalAreas: true, leadParty: true, cooperatingParties: true, owner: true, phases: { milestones: true } },
    });
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

  /** Finds an activity by its id, or by its key (within `agreementKey` when given). */
  async find(idOrKey: string, agreementKey?: string): Promise<Activity> {
    if (UUID.test(idOrKey)) {
      const byId = await this.activities.findOne({ where: { id: idOrKey.toLowerCase() } });
      if (byId) return byId;
      throw ApiError.notFound(`No activity with id ${idOrKey}.`);
    }
    const qb = this.activities.createQueryBuilder('a').innerJoinAndSelect('a.agreement', 'ag').where('a.key = :key', { key: idOrKey });
    if (agreementKey) qb.andWhere('ag.key = :agreementKey', { agreementKey });
    const matches = await qb.getMany();
    if (matches.length === 0) {
      throw ApiError.notFound(`No activity with id or key "${idOrKey}". GET /api/activities lists them.`);
    }
    if (matches.length > 1) {
      throw new ApiError(
        ApiErrorCode.Ambiguous,
        `Several agreements have an activity "${idOrKey}" (${matches.map((m) => m.agreement.key).join(', ')}); add ?agreement=<key> or use the id.`,
      );
    }
    return matches[0];
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
