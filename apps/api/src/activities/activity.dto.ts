import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, IsOptional, Matches, MaxLength } from 'class-validator';
import { PHASE_KINDS, ACTIVITY_STATUSES } from '@app/domain';
import type { PhaseKind, ActivityStatus } from '@app/domain';
import { Activity, Milestone, Phase } from '@app/database';
import type { ActivityFollowUpFacts } from '@app/database';
import { GoalAreaRefDto, SLUG } from '../agreements/agreement.dto';
import { AgreementPagingQuery } from '../common/paging.dto';

export class ListActivitiesQuery extends AgreementPagingQuery {
  @ApiPropertyOptional({ description: 'Only activities serving this goal area (A–H)', example: 'H' })
  @IsOptional()
  @Matches(/^[A-Z]$/, { message: 'goalArea must be one goal area letter, for example H' })
  goalArea?: string;

  @ApiPropertyOptional({ description: 'Only activities this party leads or co-operates in', example: 'police' })
  @IsOptional()
  @Matches(SLUG, { message: 'party must be a party key such as city, police, mimer or region' })
  party?: string;

  @ApiPropertyOptional({ enum: PHASE_KINDS, description: 'Only activities currently in this phase' })
  @IsOptional()
  @IsIn(PHASE_KINDS, { message: `phase must be one of ${PHASE_KINDS.join(', ')}` })
  phase?: PhaseKind;

  @ApiPropertyOptional({ enum: ['on_track', 'at_risk', 'off_track', 'none'], description: 'Only activities whose latest report says this (none: no report yet)' })
  @IsOptional()
  @IsIn(['on_track', 'at_risk', 'off_track', 'none'], { message: 'status must be one of on_track, at_risk, off_track, none' })
  status?: 'on_track' | 'at_risk' | 'off_track' | 'none';

  @ApiPropertyOptional({ enum: ACTIVITY_STATUSES, description: 'Only activities in this state: active (as Översikt counts), completed or cancelled' })
  @IsOptional()
  @IsIn(ACTIVITY_STATUSES, { message: `activityStatus must be one of ${ACTIVITY_STATUSES.join(', ')}` })
  activityStatus?: ActivityStatus;

  @ApiPropertyOptional({ enum: ['true'], description: 'Only activities with a missed deadline that no report has answered yet' })
  @IsOptional()
  @IsIn(['true'], { message: 'overdue can only be true' })
  overdue?: 'true';

  @ApiPropertyOptional({ description: 'Free text searched in key, title and description', maxLength: 200 })
  @IsOptional()
  @IsString({ message: 'q must be given once, as text' })
  @MaxLength(200, { message: 'q must be at most 200 characters' })
  q?: string;

}

export class PersonDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() email: string;
}

export class ActivityListItemDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'mbu' }) key: string;
  @ApiProperty() title: string;
  @ApiProperty({ example: 'vasteras-2023-2027' }) agreement: string;
  @ApiProperty({ type: [String], example: ['C', 'G'] }) goalAreas: string[];
  @ApiProperty({ example: 'police' }) leadParty: string;
  @ApiProperty({ type: [String], example: [] }) cooperatingParties: string[];
  @ApiPropertyOptional({ type: PersonDto, nullable: true }) owner: PersonDto | null;
  @ApiProperty({ enum: PHASE_KINDS }) phase: PhaseKind;
  @ApiProperty({ enum: ACTIVITY_STATUSES }) status: ActivityStatus;
  @ApiPropertyOptional({ type: String, nullable: true, enum: ['on_track', 'at_risk', 'off_track'], description: 'The latest report’s status; null before the first report' })
  latestStatus: 'on_track' | 'at_risk' | 'off_track' | null;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'The latest report’s progress, 0–100 %' }) progress: number | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, description: 'When the latest report was submitted' }) lastReportAt: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) nextDeadline: string | null;
  @ApiProperty({ description: 'The level its follow-up has escalated to (0: none)' }) escalationLevel: number;
  @ApiProperty({ description: 'A missed deadline no report has answered yet' }) overdue: boolean;

  static from(a: Activity, agreementKey: string, facts: ActivityFollowUpFacts | undefined): ActivityListItemDto {
    return {
      latestStatus: facts?.latestStatus ?? null,
      progress: facts?.progress ?? null,
      lastReportAt: facts?.lastReportAt ?? null,
      nextDeadline: facts?.nextDeadline ?? null,
      escalationLevel: facts?.escalationLevel ?? 0,
      overdue: facts?.overdue ?? false,
      id: a.id,
      key: a.key,
      title: a.title,
      agreement: agreementKey,
      goalAreas: a.goalAreas.map((g) => g.code).sort(),
      leadParty: a.leadParty.key,
      cooperatingParties: (a.cooperatingParties ?? []).map((p) => p.key).sort(),
      owner: a.owner ? { id: a.owner.id, name: a.owner.name, email: a.owner.email } : null,
      phase: a.currentPhase,
      status: a.status,
    };
  }
}

export class ActivityListDto {
  @ApiProperty({ type: [ActivityListItemDto] }) items: ActivityListItemDto[];
  @ApiProperty({ description: 'How many match, before paging' }) total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}

