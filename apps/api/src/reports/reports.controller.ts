import { Body, Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiForbiddenResponse, ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { AgreementScopeQuery } from '../agreements/agreement.dto';
import { CreateReportDto, PERSONAL_DATA_NOTICE, ReportDto, ReportReceiptDto } from './report.dto';
import { ReportsService } from './reports.service';
import { CurrentUser } from '../auth/auth.decorators';
import type { SignedInUser } from '../auth/auth.decorators';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('activities/:idOrKey/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Post()
  @ApiOperation({
    summary: 'Submit a progress report (lägesrapport)',
    description: `${PERSONAL_DATA_NOTICE} The report is saved before anything else happens and is never lost: 201 when the follow-up has taken it, 202 when Temporal is away (it is delivered when Temporal is back). Send an Idempotency-Key to make retries safe: a key is yours and unique per activity, and a retry must send the same report.`,
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'A retried post by the same person on the same activity with the same key and the same report returns the first result; the same key with a different report is a 422. Another person’s key, or a key used on another activity, is another key.',
  })
  @ApiCreatedResponse({ type: ReportReceiptDto })
  @ApiAcceptedResponse({ type: ReportReceiptDto, description: 'Saved; the follow-up receives it as soon as Temporal answers' })
  @ApiForbiddenResponse({ description: 'Only the owner, or a coordinator of the lead party, may report' })
  @ApiConflictResponse({ description: 'The activity takes no reports (completed or cancelled)' })
  @ApiUnprocessableEntityResponse({ description: 'You used this Idempotency-Key on this activity already, for a different report: nothing is stored; use a new key (error IDEMPOTENCY_KEY_REUSED)' })
  async submit(
    @CurrentUser() user: SignedInUser,
    @Param('idOrKey') idOrKey: string,
    @Query() scope: AgreementScopeQuery,
    @Body() dto: CreateReportDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ReportReceiptDto> {
    const result = await this.reports.submit(user, idOrKey, dto, idempotencyKey, scope.agreement);
    res.status(result.statusCode);
    return result.body;
  }

  @Get()
  @ApiOperation({ summary: 'The reports on an activity, newest first' })
  @ApiOkResponse({ type: [ReportDto] })
  list(@CurrentUser() user: SignedInUser, @Param('idOrKey') idOrKey: string, @Query() scope: AgreementScopeQuery): Promise<ReportDto[]> {
    return this.reports.list(user, idOrKey, scope.agreement);
  }
}
