import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsEmail, IsString, MaxLength } from 'class-validator';
import { PLATFORM_ROLES, USER_ROLES } from '@app/domain';
import type { PlatformRole, UserRole } from '@app/domain';

export class LoginDto {
  @ApiProperty({ example: 'polis@samverkan.example' })
  @IsDefined({ message: 'email is required' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(320, { message: 'email is too long' })
  email: string;

  @ApiProperty({ example: 'samverkan-demo' })
  @IsDefined({ message: 'password is required' })
  @IsString({ message: 'password must be text' })
  @MaxLength(200, { message: 'password is too long' })
  password: string;
}

export class RefreshDto {
  @ApiProperty()
  @IsDefined({ message: 'refreshToken is required' })
  @IsString({ message: 'refreshToken must be text' })
  @MaxLength(200, { message: 'refreshToken is not one of ours' })
  refreshToken: string;
}

export class MembershipDto {
  @ApiProperty({ description: 'Agreement key, e.g. vasteras-2023-2027: send as ?agreement=' }) agreement: string;
  @ApiProperty() agreementTitle: string;
  @ApiProperty({ example: 'Västerås' }) municipality: string;
  @ApiProperty({ type: String, nullable: true, description: 'Party key within the agreement, e.g. police; null for the cross-party bodies' }) party: string | null;
  @ApiProperty({ enum: USER_ROLES, isArray: true, description: 'Roles in this agreement' }) roles: UserRole[];
}

export class MeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: PLATFORM_ROLES, isArray: true, description: 'Roles on the platform itself (platform-operator); grant nothing in any agreement' })
  platformRoles: PlatformRole[];
  @ApiProperty({ type: [MembershipDto], description: 'The agreements the person is a member of, and their party and roles in each' })
  memberships: MembershipDto[];
}

export class TokensDto {
  @ApiProperty({ description: 'Send as Authorization: Bearer <accessToken>' }) accessToken: string;
  @ApiProperty({ example: 'Bearer' }) tokenType: 'Bearer';
  @ApiProperty({ description: 'Seconds until the access token expires' }) expiresIn: number;
  @ApiProperty({ description: 'Exchange at POST /api/auth/refresh for new tokens (once)' }) refreshToken: string;
  @ApiProperty({ type: MeDto }) user: MeDto;
}
