import { Controller, Get, Query } from '@nestjs/common';
import { authorize } from '../auth/authorize';
import { CurrentUser } from '../auth/auth.decorators';
import type { SignedInUser } from '../auth/auth.decorators';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { USER_ROLES } from '@app/domain';
import type { UserRole } from '@app/domain';
import { AgreementsService } from '../agreements/agreements.service';
import { AgreementScopeQuery } from '../agreements/agreement.dto';

export class StaffDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() email: string;
  @ApiProperty({ type: String, nullable: true, description: 'Party key' }) party: string | null;
  @ApiProperty({ enum: USER_ROLES, isArray: true }) roles: UserRole[];
}

/** The members of an agreement (staff of its parties, never citizens), e.g. to choose an activity's owner. */
@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly agreements: AgreementsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The members of one of your agreements, by name, with their party and roles there (its administrators and party coordinators)' })
  @ApiOkResponse({ type: [StaffDto] })
  async list(@CurrentUser() user: SignedInUser, @Query() query: AgreementScopeQuery): Promise<StaffDto[]> {
    const agreement = await this.agreements.resolveFor(user, query.agreement);
    authorize(user, 'list-staff', { agreementId: agreement.id });
    const rows: { id: string; name: string; email: string; party: string | null; roles: UserRole[] }[] = await this.dataSource.query(
      `SELECT u.id, u.name, u.email, p.key AS party, m.roles
         FROM membership m JOIN app_user u ON u.id = m.user_id LEFT JOIN party p ON p.id = m.party_id
        WHERE m.agreement_id = $1 AND u.deactivated_at IS NULL
        ORDER BY u.name, u.id`,
      [agreement.id],
    );
    return rows;
  }
}
