/**
 * The public page /insyn: open to anyone, in Swedish, showing goal areas, activities, phase, latest
 * status and the date of the last report, and never a name or a report text.
 */
import request from 'supertest';
import { DEMO_STAFF } from '@app/database';
import { useSeededApi } from '../support/test-api';

describe('the public page /insyn', () => {
  const api = useSeededApi('2026-11-23');
  const SECRET_SUMMARY = 'Samtal med familjen Andersson på Bäckby om sonens skolgång';

  beforeAll(async () => {
    // A report whose text must never be shown publicly (it even breaks the rule against personal data).
    const ds = api.ds;
    await ds.query(
      `INSERT INTO activity_report (activity_id, status, progress, summary, submitted_at)
       SELECT id, 'off_track', 10, $1, '2026-11-20T10:00:00Z' FROM activity WHERE key = 'familjer-riskzon'`,
      [SECRET_SUMMARY],
    );
    // Half past midnight on 22 November in Sweden is still the 21st in UTC.
    await ds.query(
      `INSERT INTO activity_report (activity_id, status, progress, summary, submitted_at)
       SELECT id, 'on_track', 30, 'Nattpass', '2026-11-21T23:30:00Z' FROM activity WHERE key = 'mbu'`,
    );
  });

  it('is served to anyone, in Swedish, with every goal area and activity', async () => {
    const res = await request(api.app.getHttpServer()).get('/insyn').expect(200).expect('Content-Type', /text\/html/);
    const html = res.text;
    expect(html).toContain('<html lang="sv">');
    expect(html).toContain('<h1>Insyn: så går arbetet</h1>');
    for (const title of ['Inga utsatta områden', 'Barn och unga ska lyckas', 'Reducera dödligt våld']) expect(html).toContain(title);
    expect(html).toContain('Människan bakom uniformen (MBU)');
    expect(html).toContain('Lång sikt');
    // Status in words and symbol, not colour alone; the date in Swedish.
    expect(html).toMatch(/<span aria-hidden="true">✕<\/span> Avviker från plan/);
    expect(html).toContain('20 november 2026');
  });

  it('dates the last report by the day in Sweden', async () => {
    const res = await request(api.app.getHttpServer()).get('/api/public/overview').expect(200);
    const mbu = res.body.goalAreas.flatMap((g: { activities: { key: string }[] }) => g.activities).find((a: { key: string }) => a.key === 'mbu');
    expect(mbu.lastReportDate).toBe('2026-11-22');
    expect((await request(api.app.getHttpServer()).get('/insyn').expect(200)).text).toContain('22 november 2026');
  });

  it('shows no personal names, no e-mail addresses and no report texts', async () => {
    const http = request(api.app.getHttpServer());
    const html = (await http.get('/insyn').expect(200)).text;
    const json = JSON.stringify((await http.get('/api/public/overview').expect(200)).body);
    for (const text of [html, json]) {
      for (const person of DEMO_STAFF) {
        expect(text).not.toContain(person.name);
        expect(text).not.toContain(person.email);
      }
      expect(text).not.toMatch(/[\w.-]+@[\w-]+\.[a-z]{2,}/i); // no e-mail address
      expect(text).not.toContain(SECRET_SUMMARY);
      expect(text).not.toContain('Andersson');
    }
  });
});

describe('/insyn with several municipalities on the platform', () => {
  const api = useSeededApi('2026-11-23', 'admin@samverkan.example', { agreements: 'demo' });

  it('asks which agreement, and each page shows its own agreement only', async () => {
    const http = request(api.app.getHttpServer());
    const choice = (await http.get('/insyn').expect(200)).text;
    expect(choice).toContain('Välj kommunens samverkansöverenskommelse');
    expect(choice).toContain('href="/insyn?agreement=vasteras-2023-2027"');
    expect(choice).toContain('href="/insyn?agreement=exempelby-2025-2028"');
    const which = await http.get('/api/public/overview').expect(400);
    expect(which.body.error).toBe('AGREEMENT_REQUIRED');
    expect(which.body.message).toMatch(/exempelby-2025-2028.*vasteras-2023-2027|vasteras-2023-2027.*exempelby-2025-2028/);

    const exempelby = (await http.get('/insyn?agreement=exempelby-2025-2028').expect(200)).text;
    const vasteras = (await http.get('/insyn?agreement=vasteras-2023-2027').expect(200)).text;
    expect(exempelby).toContain('Exempelby');
    expect(exempelby).not.toContain('Människan bakom uniformen (MBU)'); // Västerås's title of its mbu
    expect(vasteras).toContain('Människan bakom uniformen (MBU)');
    expect(vasteras).not.toContain('Exempelby');
    const overview = (await http.get('/api/public/overview?agreement=exempelby-2025-2028').expect(200)).body;
    expect(overview.agreement.key).toBe('exempelby-2025-2028');
    expect(overview.goalAreas.map((g: { code: string }) => g.code)).toEqual(['A', 'B', 'C']);
  });
});