export class MilestoneDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() position: number;
  @ApiProperty() title: string;
  @ApiPropertyOptional({ type: String, format: 'date', nullable: true }) dueDate: string | null;
  @ApiProperty({ enum: ['open', 'done'] }) status: 'open' | 'done';

  static from(m: Milestone): MilestoneDto {
    return { id: m.id, position: m.position, title: m.title, dueDate: m.dueDate, status: m.status };
  }
}

export class PhaseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: PHASE_KINDS }) kind: PhaseKind;
  @ApiProperty({ example: 'Kort sikt' }) name: string;
  @ApiProperty({ format: 'date' }) startDate: string;
  @ApiProperty({ format: 'date' }) targetDate: string;
  @ApiProperty({ example: 'P4W', description: 'Follow-up cadence, ISO-8601 duration' }) followUpEvery: string;
  @ApiProperty({ type: [MilestoneDto] }) milestones: MilestoneDto[];
}

export class PartyRefDto {
  @ApiProperty() key: string;
  @ApiProperty() name: string;
}

export class ActivityDetailDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() key: string;
  @ApiProperty() title: string;
  @ApiProperty() description: string;
  @ApiProperty() agreement: string;
  @ApiProperty({ type: [GoalAreaRefDto] }) goalAreas: GoalAreaRefDto[];
  @ApiProperty({ type: PartyRefDto }) leadParty: PartyRefDto;
  @ApiProperty({ type: [PartyRefDto] }) cooperatingParties: PartyRefDto[];
  @ApiPropertyOptional({ type: PersonDto, nullable: true }) owner: PersonDto | null;
  @ApiProperty({ enum: PHASE_KINDS }) phase: PhaseKind;
  @ApiProperty({ enum: ACTIVITY_STATUSES }) status: ActivityStatus;
  @ApiProperty({ type: [PhaseDto] }) phases: PhaseDto[];
}

export function phaseDto(p: Phase, name: string): PhaseDto {
  return {
    id: p.id,
    kind: p.kind,
    name,
    startDate: p.startDate,
    targetDate: p.targetDate,
    followUpEvery: p.followUpEvery,
    milestones: [...(p.milestones ?? [])].sort((a, b) => a.position - b.position).map(MilestoneDto.from),
  };
}

export class UpcomingItemDto {
  @ApiProperty({ enum: ['deadline', 'reminder', 'escalation'] }) kind: 'deadline' | 'reminder' | 'escalation';
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiPropertyOptional({ description: 'Escalation level: 1 operativ ledning, 2 samverkansledning, 3 Trygghetsrådet' }) level?: number;
  @ApiProperty({ enum: PHASE_KINDS }) phase: PhaseKind;
}

export class PausedDto {
  @ApiProperty({ format: 'date-time' }) since: string;
  @ApiProperty() reason: string;
}

export class WorkflowStateDto {
  @ApiProperty({ enum: PHASE_KINDS }) phase: PhaseKind;
  @ApiProperty({ enum: ['active', 'paused', 'completed', 'cancelled', 'starting'] }) status: string;
  @ApiPropertyOptional({ type: PausedDto, nullable: true, description: 'Since when and why, while paused' }) paused: PausedDto | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) nextDeadline: string | null;
  @ApiProperty({ description: '0 when nothing is escalated' }) escalationLevel: number;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) lastReportAt: string | null;
  @ApiProperty({ type: [UpcomingItemDto] }) upcoming: UpcomingItemDto[];
}

export class LatestReportDto {
  @ApiProperty({ enum: ['on_track', 'at_risk', 'off_track'] }) status: 'on_track' | 'at_risk' | 'off_track';
  @ApiProperty({ description: '0–100 %' }) progress: number;
  @ApiProperty({ format: 'date-time' }) submittedAt: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Who sent it; null when no one is recorded' }) by: string | null;
}

export class OpenEscalationDto {
  @ApiProperty({ description: '1 operativ ledning, 2 samverkansledning, 3 Trygghetsrådet' }) level: number;
  @ApiProperty({ format: 'date-time', description: 'When it was raised' }) since: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, description: 'The missed deadline it is about' }) deadlineDueAt: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) acknowledgedAt: string | null;
}

export class MilestoneReachedDto {
  @ApiProperty({ format: 'uuid' }) milestoneId: string;
  @ApiProperty({ format: 'date', description: 'The Swedish day of the latest report that marked it done' }) on: string;
}

/** What the activity page opens with, read from PostgreSQL. */
export class ActivityStateDto {
  @ApiPropertyOptional({ type: LatestReportDto, nullable: true, description: 'null before the first report' }) latestReport: LatestReportDto | null;
  @ApiProperty({ description: 'The latest report came after the last deadline that has come, so it counts for the next one' }) reportedForNextDeadline: boolean;
  @ApiProperty({ type: [OpenEscalationDto] }) openEscalations: OpenEscalationDto[];
  @ApiProperty({ type: [MilestoneReachedDto] }) milestonesReached: MilestoneReachedDto[];
}

export class ActivityWithWorkflowDto extends ActivityDetailDto {
  @ApiPropertyOptional({ type: WorkflowStateDto, nullable: true, description: 'The follow-up as its workflow last wrote it to PostgreSQL (asked live only of a workflow that has not written it yet); null when it cannot be had' })
  workflow: WorkflowStateDto | null;
  @ApiProperty({ type: ActivityStateDto }) state: ActivityStateDto;
  @ApiPropertyOptional({ description: 'Why `workflow` is null' })
  workflowProblem?: string;
}
