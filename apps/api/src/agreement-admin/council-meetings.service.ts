import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Agreement } from '@app/database';
import { isUuid, localDate } from '@app/domain';
import { ApiError, ApiErrorCode, isUniqueViolation } from '../common/api-error';
import { AgreementsService } from '../agreements/agreements.service';
import { AuditService } from '../audit/audit.service';
import type { SignedInUser } from '../auth/auth.decorators';
import { authorize } from '../auth/authorize';
import type { CouncilMeetingDto } from './agreement-admin.dto';

export interface CouncilMeetingRow {
  id: string;
  date: string;
  cancelled_at: Date | null;
  cancel_reason: string | null;
}

export const COUNCIL_MEETING_COLUMNS = `id, date::text AS date, cancelled_at, cancel_reason`;

export const councilMeetingDto = (r: CouncilMeetingRow): CouncilMeetingDto => ({
  id: r.id,
  date: r.date,
  cancelledAt: r.cancelled_at?.toISOString() ?? null,
  cancelReason: r.cancel_reason,
});

const conflict = (message: string) => new ApiError(ApiErrorCode.Conflict, message);

/**
 * Trygghetsrådet's meetings: every member reads them; the agreement's administrators add, move and
 * cancel them. A cancelled meeting keeps its row (when and why) for the audit trail and is left out
 * where an escalation's meeting is chosen (ReviewService's `councilMeetings`), so its items move to
 * the next meeting.
 */
@Injectable()
export class CouncilMeetingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly agreements: AgreementsService,
    private readonly audit: AuditService,
  ) {}

  async list(user: SignedInUser, key: string): Promise<CouncilMeetingDto[]> {
    const agreement = await this.agreements.getByKey(user, key);
    const rows = await this.dataSource.query<CouncilMeetingRow[]>(
      `SELECT ${COUNCIL_MEETING_COLUMNS} FROM council_meeting WHERE agreement_id = $1 ORDER BY date, cancelled_at NULLS LAST`,
      [agreement.id],
    );
    return rows.map(councilMeetingDto);
  }

  async add(user: SignedInUser, key: string, date: string): Promise<CouncilMeetingDto> {
    const agreement = await this.adminOf(user, key);
    return this.write(date, async (em) => {
      await this.dateFree(em, agreement, date, null);
      const [{ id }] = await em.query(`INSERT INTO council_meeting (agreement_id, date) VALUES ($1, $2) RETURNING id`, [agreement.id, date]);
      const meeting = await this.meeting(em, agreement.id, id);
      await this.audit.record(user, { action: 'council-meeting.add', entityType: 'council-meeting', entityId: id, agreementId: agreement.id, after: meeting }, em);
      return meeting;
    });
  }

  /**
   * Moves a planned meeting that has not been held to another date, today or later; its items go with
   * it (or to an earlier meeting, if it moves past one).
   */
  async move(user: SignedInUser, key: string, id: string, date: string): Promise<CouncilMeetingDto> {
    const agreement = await this.adminOf(user, key);
    return this.write(date, async (em) => {
      const before = await this.meeting(em, agreement.id, id, true);
      if (before.cancelledAt) throw conflict(`Mötet ${before.date} är inställt och kan inte flyttas; lägg till ett nytt möte i stället.`);
      const today = localDate(Date.now());
      if (before.date < today) throw conflict(`Mötet ${before.date} har redan hållits och kan inte flyttas.`);
      if (date < today) throw ApiError.invalid('date', `${date} har redan varit; ett möte kan bara flyttas till i dag eller senare`);
      if (before.date === date) throw ApiError.invalid('date', `mötet är redan ${date}; ange det nya datumet`);
      await this.dateFree(em, agreement, date, id);
      await em.query(`UPDATE council_meeting SET date = $2 WHERE id = $1`, [id, date]);
      const after = await this.meeting(em, agreement.id, id);
      await this.audit.record(user, { action: 'council-meeting.move', entityType: 'council-meeting', entityId: id, agreementId: agreement.id, before, after }, em);
      return after;
    });
  }

  /**
   * Cancels a meeting that has not been held: the row stays with when and why; what was on its agenda
   * is an item for the next one. (A meeting that has been held keeps its items, for the record.)
   */
  async cancel(user: SignedInUser, key: string, id: string, reason: string): Promise<CouncilMeetingDto> {
    const agreement = await this.adminOf(user, key);
    return this.dataSource.transaction(async (em) => {
      const before = await this.meeting(em, agreement.id, id, true);
      if (before.cancelledAt) throw conflict(`Mötet ${before.date} ställdes redan in ${before.cancelledAt.slice(0, 10)}: ${before.cancelReason}`);
      // What was on a meeting that has been held stays where it was.
      if (before.date < localDate(Date.now())) throw conflict(`Mötet ${before.date} har redan hållits och kan inte ställas in.`);
      await em.query(`UPDATE council_meeting SET cancelled_at = now(), cancel_reason = $2 WHERE id = $1`, [id, reason.trim()]);
      const after = await this.meeting(em, agreement.id, id);
      await this.audit.record(user, { action: 'council-meeting.cancel', entityType: 'council-meeting', entityId: id, agreementId: agreement.id, before, after }, em);
      return after;
    });
  }

  private async adminOf(user: SignedInUser, key: string): Promise<Agreement> {
    const agreement = await this.agreements.getByKey(user, key);
    authorize(user, 'administer-agreement', { agreementId: agreement.id });
    return agreement;
  }

  private async meeting(em: EntityManager, agreementId: string, id: string, lock = false): Promise<CouncilMeetingDto> {
    if (!isUuid(id)) throw ApiError.notFound(`Överenskommelsen har inget möte med id "${id}".`);
    const [row] = await em.query<CouncilMeetingRow[]>(
      `SELECT ${COUNCIL_MEETING_COLUMNS} FROM council_meeting WHERE id = $1 AND agreement_id = $2${lock ? ' FOR UPDATE' : ''}`,
      [id, agreementId],
    );
    if (!row) throw ApiError.notFound(`Överenskommelsen har inget möte med id "${id}".`);
    return councilMeetingDto(row);
  }

  /** A meeting's date lies within the agreement's period, and no other planned meeting has it. */
  private async dateFree(em: EntityManager, agreement: Agreement, date: string, except: string | null): Promise<void> {
    // The agreement's period as it is now (an administrator may be changing it at this moment).
    const [period] = await em.query<{ valid_from: string; valid_to: string }[]>(`SELECT valid_from::text, valid_to::text FROM agreement WHERE id = $1 FOR SHARE`, [agreement.id]);
    if (date < period.valid_from || date > period.valid_to) {
      throw ApiError.invalid('date', `${date} ligger utanför överenskommelsens period (${period.valid_from} – ${period.valid_to})`);
    }
    const [same] = await em.query(`SELECT id FROM council_meeting WHERE agreement_id = $1 AND date = $2 AND cancelled_at IS NULL AND id IS DISTINCT FROM $3::uuid`, [agreement.id, date, except]);
    if (same) throw conflict(`Trygghetsrådet har redan ett möte ${date}; två möten kan inte ha samma datum.`);
  }

  private async write<T>(date: string, work: (em: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.dataSource.transaction(work);
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`Trygghetsrådet har redan ett möte ${date}; två möten kan inte ha samma datum.`);
      throw error;
    }
  }
}
