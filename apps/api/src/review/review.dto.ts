import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { SLUG } from '../agreements/agreement.dto';
import { AgreementPagingQuery } from '../common/paging.dto';

export const REPORT_STATES = ['on_track', 'at_risk', 'off_track', 'none'] as const;

export class StatusCountsDto {
  @ApiProperty() on_track: number;
  @ApiProperty() at_risk: number;
  @ApiProperty() off_track: number;
  @ApiProperty({ description: 'No report yet' }) none: number;
}

export class OverviewRowDto {
  @ApiProperty({ description: 'Goal area code, party key or phase' }) key: string;
  @ApiProperty() title: string;
  @ApiProperty() activities: number;
  @ApiProperty({ type: StatusCountsDto, description: 'By each activity’s latest report' }) status: StatusCountsDto;
  @ApiProperty({ description: 'Activities with a missed deadline no report has answered yet' }) overdue: number;
  @ApiProperty({
    description: 'Open escalations by level: 1 operativ ledning, 2 samverkansledning, 3 Trygghetsrådet',
    type: 'object',
    additionalProperties: { type: 'number' },
    example: { 1: 2, 2: 0, 3: 0 },
  })
  openEscalations: Record<string, number>;
}

export class OverviewDto {
  @ApiProperty() agreement: string;
  @ApiProperty({ type: OverviewRowDto }) total: OverviewRowDto;
  @ApiProperty({ type: [OverviewRowDto] }) goalAreas: OverviewRowDto[];
  @ApiProperty({ type: [OverviewRowDto] }) parties: OverviewRowDto[];
  @ApiProperty({ type: [OverviewRowDto] }) phases: OverviewRowDto[];
}

export class EscalationQuery extends AgreementPagingQuery {
  @ApiPropertyOptional({ enum: ['open', 'acknowledged', 'resolved', 'all'], default: 'open' })
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

  @ApiPropertyOptional({ example: 'police' })
  @IsOptional()
  @Matches(SLUG, { message: 'party must be a party key such as police' })
  party?: string;

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
