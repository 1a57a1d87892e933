import { Controller, Get } from '@nestjs/common';
import { authorize } from '../auth/authorize';
import { CurrentUser } from '../auth/auth.decorators';
import type { SignedInUser } from '../auth/auth.decorators';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { USER_ROLES } from '@app/domain';
import type { UserRole } from '@app/domain';
import { User } from '@app/database';

export class StaffDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() email: string;
  @ApiProperty({ type: String, nullable: true, description: 'Party key' }) party: string | null;
  @ApiProperty({ enum: USER_ROLES, isArray: true }) roles: UserRole[];
}

/** The staff of the parties (never citizens), e.g. to choose an activity's owner. */
@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  @ApiOperation({ summary: 'Staff who use Samverkan, by name (administrators and party coordinators)' })
  @ApiOkResponse({ type: [StaffDto] })
  async list(@CurrentUser() user: SignedInUser): Promise<StaffDto[]> {
    authorize(user, 'list-staff');
    const users = await this.dataSource.getRepository(User).find({ relations: { party: true }, order: { name: 'ASC' } });
    return users.map((u) => ({ id: u.id, name: u.name, email: u.email, party: u.party?.key ?? null, roles: u.roles }));
  }
}
