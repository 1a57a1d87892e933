/**
 * The plan as a spreadsheet: one row per activity, the same columns in XLSX (exceljs) and CSV
 * (csv-parse / csv-stringify). Pure: no database. Writing neutralises cells that a spreadsheet would
 * run as a formula (CSV injection); reading refuses formulas and gives every problem its row and
 * column. SheetJS's `xlsx` is never used: it has known vulnerabilities when it parses uploads.
 */
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import { isCalendarDate, PHASE_KINDS } from '@app/domain';
import type { PhaseKind } from '@app/domain';

export const PLAN_SHEET_NAME = 'Plan';

/** The columns, in order. `*_milestones`: one delmål a line, `YYYY-MM-DD title` (or a title alone). */
export const PLAN_COLUMNS = [
  'external_id',
  'key',
  'title',
  'description',
  'goal_areas',
  'lead_party',
  'cooperating_parties',
  'owner_email',
  ...PHASE_KINDS.flatMap((k) => [`${k}_start`, `${k}_target`, `${k}_cadence`, `${k}_milestones`]),
] as const;
export type PlanColumn = (typeof PLAN_COLUMNS)[number];
export const REQUIRED_COLUMNS: PlanColumn[] = ['external_id', 'title', 'lead_party'];

export interface PlanMilestone {
  title: string;
  dueDate: string | null;
}

export interface PlanPhaseRow {
  kind: PhaseKind;
  startDate: string;
  targetDate: string;
  followUpEvery: string;
  milestones: PlanMilestone[];
}

/** One activity as the sheet holds it (parsed and checked for form, not yet against the agreement). */
export interface PlanRow {
  /** The sheet's row number (the header is row 1). */
  row: number;
  externalId: string;
  key: string;
  title: string;
  description: string;
  goalAreas: string[];
  leadParty: string;
  cooperatingParties: string[];
  ownerEmail: string | null;
  /** Empty when the sheet gives no phase dates (a new activity is then planned as create does); else all three. */
  phases: PlanPhaseRow[];
}

export interface RowError {
  row: number;
  column: string;
  message: string;
}

export type PlanFormat = 'xlsx' | 'csv';

/** A file the API refuses as a whole (400, or 415 for one that is not what it claims). */
export class PlanFileError extends Error {
  constructor(
    message: string,
    readonly kind: 'invalid' | 'wrong-type' = 'invalid',
  ) {
    super(message);
    this.name = 'PlanFileError';
  }
}

// --- writing -----------------------------------------------------------------------------------

