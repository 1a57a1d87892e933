import vasteras from './vasteras-2023-2027.json';
import { agreementSeedFromJson, VASTERAS_2023_2027 } from './agreement-seed';
import { DEMO_STAFF } from './demo-staff';

describe('the Västerås agreement seed', () => {
  it('has the agreement, four parties, goal areas A–H and sixteen activities', () => {
    expect(VASTERAS_2023_2027.key).toBe('vasteras-2023-2027');
    expect(VASTERAS_2023_2027.parties.map((p) => p.key)).toEqual(['city', 'police', 'mimer', 'region']);
    expect(VASTERAS_2023_2027.goalAreas.map((g) => g.code)).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H']);
    expect(VASTERAS_2023_2027.activities).toHaveLength(16);
    expect(new Set(VASTERAS_2023_2027.activities.map((a) => a.key)).size).toBe(16);
  });

  it('keeps the many-to-many links as listed', () => {
    const underH = VASTERAS_2023_2027.activities.filter((a) => a.goalAreas.includes('H')).map((a) => a.key);
    expect(underH).toEqual(['familjer-riskzon', 'skjutningar', 'nyrekrytering', 'vald-nara-relation']);
    const familjer = VASTERAS_2023_2027.activities.find((a) => a.key === 'familjer-riskzon');
    expect(familjer?.goalAreas).toEqual(['A', 'B', 'D', 'E', 'F', 'G', 'H']);
  });

  it('takes phase defaults as ISO-8601 durations', () => {
    expect(VASTERAS_2023_2027.phaseDefaults).toEqual([
      { kind: 'short', lengthMonths: 12, followUpEvery: 'P4W' },
      { kind: 'medium', lengthMonths: 24, followUpEvery: 'P8W' },
      { kind: 'long', lengthMonths: null, followUpEvery: 'P13W' },
    ]);
  });

  it('refuses an activity without a lead party', () => {
    const broken = JSON.parse(JSON.stringify(vasteras));
    delete broken.demoAssumptions.leadParty.mbu;
    expect(() => agreementSeedFromJson(broken, 'Västerås')).toThrow(/no lead party for activity "mbu"/);
  });

  it('has demo staff with the reserved example domain, an owner per party', () => {
    expect(DEMO_STAFF.every((u) => u.email.endsWith('@samverkan.example'))).toBe(true);
    for (const party of ['city', 'police', 'mimer', 'region']) {
      expect(DEMO_STAFF.filter((u) => u.party === party && u.ownsLeadActivities)).toHaveLength(1);
    }
  });
});
