import ExcelJS from 'exceljs';
import { neutralise, PLAN_COLUMNS, PlanFileError, readPlanFile, unneutralise, writePlanCsv, writePlanXlsx } from './plan-sheet';
import type { PlanRow } from './plan-sheet';
import { milestoneWishes, planChangeOf, rowProblems } from './plan-store';
import type { ImportContext } from './plan-store';

const activity = (externalId: string, over: Partial<PlanRow> = {}): Omit<PlanRow, 'row'> => ({
  externalId,
  key: externalId,
  title: `Titel för ${externalId}`,
  description: '- en punktlista som börjar med bindestreck\n= och en rad som ser ut som en formel',
  goalAreas: ['A', 'C'],
  leadParty: 'city',
  cooperatingParties: ['police', 'region'],
  ownerEmail: 'agare@exempelby.example',
  phases: [
    { kind: 'short', startDate: '2025-01-01', targetDate: '2026-01-01', followUpEvery: 'P4W', milestones: [{ title: 'Kartläggning klar', dueDate: '2025-06-30' }, { title: 'Utan datum', dueDate: null }] },
    { kind: 'medium', startDate: '2026-01-01', targetDate: '2027-01-01', followUpEvery: 'P8W', milestones: [] },
    { kind: 'long', startDate: '2027-01-01', targetDate: '2028-12-31', followUpEvery: 'P13W', milestones: [{ title: '@uppföljning av allt', dueDate: '2028-06-01' }] },
  ],
  ...over,
});

