import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Agreement } from '@app/database';
import { isUuid } from '@app/domain';
import { ApiError, ApiErrorCode, isUniqueViolation } from '../common/api-error';
import { AgreementsService } from '../agreements/agreements.service';
import { AuditService } from '../audit/audit.service';
import type { SignedInUser } from '../auth/auth.decorators';
import { authorize } from '../auth/authorize';
import {
  AdminAreaDto,
  AdminGoalAreaDto,
  AdminPartyDto,
  AgreementAdminDto,
  CouncilMeetingDto,
  CreateAreaDto,
  CreateGoalAreaDto,
  CreatePartyDto,
  UpdateAgreementDto,
  UpdateAreaDto,
  UpdateGoalAreaDto,
  UpdatePartyDto,
} from './agreement-admin.dto';
import { councilMeetingDto, CouncilMeetingRow, COUNCIL_MEETING_COLUMNS } from './council-meetings.service';

/** The agreement's own fields an administrator may change, and their columns. */
const AGREEMENT_FIELDS = {
  title: 'title',
  municipality: 'municipality',
  purpose: 'purpose',
  longTermGoal: 'long_term_goal',
  timePerspectives: 'time_perspectives',
  geographicFocus: 'geographic_focus',
  principles: 'principles',
  validFrom: 'valid_from',
  validTo: 'valid_to',
} as const;
type AgreementField = keyof typeof AGREEMENT_FIELDS;

interface AgreementRow {
  id: string;
  key: string;
  title: string;
  municipality: string;
  valid_from: string;
  valid_to: string;
  purpose: string;
  long_term_goal: string;
  time_perspectives: string | null;
  geographic_focus: string | null;
  principles: { key: string; title: string; text: string }[];
}

interface PartyRow {
  id: string;
  key: string;
  name: string;
  joined: string | null;
  retired_at: Date | null;
  leads: number;
}

interface GoalAreaRow {
  id: string;
  code: string;
  title: string;
  subtitle: string | null;
  activity_count: number;
}

interface AreaRow {
  id: string;
  name: string;
  note: string | null;
}

/** An activity still followed up: what keeps a party from being retired. */
const FOLLOWED_UP = `a.status = 'active'`;

const PARTIES_SQL = `
  SELECT p.id, p.key, p.name, p.joined, p.retired_at,
         (SELECT count(*)::int FROM activity a WHERE a.lead_party_id = p.id AND ${FOLLOWED_UP}) AS leads
    FROM party p WHERE p.agreement_id = $1 AND ($2::uuid IS NULL OR p.id = $2::uuid) ORDER BY p.key`;
const GOAL_AREAS_SQL = `
  SELECT g.id, g.code, g.title, g.subtitle, (SELECT count(*)::int FROM activity_goal_area ag WHERE ag.goal_area_id = g.id) AS activity_count
    FROM goal_area g WHERE g.agreement_id = $1 AND ($2::uuid IS NULL OR g.id = $2::uuid) ORDER BY g.code`;
const AREAS_SQL = `SELECT id, name, note FROM area WHERE agreement_id = $1 AND ($2::uuid IS NULL OR id = $2::uuid) ORDER BY name`;

const partyDto = (r: PartyRow): AdminPartyDto => ({ id: r.id, key: r.key, name: r.name, joined: r.joined, retiredAt: r.retired_at?.toISOString() ?? null, leadsActivities: r.leads });
const goalAreaDto = (r: GoalAreaRow): AdminGoalAreaDto => ({ id: r.id, code: r.code, title: r.title, subtitle: r.subtitle, activityCount: r.activity_count });
const areaDto = (r: AreaRow): AdminAreaDto => ({ id: r.id, name: r.name, note: r.note });

/** At most this many things named in one refusal ("… och 3 till"). */
const NAMED = 10;
function listed(items: string[]): string {
  const shown = items.slice(0, NAMED).join(', ');
  return items.length > NAMED ? `${shown} och ${items.length - NAMED} till` : shown;
}

const conflict = (message: string) => new ApiError(ApiErrorCode.Conflict, message);

/**
 * The administration of one agreement by its administrators: its texts and period, its parties
 * (add, rename, retire), goal areas (add, edit, remove when empty) and areas (stadsdelar). Every
 * change is written with its audit entry in one transaction; messages are in Swedish, for the
 * administrator who reads them beside the form.
 */
