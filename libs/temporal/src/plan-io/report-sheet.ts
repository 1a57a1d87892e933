/**
 * An agreement's lägesrapporter of a period as a spreadsheet, for people to read (samverkansledning
 * preparing Trygghetsrådet, the report to Kommunstyrelsen): Swedish headers, one row per report. XLSX
 * through exceljs, CSV through csv-stringify, and every text cell neutralised as the plan export does
 * (`neutralise`), so that no spreadsheet runs what an owner wrote. Pure: no database.
 */
import ExcelJS from 'exceljs';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import { REPORT_STATUS_SV, TIME_ZONE } from '@app/domain';
import type { ReportStatus } from '@app/domain';
import { neutralise } from './plan-sheet';

export const REPORTS_SHEET_NAME = 'Lägesrapporter';

export const REPORT_COLUMNS = [
  'Externt id',
  'Nyckel',
  'Aktivitet',
  'Inskickad',
  'Status',
  'Framsteg (%)',
  'Sammanfattning',
  'Nästa steg',
  'Delmål',
  'Rapportör',
] as const;

export interface ReportExportRow {
  externalId: string;
  key: string;
  title: string;
  submittedAt: Date;
  status: ReportStatus;
  progress: number;
  summary: string;
  nextSteps: string | null;
  /** The delmål the report marked, in the plan's order. */
  milestones: { title: string; status: 'open' | 'done' }[];
  reporter: { name: string; email: string } | null;
}

/** "2026-03-02 14:05": when, in Swedish time, in a form a spreadsheet sorts. */
const SUBMITTED = new Intl.DateTimeFormat('sv-SE', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });

/** The cells of one report, in REPORT_COLUMNS order: the progress a number, every text neutralised. */
export function reportCells(r: ReportExportRow): (string | number)[] {
  const text = [
    r.externalId,
    r.key,
    r.title,
    SUBMITTED.format(r.submittedAt),
    REPORT_STATUS_SV[r.status]?.text ?? r.status,
  ].map(neutralise);
  return [
    ...text,
    r.progress,
    neutralise(r.summary),
    neutralise(r.nextSteps ?? ''),
    neutralise(r.milestones.map((m) => `${m.title}: ${m.status === 'done' ? 'uppnått' : 'inte uppnått'}`).join('\n')),
    neutralise(r.reporter ? `${r.reporter.name} <${r.reporter.email}>` : ''),
  ];
}

export async function writeReportsXlsx(rows: ReportExportRow[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Samverkan';
  workbook.created = new Date('2000-01-01T00:00:00Z');
  workbook.modified = new Date('2000-01-01T00:00:00Z');
  const sheet = workbook.addWorksheet(REPORTS_SHEET_NAME);
  sheet.addRow([...REPORT_COLUMNS]);
  for (const r of rows) sheet.addRow(reportCells(r));
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function writeReportsCsv(rows: ReportExportRow[]): string {
  return stringifyCsv([[...REPORT_COLUMNS], ...rows.map((r) => reportCells(r).map(String))], { record_delimiter: '\r\n' });
}
