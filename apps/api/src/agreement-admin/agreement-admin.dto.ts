import { ApiHideProperty, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateBy,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import type { ValidationOptions } from 'class-validator';
import { isCalendarDate } from '@app/domain';
import { SLUG } from '../agreements/agreement.dto';

/**
 * The administration of an agreement acts on the agreement in its path. The web app names the
 * agreement it shows in every request (`?agreement=`): taken and ignored, and not documented.
 */
export class IgnoredAgreementScope {
  @ApiHideProperty()
  @IsOptional()
  @IsString()
  agreement?: string;
}

/** A real calendar date written YYYY-MM-DD (2023-02-30 is none). */
function IsCalendarDate(field: string, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    { name: 'isCalendarDate', validator: { validate: (value) => isCalendarDate(value), defaultMessage: () => `${field} måste vara ett datum som finns, skrivet ÅÅÅÅ-MM-DD (till exempel 2026-03-12)` } },
    options,
  );
}

/** Text of at least `min` and at most `max` characters, not only spaces. */
function Text(field: string, min: number, max: number): PropertyDecorator {
  return (target, key) => {
    IsString({ message: `${field} måste vara text` })(target, key);
    Matches(/\S/, { message: `${field} får inte vara tomt` })(target, key);
    MinLength(min, { message: `${field} måste vara minst ${min} tecken` })(target, key);
    MaxLength(max, { message: `${field} får vara högst ${max} tecken` })(target, key);
  };
}

/** Optional text that may also be cleared with null. */
function NullableText(field: string, max: number): PropertyDecorator {
  return (target, key) => {
    IsOptional()(target, key);
    IsString({ message: `${field} måste vara text eller null` })(target, key);
    MaxLength(max, { message: `${field} får vara högst ${max} tecken` })(target, key);
  };
}

export class PrincipleInputDto {
  @ApiProperty({ example: 'oppenhet' })
  @IsDefined({ message: 'principles[].key behövs' })
  @Matches(SLUG, { message: 'principles[].key måste vara en nyckel med små bokstäver, siffror och bindestreck, till exempel oppenhet' })
  key: string;

  @ApiProperty({ example: 'Öppenhet och transparens' })
  @IsDefined({ message: 'principles[].title behövs' })
  @Text('principles[].title', 1, 200)
  title: string;

  @ApiProperty()
  @IsDefined({ message: 'principles[].text behövs' })
  @Text('principles[].text', 1, 4000)
  text: string;
}

/** What an administrator may change of the agreement itself; what is left out stays as it is. */
export class UpdateAgreementDto {
  @ApiPropertyOptional({ example: 'Samverkansöverenskommelse Exempelby 2025–2028' })
  @IsOptional()
  @Text('title', 3, 200)
  title?: string;

  @ApiPropertyOptional({ example: 'Exempelby', description: 'The municipality as the agreement’s text names it' })
  @IsOptional()
  @Text('municipality', 2, 200)
  municipality?: string;

  @ApiPropertyOptional({ description: 'The agreement’s purpose (syfte)' })
  @IsOptional()
  @Text('purpose', 1, 8000)
  purpose?: string;

  @ApiPropertyOptional({ description: 'Its long-term goal (långsiktigt mål)' })
  @IsOptional()
  @Text('longTermGoal', 1, 8000)
  longTermGoal?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @NullableText('timePerspectives', 8000)
  timePerspectives?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @NullableText('geographicFocus', 8000)
  geographicFocus?: string | null;

  @ApiPropertyOptional({ type: [PrincipleInputDto], description: 'The working principles, all of them (replaces the list)' })
  @IsOptional()
  @IsArray({ message: 'principles måste vara en lista' })
  @ArrayMaxSize(30, { message: 'principles får ha högst 30 principer' })
  @ValidateNested({ each: true })
  @Type(() => PrincipleInputDto)
  principles?: PrincipleInputDto[];

  @ApiPropertyOptional({ format: 'date', example: '2025-01-01' })
  @IsOptional()
  @IsCalendarDate('validFrom')
  validFrom?: string;

  @ApiPropertyOptional({ format: 'date', example: '2028-12-31' })
  @IsOptional()
  @IsCalendarDate('validTo')
  validTo?: string;
}

export class CreatePartyDto {
  @ApiProperty({ example: 'fastighet', description: 'Short key, unique in the agreement (lower-case letters, digits and hyphens); cannot be changed later' })
  @IsDefined({ message: 'key behövs: en kort nyckel som fastighet' })
  @MaxLength(40, { message: 'key får vara högst 40 tecken' })
  @Matches(SLUG, { message: 'key får bara ha små bokstäver a–z, siffror och bindestreck, till exempel fastighet' })
  key: string;

