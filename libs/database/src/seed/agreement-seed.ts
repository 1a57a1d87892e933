import type { AgreementPrinciple } from '../entities';
import { FollowUpSettings, nextWorkingDay, PhaseDefaults, PHASE_NAMES_SV, PhaseKind, isPhaseKind } from '@app/domain';
import vasteras from './vasteras-2023-2027.json';

/** What seeding needs to know about one agreement, independent of where it was written down. */
export interface AgreementSeed {
  key: string;
  title: string;
  /** The municipality's name as the agreement's text gives it (`Västerås`). */
  municipality: string;
  /**
   * The municipality (tenant) that owns the agreement: found by `key`, or made with `name` when it is
   * not there yet. Several agreements (one per period) may name the same one.
   */
  owner: { key: string; name: string };
  validFrom: string;
  validTo: string;
  purpose: string;
  longTermGoal: string;
  timePerspectives?: string;
  geographicFocus?: string;
  principles: AgreementPrinciple[];
  parties: { key: string; name: string; joined?: string }[];
  goalAreas: { code: string; title: string; subtitle?: string }[];
  activities: { key: string; title: string; description?: string; goalAreas: string[]; leadParty: string; cooperatingParties?: string[] }[];
  areas: { name: string; note?: string }[];
  phaseDefaults: PhaseDefaults[];
  /** Reminders and escalation ladder; the defaults (7 and 1 days before; 3, 10, 21 days after) when left out. */
  followUp?: FollowUpSettings;
  /** Dates (YYYY-MM-DD) of Trygghetsrådet's meetings in the agreement's period. */
  councilMeetings?: string[];
}

/** Demo delmål per phase; invented, like everything under demoAssumptions. */
export const DEMO_MILESTONES: Record<PhaseKind, string> = {
  short: 'Nuläge beskrivet och arbetsplan fastställd',
  medium: 'Arbetssättet etablerat i de prioriterade stadsdelarna',
  long: 'Effekter följda upp mot överenskommelsens indikatorer',
};

type VasterasJson = typeof vasteras;

/** Reads the agreement file format of `vasteras-2023-2027.json` (with its demo assumptions). */
export function agreementSeedFromJson(json: VasterasJson, municipality: string, owner: AgreementSeed['owner']): AgreementSeed {
  const leadParty = json.demoAssumptions.leadParty as Record<string, string>;
  return {
    key: json.agreement.key,
    title: json.agreement.title,
    municipality,
    owner,
    validFrom: json.agreement.validFrom,
    validTo: json.agreement.validTo,
    purpose: json.agreement.purpose,
    longTermGoal: json.agreement.longTermGoal,
    timePerspectives: json.agreement.timePerspectives,
    geographicFocus: json.agreement.geographicFocus,
    principles: json.agreement.principles,
    parties: json.parties.map((p) => ({ key: p.key, name: p.name, joined: p.joined })),
    goalAreas: json.goalAreas.map((g) => ({ code: g.code, title: g.title, subtitle: 'subtitle' in g ? g.subtitle : undefined })),
    activities: json.activities.map((a) => {
      const lead = leadParty[a.key];
      if (!lead) throw new Error(`demoAssumptions.leadParty has no lead party for activity "${a.key}"`);
      return { key: a.key, title: a.title, goalAreas: a.goalAreas, leadParty: lead };
    }),
    areas: json.areas.map((a) => ({ name: a.name, note: a.note })),
    councilMeetings: demoCouncilMeetings(json.agreement.validFrom, json.agreement.validTo),
    phaseDefaults: json.demoAssumptions.phases.map((p) => {
      if (!isPhaseKind(p.key)) throw new Error(`Unknown phase "${p.key}" in demoAssumptions.phases`);
      if (PHASE_NAMES_SV[p.key] !== p.name) throw new Error(`Phase "${p.key}" is called "${p.name}", expected "${PHASE_NAMES_SV[p.key]}"`);
      return {
        kind: p.key,
        lengthMonths: typeof p.defaultLengthMonths === 'number' ? p.defaultLengthMonths : null,
        followUpEvery: `P${p.defaultFollowUpEveryWeeks}W`,
      };
    }),
  };
}

/**
 * Invented meeting dates for the demo: Trygghetsrådet meets 3–4 times a year, here on the first working
 * day from the 15th of March, June, September and December within the agreement's period.
 */
export function demoCouncilMeetings(validFrom: string, validTo: string): string[] {
  const dates: string[] = [];
  for (let year = Number(validFrom.slice(0, 4)); year <= Number(validTo.slice(0, 4)); year++) {
    for (const month of ['03', '06', '09', '12']) {
      const date = nextWorkingDay(`${year}-${month}-15`);
      if (date >= validFrom && date <= validTo) dates.push(date);
    }
  }
  return dates;
}

/** The Västerås agreement 2023–2027, the first customer's. */
export const VASTERAS_2023_2027 = agreementSeedFromJson(vasteras, 'Västerås', { key: 'vasteras', name: 'Västerås stad' });
