import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { TemporalClientService } from '@app/temporal';
import { within } from '../common/within';
import { Public } from '../auth/auth.decorators';
import { DatabaseOutage } from './database-outage';

export class HealthDto {
  @ApiProperty({ enum: ['ok', 'error'] }) status: 'ok' | 'error';
  @ApiProperty({ enum: ['up', 'down'] }) database: 'up' | 'down';
  @ApiProperty({ enum: ['up', 'down'] }) temporal: 'up' | 'down';
  @ApiProperty({ required: false, type: [String] }) problems?: string[];
  @ApiProperty() uptimeSeconds: number;
}

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly temporal: TemporalClientService,
    private readonly databaseOutage: DatabaseOutage,
  ) {}

  @Get()
  @ApiOperation({ summary: 'ok only when both PostgreSQL and Temporal answer' })
  @ApiOkResponse({ type: HealthDto })
  @ApiServiceUnavailableResponse({ type: HealthDto })
  async check(@Res({ passthrough: true }) res: Response): Promise<HealthDto> {
    const problems: string[] = [];
    const [database, temporal] = await Promise.all([
      within(2000, this.dataSource.query('SELECT 1')).then(
        () => (this.databaseOutage.recovered(), 'up' as const),
        (e: Error) => (problems.push(`PostgreSQL: ${e.message}`), this.databaseOutage.failed(`the health check: ${e.message}`), 'down' as const),
      ),
      this.temporal.ping(2000).then(
        () => 'up' as const,
        (e: Error) => (problems.push(`Temporal: ${e.message}`), 'down' as const),
      ),
    ]);
    const ok = database === 'up' && temporal === 'up';
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return {
      status: ok ? 'ok' : 'error',
      database,
      temporal,
      ...(problems.length ? { problems } : {}),
      uptimeSeconds: Math.round(process.uptime()),
    };
  }
}