  @ApiProperty({ example: 'Exempelby Fastigheter AB' })
  @IsDefined({ message: 'name behövs' })
  @Text('name', 2, 200)
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '2026-01', description: 'When the party joined, YYYY-MM' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'joined måste vara en månad skriven ÅÅÅÅ-MM, till exempel 2026-01' })
  joined?: string | null;
}

export class UpdatePartyDto {
  @ApiPropertyOptional({ example: 'Exempelby Fastigheter AB' })
  @IsOptional()
  @Text('name', 2, 200)
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '2026-01' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'joined måste vara en månad skriven ÅÅÅÅ-MM, till exempel 2026-01' })
  joined?: string | null;
}

export class CreateGoalAreaDto {
  @ApiProperty({ example: 'I', description: 'One capital letter, unique in the agreement' })
  @IsDefined({ message: 'code behövs: en versal, till exempel I' })
  @Matches(/^[A-Z]$/, { message: 'code måste vara en versal A–Z, till exempel I' })
  code: string;

  @ApiProperty({ example: 'Trygga offentliga miljöer' })
  @IsDefined({ message: 'title behövs' })
  @Text('title', 2, 300)
  title: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'A description under the title' })
  @NullableText('subtitle', 2000)
  subtitle?: string | null;
}

export class UpdateGoalAreaDto {
  @ApiPropertyOptional({ example: 'I' })
  @IsOptional()
  @Matches(/^[A-Z]$/, { message: 'code måste vara en versal A–Z, till exempel I' })
  code?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Text('title', 2, 300)
  title?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @NullableText('subtitle', 2000)
  subtitle?: string | null;
}

export class CreateAreaDto {
  @ApiProperty({ example: 'Norra Exempelby' })
  @IsDefined({ message: 'name behövs' })
  @Text('name', 2, 200)
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @NullableText('note', 2000)
  note?: string | null;
}

export class UpdateAreaDto {
  @ApiPropertyOptional({ example: 'Norra Exempelby' })
  @IsOptional()
  @Text('name', 2, 200)
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @NullableText('note', 2000)
  note?: string | null;
}

export class CreateCouncilMeetingDto {
  @ApiProperty({ format: 'date', example: '2026-03-12' })
  @IsDefined({ message: 'date behövs: mötets datum, ÅÅÅÅ-MM-DD' })
  @IsCalendarDate('date')
  date: string;
}

export class MoveCouncilMeetingDto {
  @ApiProperty({ format: 'date', example: '2026-03-19', description: 'The new date' })
  @IsDefined({ message: 'date behövs: mötets nya datum, ÅÅÅÅ-MM-DD' })
  @IsCalendarDate('date')
  date: string;
}

export class CancelCouncilMeetingDto {
  @ApiProperty({ example: 'Ordförandena har förhinder; punkterna tas på nästa möte.' })
  @IsDefined({ message: 'reason behövs: skriv varför mötet ställs in' })
  @Text('reason', 3, 1000)
  reason: string;
}

export class RetireDto {}

// --- answers ---------------------------------------------------------------------------------

export class AdminPartyDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'police' }) key: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true, example: '2022-01' }) joined: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When it was retired; a retired party leads no new activity and gets no new member' })
  retiredAt: string | null;
  @ApiProperty({ description: 'Activities it leads that are still followed up (active)' }) leadsActivities: number;
}

export class AdminGoalAreaDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'A' }) code: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, nullable: true }) subtitle: string | null;
  @ApiProperty({ description: 'Activities linked to it (any status); only one with none may be removed' }) activityCount: number;
}

export class AdminAreaDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
}

export class CouncilMeetingDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) cancelledAt: string | null;
  @ApiProperty({ type: String, nullable: true }) cancelReason: string | null;
}

export class AgreementAdminDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() key: string;
  @ApiProperty() title: string;
  @ApiProperty() municipality: string;
  @ApiProperty({ format: 'date' }) validFrom: string;
  @ApiProperty({ format: 'date' }) validTo: string;
  @ApiProperty() purpose: string;
  @ApiProperty() longTermGoal: string;
  @ApiProperty({ type: String, nullable: true }) timePerspectives: string | null;
  @ApiProperty({ type: String, nullable: true }) geographicFocus: string | null;
  @ApiProperty({ type: [PrincipleInputDto] }) principles: PrincipleInputDto[];
  @ApiProperty({ type: [AdminPartyDto] }) parties: AdminPartyDto[];
  @ApiProperty({ type: [AdminGoalAreaDto] }) goalAreas: AdminGoalAreaDto[];
  @ApiProperty({ type: [AdminAreaDto] }) areas: AdminAreaDto[];
  @ApiProperty({ type: [CouncilMeetingDto], description: 'Every meeting, cancelled ones too, by date' }) councilMeetings: CouncilMeetingDto[];
}
