import { AgreementSeed, VASTERAS_2023_2027 } from '@app/database';

/**
 * A second agreement, another municipality's, to seed beside the Västerås one: two parties, two goal
 * areas and one activity whose key, `mbu`, is also a Västerås key. Seeded with the demo staff it has
 * no members (nobody's memberships name it): add them with `addMember` (./members).
 */
export const ESKILSTUNA_2025_2028: AgreementSeed = {
  ...VASTERAS_2023_2027,
  key: 'eskilstuna-2025-2028',
  title: 'Samverkansöverenskommelse Eskilstuna',
  municipality: 'Eskilstuna',
  owner: { key: 'eskilstuna', name: 'Eskilstuna kommun' },
  validFrom: '2025-01-01',
  validTo: '2028-12-31',
  parties: [
    { key: 'city', name: 'Eskilstuna kommun' },
    { key: 'police', name: 'Polisen, lokalpolisområde Eskilstuna' },
  ],
  goalAreas: [
    { code: 'A', title: 'Trygga stadsdelar' },
    { code: 'B', title: 'Barn och unga' },
  ],
  activities: [{ key: 'mbu', title: 'Människan bakom uniformen i Eskilstuna', goalAreas: ['A', 'B'], leadParty: 'police', cooperatingParties: ['city'] }],
  areas: [{ name: 'Skiftinge' }],
  councilMeetings: [],
};
