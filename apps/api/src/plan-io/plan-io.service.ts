import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { addDays, isCalendarDate, isUuid, startOfLocalDay } from '@app/domain';
import { PlanImport } from '@app/database';
import { TemporalClientService } from '@app/temporal';
import { claimedFormat, PlanFileError, readPlanFile, writePlanCsv, writePlanXlsx } from '@app/temporal/plan-io/plan-sheet';
import type { PlanFormat } from '@app/temporal/plan-io/plan-sheet';
import { loadPlanRows } from '@app/temporal/plan-io/plan-store';
import { writeReportsCsv, writeReportsXlsx } from '@app/temporal/plan-io/report-sheet';
import type { ReportExportRow } from '@app/temporal/plan-io/report-sheet';
import { planImportWorkflowId } from '@app/workflows/plan-import/plan-import.workflow';
import { AgreementsService } from '../agreements/agreements.service';
import { AuditService } from '../audit/audit.service';
import type { SignedInUser } from '../auth/auth.decorators';
import { authorize } from '../auth/authorize';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { PlanImportDto } from './plan-io.dto';

/** The largest plan file taken (a plan of 20 000 activities is far below it). */
export const PLAN_UPLOAD_LIMIT_BYTES = 10 * 1024 * 1024;

export interface UploadedPlanFile {
  originalname?: string;
  mimetype?: string;
  buffer: Buffer;
  size: number;
}

@Injectable()
export class PlanIoService {
  private readonly logger = new Logger(PlanIoService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly agreements: AgreementsService,
    private readonly audit: AuditService,
    private readonly temporal: TemporalClientService,
  ) {}

