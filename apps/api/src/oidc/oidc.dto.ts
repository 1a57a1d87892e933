import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDefined, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { EMAIL_DOMAIN } from '@app/domain/email-domain';

export class CreateOidcConnectionDto {
  @ApiProperty({ example: 'police', description: 'Key of the party (organisation) of the agreement whose provider this is' })
  @IsDefined({ message: 'party is required: the key of one of the agreement’s parties' })
  @IsString({ message: 'party must be a party key' })
  @MaxLength(60, { message: 'party is too long' })
  party: string;

  @ApiPropertyOptional({ example: 'Polisens Entra ID', description: 'Shown as "Logga in med <displayName>"; default: the party’s name' })
  @IsOptional()
  @IsString({ message: 'displayName must be text' })
  @MinLength(2, { message: 'displayName must be at least 2 characters' })
  @MaxLength(80, { message: 'displayName is too long (at most 80 characters)' })
  displayName?: string;

  @ApiProperty({ example: 'https://login.microsoftonline.com/<tenant>/v2.0', description: 'The issuer; its /.well-known/openid-configuration is read when registering' })
  @IsDefined({ message: 'issuer is required' })
  @IsString({ message: 'issuer must be a URL' })
  @MaxLength(500, { message: 'issuer is too long' })
  issuer: string;

  @ApiProperty()
  @IsDefined({ message: 'clientId is required' })
  @IsString({ message: 'clientId must be text' })
  @MinLength(1, { message: 'clientId must not be empty' })
  @MaxLength(300, { message: 'clientId is too long' })
  clientId: string;

  @ApiProperty({ description: 'Stored encrypted; never returned' })
  @IsDefined({ message: 'clientSecret is required' })
  @IsString({ message: 'clientSecret must be text' })
  @MinLength(1, { message: 'clientSecret must not be empty' })
  @MaxLength(1000, { message: 'clientSecret is too long' })
  clientSecret: string;

  @ApiProperty({ type: [String], example: ['polisen.se'], description: 'E-mail domains whose people may sign in through it' })
  @IsDefined({ message: 'allowedDomains is required: at least one e-mail domain' })
  @IsArray({ message: 'allowedDomains must be a list of e-mail domains' })
  @ArrayMinSize(1, { message: 'allowedDomains needs at least one e-mail domain' })
  @ArrayMaxSize(20, { message: 'allowedDomains has too many domains (at most 20)' })
  @Matches(EMAIL_DOMAIN, { each: true, message: 'allowedDomains must be domains such as vasteras.se (no @, no wildcard)' })
  allowedDomains: string[];
}

export class OidcConnectionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() agreement: string;
  @ApiProperty({ description: 'Party key' }) party: string;
  @ApiProperty() displayName: string;
  @ApiProperty() issuer: string;
  @ApiProperty() clientId: string;
  @ApiProperty({ type: [String] }) allowedDomains: string[];
  @ApiProperty({ description: 'Where the provider must send people back (register it with the provider)' }) redirectUri: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class OidcProviderDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Shown as "Logga in med <displayName>"' }) displayName: string;
  @ApiProperty() agreement: string;
  @ApiProperty() agreementTitle: string;
  @ApiProperty({ description: 'Open this address (a navigation, not a fetch) to sign in' }) startUrl: string;
}

export class OidcExchangeDto {
  @ApiProperty({ description: 'The one-time code from #/oidc/<code>' })
  @IsDefined({ message: 'code is required' })
  @IsString({ message: 'code must be text' })
  @MaxLength(100, { message: 'code is not one of ours' })
  code: string;
}