async function xlsxWith(header: string[], ...rows: ExcelJS.CellValue[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('Plan');
  sheet.addRow(header);
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('the plan as a spreadsheet', () => {
  it('neutralises cells a spreadsheet would run, and takes the prefix off again on import', () => {
    for (const v of ['=1+1', '+46 70', '-5', '@SUM(A1)', '\tx']) {
      expect(neutralise(v)).toBe(`'${v}`);
      expect(unneutralise(neutralise(v))).toBe(v);
    }
    expect(neutralise('Trygghetsvandringar')).toBe('Trygghetsvandringar');
    expect(unneutralise("'hej")).toBe("'hej");
  });

  it.each(['xlsx', 'csv'] as const)('reads back exactly what it wrote (%s)', async (format) => {
    const rows = [activity('alpha'), activity('beta', { cooperatingParties: [], ownerEmail: null, goalAreas: [] })];
    const bytes = format === 'xlsx' ? await writePlanXlsx(rows) : Buffer.from(writePlanCsv(rows));
    const read = await readPlanFile(bytes, format);
    expect(read.errors).toEqual([]);
    expect(read.rows.map(({ row: _row, ...r }) => r)).toEqual(rows);
    expect(read.rows.map((r) => r.row)).toEqual([2, 3]);
  });

  it('writes no cell that starts with =, +, - or @ (xlsx and csv)', async () => {
    const rows = [activity('alpha', { title: '=HYPERLINK("http://evil.example","klicka")' })];
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await writePlanXlsx(rows)) as unknown as ArrayBuffer);
    const cells: string[] = [];
    wb.worksheets[0].eachRow((r) => r.eachCell((c) => cells.push(String(c.value))));
    expect(cells.length).toBeGreaterThan(PLAN_COLUMNS.length);
    expect(cells.filter((c) => /^[=+\-@]/.test(c))).toEqual([]);
    wb.worksheets[0].eachRow((r) => r.eachCell((c) => expect(c.type).not.toBe(ExcelJS.ValueType.Formula)));
    const csv = writePlanCsv(rows);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""klicka"")"`);
  });

  it('refuses a formula cell as that row’s error, and reads the other rows', async () => {
    const header = ['external_id', 'title', 'lead_party'];
    const bytes = await xlsxWith(header, ['a', { formula: 'HYPERLINK("http://evil.example","x")', result: 'x' } as ExcelJS.CellFormulaValue, 'city'], ['b', 'Bra rad', 'city']);
    const read = await readPlanFile(bytes, 'xlsx');
    expect(read.errors).toEqual([{ row: 2, column: 'title', message: expect.stringMatching(/formel/) }]);
    expect(read.rows.map((r) => r.externalId)).toEqual(['b']);
    const csv = await readPlanFile(Buffer.from('external_id,title,lead_party\nc,"=HYPERLINK(""x"")",city\n'), 'csv');
    expect(csv.errors).toEqual([{ row: 2, column: 'title', message: expect.stringMatching(/formel/) }]);
  });

  it('refuses a file whole when it is not what it claims, or not a plan', async () => {
    await expect(readPlanFile(Buffer.from('external_id,title\n'), 'xlsx')).rejects.toMatchObject({ kind: 'wrong-type' });
    await expect(readPlanFile(await xlsxWith(['external_id']), 'csv')).rejects.toMatchObject({ kind: 'wrong-type' });
    await expect(readPlanFile(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'xlsx')).rejects.toBeInstanceOf(PlanFileError);
    await expect(readPlanFile(Buffer.from([0xff, 0xfe, 0x41, 0x00]), 'csv')).rejects.toMatchObject({ kind: 'wrong-type' });
    await expect(readPlanFile(Buffer.from('external_id,title,lead_party,budget\nx,y,city,5\n'), 'csv')).rejects.toThrow(/Unknown columns: budget/);
    await expect(readPlanFile(Buffer.from('external_id,title\nx,y\n'), 'csv')).rejects.toThrow(/Missing columns: lead_party/);
    await expect(readPlanFile(Buffer.from('external_id,title,lead_party\n'), 'csv')).rejects.toThrow(/no activity rows/);
  });

  it('gives each bad cell its row and column: impossible dates, half a plan, twice the same id', async () => {
    const header = PLAN_COLUMNS.join(',');
    const good = (id: string, shortStart = '2025-01-01') => `${id},${id},T,,,city,,,${shortStart},2026-01-01,P4W,,2026-01-01,2027-01-01,P8W,,2027-01-01,2028-01-01,P13W,`;
    const csv = [header, good('a', '2023-02-30'), good('b', '1/2/2025'), `c,c,T,,,city,,,2025-01-01,,,,,,,,,,,`, good('a'), good('d')].join('\n');
    const read = await readPlanFile(Buffer.from(csv), 'csv');
    expect(read.errors).toEqual([
      { row: 2, column: 'short_start', message: '2023-02-30 finns inte i kalendern.' },
      { row: 3, column: 'short_start', message: '"1/2/2025" är inget datum i formen ÅÅÅÅ-MM-DD.' },
      { row: 4, column: 'medium_start', message: expect.stringMatching(/alla tre faserna/) },
      { row: 5, column: 'external_id', message: 'Samma externa id "a" finns redan på rad 2.' },
    ]);
    expect(read.rows.map((r) => r.externalId)).toEqual(['d']);
  });
});