const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell a spreadsheet would not run: text starting with = + - @ (or tab, CR) is prefixed with '. */
export function neutralise(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** Undoes {@link neutralise} on import: the prefix it adds is taken off again. */
export function unneutralise(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}

export function formatMilestones(milestones: PlanMilestone[]): string {
  return milestones.map((m) => (m.dueDate ? `${m.dueDate} ${m.title}` : m.title)).join('\n');
}

/** The cells of one activity, in PLAN_COLUMNS order, neutralised. */
export function rowCells(row: Omit<PlanRow, 'row'>): string[] {
  const byKind = new Map(row.phases.map((p) => [p.kind, p]));
  const values: Record<PlanColumn, string> = {
    external_id: row.externalId,
    key: row.key,
    title: row.title,
    description: row.description,
    goal_areas: row.goalAreas.join(', '),
    lead_party: row.leadParty,
    cooperating_parties: row.cooperatingParties.join(', '),
    owner_email: row.ownerEmail ?? '',
  } as Record<PlanColumn, string>;
  for (const kind of PHASE_KINDS) {
    const p = byKind.get(kind);
    values[`${kind}_start`] = p?.startDate ?? '';
    values[`${kind}_target`] = p?.targetDate ?? '';
    values[`${kind}_cadence`] = p?.followUpEvery ?? '';
    values[`${kind}_milestones`] = p ? formatMilestones(p.milestones) : '';
  }
  return PLAN_COLUMNS.map((c) => neutralise(values[c]));
}

export async function writePlanXlsx(rows: Omit<PlanRow, 'row'>[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Samverkan';
  // Fixed, so that the same plan gives the same file.
  workbook.created = new Date('2000-01-01T00:00:00Z');
  workbook.modified = new Date('2000-01-01T00:00:00Z');
  const sheet = workbook.addWorksheet(PLAN_SHEET_NAME);
  sheet.addRow([...PLAN_COLUMNS]);
  for (const r of rows) sheet.addRow(rowCells(r));
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function writePlanCsv(rows: Omit<PlanRow, 'row'>[]): string {
  return stringifyCsv([[...PLAN_COLUMNS], ...rows.map(rowCells)], { record_delimiter: '\r\n' });
}

// --- reading -----------------------------------------------------------------------------------

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** Which format the bytes are, whatever the name says; throws when they are neither. */
export function sniffFormat(bytes: Buffer, claimed: PlanFormat): PlanFormat {
  const isZip = bytes.length >= 4 && bytes.subarray(0, 4).equals(ZIP_MAGIC);
  if (claimed === 'xlsx' && !isZip) {
    throw new PlanFileError('The file is called .xlsx but is not an Excel workbook (an .xlsx file is a zip archive). Save it from Excel as "Excel-arbetsbok (.xlsx)", or send a .csv file.', 'wrong-type');
  }
  if (claimed === 'csv') {
    if (isZip) throw new PlanFileError('The file is called .csv but is a zip archive (an Excel workbook?). Send it with the name .xlsx, or save it as CSV (UTF-8).', 'wrong-type');
    if (bytes.includes(0)) throw new PlanFileError('The file is called .csv but holds binary data (NUL bytes). Save the sheet as "CSV UTF-8 (kommaavgränsad)".', 'wrong-type');
    const text = bytes.toString('utf8');
    if (text.includes('\uFFFD')) throw new PlanFileError('The CSV file is not valid UTF-8. Save it as "CSV UTF-8 (kommaavgränsad)".', 'wrong-type');
  }
  return claimed;
}

/** The format a file's name (or its media type) claims; null when it claims neither. */
export function claimedFormat(fileName: string | undefined, mediaType: string | undefined): PlanFormat | null {
  const name = (fileName ?? '').toLowerCase();
  if (name.endsWith('.xlsx')) return 'xlsx';
  if (name.endsWith('.csv')) return 'csv';
  if (mediaType === 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') return 'xlsx';
  if (mediaType === 'text/csv') return 'csv';
  return null;
}

type Cells = { row: number; values: Map<string, string>; formulas: string[] };

async function xlsxCells(bytes: Buffer): Promise<{ header: string[]; rows: Cells[] }> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    throw new PlanFileError(`The file is not a readable Excel workbook: ${(error as Error).message}`, 'wrong-type');
  }
  const sheet = workbook.getWorksheet(PLAN_SHEET_NAME) ?? workbook.worksheets[0];
  if (!sheet) throw new PlanFileError('The workbook has no sheet.');
  const header: string[] = [];
  sheet.getRow(1).eachCell({ includeEmpty: true }, (cell, col) => {
    header[col - 1] = cellText(cell.value).trim();
  });
  const rows: Cells[] = [];
  sheet.eachRow({ includeEmpty: false }, (r, rowNumber) => {
    if (rowNumber === 1) return;
    const values = new Map<string, string>();
    const formulas: string[] = [];
    r.eachCell({ includeEmpty: false }, (cell, col) => {
      const column = header[col - 1] || `kolumn ${col}`;
      const v = cell.value as unknown;
      if (v && typeof v === 'object' && ('formula' in v || 'sharedFormula' in v)) {
        formulas.push(column);
        return;
      }
      values.set(column, cellText(cell.value));
    });
    rows.push({ row: rowNumber, values, formulas });
  });
  return { header, rows };
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((t) => t.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return String(value.result ?? '');
    if ('error' in value) return String(value.error);
  }
  return String(value);
}

function csvCells(bytes: Buffer): { header: string[]; rows: Cells[] } {
  let records: string[][];
  try {
    records = parseCsv(bytes.toString('utf8').replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true });
  } catch (error) {
    throw new PlanFileError(`The CSV file cannot be read: ${(error as Error).message}`);
  }
  const [head, ...body] = records;
  const header = (head ?? []).map((h) => h.trim());
  const rows = body.map((cells, i) => {
    const values = new Map<string, string>();
    cells.forEach((c, col) => {
      if (c !== '') values.set(header[col] || `kolumn ${col + 1}`, c);
    });
    return { row: i + 2, values, formulas: [] as string[] };
  });
  return { header, rows };
}

const DATE_FORM = /^\d{4}-\d{2}-\d{2}$/;
const MILESTONE_LINE = /^(\d{4}-\d{2}-\d{2})\s+(.+)$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * Reads an uploaded plan: throws PlanFileError for a file refused whole (wrong type, unreadable,
 * unknown or missing columns, no rows); otherwise the rows that are well-formed and an error per
 * problem of the others (a row with any error is left out whole).
 */
export async function readPlanFile(bytes: Buffer, claimed: PlanFormat, maxRows = 20_000): Promise<{ rows: PlanRow[]; errors: RowError[] }> {
  const format = sniffFormat(bytes, claimed);
  const { header, rows: raw } = format === 'xlsx' ? await xlsxCells(bytes) : csvCells(bytes);
  const named = header.filter((h) => h !== '');
  const unknown = named.filter((h) => !(PLAN_COLUMNS as readonly string[]).includes(h));
  if (unknown.length) {
    throw new PlanFileError(`Unknown columns: ${unknown.join(', ')}. The plan's columns are ${PLAN_COLUMNS.join(', ')} (export the plan to get a file to start from).`);
  }
  const dup = named.filter((h, i) => named.indexOf(h) !== i);
  if (dup.length) throw new PlanFileError(`Columns given twice: ${[...new Set(dup)].join(', ')}.`);
  const missing = REQUIRED_COLUMNS.filter((c) => !named.includes(c));
  if (missing.length) throw new PlanFileError(`Missing columns: ${missing.join(', ')}. The first row must name the columns, as an exported plan does.`);
  const body = raw.filter((r) => [...r.values.values()].some((v) => v.trim() !== '') || r.formulas.length);
  if (body.length === 0) throw new PlanFileError('The file has no activity rows under its header.');
  if (body.length > maxRows) throw new PlanFileError(`The file has ${body.length} rows; at most ${maxRows} are imported at once. Split it.`);

  const rows: PlanRow[] = [];
  const errors: RowError[] = [];
  const seenIds = new Map<string, number>();
  for (const r of body) {
    const before = errors.length;
    const err = (column: string, message: string) => {
      if (!errors.some((e) => e.row === r.row && e.column === column)) errors.push({ row: r.row, column, message });
    };
    for (const column of r.formulas) err(column, 'Cellen innehåller en formel; formler importeras inte. Skriv värdet som text.');
    const get = (c: PlanColumn): string => {
      const raw = r.values.get(c) ?? '';
      if (raw.startsWith('=')) {
        err(c, 'Cellen börjar med "=" och skulle bli en formel; formler importeras inte.');
        return '';
      }
      return unneutralise(raw).trim();
    };
    const list = (c: PlanColumn) =>
      get(c)
        .split(/[,;\n]/)
        .map((s) => s.trim())
        .filter(Boolean);
    const externalId = get('external_id');
    const key = get('key');
    const title = get('title');
    const leadParty = get('lead_party');
    if (!externalId) err('external_id', 'Externt id saknas. Ge varje aktivitet ett id som är unikt i filen (till exempel aktivitetens nyckel).');
    else if (externalId.length > 200) err('external_id', 'Externt id får vara högst 200 tecken.');
    else if (seenIds.has(externalId)) err('external_id', `Samma externa id "${externalId}" finns redan på rad ${seenIds.get(externalId)}.`);
    else seenIds.set(externalId, r.row);
    if (key && !SLUG.test(key)) err('key', `"${key}" är ingen giltig nyckel: använd gemena bokstäver a–z, siffror och enkla bindestreck, till exempel trygghetsvandringar.`);
    if (!title) err('title', 'Titel saknas.');
    else if (title.length > 300) err('title', 'Titeln får vara högst 300 tecken.');
    if (!leadParty) err('lead_party', 'Ansvarig part saknas (partens nyckel, till exempel city).');
    const ownerEmail = get('owner_email').toLowerCase() || null;
    if (ownerEmail && !EMAIL.test(ownerEmail)) err('owner_email', `"${ownerEmail}" är ingen e-postadress.`);

    const phases: PlanPhaseRow[] = [];
    const given = PHASE_KINDS.filter((k) => get(`${k}_start`) || get(`${k}_target`) || get(`${k}_cadence`));
    const milestonesGiven = PHASE_KINDS.filter((k) => get(`${k}_milestones`));
    if (given.length > 0 && given.length < PHASE_KINDS.length) {
      err(`${PHASE_KINDS.find((k) => !given.includes(k))}_start`, 'Ange start, mål och uppföljningsintervall för alla tre faserna, eller för ingen (då planeras faserna som när en aktivitet skapas).');
    } else if (given.length === 0 && milestonesGiven.length) {
      err(`${milestonesGiven[0]}_milestones`, 'Delmål hör till en fas: ange fasernas datum och intervall också.');
    } else if (given.length) {
      for (const kind of PHASE_KINDS) {
        const date = (c: PlanColumn) => {
          const v = get(c);
          if (!v) err(c, 'Datum saknas (ÅÅÅÅ-MM-DD).');
          else if (!DATE_FORM.test(v)) err(c, `"${v}" är inget datum i formen ÅÅÅÅ-MM-DD.`);
          else if (!isCalendarDate(v)) err(c, `${v} finns inte i kalendern.`);
          else return v;
          return '';
        };
        const startDate = date(`${kind}_start`);
        const targetDate = date(`${kind}_target`);
        const followUpEvery = get(`${kind}_cadence`).toUpperCase();
        const milestones: PlanMilestone[] = [];
        for (const line of get(`${kind}_milestones`).split('\n').map((l) => l.trim()).filter(Boolean)) {
          const m = MILESTONE_LINE.exec(line);
          if (m && !isCalendarDate(m[1])) err(`${kind}_milestones`, `Delmålet "${line}": ${m[1]} finns inte i kalendern.`);
          else milestones.push(m ? { dueDate: m[1], title: m[2].trim() } : { dueDate: null, title: line });
        }
        phases.push({ kind, startDate, targetDate, followUpEvery, milestones });
      }
    }
    if (errors.length > before) continue;
    rows.push({
      row: r.row,
      externalId,
      key,
      title,
      description: get('description'),
      goalAreas: list('goal_areas'),
      leadParty,
      cooperatingParties: list('cooperating_parties'),
      ownerEmail,
      phases,
    });
  }
  return { rows, errors };
}
