import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { DataSource } from 'typeorm';
import { AuditEntry } from '@app/database';
import { CurrentUser } from '../auth/auth.decorators';
import type { SignedInUser } from '../auth/auth.decorators';
import { authorize } from '../auth/authorize';
import { ActivitiesService } from '../activities/activities.service';

export class AuditQuery {
  @ApiPropertyOptional({ description: 'Activity id or key' })
  @IsOptional()
  @MaxLength(100, { message: 'activity must be an activity id or key' })
  activity?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only what this user did' })
  @IsOptional()
  @IsUUID('all', { message: 'user must be a user id (uuid)' })
  user?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number from 1 to 500' })
  @Min(1, { message: 'limit must be a whole number from 1 to 500' })
  @Max(500, { message: 'limit must be a whole number from 1 to 500' })
  limit: number = 100;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'offset must be a whole number, 0 or more' })
  @Min(0, { message: 'offset must be a whole number, 0 or more' })
  offset: number = 0;
}

export class AuditEntryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiPropertyOptional({ nullable: true }) actorUserId: string | null;
  @ApiPropertyOptional({ nullable: true }) actorEmail: string | null;
  @ApiProperty({ example: 'activity.pause' }) action: string;
  @ApiProperty() entityType: string;
  @ApiProperty() entityId: string;
  @ApiPropertyOptional({ nullable: true }) activityId: string | null;
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
  ) {}

  @Get()
  @ApiOperation({ summary: 'The audit trail, newest first (administrators and samverkansledning)' })
  @ApiOkResponse({ type: [AuditEntryDto] })
  async list(@CurrentUser() user: SignedInUser, @Query() query: AuditQuery): Promise<AuditEntryDto[]> {
    authorize(user, 'read-audit');
    const qb = this.dataSource.getRepository(AuditEntry).createQueryBuilder('e').orderBy('e.at', 'DESC').addOrderBy('e.id', 'DESC');
    if (query.activity) qb.andWhere('e.activity_id = :activityId', { activityId: (await this.activities.find(query.activity)).id });
    if (query.user) qb.andWhere('e.actor_user_id = :userId', { userId: query.user });
    const rows = await qb.limit(query.limit).offset(query.offset).getMany();
    return rows.map((e) => ({ ...e, at: e.at.toISOString() }));
  }
}
