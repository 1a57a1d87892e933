import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsEmail, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { SLUG } from '../agreements/agreement.dto';

export class FirstAdministratorDto {
  @ApiProperty({ example: 'admin@exempelby.example' })
  @IsDefined({ message: 'administrator.email is required' })
  @IsEmail({}, { message: 'administrator.email must be an e-mail address' })
  @MaxLength(320, { message: 'administrator.email is too long' })
  email: string;

  @ApiProperty({ example: 'Alex Administratör' })
  @IsDefined({ message: 'administrator.name is required' })
  @IsString({ message: 'administrator.name must be text' })
  @MinLength(2, { message: 'administrator.name must be at least 2 characters' })
  @MaxLength(200, { message: 'administrator.name is too long (at most 200 characters)' })
  name: string;
}

export class CreateMunicipalityDto {
  @ApiProperty({ example: 'exempelby', description: 'Slug: lower-case letters, digits and dashes' })
  @IsDefined({ message: 'key is required' })
  @Matches(SLUG, { message: 'key must be a slug such as exempelby (a–z, 0–9 and single dashes)' })
  @MaxLength(60, { message: 'key is too long (at most 60 characters)' })
  key: string;

  @ApiProperty({ example: 'Exempelby kommun' })
  @IsDefined({ message: 'name is required' })
  @IsString({ message: 'name must be text' })
  @MinLength(2, { message: 'name must be at least 2 characters' })
  @MaxLength(200, { message: 'name is too long (at most 200 characters)' })
  name: string;

  @ApiProperty({ type: FirstAdministratorDto })
  @IsDefined({ message: 'administrator is required: the municipality’s first administrator' })
  @ValidateNested()
  @Type(() => FirstAdministratorDto)
  administrator: FirstAdministratorDto;
}

export class MunicipalityDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() key: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'How many agreements it has' }) agreements: number;
  @ApiProperty({ description: 'E-mail addresses of its administrators', type: [String] }) administrators: string[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class CreatedMunicipalityDto {
  @ApiProperty({ type: MunicipalityDto }) municipality: MunicipalityDto;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'A first password for a new administrator, shown this once and stored only hashed; null when the address had an account already',
  })
  initialPassword: string | null;
}
