import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsOptional, IsUUID, Matches, MaxLength } from 'class-validator';
import { DataSource } from 'typeorm';
import { AuditEntry } from '@app/database';
import { CurrentUser } from '../auth/auth.decorators';
import type { SignedInUser } from '../auth/auth.decorators';
import { authorize } from '../auth/authorize';
import { ActivitiesService } from '../activities/activities.service';
import { PagingQuery } from '../common/paging.dto';
import { AgreementsService } from '../agreements/agreements.service';
import { SLUG } from '../agreements/agreement.dto';

export class AuditQuery extends PagingQuery {
  @ApiPropertyOptional({ description: 'One of your agreements; needed when you are a member of several', example: 'vasteras-2023-2027' })
  @IsOptional()
  @Matches(SLUG, { message: 'agreement must be an agreement key such as vasteras-2023-2027' })
  agreement?: string;

  @ApiPropertyOptional({ description: 'Activity id or key' })
  @IsOptional()
  @MaxLength(100, { message: 'activity must be an activity id or key' })
  activity?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only what this user did' })
  @IsOptional()
  @IsUUID('all', { message: 'user must be a user id (uuid)' })
  user?: string;

}

export class AuditEntryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiPropertyOptional({ type: String, nullable: true }) actorUserId: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) actorEmail: string | null;
  @ApiProperty({ example: 'activity.pause' }) action: string;
  @ApiProperty() entityType: string;
  @ApiProperty() entityId: string;
  @ApiPropertyOptional({ type: String, nullable: true }) activityId: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) agreementId: string | null;
  @ApiPropertyOptional({ nullable: true }) before: unknown;
  @ApiPropertyOptional({ nullable: true }) after: unknown;
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly activities: ActivitiesService,
    private readonly agreements: AgreementsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The audit trail of one of your agreements, newest first (its administrators and samverkansledning)' })
  @ApiOkResponse({ type: [AuditEntryDto] })
  async list(@CurrentUser() user: SignedInUser, @Query() query: AuditQuery): Promise<AuditEntryDto[]> {
    const agreement = await this.agreements.resolveFor(user, query.agreement);
    authorize(user, 'read-audit', { agreementId: agreement.id });
    const qb = this.dataSource
      .getRepository(AuditEntry)
      .createQueryBuilder('e')
      .where('e.agreement_id = :agreementId', { agreementId: agreement.id })
      .orderBy('e.at', 'DESC')
      .addOrderBy('e.id', 'DESC');
    if (query.activity) qb.andWhere('e.activity_id = :activityId', { activityId: (await this.activities.find(user, query.activity, agreement.key)).id });
    if (query.user) qb.andWhere('e.actor_user_id = :userId', { userId: query.user });
    const rows = await qb.limit(query.limit).offset(query.offset).getMany();
    return rows.map((e) => ({ ...e, at: e.at.toISOString() }));
  }
}
