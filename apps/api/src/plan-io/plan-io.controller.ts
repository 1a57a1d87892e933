import { Controller, Get, HttpCode, Param, Post, Query, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser } from '../auth/auth.decorators';
import type { SignedInUser } from '../auth/auth.decorators';
import { ExportPlanQuery, ExportReportsQuery, IgnoredAgreementQuery, ImportPlanQuery, PlanImportDto } from './plan-io.dto';
import { PLAN_UPLOAD_LIMIT_BYTES, PlanIoService } from './plan-io.service';
import type { UploadedPlanFile } from './plan-io.service';

/**
 * The plan as a spreadsheet, out and back in. One row per activity (its external id, key, title,
 * goal areas, parties, owner's e-mail, three phases with dates and cadences, and their delmål). An
 * import runs in the background (GET /api/imports/:id): good rows are written, each activity whole
 * or not at all, and every bad row is reported with its column.
 */
@ApiTags('plan')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: 'Outside your role: the message says who may' })
@ApiNotFoundResponse({ description: 'No such agreement or import among yours' })
@Controller()
export class PlanIoController {
  constructor(private readonly plan: PlanIoService) {}

  @Get('agreements/:key/export')
  @ApiOperation({ summary: 'The agreement’s plan as an Excel workbook (default) or CSV; cells that would be formulas are neutralised' })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv')
  @ApiOkResponse({ description: 'The file' })
  async export(@CurrentUser() user: SignedInUser, @Param('key') key: string, @Query() query: ExportPlanQuery, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const file = await this.plan.export(user, key, query.format ?? 'xlsx');
    res.setHeader('Content-Type', file.mediaType);
    res.setHeader('Content-Disposition', `attachment; filename="${file.fileName}"`);
    return new StreamableFile(file.body);
  }

  @Get('agreements/:key/reports/export')
  @ApiOperation({ summary: 'The agreement’s lägesrapporter submitted in a period (from and to inclusive), as an Excel workbook (default) or CSV; cells that would be formulas are neutralised' })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv')
  @ApiOkResponse({ description: 'The file: one row per report, Swedish headers' })
  @ApiBadRequestResponse({ description: 'No such day (2023-02-30), the period ends before it starts, or an unknown format' })
  async exportReports(@CurrentUser() user: SignedInUser, @Param('key') key: string, @Query() query: ExportReportsQuery, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const file = await this.plan.exportReports(user, key, query.format ?? 'xlsx', query.from, query.to);
    res.setHeader('Content-Type', file.mediaType);
    res.setHeader('Content-Disposition', `attachment; filename="${file.fileName}"`);
    return new StreamableFile(file.body);
  }

  @Post('agreements/:key/import')
  @HttpCode(202)
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: PLAN_UPLOAD_LIMIT_BYTES, files: 1, fields: 10, parts: 20 } }))
  @ApiOperation({ summary: 'Import the plan from an .xlsx or .csv file (as the export gives); ?dryRun=true writes nothing and reports' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOkResponse({ type: PlanImportDto, description: 'The import, started; follow it at GET /api/imports/:id' })
  @ApiBadRequestResponse({ description: 'Not a plan: unknown or missing columns, no rows, unreadable' })
  @ApiUnsupportedMediaTypeResponse({ description: 'The file is not what its name says (neither .xlsx nor .csv)' })
  @ApiPayloadTooLargeResponse({ description: `Larger than ${PLAN_UPLOAD_LIMIT_BYTES / 1024 / 1024} MB` })
  import(@CurrentUser() user: SignedInUser, @Param('key') key: string, @Query() query: ImportPlanQuery, @UploadedFile() file: UploadedPlanFile | undefined): Promise<PlanImportDto> {
    return this.plan.import(user, key, file, query.dryRun ?? false);
  }

  @Get('imports/:id')
  @ApiOperation({ summary: 'An import’s progress: rows done and failed of total, and each row’s errors' })
  @ApiOkResponse({ type: PlanImportDto })
  get(@CurrentUser() user: SignedInUser, @Param('id') id: string, @Query() _scope: IgnoredAgreementQuery): Promise<PlanImportDto> {
    return this.plan.get(user, id);
  }
}
