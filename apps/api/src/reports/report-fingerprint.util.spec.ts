import { canonicalJson, reportFingerprint } from './report-fingerprint.util';

describe('reportFingerprint', () => {
  const report = {
    status: 'on_track',
    progress: 40,
    summary: 'Besök i två förskolor.',
    nextSteps: 'Fler besök i vår.',
    milestones: [
      { milestoneId: 'b0000000-0000-4000-8000-000000000002', status: 'done' },
      { milestoneId: 'a0000000-0000-4000-8000-000000000001', status: 'open' },
    ],
  };

  it('is the same for the same content, whatever the order of keys and milestones', () => {
    const reordered = {
      milestones: [...report.milestones].reverse().map((m) => ({ status: m.status, milestoneId: m.milestoneId.toUpperCase() })),
      nextSteps: report.nextSteps,
      summary: report.summary,
      progress: report.progress,
      status: report.status,
    };
    expect(reportFingerprint(reordered)).toBe(reportFingerprint(report));
    expect(reportFingerprint(report)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('treats what storing erases as the same (surrounding blanks, an empty nextSteps, no milestones)', () => {
    const bare = { status: 'at_risk', progress: 5, summary: 'Inget nytt.' };
    expect(reportFingerprint({ ...bare, summary: '  Inget nytt. ', nextSteps: '  ', milestones: [] })).toBe(reportFingerprint(bare));
    expect(reportFingerprint({ ...bare, nextSteps: null, milestones: null })).toBe(reportFingerprint(bare));
  });

  it('differs when anything the report says differs', () => {
    const base = reportFingerprint(report);
    const changes = [
      { status: 'at_risk' },
      { progress: 41 },
      { summary: 'Besök i tre förskolor.' },
      { nextSteps: undefined },
      { milestones: report.milestones.slice(1) },
      { milestones: [{ ...report.milestones[0], status: 'open' }, report.milestones[1]] },
    ];
    for (const change of changes) expect([change, reportFingerprint({ ...report, ...change })]).not.toEqual([change, base]);
  });
});

describe('canonicalJson', () => {
  it('orders keys at every depth and leaves arrays in their order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null }, e: undefined })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
  });
});