  async export(user: SignedInUser, key: string, format: PlanFormat): Promise<{ body: Buffer; fileName: string; mediaType: string }> {
    const agreement = await this.agreements.getByKey(user, key);
    authorize(user, 'export-plan', { agreementId: agreement.id });
    const rows = await loadPlanRows(this.dataSource.manager, agreement.id);
    await this.audit.record(user, { action: 'plan.export', entityType: 'agreement', entityId: agreement.id, agreementId: agreement.id, after: { format, activities: rows.length } });
    if (format === 'csv') {
      // With a byte order mark, so that Excel reads å, ä and ö as UTF-8.
      return { body: Buffer.from(`\uFEFF${writePlanCsv(rows)}`, 'utf8'), fileName: `${agreement.key}-plan.csv`, mediaType: 'text/csv; charset=utf-8' };
    }
    return { body: await writePlanXlsx(rows), fileName: `${agreement.key}-plan.xlsx`, mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
  }

  /**
   * The agreement's lägesrapporter submitted in the period (`from` and `to` inclusive, days in Swedish
   * time), oldest first: for those who may export the plan (they name every reporter).
   */
  async exportReports(user: SignedInUser, key: string, format: PlanFormat, from: string, to: string): Promise<{ body: Buffer; fileName: string; mediaType: string }> {
    const agreement = await this.agreements.getByKey(user, key);
    authorize(user, 'export-plan', { agreementId: agreement.id });
    for (const [field, date] of [['from', from], ['to', to]] as const) {
      if (!isCalendarDate(date)) throw ApiError.invalid(field, `${date} is not a day in the calendar; give a date such as 2026-01-31`);
    }
    if (from > to) throw ApiError.invalid('to', `the period ends (${to}) before it starts (${from}); give to on or after from`);
    const rows: (Omit<ReportExportRow, 'reporter'> & { reporter_name: string | null; reporter_email: string | null })[] = await this.dataSource.query(
      `SELECT a.external_id AS "externalId", a.key, a.title, r.submitted_at AS "submittedAt", r.status, r.progress, r.summary, r.next_steps AS "nextSteps",
              coalesce((SELECT json_agg(json_build_object('title', m.title, 'status', mu->>'status') ORDER BY array_position(ARRAY['short', 'medium', 'long'], ph.kind::text), m.position)
                          FROM jsonb_array_elements(coalesce(r.milestone_updates, '[]'::jsonb)) mu
                          JOIN milestone m ON m.id::text = mu->>'milestoneId'
                          JOIN phase ph ON ph.id = m.phase_id), '[]') AS milestones,
              u.name AS reporter_name, u.email AS reporter_email
         FROM activity_report r
         JOIN activity a ON a.id = r.activity_id
         LEFT JOIN app_user u ON u.id = r.submitted_by_user_id
        WHERE r.agreement_id = $1 AND r.submitted_at >= $2 AND r.submitted_at < $3
        ORDER BY r.submitted_at, a.external_id, r.id`,
      [agreement.id, new Date(startOfLocalDay(from)), new Date(startOfLocalDay(addDays(to, 1)))],
    );
    const reports: ReportExportRow[] = rows.map(({ reporter_name, reporter_email, ...r }) => ({
      ...r,
      submittedAt: new Date(r.submittedAt),
      reporter: reporter_email ? { name: reporter_name ?? '', email: reporter_email } : null,
    }));
    await this.audit.record(user, { action: 'reports.export', entityType: 'agreement', entityId: agreement.id, agreementId: agreement.id, after: { format, from, to, reports: reports.length } });
    const fileName = `${agreement.key}-lagesrapporter-${from}-${to}`;
    if (format === 'csv') return { body: Buffer.from(`\uFEFF${writeReportsCsv(reports)}`, 'utf8'), fileName: `${fileName}.csv`, mediaType: 'text/csv; charset=utf-8' };
    return { body: await writeReportsXlsx(reports), fileName: `${fileName}.xlsx`, mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
  }

  /** Reads the file (refusing it whole when it is not a plan), records the import and starts its workflow. */
  async import(user: SignedInUser, key: string, file: UploadedPlanFile | undefined, dryRun: boolean): Promise<PlanImportDto> {
    const agreement = await this.agreements.getByKey(user, key);
    authorize(user, 'import-plan', { agreementId: agreement.id });
    if (!file || !file.buffer?.length) throw ApiError.invalid('file', 'send the plan as a multipart/form-data field named "file" (an .xlsx or .csv file, as the export gives)');
    const format = claimedFormat(file.originalname, file.mimetype);
    if (!format) throw new ApiError(ApiErrorCode.UnsupportedMediaType, `"${file.originalname ?? 'the file'}" is neither .xlsx nor .csv; send the plan as an Excel workbook (.xlsx) or a CSV file (.csv)`);
    let parsed;
    try {
      parsed = await readPlanFile(file.buffer, format);
    } catch (error) {
      if (error instanceof PlanFileError) {
        throw new ApiError(error.kind === 'wrong-type' ? ApiErrorCode.UnsupportedMediaType : ApiErrorCode.InvalidInput, error.message);
      }
      throw error;
    }
    const refusedRows = new Set(parsed.errors.map((e) => e.row)).size;
    const job = await this.dataSource.transaction(async (em) => {
      const saved = await em.save(
        em.create(PlanImport, {
          agreementId: agreement.id,
          createdByUserId: user.userId,
          createdByEmail: user.email,
          fileName: (file.originalname ?? `plan.${format}`).slice(0, 200),
          format,
          dryRun,
          status: 'queued',
          total: parsed.rows.length + refusedRows,
          done: refusedRows,
          failed: refusedRows,
          errors: parsed.errors,
          rows: parsed.rows,
        }),
      );
      await this.audit.record(user, { action: dryRun ? 'plan.import-dry-run' : 'plan.import', entityType: 'plan_import', entityId: saved.id, agreementId: agreement.id, after: { fileName: saved.fileName, format, rows: saved.total, refusedRows } }, em);
      return saved;
    });
    try {
      await this.temporal.client.withDeadline(Date.now() + 5000, () =>
        this.temporal.client.workflow.start('planImportWorkflow', { workflowId: planImportWorkflowId(job.id), taskQueue: this.temporal.taskQueue, args: [job.id] }),
      );
    } catch (error) {
      this.logger.warn(`Import ${job.id} could not be started: ${(error as Error).message}`);
      await this.dataSource.getRepository(PlanImport).update({ id: job.id }, { status: 'failed', problem: 'Temporal svarade inte; inget importerades. Försök igen om en stund.', finishedAt: new Date() });
      throw new ApiError(ApiErrorCode.DatabaseUnavailable, 'Temporal does not answer right now, so the import was not started and nothing was changed; try again in a moment.');
    }
    return this.get(user, job.id);
  }

  async get(user: SignedInUser, id: string): Promise<PlanImportDto> {
    const allowed = user.memberships.map((m) => m.agreementId);
    const job = isUuid(id) && allowed.length ? await this.dataSource.getRepository(PlanImport).findOne({ where: { id }, relations: { agreement: true } }) : null;
    if (!job || !allowed.includes(job.agreementId)) throw ApiError.notFound(`No import with id ${id} in your agreements.`);
    authorize(user, 'import-plan', { agreementId: job.agreementId });
    return {
      id: job.id,
      agreement: job.agreement.key,
      fileName: job.fileName,
      format: job.format,
      dryRun: job.dryRun,
      status: job.status,
      total: job.total,
      done: job.done,
      failed: job.failed,
      created: job.created,
      updated: job.updated,
      unchanged: job.unchanged,
      errors: [...job.errors].sort((a, b) => a.row - b.row || a.column.localeCompare(b.column)),
      problem: job.problem,
      createdAt: job.createdAt.toISOString(),
      finishedAt: job.finishedAt?.toISOString() ?? null,
    };
  }
}
