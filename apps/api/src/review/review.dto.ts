import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { GOVERNANCE_BODIES, PHASE_KINDS } from '@app/domain';
import type { GovernanceBody, PhaseKind } from '@app/domain';
import { SLUG } from '../agreements/agreement.dto';
import { AgreementPagingQuery } from '../common/paging.dto';

export const REPORT_STATES = ['on_track', 'at_risk', 'off_track', 'none'] as const;

export class StatusCountsDto {
  @ApiProperty() on_track: number;
  @ApiProperty() at_risk: number;
  @ApiProperty() off_track: number;
  @ApiProperty({ description: 'No report yet' }) none: number;
}

/**
 * One row of Översikt: the activities of a goal area, a party (leading or co-operating) or a current
 * phase, as GET /api/activities?goalArea=, ?party= or ?phase= selects them. Activity, status and overdue
 * counts take the active ones; open escalations are counted for all of them, since an escalation stays
 * open until a report resolves it, as GET /api/escalations?state=open lists them.
 */
export class OverviewRowDto {
  @ApiProperty({ description: 'Goal area code, party key or phase' }) key: string;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'Active activities of the goal area, of the party (leading or co-operating), or in the phase' }) activities: number;
  @ApiProperty({ type: StatusCountsDto, description: 'By each activity’s latest report' }) status: StatusCountsDto;
  @ApiProperty({
    type: StatusCountsDto,
    description: 'The same activities by the latest report each had four weeks ago (comparedWith): submitted at or before that instant; none when there was none yet',
  })
  statusFourWeeksAgo: StatusCountsDto;
  @ApiProperty({ description: 'Activities with a missed deadline no report has answered yet' }) overdue: number;
  @ApiProperty({
    description:
      'Open escalations (not yet resolved by a report, acknowledged or not) of the row’s activities, by level: 1 operativ ledning, 2 samverkansledning, 3 Trygghetsrådet. ' +
      'GET /api/escalations?state=open&level=N with the row’s goalArea, party or phase lists them.',
    type: 'object',
    additionalProperties: { type: 'number' },
    example: { 1: 2, 2: 0, 3: 0 },
  })
  openEscalations: Record<string, number>;
}

export class OverviewDto {
  @ApiProperty() agreement: string;
  @ApiProperty({ format: 'date-time', description: 'The instant the numbers are as of' }) asOf: string;
  @ApiProperty({ format: 'date-time', description: 'Four weeks before asOf: what statusFourWeeksAgo is as of' }) comparedWith: string;
  @ApiProperty({ type: OverviewRowDto }) total: OverviewRowDto;
  @ApiProperty({ type: [OverviewRowDto] }) goalAreas: OverviewRowDto[];
  @ApiProperty({ type: [OverviewRowDto] }) parties: OverviewRowDto[];
  @ApiProperty({ type: [OverviewRowDto] }) phases: OverviewRowDto[];
}

export class EscalationQuery extends AgreementPagingQuery {
  @ApiPropertyOptional({
    enum: ['open', 'acknowledged', 'resolved', 'all'],
    default: 'open',
    description:
      'open: no report has resolved it yet, whether leadership has acknowledged it or not (an escalation stays open until a report resolves it; ' +
      'these are what Översikt counts); acknowledged: open and acknowledged; resolved: a report has resolved it; all: every escalation',
  })
  @IsOptional()
  @IsIn(['open', 'acknowledged', 'resolved', 'all'], { message: 'state must be open, acknowledged, resolved or all' })
  state: 'open' | 'acknowledged' | 'resolved' | 'all' = 'open';

  @ApiPropertyOptional({ minimum: 1, maximum: 3 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'level must be 1, 2 or 3' })
  @Min(1, { message: 'level must be 1, 2 or 3' })
  @Max(9, { message: 'level must be 1, 2 or 3' })
  level?: number;

  @ApiPropertyOptional({ enum: GOVERNANCE_BODIES, description: 'Only escalations that reached this body (safety-council: Trygghetsrådet)' })
  @IsOptional()
  @IsIn(GOVERNANCE_BODIES, { message: `body must be one of ${GOVERNANCE_BODIES.join(', ')}` })
  body?: GovernanceBody;

  @ApiPropertyOptional({ example: 'police', description: 'Only escalations of activities this party leads or co-operates in (as GET /api/activities?party=)' })
  @IsOptional()
  @Matches(SLUG, { message: 'party must be a party key such as police' })
  party?: string;

  @ApiPropertyOptional({ example: 'H', description: 'Only escalations of activities serving this goal area (A–H)' })
  @IsOptional()
  @Matches(/^[A-Z]$/, { message: 'goalArea must be one goal area letter, for example H' })
  goalArea?: string;

  @ApiPropertyOptional({ enum: PHASE_KINDS, description: 'Only escalations of activities currently in this phase (as GET /api/activities?phase=)' })
  @IsOptional()
  @IsIn(PHASE_KINDS, { message: `phase must be one of ${PHASE_KINDS.join(', ')}` })
  phase?: PhaseKind;

