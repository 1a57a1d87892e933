import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { REPORT_STATUSES } from '@app/domain';
import type { ReportStatus } from '@app/domain';
import { ActivityReport } from '@app/database';
import { WorkflowStateDto } from '../activities/activity.dto';

/** Shown wherever owners write: the system tracks activities, never citizens. */
export const PERSONAL_DATA_NOTICE =
  'Lägesrapporter får inte innehålla personuppgifter om invånare eller barn: beskriv arbetet, inte enskilda personer.';

export class MilestoneUpdateDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'milestoneId must be the id of one of the activity’s delmål' })
  milestoneId: string;

  @ApiProperty({ enum: ['open', 'done'] })
  @IsIn(['open', 'done'], { message: 'status of a milestone must be open or done' })
  status: 'open' | 'done';
}

export class CreateReportDto {
  @ApiProperty({ enum: REPORT_STATUSES, description: 'on_track, at_risk or off_track (off track escalates at once)' })
  @IsDefined({ message: `status is required: one of ${REPORT_STATUSES.join(', ')}` })
  @IsIn(REPORT_STATUSES, { message: `status must be one of ${REPORT_STATUSES.join(', ')}` })
  status: ReportStatus;

  @ApiProperty({ minimum: 0, maximum: 100, description: 'How far the activity has come, in per cent' })
  @IsDefined({ message: 'progress is required: a whole number from 0 to 100' })
  @IsInt({ message: 'progress must be a whole number from 0 to 100' })
  @Min(0, { message: 'progress must be a whole number from 0 to 100' })
  @Max(100, { message: 'progress must be a whole number from 0 to 100' })
  progress: number;

  @ApiProperty({ maxLength: 5000, description: PERSONAL_DATA_NOTICE })
  @IsDefined({ message: 'summary is required: say how the work is going' })
  @IsString({ message: 'summary must be text' })
  @MinLength(3, { message: 'summary must be at least 3 characters' })
  @MaxLength(5000, { message: 'summary must be at most 5000 characters' })
  summary: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString({ message: 'nextSteps must be text' })
  @MaxLength(2000, { message: 'nextSteps must be at most 2000 characters' })
  nextSteps?: string;

  @ApiPropertyOptional({ type: [MilestoneUpdateDto], description: 'Delmål reached (or reopened), in any phase' })
  @IsOptional()
  @IsArray({ message: 'milestones must be a list' })
  @ArrayMaxSize(50, { message: 'milestones can list at most 50 delmål' })
  @ValidateNested({ each: true })
  @Type(() => MilestoneUpdateDto)
  milestones?: MilestoneUpdateDto[];
}

export class ReportDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) activityId: string;
  @ApiProperty({ enum: REPORT_STATUSES }) status: ReportStatus;
  @ApiProperty() progress: number;
  @ApiProperty() summary: string;
  @ApiPropertyOptional({ type: String, nullable: true }) nextSteps: string | null;
  @ApiProperty({ type: [MilestoneUpdateDto] }) milestones: MilestoneUpdateDto[];
  @ApiProperty({ format: 'date-time' }) submittedAt: string;

  static from(r: ActivityReport): ReportDto {
    return {
      id: r.id,
      activityId: r.activityId,
      status: r.status,
      progress: r.progress,
      summary: r.summary,
      nextSteps: r.nextSteps,
      milestones: r.milestoneUpdates ?? [],
      submittedAt: r.submittedAt.toISOString(),
    };
  }
}

export class ReportReceiptDto {
  @ApiProperty({ type: ReportDto }) report: ReportDto;
  @ApiProperty({ enum: ['delivered', 'pending'], description: 'pending: saved, and reaches the follow-up once Temporal answers' })
  delivery: 'delivered' | 'pending';
  @ApiPropertyOptional({ type: WorkflowStateDto, nullable: true }) workflow: WorkflowStateDto | null;
  @ApiProperty({ example: PERSONAL_DATA_NOTICE }) notice: string;
  @ApiPropertyOptional() message?: string;
}