@Injectable()
export class AgreementAdminService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly agreements: AgreementsService,
    private readonly audit: AuditService,
  ) {}

  /** One of the person's agreements by key (another tenant's is a 404), where they must be an administrator. */
  async adminOf(user: SignedInUser, key: string): Promise<Agreement> {
    const agreement = await this.agreements.getByKey(user, key);
    authorize(user, 'administer-agreement', { agreementId: agreement.id });
    return agreement;
  }

  async get(user: SignedInUser, key: string): Promise<AgreementAdminDto> {
    const agreement = await this.adminOf(user, key);
    return this.describe(this.dataSource.manager, agreement.id);
  }

  private async describe(em: EntityManager, agreementId: string): Promise<AgreementAdminDto> {
    const [a] = await em.query<AgreementRow[]>(`SELECT id, key, title, municipality, valid_from::text, valid_to::text, purpose, long_term_goal, time_perspectives, geographic_focus, principles FROM agreement WHERE id = $1`, [agreementId]);
    const [parties, goalAreas, areas, meetings] = await Promise.all([
      em.query<PartyRow[]>(PARTIES_SQL, [agreementId, null]),
      em.query<GoalAreaRow[]>(GOAL_AREAS_SQL, [agreementId, null]),
      em.query<AreaRow[]>(AREAS_SQL, [agreementId, null]),
      em.query<CouncilMeetingRow[]>(`SELECT ${COUNCIL_MEETING_COLUMNS} FROM council_meeting WHERE agreement_id = $1 ORDER BY date, cancelled_at NULLS LAST`, [agreementId]),
    ]);
    return {
      id: a.id,
      key: a.key,
      title: a.title,
      municipality: a.municipality,
      validFrom: a.valid_from,
      validTo: a.valid_to,
      purpose: a.purpose,
      longTermGoal: a.long_term_goal,
      timePerspectives: a.time_perspectives,
      geographicFocus: a.geographic_focus,
      principles: a.principles,
      parties: parties.map(partyDto),
      goalAreas: goalAreas.map(goalAreaDto),
      areas: areas.map(areaDto),
      councilMeetings: meetings.map(councilMeetingDto) as CouncilMeetingDto[],
    };
  }

  // --- the agreement's texts and period -------------------------------------------------------

  /**
   * Changes the texts and/or the period. A period must leave every activity that is not cancelled
   * (its phases and dated delmål) and every planned council meeting inside it: a 409 names what would
   * fall outside. validTo must come after validFrom.
   */
  async update(user: SignedInUser, key: string, dto: UpdateAgreementDto): Promise<AgreementAdminDto> {
    const agreement = await this.adminOf(user, key);
    const fields = (Object.keys(AGREEMENT_FIELDS) as AgreementField[]).filter((f) => dto[f] !== undefined);
    if (fields.length === 0) {
      throw ApiError.invalid('body', `ange vad som ska ändras: ${Object.keys(AGREEMENT_FIELDS).join(', ')}`);
    }
    return this.dataSource.transaction(async (em) => {
      const [before] = await em.query<AgreementRow[]>(
        `SELECT id, key, title, municipality, valid_from::text, valid_to::text, purpose, long_term_goal, time_perspectives, geographic_focus, principles FROM agreement WHERE id = $1 FOR UPDATE`,
        [agreement.id],
      );
      const from = dto.validFrom ?? before.valid_from;
      const to = dto.validTo ?? before.valid_to;
      if (to <= from) {
        throw ApiError.invalid(dto.validTo ? 'validTo' : 'validFrom', `överenskommelsen måste sluta efter att den börjar: validTo (${to}) ligger inte efter validFrom (${from})`);
      }
      if (from !== before.valid_from || to !== before.valid_to) await this.periodFits(em, agreement.id, from, to);
      if (dto.principles) {
        const keys = dto.principles.map((p) => p.key);
        const twice = keys.filter((k, i) => keys.indexOf(k) !== i);
        if (twice.length) throw ApiError.invalid('principles', `nyckeln ${twice[0]} finns två gånger; varje princip behöver en egen nyckel`);
      }
      const sets = fields.map((f, i) => `${AGREEMENT_FIELDS[f]} = $${i + 2}${f === 'principles' ? '::jsonb' : ''}`);
      const values = fields.map((f) => {
        const value = dto[f];
        if (f === 'principles') return JSON.stringify(dto.principles!.map((p) => ({ key: p.key, title: p.title.trim(), text: p.text.trim() })));
        return typeof value === 'string' ? value.trim() : value;
      });
      await em.query(`UPDATE agreement SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, [agreement.id, ...values]);
      const after = await this.describe(em, agreement.id);
      const pick = (row: Record<string, unknown>) => Object.fromEntries(fields.map((f) => [f, row[f]]));
      const old: Record<string, unknown> = {
        title: before.title, municipality: before.municipality, purpose: before.purpose, longTermGoal: before.long_term_goal,
        timePerspectives: before.time_perspectives, geographicFocus: before.geographic_focus, principles: before.principles,
        validFrom: before.valid_from, validTo: before.valid_to,
      };
      await this.audit.record(user, { action: 'agreement.update', entityType: 'agreement', entityId: agreement.id, agreementId: agreement.id, before: pick(old), after: pick(after as unknown as Record<string, unknown>) }, em);
      return after;
    });
  }

  /** Refuses (409) a period that would leave an activity's phases or delmål, or a planned council meeting, outside it. */
  private async periodFits(em: EntityManager, agreementId: string, from: string, to: string): Promise<void> {
    const phases = await em.query<{ key: string; title: string; kind: string; start_date: string; target_date: string }[]>(
      `SELECT a.key, a.title, p.kind, p.start_date::text, p.target_date::text FROM phase p JOIN activity a ON a.id = p.activity_id
        WHERE a.agreement_id = $1 AND a.status <> 'cancelled' AND (p.start_date < $2::date OR p.target_date > $3::date)
        ORDER BY a.key, p.start_date`,
      [agreementId, from, to],
    );
    const milestones = await em.query<{ key: string; title: string; due_date: string }[]>(
      `SELECT a.key, m.title, m.due_date::text FROM milestone m JOIN phase p ON p.id = m.phase_id JOIN activity a ON a.id = p.activity_id
        WHERE a.agreement_id = $1 AND a.status <> 'cancelled' AND m.due_date IS NOT NULL AND (m.due_date < $2::date OR m.due_date > $3::date)
        ORDER BY a.key, m.due_date`,
      [agreementId, from, to],
    );
    const meetings = await em.query<{ date: string }[]>(
      `SELECT date::text FROM council_meeting WHERE agreement_id = $1 AND cancelled_at IS NULL AND (date < $2::date OR date > $3::date) ORDER BY date`,
      [agreementId, from, to],
    );
    const problems: string[] = [];
    if (phases.length) {
      const PHASE_SV: Record<string, string> = { short: 'kort sikt', medium: 'medellång sikt', long: 'lång sikt' };
      problems.push(`aktiviteternas faser ${listed(phases.map((p) => `${p.key} "${p.title}" (${PHASE_SV[p.kind] ?? p.kind}, ${p.start_date} – ${p.target_date})`))}`);
    }
    if (milestones.length) problems.push(`delmålen ${listed(milestones.map((m) => `${m.key}: "${m.title}" (${m.due_date})`))}`);
    if (meetings.length) problems.push(`Trygghetsrådets möten ${listed(meetings.map((m) => m.date))} (flytta eller ställ in dem först)`);
    if (problems.length) {
      throw conflict(`Perioden ${from} – ${to} skulle lämna ${problems.join('; och ')} utanför överenskommelsen. Ändra dem först, eller välj en period som rymmer dem.`);
    }
  }

  // --- parties --------------------------------------------------------------------------------

  async addParty(user: SignedInUser, key: string, dto: CreatePartyDto): Promise<AdminPartyDto> {
    const agreement = await this.adminOf(user, key);
    return this.write(async (em) => {
      await this.lockAgreement(em, agreement.id);
      await this.partyNameFree(em, agreement.id, dto.name.trim(), null);
      const [taken] = await em.query(`SELECT name FROM party WHERE agreement_id = $1 AND key = $2`, [agreement.id, dto.key]);
      if (taken) throw conflict(`Det finns redan en part med nyckeln "${dto.key}" (${taken.name}); välj en annan nyckel.`);
      const [{ id }] = await em.query(`INSERT INTO party (agreement_id, key, name, joined) VALUES ($1, $2, $3, $4) RETURNING id`, [agreement.id, dto.key, dto.name.trim(), dto.joined ?? null]);
      const party = await this.party(em, agreement.id, id);
      await this.audit.record(user, { action: 'party.add', entityType: 'party', entityId: id, agreementId: agreement.id, after: party }, em);
      return party;
    }, () => conflict(`Det finns redan en part med nyckeln "${dto.key}"; välj en annan nyckel.`));
  }

  async updateParty(user: SignedInUser, key: string, id: string, dto: UpdatePartyDto): Promise<AdminPartyDto> {
    const agreement = await this.adminOf(user, key);
    if (dto.name === undefined && dto.joined === undefined) throw ApiError.invalid('body', 'ange vad som ska ändras: name och/eller joined');
    return this.dataSource.transaction(async (em) => {
      const before = await this.party(em, agreement.id, id, true);
      if (dto.name !== undefined) await this.partyNameFree(em, agreement.id, dto.name.trim(), id);
      await em.query(`UPDATE party SET name = coalesce($2, name), joined = CASE WHEN $3 THEN $4 ELSE joined END WHERE id = $1`, [
        id,
        dto.name?.trim() ?? null,
        dto.joined !== undefined,
        dto.joined ?? null,
      ]);
      const after = await this.party(em, agreement.id, id);
      await this.audit.record(user, { action: 'party.update', entityType: 'party', entityId: id, agreementId: agreement.id, before, after }, em);
      return after;
    });
  }

  /**
   * Retires a party: it stays on what names it (finished activities, memberships, the audit trail)
   * but leads no new activity and gets no new member. Refused (409, naming them) while it leads an
   * activity that is still followed up: give those another lead party first.
   */
  async retireParty(user: SignedInUser, key: string, id: string): Promise<AdminPartyDto> {
    const agreement = await this.adminOf(user, key);
    return this.dataSource.transaction(async (em) => {
      const before = await this.party(em, agreement.id, id, true);
      if (before.retiredAt) throw conflict(`Parten ${before.name} avslutades redan ${before.retiredAt.slice(0, 10)}.`);
      const leads = await em.query<{ key: string; title: string }[]>(`SELECT a.key, a.title FROM activity a WHERE a.lead_party_id = $1 AND ${FOLLOWED_UP} ORDER BY a.key`, [id]);
      if (leads.length) {
        throw conflict(
          `${before.name} leder ${leads.length === 1 ? 'en aktivitet' : `${leads.length} aktiviteter`} som följs upp: ${listed(leads.map((a) => `${a.key} "${a.title}"`))}. ` +
            'Låt en annan part leda dem, eller avsluta dem, innan parten avslutas.',
        );
      }
      await em.query(`UPDATE party SET retired_at = now() WHERE id = $1`, [id]);
      const after = await this.party(em, agreement.id, id);
      await this.audit.record(user, { action: 'party.retire', entityType: 'party', entityId: id, agreementId: agreement.id, before, after }, em);
      return after;
    });
  }

  private async party(em: EntityManager, agreementId: string, id: string, lock = false): Promise<AdminPartyDto> {
    if (!isUuid(id)) throw ApiError.notFound(`Överenskommelsen har ingen part med id "${id}".`);
    if (lock) await em.query(`SELECT 1 FROM party WHERE id = $1 AND agreement_id = $2 FOR UPDATE`, [id, agreementId]);
    const [row] = await em.query<PartyRow[]>(PARTIES_SQL, [agreementId, id]);
    if (!row) throw ApiError.notFound(`Överenskommelsen har ingen part med id "${id}".`);
    return partyDto(row);
  }

  private async partyNameFree(em: EntityManager, agreementId: string, name: string, except: string | null): Promise<void> {
    const [same] = await em.query(`SELECT key FROM party WHERE agreement_id = $1 AND lower(name) = lower($2) AND id IS DISTINCT FROM $3::uuid`, [agreementId, name, except]);
    if (same) throw conflict(`Det finns redan en part som heter "${name}" (nyckel ${same.key}); två parter kan inte ha samma namn.`);
  }

  // --- goal areas -----------------------------------------------------------------------------

  async addGoalArea(user: SignedInUser, key: string, dto: CreateGoalAreaDto): Promise<AdminGoalAreaDto> {
    const agreement = await this.adminOf(user, key);
    return this.write(async (em) => {
      await this.lockAgreement(em, agreement.id);
      await this.goalAreaFree(em, agreement.id, dto.code, dto.title.trim(), null);
      const [{ id }] = await em.query(`INSERT INTO goal_area (agreement_id, code, title, subtitle) VALUES ($1, $2, $3, $4) RETURNING id`, [
        agreement.id,
        dto.code,
        dto.title.trim(),
        dto.subtitle?.trim() || null,
      ]);
      const goalArea = await this.goalArea(em, agreement.id, id);
      await this.audit.record(user, { action: 'goal-area.add', entityType: 'goal-area', entityId: id, agreementId: agreement.id, after: goalArea }, em);
      return goalArea;
    }, () => conflict(`Det finns redan ett målområde ${dto.code}; välj en annan bokstav.`));
  }

  async updateGoalArea(user: SignedInUser, key: string, id: string, dto: UpdateGoalAreaDto): Promise<AdminGoalAreaDto> {
    const agreement = await this.adminOf(user, key);
    if (dto.code === undefined && dto.title === undefined && dto.subtitle === undefined) throw ApiError.invalid('body', 'ange vad som ska ändras: code, title och/eller subtitle');
    return this.write(async (em) => {
      await this.lockAgreement(em, agreement.id);
      const before = await this.goalArea(em, agreement.id, id, true);
      await this.goalAreaFree(em, agreement.id, dto.code ?? null, dto.title?.trim() ?? null, id);
      await em.query(`UPDATE goal_area SET code = coalesce($2, code), title = coalesce($3, title), subtitle = CASE WHEN $4 THEN $5 ELSE subtitle END WHERE id = $1`, [
        id,
        dto.code ?? null,
        dto.title?.trim() ?? null,
        dto.subtitle !== undefined,
        dto.subtitle?.trim() || null,
      ]);
      const after = await this.goalArea(em, agreement.id, id);
      await this.audit.record(user, { action: 'goal-area.update', entityType: 'goal-area', entityId: id, agreementId: agreement.id, before, after }, em);
      return after;
    }, () => conflict(`Det finns redan ett målområde ${dto.code}; välj en annan bokstav.`));
  }

  /** Removes a goal area that no activity is linked to (any status); otherwise a 409 naming them. */
  async removeGoalArea(user: SignedInUser, key: string, id: string): Promise<void> {
    const agreement = await this.adminOf(user, key);
    await this.dataSource.transaction(async (em) => {
      const before = await this.goalArea(em, agreement.id, id, true);
      const linked = await em.query<{ key: string; title: string }[]>(
        `SELECT a.key, a.title FROM activity_goal_area ag JOIN activity a ON a.id = ag.activity_id WHERE ag.goal_area_id = $1 ORDER BY a.key`,
        [id],
      );
      if (linked.length) {
        throw conflict(
          `Målområde ${before.code} har ${linked.length === 1 ? 'en aktivitet' : `${linked.length} aktiviteter`}: ${listed(linked.map((a) => `${a.key} "${a.title}"`))}. ` +
            'Flytta dem till andra målområden innan målområdet tas bort.',
        );
      }
      await em.query(`DELETE FROM goal_area WHERE id = $1`, [id]);
      await this.audit.record(user, { action: 'goal-area.remove', entityType: 'goal-area', entityId: id, agreementId: agreement.id, before }, em);
    });
  }

  private async goalArea(em: EntityManager, agreementId: string, id: string, lock = false): Promise<AdminGoalAreaDto> {
    if (!isUuid(id)) throw ApiError.notFound(`Överenskommelsen har inget målområde med id "${id}".`);
    if (lock) await em.query(`SELECT 1 FROM goal_area WHERE id = $1 AND agreement_id = $2 FOR UPDATE`, [id, agreementId]);
    const [row] = await em.query<GoalAreaRow[]>(GOAL_AREAS_SQL, [agreementId, id]);
    if (!row) throw ApiError.notFound(`Överenskommelsen har inget målområde med id "${id}".`);
    return goalAreaDto(row);
  }

  private async goalAreaFree(em: EntityManager, agreementId: string, code: string | null, title: string | null, except: string | null): Promise<void> {
    if (code !== null) {
      const [same] = await em.query(`SELECT title FROM goal_area WHERE agreement_id = $1 AND code = $2 AND id IS DISTINCT FROM $3::uuid`, [agreementId, code, except]);
      if (same) throw conflict(`Det finns redan ett målområde ${code} ("${same.title}"); välj en annan bokstav.`);
    }
    if (title !== null) {
      const [same] = await em.query(`SELECT code FROM goal_area WHERE agreement_id = $1 AND lower(title) = lower($2) AND id IS DISTINCT FROM $3::uuid`, [agreementId, title, except]);
      if (same) throw conflict(`Målområde ${same.code} heter redan "${title}"; två målområden kan inte ha samma rubrik.`);
    }
  }

  // --- areas (stadsdelar) ---------------------------------------------------------------------

  async addArea(user: SignedInUser, key: string, dto: CreateAreaDto): Promise<AdminAreaDto> {
    const agreement = await this.adminOf(user, key);
    return this.write(async (em) => {
      await this.lockAgreement(em, agreement.id);
      await this.areaNameFree(em, agreement.id, dto.name.trim(), null);
      const [{ id }] = await em.query(`INSERT INTO area (agreement_id, name, note) VALUES ($1, $2, $3) RETURNING id`, [agreement.id, dto.name.trim(), dto.note?.trim() || null]);
      const area = await this.area(em, agreement.id, id);
      await this.audit.record(user, { action: 'area.add', entityType: 'area', entityId: id, agreementId: agreement.id, after: area }, em);
      return area;
    }, () => conflict(`Det finns redan en stadsdel som heter "${dto.name.trim()}".`));
  }

  async updateArea(user: SignedInUser, key: string, id: string, dto: UpdateAreaDto): Promise<AdminAreaDto> {
    const agreement = await this.adminOf(user, key);
    if (dto.name === undefined && dto.note === undefined) throw ApiError.invalid('body', 'ange vad som ska ändras: name och/eller note');
    return this.write(async (em) => {
      const before = await this.area(em, agreement.id, id, true);
      if (dto.name !== undefined) await this.areaNameFree(em, agreement.id, dto.name.trim(), id);
      await em.query(`UPDATE area SET name = coalesce($2, name), note = CASE WHEN $3 THEN $4 ELSE note END WHERE id = $1`, [id, dto.name?.trim() ?? null, dto.note !== undefined, dto.note?.trim() || null]);
      const after = await this.area(em, agreement.id, id);
      await this.audit.record(user, { action: 'area.update', entityType: 'area', entityId: id, agreementId: agreement.id, before, after }, em);
      return after;
    }, () => conflict(`Det finns redan en stadsdel som heter "${dto.name?.trim()}".`));
  }

  async removeArea(user: SignedInUser, key: string, id: string): Promise<void> {
    const agreement = await this.adminOf(user, key);
    await this.dataSource.transaction(async (em) => {
      const before = await this.area(em, agreement.id, id, true);
      await em.query(`DELETE FROM area WHERE id = $1`, [id]);
      await this.audit.record(user, { action: 'area.remove', entityType: 'area', entityId: id, agreementId: agreement.id, before }, em);
    });
  }

  private async area(em: EntityManager, agreementId: string, id: string, lock = false): Promise<AdminAreaDto> {
    if (!isUuid(id)) throw ApiError.notFound(`Överenskommelsen har ingen stadsdel med id "${id}".`);
    if (lock) await em.query(`SELECT 1 FROM area WHERE id = $1 AND agreement_id = $2 FOR UPDATE`, [id, agreementId]);
    const [row] = await em.query<AreaRow[]>(AREAS_SQL, [agreementId, id]);
    if (!row) throw ApiError.notFound(`Överenskommelsen har ingen stadsdel med id "${id}".`);
    return areaDto(row);
  }

  private async areaNameFree(em: EntityManager, agreementId: string, name: string, except: string | null): Promise<void> {
    const [same] = await em.query(`SELECT 1 FROM area WHERE agreement_id = $1 AND lower(name) = lower($2) AND id IS DISTINCT FROM $3::uuid`, [agreementId, name, except]);
    if (same) throw conflict(`Det finns redan en stadsdel som heter "${name}".`);
  }

  // --- helpers --------------------------------------------------------------------------------

  /** Two additions at one moment (the same name twice, say) are taken one after the other. */
  private async lockAgreement(em: EntityManager, agreementId: string): Promise<void> {
    await em.query(`SELECT 1 FROM agreement WHERE id = $1 FOR NO KEY UPDATE`, [agreementId]);
  }

  /** A transaction whose unique violation (a race the checks before it lost) is answered as `duplicate`. */
  private async write<T>(work: (em: EntityManager) => Promise<T>, duplicate: () => ApiError): Promise<T> {
    try {
      return await this.dataSource.transaction(work);
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicate();
      throw error;
    }
  }
}
