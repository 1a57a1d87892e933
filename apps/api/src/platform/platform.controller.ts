import { randomBytes } from 'node:crypto';
import { Body, Controller, ForbiddenException, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { hash } from 'bcryptjs';
import { DataSource } from 'typeorm';
import { acrossTenants } from '@app/database';
import { CurrentUser } from '../auth/auth.decorators';
import type { SignedInUser } from '../auth/auth.decorators';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { AuditService } from '../audit/audit.service';
import { CreatedMunicipalityDto, CreateMunicipalityDto, MunicipalityDto } from './platform.dto';

const MUNICIPALITIES_SQL = `
  SELECT m.id, m.key, m.name, m.created_at,
         (SELECT count(*)::int FROM agreement a WHERE a.municipality_id = m.id) AS agreements,
         coalesce((SELECT array_agg(u.email ORDER BY u.email) FROM municipality_administrator ma JOIN app_user u ON u.id = ma.user_id WHERE ma.municipality_id = m.id), '{}') AS administrators
    FROM municipality m`;

interface MunicipalityRow {
  id: string;
  key: string;
  name: string;
  created_at: Date;
  agreements: number;
  administrators: string[];
}

const toDto = (r: MunicipalityRow): MunicipalityDto => ({ id: r.id, key: r.key, name: r.name, agreements: r.agreements, administrators: r.administrators, createdAt: r.created_at.toISOString() });

/**
 * The platform's own operators: they create municipalities (tenants) and their first administrators.
 * They are members of no agreement, so every follow-up endpoint shows them nothing; what they see here
 * is the municipalities' names, their number of agreements and their administrators' addresses.
 */
@ApiTags('platform')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: 'Only platform operators' })
@Controller('platform')
export class PlatformController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  @Get('municipalities')
  @ApiOperation({ summary: 'The municipalities on the platform (platform operators)' })
  @ApiOkResponse({ type: [MunicipalityDto] })
  async list(@CurrentUser() user: SignedInUser): Promise<MunicipalityDto[]> {
    operatorOnly(user);
    const rows = await acrossTenants(() => this.dataSource.query<MunicipalityRow[]>(`${MUNICIPALITIES_SQL} ORDER BY m.name, m.key`));
    return rows.map(toDto);
  }

  @Post('municipalities')
  @ApiOperation({ summary: 'Create a municipality and its first administrator (platform operators)' })
  @ApiCreatedResponse({ type: CreatedMunicipalityDto })
  @ApiConflictResponse({ description: 'A municipality has that key already' })
  async create(@CurrentUser() user: SignedInUser, @Body() dto: CreateMunicipalityDto): Promise<CreatedMunicipalityDto> {
    operatorOnly(user);
    const email = dto.administrator.email.toLowerCase();
    const password = randomBytes(18).toString('base64url');
    const passwordHash = await hash(password, 10);
    // Across tenants on purpose: a municipality is made outside every one, by someone of none.
    const result = await acrossTenants(() =>
      this.dataSource.transaction(async (em) => {
        const [clash] = await em.query(`SELECT 1 FROM municipality WHERE key = $1`, [dto.key]);
        if (clash) throw new ApiError(ApiErrorCode.Conflict, `A municipality has the key "${dto.key}" already; choose another key.`);
        const [municipality] = await em.query(`INSERT INTO municipality (key, name) VALUES ($1, $2) RETURNING id`, [dto.key, dto.name.trim()]);
        const [existing] = await em.query(`SELECT id FROM app_user WHERE email = $1`, [email]);
        const adminId: string = existing
          ? existing.id
          : (await em.query(`INSERT INTO app_user (email, name, password_hash) VALUES ($1, $2, $3) RETURNING id`, [email, dto.administrator.name.trim(), passwordHash]))[0].id;
        await em.query(`INSERT INTO municipality_administrator (municipality_id, user_id) VALUES ($1, $2)`, [municipality.id, adminId]);
        await this.audit.record(
          user,
          { action: 'municipality.create', entityType: 'municipality', entityId: municipality.id, after: { key: dto.key, name: dto.name.trim(), administrator: email } },
          em,
        );
        const [row] = await em.query<MunicipalityRow[]>(`${MUNICIPALITIES_SQL} WHERE m.id = $1`, [municipality.id]);
        return { municipality: toDto(row), initialPassword: existing ? null : password };
      }),
    );
    return result;
  }
}

function operatorOnly(user: SignedInUser): void {
  if (!user.platformRoles.includes('platform-operator')) throw new ForbiddenException('Only platform operators may manage the municipalities on the platform.');
}