describe('a row against its agreement', () => {
  const ctx: ImportContext = {
    agreementId: 'ag',
    agreementKey: 'exempelby-2025-2028',
    validFrom: '2025-01-01',
    validTo: '2028-12-31',
    parties: new Map([['city', 'p1'], ['police', 'p2'], ['region', 'p3']]),
    goalAreas: new Map([['A', 'g1'], ['C', 'g3']]),
    members: new Map([['agare@exempelby.example', 'u1']]),
  };
  const row = (over: Partial<PlanRow> = {}): PlanRow => ({ row: 7, ...activity('ny-aktivitet'), ...over });

  it('accepts a whole, consistent new activity', () => {
    expect(rowProblems(ctx, row(), undefined, undefined)).toEqual([]);
  });

  it('names an owner who is not a member, unknown parties and goal areas, a bad cadence, dates outside the agreement', () => {
    const r = row({ ownerEmail: 'okand@annanstans.example', leadParty: 'mimer', goalAreas: ['Z'], cooperatingParties: ['city'] });
    r.phases[1] = { ...r.phases[1], followUpEvery: 'PT1M' };
    r.phases[2] = { ...r.phases[2], targetDate: '2029-06-01' };
    const columns = rowProblems(ctx, r, undefined, undefined).map((e) => e.column);
    expect(columns).toEqual(['goal_areas', 'lead_party', 'owner_email', 'medium_cadence', 'long_target']);
    expect(rowProblems(ctx, row({ cooperatingParties: ['city'] }), undefined, undefined)[0].message).toMatch(/city leder aktiviteten/);
  });

  it('refuses a taken key; on an existing activity takes owner, dates, cadences and delmål (its workflow is told), not a changed key', () => {
    expect(rowProblems(ctx, row(), undefined, 'annat-id')).toEqual([{ row: 7, column: 'key', message: expect.stringMatching(/redan en aktivitet med nyckeln ny-aktivitet/) }]);
    const existing = { id: 'x', ...activity('ny-aktivitet') };
    expect(rowProblems(ctx, row({ title: 'Ny titel' }), existing, undefined)).toEqual([]);
    const moved = row();
    moved.phases[0] = { ...moved.phases[0], followUpEvery: 'P2W' };
    moved.phases[1] = { ...moved.phases[1], targetDate: '2026-12-31' };
    expect(rowProblems(ctx, moved, existing, undefined)).toEqual([]);
    expect(planChangeOf(existing.phases, moved.phases)).toEqual([
      { kind: 'short', followUpEvery: 'P2W' },
      { kind: 'medium', targetDate: '2026-12-31' },
    ]);
    expect(planChangeOf(existing.phases, row().phases)).toEqual([]);
    expect(rowProblems(ctx, row({ ownerEmail: null }), existing, undefined)).toEqual([]);
    expect(rowProblems(ctx, row({ key: 'annan-nyckel' }), existing, undefined).map((e) => e.column)).toEqual(['key']);
    const newMilestone = row();
    newMilestone.phases[1] = { ...newMilestone.phases[1], milestones: [...newMilestone.phases[1].milestones, { title: 'Nytt delmål', dueDate: '2026-05-01' }] };
    expect(rowProblems(ctx, newMilestone, existing, undefined)).toEqual([]);
    // A delmål the row writes lies within its phase; one it leaves as it is is not judged again.
    const outside = row();
    outside.phases[1] = { ...outside.phases[1], milestones: [{ title: 'För sent', dueDate: '2027-06-01' }] };
    expect(rowProblems(ctx, outside, existing, undefined)).toEqual([{ row: 7, column: 'medium_milestones', message: 'Delmålet "För sent" (2027-06-01) ligger utanför fasen (2026-01-01 – 2027-01-01).' }]);
    expect(rowProblems(ctx, outside, undefined, undefined).map((e) => e.column)).toEqual(['medium_milestones']);
  });

  it('keeps a delmål by title and date, else by title, else by place; the rest are new, and what is not wished goes', () => {
    const current = [
      { id: 'm1', title: 'Kartläggning klar', dueDate: '2025-06-30' },
      { id: 'm2', title: 'Utan datum', dueDate: null },
      { id: 'm3', title: 'Gammal titel', dueDate: '2025-09-01' },
      { id: 'm4', title: 'Tas bort', dueDate: null },
    ];
    expect(
      milestoneWishes(current, [
        { title: 'Utan datum', dueDate: '2025-08-01' },
        { title: 'Kartläggning klar', dueDate: '2025-06-30' },
        { title: 'Ny titel', dueDate: '2025-09-01' },
      ]),
    ).toEqual([
      { id: 'm2', title: 'Utan datum', dueDate: '2025-08-01' },
      { id: 'm1', title: 'Kartläggning klar', dueDate: '2025-06-30' },
      { id: 'm3', title: 'Ny titel', dueDate: '2025-09-01' },
    ]);
    expect(milestoneWishes(current.slice(0, 1), [{ title: 'Kartläggning klar', dueDate: '2025-06-30' }, { title: 'Nytt', dueDate: null }])).toEqual([
      { id: 'm1', title: 'Kartläggning klar', dueDate: '2025-06-30' },
      { title: 'Nytt', dueDate: null },
    ]);
  });
});
