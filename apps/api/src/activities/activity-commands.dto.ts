import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDateString,
  IsDefined,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { CADENCE_PATTERN, cadenceProblem, PHASE_KINDS } from '@app/domain';
import type { PhaseKind } from '@app/domain';
import { SLUG } from '../agreements/agreement.dto';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A follow-up cadence by the domain's rule (at least a day), with the domain's message. */
function IsCadence(): PropertyDecorator {
  return ValidateBy({
    name: 'isCadence',
    validator: {
      validate: (value) => cadenceProblem(value) === null,
      defaultMessage: (args) => cadenceProblem(args?.value, '') ?? '', // the field is named where the error is answered
    },
  });
}

export class PhasePlanDto {
  @ApiProperty({ enum: PHASE_KINDS })
  @IsIn(PHASE_KINDS, { message: `kind must be one of ${PHASE_KINDS.join(', ')}` })
  kind: PhaseKind;

  @ApiPropertyOptional({ format: 'date', example: '2025-01-01' })
  @IsOptional()
  @Matches(DATE, { message: 'startDate must be a date written YYYY-MM-DD' })
  @IsDateString({ strict: true }, { message: 'startDate must be a real date (YYYY-MM-DD)' })
  startDate?: string;

  @ApiPropertyOptional({ format: 'date', example: '2025-12-31' })
  @IsOptional()
  @Matches(DATE, { message: 'targetDate must be a date written YYYY-MM-DD' })
  @IsDateString({ strict: true }, { message: 'targetDate must be a real date (YYYY-MM-DD)' })
  targetDate?: string;

  @ApiPropertyOptional({
    example: 'P4W',
    pattern: CADENCE_PATTERN.source,
    description: 'Follow-up cadence: an ISO-8601 duration of whole days, weeks, months or years, at least P1D (P2W, P4W, P1M)',
  })
  @IsOptional()
  @IsCadence()
  followUpEvery?: string;
}

export class ChangePlanDto {
  @ApiProperty({ type: [PhasePlanDto], description: 'The phases to change; what has already fired stays as it was' })
  @IsArray({ message: 'phases must be a list' })
  @ArrayMinSize(1, { message: 'phases must list at least one phase' })
  @ArrayMaxSize(3, { message: 'phases can list at most the three phases' })
  @ValidateNested({ each: true })
  @Type(() => PhasePlanDto)
  phases: PhasePlanDto[];
}

export class PauseDto {
  @ApiProperty({ example: 'Sommaruppehåll i verksamheten', description: 'Why the activity is paused (required)' })
  @IsDefined({ message: 'reason is required: say why the activity is paused' })
  @IsString({ message: 'reason must be text' })
  @MinLength(3, { message: 'reason must say why the activity is paused (at least 3 characters)' })
  @MaxLength(1000, { message: 'reason must be at most 1000 characters' })
  reason: string;
}

export class CancelDto {
  @ApiProperty({ example: 'Uppdraget har flyttats till regionens folkhälsoarbete', description: 'Why the activity is cancelled (required)' })
  @IsDefined({ message: 'reason is required: say why the activity is cancelled' })
  @IsString({ message: 'reason must be text' })
  @MinLength(3, { message: 'reason must say why the activity is cancelled (at least 3 characters)' })
  @MaxLength(1000, { message: 'reason must be at most 1000 characters' })
  reason: string;
}

export class ResumeDto {
  @ApiPropertyOptional({ example: 'Ny samordnare på plats', description: 'Why the activity goes on now (kept in the timeline and the audit trail)' })
  @IsOptional()
  @IsString({ message: 'reason must be text' })
  @MinLength(3, { message: 'reason must say why the activity is resumed (at least 3 characters), or be left out' })
  @MaxLength(1000, { message: 'reason must be at most 1000 characters' })
  reason?: string;
}

export class ReassignOwnerDto {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The new aktivitetsansvarig, or null for none' })
  @IsOptional()
  @IsUUID('all', { message: 'ownerId must be a user id (uuid), or null' })
  ownerId: string | null;
}

export class GoalAreasDto {
  @ApiProperty({ type: [String], example: ['C', 'G'] })
  @IsArray({ message: 'goalAreas must be a list of goal area letters' })
  @ArrayMinSize(1, { message: 'goalAreas must name at least one goal area' })
  @ArrayUnique({ message: 'goalAreas must not repeat a goal area' })
  @Matches(/^[A-Z]$/, { each: true, message: 'each of goalAreas must be one goal area letter, such as C' })
  goalAreas: string[];
}

/** A new activity: its goal areas (as in GoalAreasDto) and the rest. */
export class CreateActivityDto extends GoalAreasDto {
  @ApiPropertyOptional({ example: 'vasteras-2023-2027', description: 'Default: the agreement in force today' })
  @IsOptional()
  @Matches(SLUG, { message: 'agreement must be an agreement key such as vasteras-2023-2027' })
  agreement?: string;

  @ApiProperty({ example: 'trygghetsvandringar', description: 'Stable slug, unique within the agreement' })
  @Matches(SLUG, { message: 'key must be lower-case letters, digits and single hyphens, such as trygghetsvandringar' })
  @MaxLength(80, { message: 'key must be at most 80 characters' })
  key: string;

  @ApiProperty({ example: 'Trygghetsvandringar efter skjutning' })
  @IsString({ message: 'title must be text' })
  @MinLength(3, { message: 'title must be at least 3 characters' })
  @MaxLength(300, { message: 'title must be at most 300 characters' })
  title: string;

  @ApiPropertyOptional({ maxLength: 5000 })
  @IsOptional()
  @IsString({ message: 'description must be text' })
  @MaxLength(5000, { message: 'description must be at most 5000 characters' })
  description?: string;

  @ApiProperty({ example: 'police' })
  @Matches(SLUG, { message: 'leadParty must be a party key such as city, police, mimer or region' })
  leadParty: string;

  @ApiPropertyOptional({ type: [String], example: ['city'] })
  @IsOptional()
  @IsArray({ message: 'cooperatingParties must be a list of party keys' })
  @ArrayUnique({ message: 'cooperatingParties must not repeat a party' })
  @Matches(SLUG, { each: true, message: 'each of cooperatingParties must be a party key such as city' })
  cooperatingParties?: string[];

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'ownerId must be a user id (uuid)' })
  ownerId?: string;

  @ApiPropertyOptional({ format: 'date', description: 'When the short phase starts; default today' })
  @IsOptional()
  @Matches(DATE, { message: 'startDate must be a date written YYYY-MM-DD' })
  @IsDateString({ strict: true }, { message: 'startDate must be a real date (YYYY-MM-DD)' })
  startDate?: string;
}
