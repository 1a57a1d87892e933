/**
 * The plan as a spreadsheet (the agreement's administrators): download it as Excel or CSV, upload an
 * edited file (or try it first without changing anything), follow the import with a progress bar, and
 * read every refused row in a table: row, column and what is wrong, in Swedish. Also the lägesrapporter
 * of a period (from and to, days), as Excel or CSV.
 */
import { api, messageOf } from '../api';
import type { components } from '../api/schema';
import { currentAgreement } from '../agreement';
import { announce, esc, show } from '../ui';

type PlanImport = components['schemas']['PlanImportDto'];

const STATUS_SV: Record<PlanImport['status'], string> = { queued: 'Väntar', running: 'Pågår', done: 'Klar', failed: 'Avbruten' };

function save(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

async function download(format: 'xlsx' | 'csv', key: string): Promise<void> {
  const result = await api.GET('/api/agreements/{key}/export', { params: { path: { key }, query: { format } }, parseAs: 'blob' });
  if (!result.response.ok) return announce(`Planen kunde inte hämtas: ${messageOf(result)}`);
  save(result.data as Blob, `${key}-plan.${format}`);
}

async function downloadReports(format: 'xlsx' | 'csv', key: string): Promise<void> {
  const error = document.getElementById('reports-error')!;
  error.textContent = '';
  const from = (document.getElementById('reports-from') as HTMLInputElement).value;
  const to = (document.getElementById('reports-to') as HTMLInputElement).value;
  if (!from || !to) return void (error.textContent = 'Ange periodens första och sista dag.');
  if (from > to) return void (error.textContent = 'Perioden slutar innan den börjar: välj en sista dag på eller efter den första.');
  const result = await api.GET('/api/agreements/{key}/reports/export', { params: { path: { key }, query: { format, from, to } }, parseAs: 'blob' });
  if (!result.response.ok) return void (error.textContent = `Lägesrapporterna kunde inte hämtas: ${messageOf(result)}`);
  save(result.data as Blob, `${key}-lagesrapporter-${from}-${to}.${format}`);
  announce(`Lägesrapporterna ${from} – ${to} är hämtade.`);
}

/** YYYY-MM-DD of today in Swedish time, and of the first day of this year. */
function thisYear(): { from: string; to: string } {
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date());
  return { from: `${today.slice(0, 4)}-01-01`, to: today };
}

function progressHtml(job: PlanImport): string {
  const summary = job.dryRun
    ? `Provkörning, inget har ändrats: ${job.created} skulle skapas, ${job.updated} skulle ändras, ${job.unchanged} oförändrade, ${job.failed} med fel.`
    : `${job.created} skapade, ${job.updated} ändrade, ${job.unchanged} oförändrade, ${job.failed} med fel.`;
  const errors = job.errors.length
    ? `<table id="import-fel"><caption>Rader med fel (raderna importerades inte; övriga rader sparades)</caption>
        <thead><tr><th scope="col">Rad</th><th scope="col">Kolumn</th><th scope="col">Fel</th></tr></thead>
        <tbody>${job.errors.map((e) => `<tr><td>${e.row}</td><td><code>${esc(e.column)}</code></td><td>${esc(e.message)}</td></tr>`).join('')}</tbody></table>`
    : '';
  return `<p><label for="import-progress">${esc(STATUS_SV[job.status])}: ${job.done} av ${job.total} rader</label>
      <progress id="import-progress" max="${Math.max(job.total, 1)}" value="${job.done}">${job.done} av ${job.total}</progress></p>
    ${job.status === 'done' || job.status === 'failed' ? `<p id="import-summary">${esc(summary)}</p>` : ''}
    ${job.problem ? `<p class="error" role="alert">${esc(job.problem)}</p>` : ''}
    ${errors}`;
}

async function follow(id: string, box: HTMLElement): Promise<void> {
  for (;;) {
    const result = await api.GET('/api/imports/{id}', { params: { path: { id } } });
    if (!result.data) {
      box.innerHTML = `<p class="error" role="alert">${esc(messageOf(result))}</p>`;
      return;
    }
    box.innerHTML = progressHtml(result.data);
    if (result.data.status === 'done' || result.data.status === 'failed') {
      announce(`Importen är ${result.data.status === 'done' ? 'klar' : 'avbruten'}: ${result.data.failed} rader med fel.`);
      return;
    }
    await new Promise((r) => setTimeout(r, 700));
  }
}

export async function planImport(): Promise<void> {
  const key = currentAgreement()!;
  const period = thisYear();
  show(
    'Importera och exportera planen',
    `<p>Hämta planen som kalkylblad, ändra den och läs in den igen. Varje rad är en aktivitet; en rad med ett känt externt id ändrar den aktiviteten, ett nytt id skapar en ny. Rader med fel läses inte in, övriga sparas.</p>
    <p><button type="button" id="export-xlsx">Hämta som Excel (.xlsx)</button> <button type="button" id="export-csv">Hämta som CSV</button></p>
    <form id="import-form">
      <label for="import-file">Fil att läsa in (.xlsx eller .csv, högst 10 MB)</label>
      <input id="import-file" name="file" type="file" accept=".xlsx,.csv" required>
      <p><input id="import-dry-run" name="dryRun" type="checkbox"><label for="import-dry-run">Provkör: kontrollera filen utan att ändra något</label></p>
      <p id="import-error" class="error" role="alert"></p>
      <button type="submit">Läs in</button>
    </form>
    <section id="import-status" aria-live="polite"></section>
    <h2>Lägesrapporter för en period</h2>
    <p>Alla lägesrapporter som lämnats under perioden, en rad per rapport: aktivitet, när, status, framsteg, sammanfattning, nästa steg, delmål och vem som rapporterade.</p>
    <form id="reports-form">
      <p><label for="reports-from">Första dag</label> <input id="reports-from" name="from" type="date" required value="${esc(period.from)}">
         <label for="reports-to">Sista dag</label> <input id="reports-to" name="to" type="date" required value="${esc(period.to)}"></p>
      <p id="reports-error" class="error" role="alert"></p>
      <p><button type="button" id="reports-xlsx">Hämta lägesrapporter som Excel (.xlsx)</button> <button type="button" id="reports-csv">Hämta lägesrapporter som CSV</button></p>
    </form>`,
  );
  document.getElementById('reports-xlsx')!.addEventListener('click', () => void downloadReports('xlsx', key));
  document.getElementById('reports-csv')!.addEventListener('click', () => void downloadReports('csv', key));
  document.getElementById('export-xlsx')!.addEventListener('click', () => void download('xlsx', key));
  document.getElementById('export-csv')!.addEventListener('click', () => void download('csv', key));
  document.getElementById('import-form')!.addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = document.getElementById('import-file') as HTMLInputElement;
    const file = input.files?.[0];
    const error = document.getElementById('import-error')!;
    error.textContent = '';
    if (!file) return void (error.textContent = 'Välj en fil.');
    const form = new FormData();
    form.append('file', file, file.name);
    const dryRun = (document.getElementById('import-dry-run') as HTMLInputElement).checked;
    const result = await api.POST('/api/agreements/{key}/import', {
      params: { path: { key }, query: { dryRun } },
      body: form as never,
      bodySerializer: (b: unknown) => b as FormData,
    });
    if (!result.data) return void (error.textContent = `Filen kunde inte läsas in: ${messageOf(result)}`);
    await follow(result.data.id, document.getElementById('import-status')!);
  });
}