  @ApiPropertyOptional({ description: 'Activity key' })
  @IsOptional()
  @Matches(SLUG, { message: 'activity must be an activity key such as mbu' })
  activity?: string;

}

export class EscalationActivityDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() key: string;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'Key of the party that leads it' }) leadParty: string;
}

export class EscalationPersonDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Null when the person is gone' }) name: string | null;
}

export class EscalationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: EscalationActivityDto }) activity: EscalationActivityDto;
  @ApiProperty() level: number;
  @ApiProperty({ enum: ['operational', 'strategic', 'safety-council'] }) body: string;
  @ApiProperty({ enum: ['missed_deadline', 'off_track'] }) cause: string;
  @ApiProperty({ format: 'date-time' }) dueAt: string;
  @ApiProperty({ format: 'date-time' }) firedAt: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) resolvedAt: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) acknowledgedAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) acknowledgement: string | null;
  @ApiPropertyOptional({ type: () => EscalationPersonDto, nullable: true, description: 'Who acknowledged it' }) acknowledgedBy: EscalationPersonDto | null;
  @ApiPropertyOptional({
    type: String,
    format: 'date',
    nullable: true,
    description: 'For an escalation to Trygghetsrådet: the meeting it is an item for (the next one while it is open); null when none is planned',
  })
  councilMeeting: string | null;
}

export class CouncilAgendaDto {
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'Trygghetsrådet’s next meeting, today or later' }) nextMeeting: string | null;
  @ApiProperty({ type: [String], description: 'Its planned meetings from today on' }) upcomingMeetings: string[];
  @ApiProperty({ type: [EscalationDto], description: 'The open escalations that have reached Trygghetsrådet: the items for its next meeting' }) items: EscalationDto[];
}

export class AcknowledgeDto {
  @ApiProperty({ example: 'Tas upp på operativ ledning på torsdag.', description: 'Required: what leadership will do' })
  @IsDefined({ message: 'comment is required: say what leadership will do about it' })
  @IsString({ message: 'comment must be text' })
  @MinLength(3, { message: 'comment must be at least 3 characters' })
  @MaxLength(2000, { message: 'comment must be at most 2000 characters' })
  comment: string;
}

export class TimelineItemDto {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ enum: ['report', 'deadline', 'reminder', 'escalation', 'acknowledgement', 'change'] }) kind: string;
  @ApiProperty({ description: 'What happened, in Swedish' }) text: string;
  @ApiPropertyOptional() level?: number;
  @ApiPropertyOptional({ type: String, description: 'Who did it, when a person did' }) by?: string | null;
}

export class MyActivityDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() key: string;
  @ApiProperty() title: string;
  @ApiProperty() phase: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) nextDeadline: string | null;
  @ApiProperty() overdue: boolean;
  @ApiProperty() escalationLevel: number;
  @ApiPropertyOptional({ nullable: true, type: String, enum: ['on_track', 'at_risk', 'off_track'] }) latestStatus: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) lastReportAt: string | null;
  @ApiProperty({ enum: ['owner', 'coordinator'] }) as: 'owner' | 'coordinator';
}

export class EscalationListDto {
  @ApiProperty({ type: [EscalationDto] }) items: EscalationDto[];
  @ApiProperty() total: number;
}

/** One deadline's escalation (or one off-track report's), with every level it reached. */
export class EscalationGroupDto {
  @ApiProperty({ description: 'The activity id and the deadline (or off-track report) key: what its levels share' }) key: string;
  @ApiProperty({ type: EscalationActivityDto }) activity: EscalationActivityDto;
  @ApiProperty({ enum: ['missed_deadline', 'off_track'] }) cause: string;
  @ApiProperty({ format: 'date-time', description: 'The deadline (for off_track: the report)' }) dueAt: string;
  @ApiProperty({ description: 'The highest level it has reached' }) level: number;
  @ApiProperty({ enum: ['operational', 'strategic', 'safety-council'], description: 'The body at that level' }) body: string;
  @ApiProperty({ format: 'date-time', description: 'When its first level fired: its age counts from here' }) openedAt: string;
  @ApiProperty({ description: 'True until a report has resolved every level' }) open: boolean;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) resolvedAt: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, description: 'The latest acknowledgement of any of its levels' }) acknowledgedAt: string | null;
  @ApiPropertyOptional({ type: () => EscalationPersonDto, nullable: true }) acknowledgedBy: EscalationPersonDto | null;
  @ApiPropertyOptional({ type: String, nullable: true }) acknowledgement: string | null;
  @ApiPropertyOptional({ type: String, format: 'date', nullable: true }) councilMeeting: string | null;
  @ApiProperty({ type: [EscalationDto], description: 'Its levels, lowest first, each as GET /api/escalations gives it' }) levels: EscalationDto[];
}

export class EscalationGroupListDto {
  @ApiProperty({ type: [EscalationGroupDto] }) items: EscalationGroupDto[];
  @ApiProperty({ description: 'How many deadlines match, before paging' }) total: number;
}
