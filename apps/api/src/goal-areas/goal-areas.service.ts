import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { GoalArea, readFollowUpFacts } from '@app/database';
import { ApiError } from '../common/api-error';
import { AgreementsService } from '../agreements/agreements.service';
import { ActivitiesService } from '../activities/activities.service';
import { ActivityListItemDto } from '../activities/activity.dto';
import { GoalAreaDetailDto, GoalAreaDto } from './goal-area.dto';
import type { SignedInUser } from '../auth/auth.decorators';

@Injectable()
export class GoalAreasService {
  constructor(
    @InjectRepository(GoalArea) private readonly goalAreas: Repository<GoalArea>,
    private readonly agreements: AgreementsService,
    private readonly activities: ActivitiesService,
  ) {}

  async list(user: SignedInUser, agreementKey?: string): Promise<GoalAreaDto[]> {
    const agreement = await this.agreements.resolveFor(user, agreementKey);
    const rows: { code: string; title: string; subtitle: string | null; activity_count: string }[] = await this.goalAreas.query(
      `SELECT g.code, g.title, g.subtitle, count(ag.activity_id) AS activity_count
         FROM goal_area g LEFT JOIN activity_goal_area ag ON ag.goal_area_id = g.id
        WHERE g.agreement_id = $1
        GROUP BY g.id ORDER BY g.code`,
      [agreement.id],
    );
    return rows.map((r) => ({ code: r.code, title: r.title, subtitle: r.subtitle, activityCount: Number(r.activity_count), agreement: agreement.key }));
  }

  async get(user: SignedInUser, code: string, agreementKey?: string): Promise<GoalAreaDetailDto> {
    if (!/^[A-Z]$/.test(code)) throw ApiError.invalid('code', `"${code}" is not a goal area code; use one letter such as A or H`);
    const agreement = await this.agreements.resolveFor(user, agreementKey);
    const goalArea = await this.goalAreas.findOne({ where: { agreementId: agreement.id, code }, relations: { activities: true } });
    if (!goalArea) throw ApiError.notFound(`${agreement.key} has no goal area ${code}. GET /api/goal-areas lists them.`);
    const ids = [...goalArea.activities].sort((a, b) => a.title.localeCompare(b.title, 'sv')).map((a) => a.id);
    const activities = ids.length ? await this.activities.loadWithRelations(ids) : [];
    const facts = await readFollowUpFacts(this.goalAreas.manager, ids);
    return {
      code: goalArea.code,
      title: goalArea.title,
      subtitle: goalArea.subtitle,
      agreement: agreement.key,
      activityCount: activities.length,
      activities: activities.map((a) => ActivityListItemDto.from(a, agreement.key, facts.get(a.id))),
    };
  }
}
