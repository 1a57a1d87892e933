import vasteras from './vasteras-2023-2027.json';
import { agreementSeedFromJson, VASTERAS_2023_2027 } from './agreement-seed';
import { DEMO_STAFF, membershipIn } from './demo-staff';
import { EXEMPELBY_2025_2028 } from './exempelby-2025-2028';

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
    expect(() => agreementSeedFromJson(broken, 'Västerås', { key: 'vasteras', name: 'Västerås stad' })).toThrow(/no lead party for activity "mbu"/);
  });

  it('belongs to the municipality Västerås stad', () => {
    expect(VASTERAS_2023_2027.owner).toEqual({ key: 'vasteras', name: 'Västerås stad' });
  });

  it('has demo staff with the reserved example domain, an owner per party, all members of Västerås but the Exempelby people', () => {
    const vasteras = DEMO_STAFF.filter((u) => membershipIn(u, 'vasteras-2023-2027'));
    expect(vasteras.every((u) => u.email.endsWith('@samverkan.example'))).toBe(true);
    expect(vasteras).toHaveLength(12);
    for (const party of ['city', 'police', 'mimer', 'region']) {
      expect(vasteras.filter((u) => membershipIn(u, 'vasteras-2023-2027')?.party === party && membershipIn(u, 'vasteras-2023-2027')?.ownsLeadActivities)).toHaveLength(1);
    }
    expect(DEMO_STAFF.filter((u) => !membershipIn(u, 'vasteras-2023-2027')).map((u) => u.email)).toEqual([
      'admin@exempelby.example',
      'ledning@exempelby.example',
      'operativ@exempelby.example',
      'polis@exempelby.example',
    ]);
    expect(new Set(DEMO_STAFF.map((u) => u.email)).size).toBe(DEMO_STAFF.length);
  });

  it('names only parties the agreements have', () => {
    const byKey = new Map([VASTERAS_2023_2027, EXEMPELBY_2025_2028].map((a) => [a.key, new Set(a.parties.map((p) => p.key))]));
    for (const person of DEMO_STAFF) {
      for (const [agreementKey, m] of Object.entries(person.memberships)) {
        expect(byKey.has(agreementKey)).toBe(true);
        if (m.party !== null) expect(byKey.get(agreementKey)!.has(m.party)).toBe(true);
      }
    }
  });
});

describe('the Exempelby agreement seed (fictional, the second demo tenant)', () => {
  it('has its own municipality, three parties, goal areas A–C and five activities, some keys shared with Västerås', () => {
    expect(EXEMPELBY_2025_2028).toMatchObject({
      key: 'exempelby-2025-2028',
      owner: { key: 'exempelby', name: 'Exempelby kommun' },
      validFrom: '2025-01-01',
      validTo: '2028-12-31',
    });
    expect(EXEMPELBY_2025_2028.parties.map((p) => [p.key, p.name])).toEqual([
      ['city', 'Exempelby kommun'],
      ['police', 'Polisen, lokalpolisområde Exempelby'],
      ['housing', 'Exempelbyhem AB'],
    ]);
    expect(EXEMPELBY_2025_2028.goalAreas.map((g) => g.code)).toEqual(['A', 'B', 'C']);
    const keys = EXEMPELBY_2025_2028.activities.map((a) => a.key);
    expect(new Set(keys).size).toBe(5);
    expect(keys.filter((k) => VASTERAS_2023_2027.activities.some((a) => a.key === k))).toEqual(['mbu', 'trygga-strak']);
  });

  it('links activities only to its own goal areas and parties, and has council meetings within its period', () => {
    const codes = new Set(EXEMPELBY_2025_2028.goalAreas.map((g) => g.code));
    const parties = new Set(EXEMPELBY_2025_2028.parties.map((p) => p.key));
    for (const a of EXEMPELBY_2025_2028.activities) {
      expect(a.goalAreas.every((c) => codes.has(c))).toBe(true);
      expect(parties.has(a.leadParty)).toBe(true);
      expect((a.cooperatingParties ?? []).every((p) => parties.has(p) && p !== a.leadParty)).toBe(true);
    }
    const meetings = EXEMPELBY_2025_2028.councilMeetings ?? [];
    expect(meetings.length).toBeGreaterThan(0);
    expect(meetings.every((d) => d >= '2025-01-01' && d <= '2028-12-31')).toBe(true);
  });

  it('has four people at @exempelby.example, and the police coordinator of Västerås with other roles there', () => {
    const members = DEMO_STAFF.filter((u) => membershipIn(u, 'exempelby-2025-2028')).map((u) => [u.email, membershipIn(u, 'exempelby-2025-2028')]);
    expect(members).toEqual([
      ['polis.samordnare@samverkan.example', { party: 'police', roles: ['coordinator', 'operational'] }],
      ['admin@exempelby.example', { party: null, roles: ['admin'] }],
      ['ledning@exempelby.example', { party: null, roles: ['strategic'] }],
      ['operativ@exempelby.example', { party: null, roles: ['operational'] }],
      ['polis@exempelby.example', { party: 'police', roles: ['owner'], ownsLeadActivities: true }],
    ]);
    const pelle = DEMO_STAFF.find((u) => u.email === 'polis.samordnare@samverkan.example')!;
    expect(membershipIn(pelle, 'vasteras-2023-2027')).toEqual({ party: 'police', roles: ['coordinator'] });
  });
});
