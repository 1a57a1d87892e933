import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, ArrayUnique, IsArray, IsDefined, IsEmail, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { USER_ROLES } from '@app/domain';
import type { UserRole } from '@app/domain';
import { SLUG } from '../agreements/agreement.dto';

/** Shortest password accepted (set by invitation or reset, or changed). */
export const MIN_PASSWORD_LENGTH = 10;
const ROLES_MESSAGE = `roles must be a list of one or more of ${USER_ROLES.join(', ')}`;

export class InvitePersonDto {
  @ApiProperty({ example: 'ny.person@exempelby.example' })
  @IsDefined({ message: 'email is required' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(320, { message: 'email is too long' })
  email: string;

  @ApiProperty({ example: 'Nora Nilsson' })
  @IsDefined({ message: 'name is required' })
  @IsString({ message: 'name must be text' })
  @MinLength(2, { message: 'name must be at least 2 characters' })
  @MaxLength(200, { message: 'name is too long (at most 200 characters)' })
  name: string;

  @ApiProperty({ type: String, nullable: true, example: 'city', description: 'A party key of the agreement (GET /api/parties), or null for the cross-party bodies' })
  @ValidateIf((_, v) => v !== null)
  @IsDefined({ message: 'party is required: a party key of the agreement, or null' })
  @Matches(SLUG, { message: 'party must be a party key such as city, or null' })
  party: string | null;

  @ApiProperty({ enum: USER_ROLES, isArray: true, example: ['owner'] })
  @IsDefined({ message: ROLES_MESSAGE })
  @IsArray({ message: ROLES_MESSAGE })
  @ArrayNotEmpty({ message: ROLES_MESSAGE })
  @ArrayMaxSize(USER_ROLES.length, { message: ROLES_MESSAGE })
  @ArrayUnique({ message: 'roles must not name a role twice' })
  @IsIn(USER_ROLES, { each: true, message: ROLES_MESSAGE })
  roles: UserRole[];
}

export class UpdateMembershipDto {
  @ApiPropertyOptional({ type: String, nullable: true, description: 'A party key of the agreement, or null for the cross-party bodies; left out: unchanged' })
  @IsOptional()
  @Matches(SLUG, { message: 'party must be a party key such as city, or null' })
  party?: string | null;

  @ApiPropertyOptional({ enum: USER_ROLES, isArray: true, description: 'Left out: unchanged' })
  @IsOptional()
  @IsArray({ message: ROLES_MESSAGE })
  @ArrayNotEmpty({ message: ROLES_MESSAGE })
  @ArrayMaxSize(USER_ROLES.length, { message: ROLES_MESSAGE })
  @ArrayUnique({ message: 'roles must not name a role twice' })
  @IsIn(USER_ROLES, { each: true, message: ROLES_MESSAGE })
  roles?: UserRole[];
}

export const PERSON_STATES = ['active', 'invited', 'invitation-expired', 'deactivated'] as const;
export type PersonState = (typeof PERSON_STATES)[number];

export class PersonDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() email: string;
  @ApiProperty({ type: String, nullable: true, description: 'Party key in this agreement' }) party: string | null;
  @ApiProperty({ enum: USER_ROLES, isArray: true }) roles: UserRole[];
  @ApiProperty({
    enum: PERSON_STATES,
    description: 'active: has a password and may sign in; invited: has an open invitation; invitation-expired: has neither (re-send it); deactivated: may not sign in',
  })
  state: PersonState;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the latest invitation of this agreement was sent' }) invitedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Until when the open invitation is valid' }) invitationExpiresAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deactivatedAt: string | null;
  @ApiProperty({ description: 'Also a member of agreements other than this one (deactivating then needs their administrators too)' }) memberElsewhere: boolean;
}

export class InvitedDto {
  @ApiProperty({ type: PersonDto }) person: PersonDto;
  @ApiProperty({ description: 'Whether an invitation (a one-time link to set a password) was made: false when the person has a password already and was only told of the membership' })
  invitation: boolean;
  @ApiProperty({ description: 'Whether the mail server took the e-mail; false when mail is off or the server failed (re-send later)' }) emailSent: boolean;
}

export class SetPasswordDto {
  @ApiProperty({ description: 'The token from the link in the invitation or reset e-mail' })
  @IsDefined({ message: 'token is required: the code at the end of the link in the e-mail' })
  @IsString({ message: 'token must be text' })
  @MaxLength(200, { message: 'token is not one of ours; use the link in the e-mail' })
  token: string;

  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH })
  @IsDefined({ message: 'password is required' })
  @IsString({ message: 'password must be text' })
  @MinLength(MIN_PASSWORD_LENGTH, { message: `password must be at least ${MIN_PASSWORD_LENGTH} characters` })
  @MaxLength(200, { message: 'password is too long (at most 200 characters)' })
  password: string;
}

export class PasswordSetDto {
  @ApiProperty({ description: 'The address to sign in with' }) email: string;
}

export class PasswordResetRequestDto {
  @ApiProperty({ example: 'polis@samverkan.example' })
  @IsDefined({ message: 'email is required' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(320, { message: 'email is too long' })
  email: string;
}

export class PasswordResetAcceptedDto {
  @ApiProperty({ description: 'The same whether the address exists or not' }) message: string;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsDefined({ message: 'currentPassword is required' })
  @IsString({ message: 'currentPassword must be text' })
  @MaxLength(200, { message: 'currentPassword is too long' })
  currentPassword: string;

  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH })
  @IsDefined({ message: 'newPassword is required' })
  @IsString({ message: 'newPassword must be text' })
  @MinLength(MIN_PASSWORD_LENGTH, { message: `newPassword must be at least ${MIN_PASSWORD_LENGTH} characters` })
  @MaxLength(200, { message: 'newPassword is too long (at most 200 characters)' })
  newPassword: string;
}
