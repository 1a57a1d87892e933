/**
 * The plan's spreadsheet round trip on the Exempelby demo tenant, with the real API, PostgreSQL and a
 * real Temporal worker running the import workflow: export (XLSX and CSV, neutralised), import
 * (create by new external id, update by known one, nothing on a second import, dry run writes
 * nothing), the follow-up workflow of a new activity started, and bad input answered 4xx or as row
 * errors, never 5xx. The plan and reports exports are also read with the real Python openpyxl.
 */
import { spawnSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import { startOfLocalDay } from '@app/domain';
import { PLAN_COLUMNS } from '@app/temporal/plan-io/plan-sheet';
import { REPORT_COLUMNS, REPORTS_SHEET_NAME } from '@app/temporal/plan-io/report-sheet';
import { stateQuery } from '@app/workflows/activity-lifecycle/activity-lifecycle.messages';
import { FOLLOW_UP_BATCH, planImportWorkflowId } from '@app/workflows/plan-import/plan-import.workflow';
import { recordHistory } from '../support/histories';
import { useLiveApi } from '../support/live-api';
import { readWithOpenpyxl } from '../support/openpyxl';

const AGREEMENT = 'exempelby-2025-2028';
const ADMIN = 'admin@exempelby.example';
const live = useLiveApi('2026-03-02', { agreements: 'demo' });

type Agent = Awaited<ReturnType<typeof live.as>>;

const binary = (res: any, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

async function exportXlsx(http: Agent): Promise<Buffer> {
  const res = await http.get(`/api/agreements/${AGREEMENT}/export?format=xlsx`).buffer(true).parse(binary);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toContain('spreadsheetml');
  return res.body as Buffer;
}

async function sheetOf(bytes: Buffer): Promise<{ wb: ExcelJS.Workbook; sheet: ExcelJS.Worksheet; rows: string[][] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = wb.getWorksheet('Plan')!;
  const rows: string[][] = [];
  sheet.eachRow((r) => rows.push(PLAN_COLUMNS.map((_, i) => String(r.getCell(i + 1).value ?? ''))));
  return { wb, sheet, rows };
}

function importFile(http: Agent, bytes: Buffer, name: string, dryRun = false) {
  return http.post(`/api/agreements/${AGREEMENT}/import${dryRun ? '?dryRun=true' : ''}`).attach('file', bytes, name);
}

async function finished(http: Agent, id: string) {
  for (let i = 0; i < 300; i++) {
    const res = await http.get(`/api/imports/${id}`);
    expect(res.status).toBe(200);
    if (res.body.status === 'done' || res.body.status === 'failed') return res.body;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`import ${id} did not finish`);
}

async function imported(http: Agent, bytes: Buffer, name: string, dryRun = false) {
  const res = await importFile(http, bytes, name, dryRun);
  expect(res.status).toBe(202);
  return finished(http, res.body.id);
}

const col = (c: (typeof PLAN_COLUMNS)[number]) => PLAN_COLUMNS.indexOf(c);

describe('the plan as a spreadsheet', () => {
  let admin: Agent;
  beforeAll(async () => {
    admin = await live.as(ADMIN);
  });

  it('exports to administrators and samverkansledning only, and to nobody of another tenant', async () => {
    expect((await (await live.as('ledning@exempelby.example')).get(`/api/agreements/${AGREEMENT}/export`)).status).toBe(200);
    const owner = await (await live.as('polis@exempelby.example')).get(`/api/agreements/${AGREEMENT}/export`);
    expect(owner.status).toBe(403);
    const otherTenant = await (await live.as('admin@samverkan.example')).get(`/api/agreements/${AGREEMENT}/export`);
    expect(otherTenant.status).toBe(404);
    expect((await admin.get(`/api/agreements/${AGREEMENT}/export?format=pdf`)).status).toBe(400);
  });

  it('exports every activity with its external id, parties, owner, phases and delmål; no cell a spreadsheet would run', async () => {
    const [{ n }] = await live.ds.query(`SELECT count(*)::int AS n FROM activity a JOIN agreement g ON g.id = a.agreement_id WHERE g.key = $1`, [AGREEMENT]);
    const { rows, sheet } = await sheetOf(await exportXlsx(admin));
    expect(rows[0]).toEqual([...PLAN_COLUMNS]);
    expect(rows.length - 1).toBe(n);
    expect(rows.slice(1).every((r) => r[col('external_id')] && r[col('lead_party')] && /^\d{4}-\d{2}-\d{2}$/.test(r[col('short_start')]) && /^P/.test(r[col('long_cadence')]))).toBe(true);
    expect(rows.slice(1).some((r) => r[col('owner_email')].endsWith('@exempelby.example'))).toBe(true);
    expect(rows.slice(1).some((r) => /^\d{4}-\d{2}-\d{2} /.test(r[col('short_milestones')]))).toBe(true);
    sheet.eachRow((r) => r.eachCell((c) => expect(c.type).not.toBe(ExcelJS.ValueType.Formula)));

    // A title that is a formula is exported as text that no spreadsheet runs (xlsx and csv).
    const [{ title }] = await live.ds.query(`SELECT title FROM activity WHERE key = 'mbu' AND agreement_id = (SELECT id FROM agreement WHERE key = $1)`, [AGREEMENT]);
    await live.ds.query(`UPDATE activity SET title = '=HYPERLINK("http://evil.example","klicka")' WHERE key = 'mbu' AND agreement_id = (SELECT id FROM agreement WHERE key = $1)`, [AGREEMENT]);
    try {
      const again = await sheetOf(await exportXlsx(admin));
      const titles = again.rows.map((r) => r[col('title')]);
      expect(titles).toContain(`'=HYPERLINK("http://evil.example","klicka")`);
      expect(titles.filter((t) => /^[=+\-@]/.test(t))).toEqual([]);
      const csv = await admin.get(`/api/agreements/${AGREEMENT}/export?format=csv`);
      expect(csv.status).toBe(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      expect(csv.text).toContain(`"'=HYPERLINK(""http://evil.example"",""klicka"")"`);
      expect(csv.text.split('\r\n')[0].replace(/^\uFEFF/, '')).toBe(PLAN_COLUMNS.join(','));
    } finally {
      await live.ds.query(`UPDATE activity SET title = $1 WHERE key = 'mbu' AND title LIKE '=HYPERLINK%'`, [title]);
    }
  });

  it('round trip: two titles changed and one activity added in the file; the next export differs by exactly that; importing again changes nothing', async () => {
    const first = await sheetOf(await exportXlsx(admin));
    const original = first.rows.slice(1);
    const [a, b] = [original[0], original[1]];
    const sheet = first.sheet;
    sheet.getRow(2).getCell(col('title') + 1).value = `${a[col('title')]} (ändrad)`;
    sheet.getRow(3).getCell(col('title') + 1).value = `Ny titel för ${b[col('key')]}`;
    const added = PLAN_COLUMNS.map(() => '');
    Object.assign(added, {
      [col('external_id')]: 'EXCEL-0042',
      [col('key')]: 'nattvandring-fran-excel',
      [col('title')]: 'Nattvandring, från Excel',
      [col('description')]: '- föräldrar går i centrum fredagar',
      [col('goal_areas')]: a[col('goal_areas')],
      [col('lead_party')]: 'city',
      [col('cooperating_parties')]: 'police',
      [col('owner_email')]: 'polis@exempelby.example',
      [col('short_start')]: '2026-01-01',
      [col('short_target')]: '2026-12-31',
      [col('short_cadence')]: 'P4W',
      [col('short_milestones')]: '2026-06-30 Tio vandringar gjorda\nUtvärdering',
      [col('medium_start')]: '2026-12-31',
      [col('medium_target')]: '2027-12-31',
      [col('medium_cadence')]: 'P8W',
      [col('long_start')]: '2027-12-31',
      [col('long_target')]: '2028-12-31',
      [col('long_cadence')]: 'P13W',
    });
    sheet.addRow(added);
    const edited = Buffer.from(await first.wb.xlsx.writeBuffer());

    const dry = await imported(admin, edited, 'plan.xlsx', true);
    expect(dry).toMatchObject({ status: 'done', dryRun: true, total: original.length + 1, done: original.length + 1, failed: 0, created: 1, updated: 2, errors: [] });
    expect(await live.ds.query(`SELECT 1 FROM activity WHERE external_id = 'EXCEL-0042'`)).toEqual([]);
    const afterDry = await sheetOf(await exportXlsx(admin));
    expect(afterDry.rows).toEqual(first.rows);

    const report = await imported(admin, edited, 'plan.xlsx');
    if (process.env.RECORD_HISTORIES) recordHistory('a plan import that creates one activity and updates two', await live.client.workflow.getHandle(planImportWorkflowId(report.id)).fetchHistory());
    expect(report).toMatchObject({ status: 'done', dryRun: false, total: original.length + 1, done: original.length + 1, failed: 0, created: 1, updated: 2, unchanged: original.length - 2, errors: [] });

    const third = await sheetOf(await exportXlsx(admin));
    const expected = original.map((r) => [...r]);
    expected[0][col('title')] = `${a[col('title')]} (ändrad)`;
    expected[1][col('title')] = `Ny titel för ${b[col('key')]}`;
    const addedAsExported = [...added];
    addedAsExported[col('description')] = `'- föräldrar går i centrum fredagar`;
    addedAsExported[col('goal_areas')] = a[col('goal_areas')];
    const rows3 = third.rows.slice(1);
    expect(rows3.filter((r) => r[col('external_id')] !== 'EXCEL-0042')).toEqual(expected);
    expect(rows3.find((r) => r[col('external_id')] === 'EXCEL-0042')).toEqual(addedAsExported);

    // The new activity is whole, audited, and its follow-up workflow runs (as creating one starts it).
    const [created] = await live.ds.query(`SELECT id, current_phase FROM activity WHERE external_id = 'EXCEL-0042'`);
    expect(await live.ds.query(`SELECT kind FROM phase WHERE activity_id = $1 ORDER BY start_date`, [created.id])).toEqual([{ kind: 'short' }, { kind: 'medium' }, { kind: 'long' }]);
    expect(await live.ds.query(`SELECT title, due_date::text AS due FROM milestone m JOIN phase p ON p.id = m.phase_id WHERE p.activity_id = $1 ORDER BY position`, [created.id])).toEqual([
      { title: 'Tio vandringar gjorda', due: '2026-06-30' },
      { title: 'Utvärdering', due: null },
    ]);
    const audits = await live.ds.query(`SELECT action, actor_email FROM audit_entry WHERE action LIKE 'activity.import-%' ORDER BY action`);
    expect(audits).toEqual([
      { action: 'activity.import-create', actor_email: ADMIN },
      { action: 'activity.import-update', actor_email: ADMIN },
      { action: 'activity.import-update', actor_email: ADMIN },
    ]);
    let status = '';
    for (let i = 0; i < 50 && status !== 'RUNNING'; i++) {
      status = await live.client.workflow.getHandle(`activity-${created.id}`).describe().then((d) => d.status.name, () => '');
      if (status !== 'RUNNING') await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe('RUNNING');

    // The exported file, imported as it is: nothing changes, nothing is duplicated.
    const fourthInput = await exportXlsx(admin);
    const again = await imported(admin, fourthInput, 'plan.xlsx');
    expect(again).toMatchObject({ status: 'done', created: 0, updated: 0, unchanged: original.length + 1, failed: 0, errors: [] });
    expect((await sheetOf(await exportXlsx(admin))).rows).toEqual(third.rows);
    expect(await live.ds.query(`SELECT count(*)::int AS n FROM audit_entry WHERE action LIKE 'activity.import-%'`)).toEqual([{ n: 3 }]);

    // The same plan as CSV imports to no change too.
    const csv = await admin.get(`/api/agreements/${AGREEMENT}/export?format=csv`);
    expect(await imported(admin, Buffer.from(csv.text, 'utf8'), 'plan.csv')).toMatchObject({ status: 'done', created: 0, updated: 0, failed: 0 });

    // Read by the real openpyxl as well: the same rows, no formula.
    const parsed = readWithOpenpyxl(fourthInput);
    expect(parsed.formulas).toBe(0);
    expect(parsed.sheets.map((sh) => sh.name)).toEqual(['Plan']);
    expect(parsed.sheets[0].rows).toEqual(third.rows);
  });

  it('every imported activity gets its follow-up workflow, started after the rows are written, a batch at a time', async () => {
    const n = FOLLOW_UP_BATCH + 10; // more than one batch
    const header = PLAN_COLUMNS.join(',');
    const cells = (i: number): Partial<Record<(typeof PLAN_COLUMNS)[number], string>> => ({
      external_id: `MANY-${i}`,
      key: `manga-${i}`,
      title: `Många aktiviteter ${i}`,
      lead_party: 'city',
      short_start: '2026-01-01',
      short_target: '2026-12-31',
      short_cadence: 'P4W',
      medium_start: '2026-12-31',
      medium_target: '2027-12-31',
      medium_cadence: 'P8W',
      long_start: '2027-12-31',
      long_target: '2028-12-31',
      long_cadence: 'P13W',
    });
    const csv = [header, ...Array.from({ length: n }, (_, i) => PLAN_COLUMNS.map((c) => cells(i)[c] ?? '').join(','))].join('\n');
    const report = await imported(admin, Buffer.from(csv), 'manga.csv');
    expect(report).toMatchObject({ status: 'done', total: n, created: n, failed: 0 });
    const ids: string[] = (await live.ds.query(`SELECT id FROM activity WHERE external_id LIKE 'MANY-%'`)).map((r: { id: string }) => r.id);
    expect(ids).toHaveLength(n);
    // Each runs: it has loaded its plan and written its next deadline, and Temporal says RUNNING.
    const deadline = Date.now() + 150_000;
    for (;;) {
      const [{ waiting }] = await live.ds.query(`SELECT count(*)::int AS waiting FROM activity WHERE external_id LIKE 'MANY-%' AND next_deadline_at IS NULL`);
      if (waiting === 0 || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const statuses = await Promise.all(ids.map((id) => live.client.workflow.getHandle(`activity-${id}`).describe().then((d) => d.status.name, () => 'NONE')));
    expect(statuses.filter((s) => s !== 'RUNNING')).toEqual([]);
    const history = await live.client.workflow.getHandle(planImportWorkflowId(report.id)).fetchHistory();
    const steps = history.events!.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'startFollowUps');
    expect(steps).toHaveLength(2);
    expect(history.events!.some((e) => e.startChildWorkflowExecutionInitiatedEventAttributes)).toBe(false);
  }, 240_000);

  it('changes the owner, the dates or cadences and the delmål of an existing activity through its workflow; a refusal of the workflow refuses the row, and nothing of it stays', async () => {
    const agreementId = (await live.ds.query(`SELECT id FROM agreement WHERE key = $1`, [AGREEMENT]))[0].id;
    const activity = async (key: string) =>
      (
        await live.ds.query(
          `SELECT a.id, a.title, a.owner_id, u.email AS owner_email, (SELECT follow_up_every FROM phase WHERE activity_id = a.id AND kind = 'medium') AS medium_cadence
             FROM activity a LEFT JOIN app_user u ON u.id = a.owner_id WHERE a.agreement_id = $1 AND a.key = $2`,
          [agreementId, key],
        )
      )[0];
    const members: string[] = (await live.ds.query(`SELECT lower(u.email) AS email FROM membership m JOIN app_user u ON u.id = m.user_id WHERE m.agreement_id = $1 ORDER BY 1`, [agreementId])).map((r: { email: string }) => r.email);
    const [omrade, strak] = [await activity('omradespolis'), await activity('trygga-strak')];
    const newOwner = members.find((e) => e !== omrade.owner_email)!;
    const otherOwner = members.find((e) => e !== strak.owner_email)!;
    expect(omrade.medium_cadence).not.toBe('P6W');

    const { wb, sheet } = await sheetOf(await exportXlsx(admin));
    sheet.eachRow((r) => {
      const key = String(r.getCell(col('key') + 1).value);
      if (key === 'omradespolis') {
        r.getCell(col('owner_email') + 1).value = newOwner;
        r.getCell(col('medium_cadence') + 1).value = 'P6W';
        const milestones = String(r.getCell(col('medium_milestones') + 1).value ?? '');
        r.getCell(col('medium_milestones') + 1).value = [milestones, '2027-02-10 Nytt delmål från Excel'].filter(Boolean).join('\n');
      }
      if (key === 'trygga-strak') {
        // The short phase is over (the current one is medium): the workflow refuses to change it.
        r.getCell(col('title') + 1).value = 'Ska inte sparas';
        r.getCell(col('long_milestones') + 1).value = '2028-06-01 Ska inte heller sparas';
        r.getCell(col('owner_email') + 1).value = otherOwner;
        r.getCell(col('short_cadence') + 1).value = 'P2W';
      }
    });
    const rowOf = (key: string) => {
      let n = 0;
      sheet.eachRow((r, i) => {
        if (String(r.getCell(col('key') + 1).value) === key) n = i;
      });
      return n;
    };
    const report = await imported(admin, Buffer.from(await wb.xlsx.writeBuffer()), 'plan.xlsx');
    expect(report).toMatchObject({ status: 'done', updated: 1, failed: 1, created: 0 });
    expect(report.errors).toEqual([{ row: rowOf('trygga-strak'), column: 'short_start', message: expect.stringMatching(/^Fasen short är redan avslutad; bara pågående och senare faser kan ändras/) }]);

    // Applied by the workflow itself (its steps write owner and phases), and audited with the import.
    const after = await activity('omradespolis');
    expect({ owner: after.owner_email, cadence: after.medium_cadence }).toEqual({ owner: newOwner, cadence: 'P6W' });
    const [audit] = await live.ds.query(`SELECT before, after FROM audit_entry WHERE action = 'activity.import-update' AND activity_id = $1 ORDER BY at DESC LIMIT 1`, [omrade.id]);
    expect(audit.after).toMatchObject({ ownerEmail: newOwner, phases: expect.arrayContaining([expect.objectContaining({ kind: 'medium', followUpEvery: 'P6W' })]) });
    expect(audit.before).toMatchObject({ ownerEmail: omrade.owner_email });
    const upcoming = await live.client.workflow.getHandle(`activity-${omrade.id}`).query(stateQuery);
    expect(upcoming.status).toBe('active');
    // The new delmål: written and audited, and its workflow told (the mark cleared; its date is a deadline there).
    expect(
      await live.ds.query(`SELECT m.title, m.due_date::text AS due FROM milestone m JOIN phase p ON p.id = m.phase_id WHERE p.activity_id = $1 AND p.kind = 'medium' AND m.title LIKE '%Excel'`, [omrade.id]),
    ).toEqual([{ title: 'Nytt delmål från Excel', due: '2027-02-10' }]);
    expect(await live.ds.query(`SELECT actor_email, after->>'title' AS title FROM audit_entry WHERE action = 'activity.milestone-add' AND activity_id = $1`, [omrade.id])).toEqual([
      { actor_email: ADMIN, title: 'Nytt delmål från Excel' },
    ]);
    expect(await live.ds.query(`SELECT follow_up_revised_at FROM activity WHERE id = $1`, [omrade.id])).toEqual([{ follow_up_revised_at: null }]);
    const dueAt = new Date(startOfLocalDay('2027-02-11')).toISOString();
    expect(upcoming.upcoming.filter((i) => i.kind === 'deadline' && i.at === dueAt)).toHaveLength(1);

    // The refused row: neither its title, its delmål nor its owner (sent to the workflow first, then taken back) stays.
    expect(await activity('trygga-strak')).toEqual(strak);
    expect(await live.ds.query(`SELECT 1 FROM milestone WHERE title = 'Ska inte heller sparas'`)).toEqual([]);

    // Exported again and imported as it is: nothing changes.
    const again = await imported(admin, await exportXlsx(admin), 'plan.xlsx');
    expect(again).toMatchObject({ status: 'done', updated: 0, created: 0, failed: 0 });
  });

  it('exports the lägesrapporter of a period (xlsx and csv, neutralised), scoped to the agreement; a bad period is a 400', async () => {
    const [mbu] = await live.ds.query(
      `SELECT a.id, a.external_id, a.title, u.email AS owner_email, u.name AS owner_name FROM activity a JOIN agreement g ON g.id = a.agreement_id JOIN app_user u ON u.id = a.owner_id WHERE g.key = $1 AND a.key = 'mbu'`,
      [AGREEMENT],
    );
    const [milestone] = await live.ds.query(`SELECT m.id, m.title FROM milestone m JOIN phase p ON p.id = m.phase_id WHERE p.activity_id = $1 ORDER BY p.start_date, m.position LIMIT 1`, [mbu.id]);
    const owner = await live.as(mbu.owner_email);
    const posted = await owner.post(`/api/activities/mbu/reports?agreement=${AGREEMENT}`).send({
      status: 'at_risk',
      progress: 40,
      summary: '=HYPERLINK("http://evil.example","klicka")',
      nextSteps: 'Fler skolbesök i vår.',
      milestones: [{ milestoneId: milestone.id, status: 'done' }],
    });
    expect([201, 202]).toContain(posted.status);
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date());
    const url = (q: string) => `/api/agreements/${AGREEMENT}/reports/export?${q}`;

    const xlsx = await admin.get(url(`format=xlsx&from=${today}&to=${today}`)).buffer(true).parse(binary);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.headers['content-disposition']).toContain(`${AGREEMENT}-lagesrapporter-${today}-${today}.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet(REPORTS_SHEET_NAME)!;
    const rows: unknown[][] = [];
    sheet.eachRow((r) => rows.push(REPORT_COLUMNS.map((_, i) => r.getCell(i + 1).value)));
    expect(rows[0]).toEqual([...REPORT_COLUMNS]);
    const mine = rows.slice(1).filter((r) => r[0] === mbu.external_id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toEqual([
      mbu.external_id,
      'mbu',
      mbu.title,
      expect.stringMatching(new RegExp(`^${today} \\d{2}:\\d{2}$`)),
      'Risk för avvikelse',
      40,
      `'=HYPERLINK("http://evil.example","klicka")`,
      'Fler skolbesök i vår.',
      `${milestone.title}: uppnått`,
      `${mbu.owner_name} <${mbu.owner_email}>`,
    ]);
    sheet.eachRow((r) => r.eachCell((c) => expect(c.type).not.toBe(ExcelJS.ValueType.Formula)));

    const csv = await admin.get(url(`format=csv&from=${today}&to=${today}`));
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text.split('\r\n')[0].replace(/^\uFEFF/, '')).toBe(REPORT_COLUMNS.join(','));
    expect(csv.text).toContain(`"'=HYPERLINK(""http://evil.example"",""klicka"")"`);
    expect(csv.text).not.toMatch(/(^|,)"?[=+\-@]/m);

    // Another period holds none of it.
    const before = await admin.get(url('format=csv&from=2025-01-01&to=2025-01-31'));
    expect(before.status).toBe(200);
    expect(before.text.replace(/^\uFEFF/, '').trim()).toBe(REPORT_COLUMNS.join(','));

    const bad = [
      [url('from=2023-02-30&to=2023-03-31'), /from: 2023-02-30 is not a day in the calendar/],
      [url(`from=${today}&to=2025-01-01`), /to: the period ends/],
      [url(`format=pdf&from=${today}&to=${today}`), /format must be xlsx or csv/],
      [url(`to=${today}`), /from must be a date/],
      [url('from=igår&to=idag'), /from must be a date/],
    ] as const;
    for (const [path, message] of bad) {
      const res = await admin.get(path);
      expect({ path, status: res.status, message: res.body.message }).toEqual({ path, status: 400, message: expect.stringMatching(message) });
    }
    expect((await owner.get(url(`from=${today}&to=${today}`))).status).toBe(403);
    const stranger = await (await live.as('admin@samverkan.example')).get(url(`from=${today}&to=${today}`));
    expect(stranger.status).toBe(404);
    const unknown = await admin.get(`/api/agreements/finns-inte/reports/export?from=${today}&to=${today}`);
    expect({ status: stranger.status, message: stranger.body.message.replace('exempelby-2025-2028', 'X') }).toEqual({ status: unknown.status, message: unknown.body.message.replace('finns-inte', 'X') });
    expect((await live.as('ledning@exempelby.example').then((l) => l.get(url(`from=${today}&to=${today}`)))).status).toBe(200);
  });

  it('openpyxl, a parser other than ours, reads the plan export and the reports export: sheet names, header rows, cells', async () => {
    const plan = readWithOpenpyxl(await exportXlsx(admin));
    expect(plan.formulas).toBe(0);
    expect(plan.sheets.map((sh) => sh.name)).toEqual(['Plan']);
    const [header, ...planRows] = plan.sheets[0].rows;
    expect(header).toEqual([...PLAN_COLUMNS]);
    const mbu = planRows.find((r) => r[col('key')] === 'mbu')!;
    const [db] = await live.ds.query(
      `SELECT a.external_id, a.title, u.email, ph.start_date::text AS short_start FROM activity a JOIN agreement g ON g.id = a.agreement_id LEFT JOIN app_user u ON u.id = a.owner_id
         JOIN phase ph ON ph.activity_id = a.id AND ph.kind = 'short' WHERE g.key = $1 AND a.key = 'mbu'`,
      [AGREEMENT],
    );
    expect([mbu[col('external_id')], mbu[col('title')], mbu[col('owner_email')], mbu[col('short_start')], mbu[col('lead_party')]]).toEqual([db.external_id, db.title, db.email, db.short_start, 'police']);

    // A report of its own, then the reports export of today.
    const posted = await (await live.as(db.email)).post(`/api/activities/mbu/reports?agreement=${AGREEMENT}`).send({ status: 'on_track', progress: 55, summary: '+Läst av openpyxl' });
    expect([201, 202]).toContain(posted.status);
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date());
    const res = await admin.get(`/api/agreements/${AGREEMENT}/reports/export?format=xlsx&from=${today}&to=${today}`).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    const reports = readWithOpenpyxl(res.body as Buffer);
    expect(reports.formulas).toBe(0);
    expect(reports.sheets.map((sh) => sh.name)).toEqual([REPORTS_SHEET_NAME]);
    const [reportHeader, ...reportRows] = reports.sheets[0].rows;
    expect(reportHeader).toEqual([...REPORT_COLUMNS]);
    const report = reportRows.find((r) => r[6] === "'+Läst av openpyxl")!;
    expect(report.slice(0, 3)).toEqual([db.external_id, 'mbu', db.title]);
    expect(report.slice(4, 6)).toEqual(['Enligt plan', '55']);
  });

  it('bad input is a 4xx or a row error, never a 5xx; good rows beside bad ones are written whole', async () => {
    const header = PLAN_COLUMNS.join(',');
    const line = (cells: Partial<Record<(typeof PLAN_COLUMNS)[number], string>>) => PLAN_COLUMNS.map((c) => `"${(cells[c] ?? '').replace(/"/g, '""')}"`).join(',');
    const phases = { short_start: '2026-01-01', short_target: '2026-12-31', short_cadence: 'P4W', medium_start: '2026-12-31', medium_target: '2027-12-31', medium_cadence: 'P8W', long_start: '2027-12-31', long_target: '2028-12-31', long_cadence: 'P13W' };
    const csv = [
      header,
      line({ external_id: 'bad-date', key: 'bad-date', title: 'Felaktigt datum', lead_party: 'city', ...phases, short_start: '2023-02-30' }),
      line({ external_id: 'formula', key: 'formula', title: '=HYPERLINK("http://evil.example","x")', lead_party: 'city' }),
      line({ external_id: 'stranger', key: 'stranger', title: 'Okänd ansvarig', lead_party: 'city', owner_email: 'okand@annanstans.example' }),
      line({ external_id: 'good-one', key: 'good-one', title: 'En bra rad', lead_party: 'police', ...phases, short_milestones: '2026-05-01 Första' }),
    ].join('\n');
    const report = await imported(admin, Buffer.from(csv), 'fel.csv');
    expect(report).toMatchObject({ status: 'done', total: 4, done: 4, failed: 3, created: 1 });
    expect(report.errors).toEqual([
      { row: 2, column: 'short_start', message: '2023-02-30 finns inte i kalendern.' },
      { row: 3, column: 'title', message: expect.stringMatching(/formel/) },
      { row: 4, column: 'owner_email', message: expect.stringMatching(/okand@annanstans.example är inte medlem i exempelby-2025-2028/) },
    ]);
    expect(await live.ds.query(`SELECT key FROM activity WHERE external_id IN ('bad-date', 'formula', 'stranger', 'good-one')`)).toEqual([{ key: 'good-one' }]);

    // An existing activity given an owner who is no member of the agreement: that row's error, in an XLSX file too.
    const plan = await sheetOf(await exportXlsx(admin));
    plan.sheet.getRow(2).getCell(col('owner_email') + 1).value = 'okand@annanstans.example';
    const stranger = await imported(admin, Buffer.from(await plan.wb.xlsx.writeBuffer()), 'plan.xlsx');
    expect(stranger).toMatchObject({ failed: 1, errors: [{ row: 2, column: 'owner_email', message: expect.stringMatching(/okand@annanstans.example är inte medlem/) }] });

    const formulaXlsx = new ExcelJS.Workbook();
    const s = formulaXlsx.addWorksheet('Plan');
    s.addRow(['external_id', 'title', 'lead_party']);
    s.addRow(['x-formel', { formula: 'HYPERLINK("http://evil.example","x")', result: 'x' }, 'city']);
    const fx = await imported(admin, Buffer.from(await formulaXlsx.xlsx.writeBuffer()), 'formel.xlsx');
    expect(fx).toMatchObject({ failed: 1, created: 0, errors: [{ row: 2, column: 'title', message: expect.stringMatching(/formel/) }] });

    const exported = await exportXlsx(admin);
    // A zip archive with no workbook inside (made by Python's zipfile).
    const notAWorkbook = spawnSync('python3', ['-c', `import io, sys, zipfile
b = io.BytesIO()
with zipfile.ZipFile(b, 'w') as z:
    z.writestr('readme.txt', 'Ingen arbetsbok här.')
sys.stdout.buffer.write(b.getvalue())`]).stdout;
    expect(notAWorkbook.subarray(0, 2).toString()).toBe('PK');
    const refused = [
      [await importFile(admin, Buffer.from(csv), 'plan.xlsx'), 415, /not an Excel workbook/],
      [await importFile(admin, Buffer.from(await formulaXlsx.xlsx.writeBuffer()), 'plan.csv'), 415, /zip archive/],
      [await importFile(admin, Buffer.from('hej'), 'plan.txt'), 415, /neither .xlsx nor .csv/],
      // Not what they claim, further: half a workbook, a zip that is no workbook, a picture, text that is not UTF-8.
      [await importFile(admin, exported.subarray(0, Math.floor(exported.length / 2)), 'plan.xlsx'), 415, /not a readable Excel workbook/],
      [await importFile(admin, notAWorkbook, 'plan.xlsx'), 400, /The workbook has no sheet/],
      [await importFile(admin, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), 'plan.csv'), 415, /binary data/],
      [await importFile(admin, Buffer.from('external_id,title,lead_party\nx,R\xe4ksm\xf6rg\xe5s,city\n', 'latin1'), 'plan.csv'), 415, /not valid UTF-8/],
      [await importFile(admin, Buffer.from('external_id,title,lead_party\n'), 'plan.csv'), 400, /no activity rows/],
      [await importFile(admin, Buffer.from('external_id,title,lead_party,budget\nx,y,city,5\n'), 'plan.csv'), 400, /Unknown columns: budget/],
      [await importFile(admin, Buffer.from('external_id,title\nx,y\n'), 'plan.csv'), 400, /Missing columns: lead_party/],
      [await admin.post(`/api/agreements/${AGREEMENT}/import`).send({}), 400, /multipart/],
      [await importFile(admin, Buffer.from(csv), 'plan.csv').query({ dryRun: 'kanske' }), 400, /dryRun/],
    ] as const;
    for (const [res, status, message] of refused) {
      expect({ status: res.status, message: res.body.message }).toEqual({ status, message: expect.stringMatching(message) });
    }
    const owner = await importFile(await live.as('polis@exempelby.example'), Buffer.from(csv), 'plan.csv');
    expect(owner.status).toBe(403);
    const otherTenant = await importFile(await live.as('admin@samverkan.example'), Buffer.from(csv), 'plan.csv');
    expect(otherTenant.status).toBe(404);
    expect((await (await live.as('admin@samverkan.example')).get(`/api/imports/${report.id}`)).status).toBe(404);
    expect((await admin.get(`/api/imports/not-an-id`)).status).toBe(404);

    // 50 MB: refused at the limit (10 MB), 413, before it is all read.
    const huge = Buffer.alloc(50 * 1024 * 1024, 0x61);
    const big = await importFile(admin, huge, 'plan.csv').catch((error: { code?: string; response?: { status: number } }) => error.response ?? { status: error.code });
    expect(big.status).toBe(413);
  });
});
