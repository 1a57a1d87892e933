import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsDateString,
  IsDefined,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { GOVERNANCE_BODIES } from '@app/domain';
import type { GovernanceBody } from '@app/domain';
import { SLUG } from '../agreements/agreement.dto';
import { ActivityWithWorkflowDto } from './activity.dto';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What of an activity changes; fields left out stay as they are. */
export class EditActivityDto {
  @ApiPropertyOptional({ example: 'Trygghetsvandringar i Bäckby' })
  @IsOptional()
  @IsString({ message: 'title must be text' })
  @MinLength(3, { message: 'title must be at least 3 characters' })
  @MaxLength(300, { message: 'title must be at most 300 characters' })
  title?: string;

  @ApiPropertyOptional({ maxLength: 5000 })
  @IsOptional()
  @IsString({ message: 'description must be text' })
  @MaxLength(5000, { message: 'description must be at most 5000 characters' })
  description?: string;

  @ApiPropertyOptional({ type: [String], example: ['city', 'mimer'], description: 'Every co-operating party (keys of parties of the same agreement); [] for none' })
  @IsOptional()
  @IsArray({ message: 'cooperatingParties must be a list of party keys' })
  @ArrayMaxSize(50, { message: 'cooperatingParties can list at most 50 parties' })
  @ArrayUnique({ message: 'cooperatingParties must not repeat a party' })
  @Matches(SLUG, { each: true, message: 'each of cooperatingParties must be a party key such as city' })
  cooperatingParties?: string[];
}

export class AddMilestoneDto {
  @ApiProperty({ example: 'Första trygghetsvandringen genomförd' })
  @IsDefined({ message: 'title is required' })
  @IsString({ message: 'title must be text' })
  @MinLength(3, { message: 'title must be at least 3 characters' })
  @MaxLength(500, { message: 'title must be at most 500 characters' })
  title: string;

  @ApiProperty({ format: 'date', example: '2025-10-15', description: 'Within the phase and the agreement’s period' })
  @IsDefined({ message: 'dueDate is required: a delmål has a date' })
  @Matches(DATE, { message: 'dueDate must be a date written YYYY-MM-DD' })
  @IsDateString({ strict: true }, { message: 'dueDate must be a real date (YYYY-MM-DD)' })
  dueDate: string;
}

export class EditMilestoneDto {
  @ApiPropertyOptional({ example: 'Första trygghetsvandringen genomförd' })
  @IsOptional()
  @IsString({ message: 'title must be text' })
  @MinLength(3, { message: 'title must be at least 3 characters' })
  @MaxLength(500, { message: 'title must be at most 500 characters' })
  title?: string;

  @ApiPropertyOptional({ format: 'date', example: '2025-11-12', description: 'Within the phase and the agreement’s period' })
  @IsOptional()
  @Matches(DATE, { message: 'dueDate must be a date written YYYY-MM-DD' })
  @IsDateString({ strict: true }, { message: 'dueDate must be a real date (YYYY-MM-DD)' })
  dueDate?: string;
}

/** An activity after an edit, and whether its workflow has heard of it yet. */
export class EditedActivityDto extends ActivityWithWorkflowDto {
  @ApiProperty({
    enum: ['delivered', 'pending', 'unchanged'],
    description: '`delivered`: the follow-up workflow has the new delmål; `pending`: Temporal was away, it gets them within seconds of its return; `unchanged`: nothing it knows changed',
  })
  followUpRevision: 'delivered' | 'pending' | 'unchanged';
}

export class EscalationStepDto {
  @ApiProperty({ example: 1, description: 'Steps climb one at a time: 1, 2, 3 …' })
  @IsInt({ message: 'level must be a whole number' })
  level: number;

  @ApiProperty({ enum: GOVERNANCE_BODIES, example: 'operational' })
  @IsString({ message: 'body must be text' })
  body: GovernanceBody;

  @ApiProperty({ example: 'P3D', description: 'How long after a missed deadline, ISO-8601 duration' })
  @IsString({ message: 'after must be an ISO-8601 duration such as P3D' })
  @MaxLength(40, { message: 'after must be an ISO-8601 duration such as P3D' })
  after: string;
}

/** An agreement's reminder offsets and escalation ladder, checked as at seeding. */
export class FollowUpSettingsDto {
  @ApiProperty({ type: [String], example: ['P7D', 'P1D'], description: 'Reminders before each deadline, ISO-8601 durations' })
  @IsArray({ message: 'reminderOffsets must be a list of ISO-8601 durations such as P7D' })
  @ArrayMaxSize(10, { message: 'reminderOffsets can list at most 10 reminders' })
  @ArrayUnique({ message: 'reminderOffsets must not repeat a reminder' })
  @IsString({ each: true, message: 'each of reminderOffsets must be an ISO-8601 duration such as P7D' })
  @MaxLength(40, { each: true, message: 'each of reminderOffsets must be an ISO-8601 duration such as P7D' })
  reminderOffsets: string[];

  @ApiProperty({ type: [EscalationStepDto] })
  @IsArray({ message: 'escalationLadder must be a list of steps' })
  @ArrayMaxSize(9, { message: 'escalationLadder can have at most 9 steps' })
  @ValidateNested({ each: true })
  @Type(() => EscalationStepDto)
  escalationLadder: EscalationStepDto[];
}

export class FollowUpSettingsAnswerDto extends FollowUpSettingsDto {
  @ApiProperty({ example: 'vasteras-2023-2027' })
  agreement: string;

  @ApiPropertyOptional({ description: 'After a change: how many running follow-up workflows are being told (within seconds; later if Temporal is away)' })
  workflowsToTell?: number;
}
