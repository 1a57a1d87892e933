import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { TemporalClientService } from '@app/temporal';
import { within } from '../common/within';
import { Public } from '../auth/auth.decorators';
import { DatabaseOutage } from './database-outage';

/** Seconds a probe should wait before asking readiness again while PostgreSQL is away (as the API's 503s say). */
const RETRY_AFTER_SECONDS = 5;

export class HealthDto {
  @ApiProperty({ enum: ['ok', 'error'] }) status: 'ok' | 'error';
  @ApiProperty({ enum: ['up', 'down'] }) database: 'up' | 'down';
  @ApiProperty({ enum: ['up', 'down'] }) temporal: 'up' | 'down';
  @ApiProperty({ required: false, type: [String] }) problems?: string[];
  @ApiProperty() uptimeSeconds: number;
}

export class LivenessDto {
  @ApiProperty({ enum: ['ok'] }) status: 'ok';
  @ApiProperty() uptimeSeconds: number;
}

export class ReadinessDto {
  @ApiProperty({
    enum: ['ok', 'degraded', 'error'],
    description: 'ok: both answer; degraded: Temporal is away, the API serves (reports wait in the outbox); error: PostgreSQL is away, the API cannot serve',
  })
  status: 'ok' | 'degraded' | 'error';
  @ApiProperty({ enum: ['up', 'down'] }) database: 'up' | 'down';
  @ApiProperty({ enum: ['up', 'down'] }) temporal: 'up' | 'down';
  @ApiProperty({ required: false, type: [String], description: 'What did not answer, and why' }) problems?: string[];
  @ApiProperty({ required: false, description: 'What a dependency being away means for the people using the API' }) message?: string;
  @ApiProperty() uptimeSeconds: number;
}

const TEMPORAL_AWAY =
  'Temporal does not answer. The API serves: reports are kept in the outbox and delivered to their workflows when it returns; ' +
  'what needs Temporal at once (steering an activity, the calendar feed) answers 503 until then.';
const DATABASE_AWAY = `PostgreSQL does not answer, so the API cannot serve requests until it is back. Try again in ${RETRY_AFTER_SECONDS} s.`;

interface Dependencies {
  database: 'up' | 'down';
  temporal: 'up' | 'down';
  problems: string[];
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
  @ApiOperation({
    summary: 'ok only when both PostgreSQL and Temporal answer',
    description: 'The whole platform at a glance. For a load balancer or an orchestrator use /api/health/ready (and /api/health/live).',
  })
  @ApiOkResponse({ type: HealthDto })
  @ApiServiceUnavailableResponse({ type: HealthDto, description: 'PostgreSQL or Temporal does not answer' })
  async check(@Res({ passthrough: true }) res: Response): Promise<HealthDto> {
    const { database, temporal, problems } = await this.dependencies();
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

  @Get('live')
  @ApiOperation({ summary: 'Liveness: ok whenever the process serves HTTP; asks no dependency' })
  @ApiOkResponse({ type: LivenessDto })
  live(): LivenessDto {
    return { status: 'ok', uptimeSeconds: Math.round(process.uptime()) };
  }

  @Get('ready')
  @ApiOperation({
    summary: 'Readiness: ok when PostgreSQL answers; Temporal being away is reported but keeps the API in service',
    description: 'While Temporal is away the answer is 200 with status "degraded" and temporal "down": reports are kept in the outbox and delivered when it returns.',
  })
  @ApiOkResponse({ type: ReadinessDto, description: 'PostgreSQL answers (status ok, or degraded when Temporal is away)' })
  @ApiServiceUnavailableResponse({ type: ReadinessDto, description: 'PostgreSQL does not answer; Retry-After says when to ask again' })
  async ready(@Res({ passthrough: true }) res: Response): Promise<ReadinessDto> {
    const { database, temporal, problems } = await this.dependencies();
    if (database === 'down') {
      res.status(HttpStatus.SERVICE_UNAVAILABLE);
      res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    }
    const status = database === 'down' ? 'error' : temporal === 'down' ? 'degraded' : 'ok';
    const message = database === 'down' ? DATABASE_AWAY : temporal === 'down' ? TEMPORAL_AWAY : undefined;
    return {
      status,
      database,
      temporal,
      ...(problems.length ? { problems } : {}),
      ...(message ? { message } : {}),
      uptimeSeconds: Math.round(process.uptime()),
    };
  }

  /** Asks PostgreSQL and Temporal at once (2 s each); tells the outage tracker what PostgreSQL said. */
  private async dependencies(): Promise<Dependencies> {
    const reason = (e: unknown) => (e instanceof Error ? e.message : String(e));
    const [databaseProblem, temporalProblem] = await Promise.all([
      within(2000, this.dataSource.query('SELECT 1')).then(
        () => (this.databaseOutage.recovered(), undefined),
        (e: unknown) => (this.databaseOutage.failed(`the health check: ${reason(e)}`), `PostgreSQL: ${reason(e)}`),
      ),
      this.temporal.ping(2000).then(
        () => undefined,
        (e: unknown) => `Temporal: ${reason(e)}`,
      ),
    ]);
    return {
      database: databaseProblem ? 'down' : 'up',
      temporal: temporalProblem ? 'down' : 'up',
      problems: [databaseProblem, temporalProblem].filter((p): p is string => p !== undefined),
    };
  }
}
