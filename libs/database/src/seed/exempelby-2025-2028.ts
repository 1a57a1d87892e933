import { AgreementSeed, demoCouncilMeetings } from './agreement-seed';

/**
 * The second demo tenant: Exempelby kommun, clearly fictional (no such municipality, no real person,
 * every text invented). Its own three parties, three goal areas and five activities. Some activity
 * keys are also Västerås's (`mbu`, `trygga-strak`), on purpose: links name the agreement, so they
 * never clash.
 */
export const EXEMPELBY_2025_2028: AgreementSeed = {
  key: 'exempelby-2025-2028',
  title: 'Samverkansöverenskommelse mellan Exempelby kommun, lokalpolisområde Exempelby och Exempelbyhem AB',
  municipality: 'Exempelby',
  owner: { key: 'exempelby', name: 'Exempelby kommun' },
  validFrom: '2025-01-01',
  validTo: '2028-12-31',
  purpose: 'Vi samverkar för att Exempelby ska vara en trygg kommun att bo, växa upp och verka i.',
  longTermGoal:
    'Alla som bor i Exempelby ska känna sig trygga i sitt bostadsområde och i centrum, barn och unga ska ha en meningsfull fritid och ingen ska dras in i kriminalitet.',
  timePerspectives: 'Vi följer arbetet upp på kort, medellång och lång sikt, med delmål för varje period.',
  geographicFocus: 'Norrby och Exempelby centrum.',
  principles: [
    { key: 'together', title: 'Tillsammans', text: 'vi planerar, genomför och följer upp arbetet gemensamt' },
    { key: 'transparent', title: 'Öppet', text: 'vi redovisar hur arbetet går, även när det går sämre än tänkt' },
  ],
  parties: [
    { key: 'city', name: 'Exempelby kommun', joined: '2024-09' },
    { key: 'police', name: 'Polisen, lokalpolisområde Exempelby', joined: '2024-09' },
    { key: 'housing', name: 'Exempelbyhem AB', joined: '2025-01' },
  ],
  goalAreas: [
    { code: 'A', title: 'Trygga offentliga miljöer', subtitle: 'centrum, stråk och mötesplatser' },
    { code: 'B', title: 'Barn och unga ska lyckas' },
    { code: 'C', title: 'Tillit och delaktighet i bostadsområdena' },
  ],
  activities: [
    {
      key: 'mbu',
      title: 'Människan bakom uniformen i Exempelby',
      description: 'Poliser besöker skolor och fritidsgårdar och berättar om sitt arbete.',
      goalAreas: ['B', 'C'],
      leadParty: 'police',
      cooperatingParties: ['city'],
    },
    {
      key: 'omradespolis',
      title: 'Områdespolis på plats i Norrby och centrum',
      description: 'Fasta tider då områdespolisen finns på plats och går att prata med.',
      goalAreas: ['A', 'C'],
      leadParty: 'police',
      cooperatingParties: ['housing'],
    },
    {
      key: 'trygga-strak',
      title: 'Trygga stråk mellan centrum och Norrby',
      description: 'Belysning, röjd växtlighet och trygghetsvandringar längs gång- och cykelvägarna.',
      goalAreas: ['A'],
      leadParty: 'city',
      cooperatingParties: ['police', 'housing'],
    },
    {
      key: 'lovaktiviteter',
      title: 'Meningsfull fritid på skolloven',
      goalAreas: ['B'],
      leadParty: 'city',
      cooperatingParties: ['housing'],
    },
    {
      key: 'grannsamverkan',
      title: 'Grannsamverkan och trygghetsvärdar i Norrby',
      goalAreas: ['A', 'C'],
      leadParty: 'housing',
      cooperatingParties: ['police'],
    },
  ],
  areas: [
    { name: 'Norrby', note: 'bostadsområde med trygghetsvärdar (påhittat)' },
    { name: 'Centrum', note: 'torget och resecentrum (påhittat)' },
  ],
  phaseDefaults: [
    { kind: 'short', lengthMonths: 12, followUpEvery: 'P4W' },
    { kind: 'medium', lengthMonths: 24, followUpEvery: 'P8W' },
    { kind: 'long', lengthMonths: null, followUpEvery: 'P13W' },
  ],
  councilMeetings: demoCouncilMeetings('2025-01-01', '2028-12-31'),
};
