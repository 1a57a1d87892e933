import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { answersFor, answersForSql, memberOf, GOVERNANCE_BODY_NAMES_SV, isUuid, localDate, PHASE_KINDS, PHASE_NAMES_SV, REPORTED_IN_TIME } from '@app/domain';
import type { GovernanceBody } from '@app/domain';
import { FollowUpEvent, isOverdue, latestReportJoin } from '@app/database';
import type { MilestoneUpdate } from '@app/database';
import { Environment } from '@app/config';
import { notifyAcknowledged } from '@app/notifications';
import { NotificationMailClient } from '@app/temporal';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { AgreementsService } from '../agreements/agreements.service';
import { ActivitiesService } from '../activities/activities.service';
import { AuditService } from '../audit/audit.service';
import type { SignedInUser } from '../auth/auth.decorators';
import { authorize, authorizeSomewhere } from '../auth/authorize';
import { AuditView, describeChange } from './timeline-changes';
import { CouncilAgendaDto, EscalationDto, EscalationGroupDto, EscalationGroupListDto, EscalationQuery, MyActivityDto, OverviewDto, OverviewRowDto, TimelineItemDto } from './review.dto';

interface ActivityFacts {
  id: string;
  active: boolean;
  phase: string;
  /** The lead party and the co-operating ones. */
  parties: string[];
  status: 'on_track' | 'at_risk' | 'off_track' | 'none';
  /** The status as it stood four weeks ago: the latest report at or before that instant. */
  earlier_status: 'on_track' | 'at_risk' | 'off_track' | 'none';
  overdue: boolean;
  goal_areas: string[];
}

/** An escalation stays open until a report resolves it, whether leadership has acknowledged it or not. */
const OPEN_ESCALATION = 'e.resolved_at IS NULL';

/** Översikt's trend compares each status count with this many days ago. */
const TREND_DAYS = 28;

const STATUS_SV: Record<string, string> = { on_track: 'enligt plan', at_risk: 'risk för avvikelse', off_track: 'avviker från plan' };

/** What samverkansledning reviews: the overview, escalations, an activity's timeline, and "mine". */
@Injectable()
export class ReviewService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly agreements: AgreementsService,
    private readonly activities: ActivitiesService,
    private readonly audit: AuditService,
    private readonly mailClient: NotificationMailClient,
    private readonly env: Environment,
  ) {}

  /**
   * Översikt. Each number is what a list shows: a row's activities are those GET /api/activities
   * selects by goalArea, party (leading or co-operating) or current phase; activity, status and overdue
   * counts take the active ones, open escalations (not resolved by a report, acknowledged or not) those
   * of all of them, as GET /api/escalations?state=open&level=… with the same filter lists them.
   */
  async overview(user: SignedInUser, agreementKey?: string): Promise<OverviewDto> {
    const agreement = await this.agreements.resolveFor(user, agreementKey);
    const asOf = new Date();
    const comparedWith = new Date(asOf.getTime() - TREND_DAYS * 86_400_000);
    const facts: ActivityFacts[] = await this.dataSource.query(
      `SELECT a.id, a.status = 'active' AS active, a.current_phase AS phase,
              coalesce(earlier.status, 'none') AS earlier_status,
              ARRAY(SELECT p.key FROM party p WHERE p.id = a.lead_party_id
                     OR p.id IN (SELECT cp.party_id FROM activity_cooperating_party cp WHERE cp.activity_id = a.id))::text[] AS parties,
              coalesce(latest.status, 'none') AS status,
              ${isOverdue('a')} AS overdue,
              ARRAY(SELECT g.code FROM activity_goal_area ag JOIN goal_area g ON g.id = ag.goal_area_id
                     WHERE ag.activity_id = a.id ORDER BY g.code)::text[] AS goal_areas
         FROM activity a ${latestReportJoin('a')} ${latestReportJoin('a', 'earlier', '$2')}
        WHERE a.agreement_id = $1`,
      [agreement.id, comparedWith],
    );
    const escalations: { activity_id: string; level: number; n: number }[] = await this.dataSource.query(
      `SELECT e.activity_id, e.level, count(*)::int AS n FROM follow_up_event e JOIN activity a ON a.id = e.activity_id
        WHERE a.agreement_id = $1 AND e.kind = 'escalation' AND ${OPEN_ESCALATION} GROUP BY 1, 2`,
      [agreement.id],
    );
    const row = (key: string, title: string, all: ActivityFacts[]): OverviewRowDto => {
      const ids = new Set(all.map((m) => m.id));
      const members = all.filter((m) => m.active);
      const openEscalations: Record<string, number> = { 1: 0, 2: 0, 3: 0 };
      const counts = (of: (m: ActivityFacts) => ActivityFacts['status']) => ({
        on_track: members.filter((m) => of(m) === 'on_track').length,
        at_risk: members.filter((m) => of(m) === 'at_risk').length,
        off_track: members.filter((m) => of(m) === 'off_track').length,
        none: members.filter((m) => of(m) === 'none').length,
      });
      for (const e of escalations) if (ids.has(e.activity_id)) openEscalations[e.level] = (openEscalations[e.level] ?? 0) + e.n;
      return {
        key,
        title,
        activities: members.length,
        status: counts((m) => m.status),
        statusFourWeeksAgo: counts((m) => m.earlier_status),
        overdue: members.filter((m) => m.overdue).length,
        openEscalations,
      };
    };
    const goalAreas = await this.dataSource.query(`SELECT code, title FROM goal_area WHERE agreement_id = $1 ORDER BY code`, [agreement.id]);
    const parties = await this.agreements.parties(agreement.id);
    return {
      agreement: agreement.key,
      asOf: asOf.toISOString(),
      comparedWith: comparedWith.toISOString(),
      total: row('total', 'Alla aktiviteter', facts),
      goalAreas: goalAreas.map((g: { code: string; title: string }) => row(g.code, g.title, facts.filter((f) => f.goal_areas.includes(g.code)))),
      parties: parties.map((p) => row(p.key, p.name, facts.filter((f) => f.parties.includes(p.key)))),
      phases: PHASE_KINDS.map((k) => row(k, PHASE_NAMES_SV[k], facts.filter((f) => f.phase === k))),
    };
  }

  async escalations(user: SignedInUser, q: EscalationQuery): Promise<{ items: EscalationDto[]; total: number }> {
    const agreement = await this.agreements.resolveFor(user, q.agreement);
    const qb = this.escalationQuery(agreement.id, q);
    const total = await qb.getCount();
    const rows = await qb.orderBy('e.level', 'DESC').addOrderBy('e.due_at', 'ASC').addOrderBy('e.id', 'ASC').limit(q.limit).offset(q.offset).getMany();
    const [meetings, names] = await Promise.all([this.councilMeetings(agreement.id), this.personNames(rows)]);
    return { items: rows.map((e) => escalationDto(e, meetings, names)), total };
  }

  /**
   * Escalations as one item per deadline (or per off-track report): every level it reached, in order, with
   * its current level, when it opened, and who acknowledged each level. The filters pick the escalations as
   * GET /api/escalations does; an item holds every level of a deadline any of them belongs to.
   */
  async escalationsByDeadline(user: SignedInUser, q: EscalationQuery): Promise<EscalationGroupListDto> {
    const agreement = await this.agreements.resolveFor(user, q.agreement);
    const matching = await this.escalationQuery(agreement.id, q).getMany();
    const wanted = new Set(matching.map(groupKey));
    const all = matching.length
      ? await this.escalationQuery(agreement.id, Object.assign(new EscalationQuery(), { state: 'all' as const }))
          .andWhere('e.activity_id IN (:...ids)', { ids: [...new Set(matching.map((e) => e.activityId))] })
          .orderBy('e.level', 'ASC')
          .addOrderBy('e.fired_at', 'ASC')
          .getMany()
      : [];
    const [meetings, names] = await Promise.all([this.councilMeetings(agreement.id), this.personNames(all)]);
    const groups = new Map<string, EscalationDto[]>();
    for (const e of all) {
      const key = groupKey(e);
      if (wanted.has(key)) groups.set(key, [...(groups.get(key) ?? []), escalationDto(e, meetings, names)]);
    }
    const items: EscalationGroupDto[] = [...groups].map(([key, levels]) => {
      const current = levels[levels.length - 1];
      const open = levels.some((l) => !l.resolvedAt);
      const acknowledged = [...levels].reverse().find((l) => l.acknowledgedAt) ?? null;
      return {
        key,
        activity: current.activity,
        cause: current.cause,
        dueAt: current.dueAt,
        level: current.level,
        body: current.body,
        openedAt: levels[0].firedAt,
        open,
        resolvedAt: open ? null : levels.map((l) => l.resolvedAt!).sort().at(-1)!,
        acknowledgedAt: acknowledged?.acknowledgedAt ?? null,
        acknowledgedBy: acknowledged?.acknowledgedBy ?? null,
        acknowledgement: acknowledged?.acknowledgement ?? null,
        councilMeeting: current.councilMeeting,
        levels,
      };
    });
    items.sort((a, b) => b.level - a.level || a.dueAt.localeCompare(b.dueAt) || a.key.localeCompare(b.key));
    return { items: items.slice(q.offset, q.offset + q.limit), total: items.length };
  }

  /** The names of those who acknowledged these escalations, by person id. */
  private async personNames(events: FollowUpEvent[]): Promise<Map<string, string>> {
    const ids = [...new Set(events.map((e) => e.acknowledgedBy).filter((id): id is string => !!id))];
    if (!ids.length) return new Map();
    const rows: { id: string; name: string }[] = await this.dataSource.query(`SELECT id, name FROM app_user WHERE id = ANY($1::uuid[])`, [ids]);
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** The escalations of an agreement that the query's filters select (state, level, body, party, goal area, phase, activity). */
  private escalationQuery(agreementId: string, q: EscalationQuery) {
    const qb = this.dataSource
      .getRepository(FollowUpEvent)
      .createQueryBuilder('e')
      .innerJoinAndSelect('e.activity', 'a')
      .innerJoinAndSelect('a.leadParty', 'p')
      .where(`e.kind = 'escalation' AND a.agreement_id = :agreementId`, { agreementId });
    if (q.state === 'open') qb.andWhere(OPEN_ESCALATION);
    if (q.state === 'acknowledged') qb.andWhere(`${OPEN_ESCALATION} AND e.acknowledged_at IS NOT NULL`);
    if (q.state === 'resolved') qb.andWhere('e.resolved_at IS NOT NULL');
    if (q.level) qb.andWhere('e.level = :level', { level: q.level });
    if (q.body) qb.andWhere('e.body = :body', { body: q.body });
    if (q.party) {
      qb.andWhere(
        `(p.key = :party OR EXISTS (SELECT 1 FROM activity_cooperating_party cp JOIN party cpp ON cpp.id = cp.party_id
                                    WHERE cp.activity_id = a.id AND cpp.key = :party))`,
        { party: q.party },
      );
    }
    if (q.goalArea) {
      qb.andWhere(
        `EXISTS (SELECT 1 FROM activity_goal_area ag JOIN goal_area g ON g.id = ag.goal_area_id WHERE ag.activity_id = a.id AND g.code = :goalArea)`,
        { goalArea: q.goalArea },
      );
    }
    if (q.phase) qb.andWhere('a.current_phase = :phase', { phase: q.phase });
    if (q.activity) qb.andWhere('a.key = :activity', { activity: q.activity });
    return qb;
  }

  /** Trygghetsrådet's next meeting and its items: every open escalation that has reached the council. */
  async councilAgenda(user: SignedInUser, agreementKey?: string): Promise<CouncilAgendaDto> {
    const agreement = await this.agreements.resolveFor(user, agreementKey);
    const today = localDate(Date.now());
    const upcomingMeetings = (await this.councilMeetings(agreement.id)).filter((d) => d >= today);
    const { items } = await this.escalations(user, Object.assign(new EscalationQuery(), { agreement: agreement.key, state: 'open' as const, body: 'safety-council' as const, limit: 200, offset: 0 }));
    return { nextMeeting: upcomingMeetings[0] ?? null, upcomingMeetings, items };
  }

  /** Trygghetsrådet's meeting dates, in order: the planned ones (a cancelled meeting's items move to the next). */
  private async councilMeetings(agreementId: string): Promise<string[]> {
    const rows: { date: string }[] = await this.dataSource.query(`SELECT date::text AS date FROM council_meeting WHERE agreement_id = $1 AND cancelled_at IS NULL ORDER BY date`, [agreementId]);
    return rows.map((r) => r.date);
  }

  async acknowledge(user: SignedInUser, id: string, comment: string): Promise<EscalationDto> {
    if (!isUuid(id)) throw ApiError.invalid('id', `"${id}" is not an escalation id`);
    authorizeSomewhere(user, 'acknowledge-escalation');
    const result = await this.dataSource.transaction(async (em) => {
      const found = await em.findOne(FollowUpEvent, {
        where: { id, kind: 'escalation', agreementId: In(user.memberships.map((m) => m.agreementId)) },
        relations: { activity: { leadParty: true } },
        lock: { mode: 'pessimistic_write', tables: ['follow_up_event'] },
      });
      if (!found) throw ApiError.notFound(`No escalation with id ${id} in your agreements. GET /api/escalations lists them.`);
      authorize(user, 'acknowledge-escalation', { agreementId: found.agreementId });
      if (found.resolvedAt) {
        throw new ApiError(
          ApiErrorCode.Conflict,
          `This escalation was resolved already, by a report on ${found.resolvedAt.toISOString()}: it needs no acknowledgement. GET /api/escalations?state=resolved lists it.`,
        );
      }
      if (found.acknowledgedAt) {
        throw new ApiError(ApiErrorCode.Conflict, `This escalation was acknowledged already, on ${found.acknowledgedAt.toISOString()}: "${found.acknowledgement}".`);
      }
      const meetings = await this.councilMeetings(found.activity.agreementId);
      const before = escalationDto(found, meetings, new Map());
      found.acknowledgedAt = new Date();
      found.acknowledgedBy = user.userId;
      found.acknowledgement = comment.trim();
      await em.save(found);
      const after = escalationDto(found, meetings, new Map([[user.userId, (await this.personNames([found])).get(user.userId) ?? '']]));
      await this.audit.record(user, { action: 'escalation.acknowledge', entityType: 'escalation', entityId: id, activityId: found.activityId, before, after }, em);
      const mail = await notifyAcknowledged(em, id, found.activityId, found.acknowledgement, this.env.PUBLIC_URL!);
      return { after, mail };
    });
    // After commit; if Temporal is away, the worker starts these e-mails when it next looks.
    await this.mailClient.start(result.mail).catch(() => undefined);
    return result.after;
  }

  async timeline(user: SignedInUser, idOrKey: string, agreementKey?: string): Promise<TimelineItemDto[]> {
    const activity = await this.activities.find(user, idOrKey, agreementKey, { phases: { milestones: true } });
    const items: TimelineItemDto[] = [];
    const reports: { submitted_at: Date; status: string; progress: number; summary: string; next_steps: string | null; milestone_updates: MilestoneUpdate[] | null; submitted_by_user_id: string | null }[] =
      await this.dataSource.query(`SELECT submitted_at, status, progress, summary, next_steps, milestone_updates, submitted_by_user_id FROM activity_report WHERE activity_id = $1`, [activity.id]);
    const events = await this.dataSource.getRepository(FollowUpEvent).find({ where: { activityId: activity.id } });
    const changes: { at: Date; action: string; actor_email: string | null; actor_user_id: string | null; before: AuditView | null; after: (AuditView & { paused?: { reason: string } | null; reason?: string }) | null; milestone: string | null }[] = await this.dataSource.query(
      `SELECT at, action, actor_email, actor_user_id, before, after, CASE WHEN entity_type = 'milestone' THEN coalesce(after->>'title', before->>'title') END AS milestone
         FROM audit_entry WHERE activity_id = $1 AND action LIKE 'activity.%'`,
      [activity.id],
    );
    // Who did it, by name: reporters, those who acknowledged, those who changed something, and owners before and after.
    const people = new Set<string>();
    for (const r of reports) if (r.submitted_by_user_id) people.add(r.submitted_by_user_id);
    for (const e of events) if (e.acknowledgedBy) people.add(e.acknowledgedBy);
    for (const c of changes) for (const id of [c.actor_user_id, c.before?.ownerId, c.after?.ownerId]) if (id) people.add(id);
    const names = new Map<string, string>(
      people.size
        ? ((await this.dataSource.query(`SELECT id, name FROM app_user WHERE id = ANY($1::uuid[])`, [[...people]])) as { id: string; name: string }[]).map((u) => [u.id, u.name])
        : [],
    );
    const nameOf = (id: string | null | undefined) => (id ? (names.get(id) ?? null) : null);
    const milestoneTitles = new Map(activity.phases.flatMap((p) => p.milestones.map((m) => [m.id, m.title] as const)));
    // A removed delmål's row is gone; its audit entry keeps its title, for the reports that mention it.
    const removedMilestones: { id: string; title: string }[] = await this.dataSource.query(
      `SELECT entity_id AS id, before->>'title' AS title FROM audit_entry WHERE activity_id = $1 AND action = 'activity.milestone-remove'`,
      [activity.id],
    );
    for (const m of removedMilestones) if (!milestoneTitles.has(m.id)) milestoneTitles.set(m.id, `${m.title} (borttaget)`);
    for (const r of reports) {
      const milestones = (r.milestone_updates ?? [])
        .filter((m) => milestoneTitles.has(m.milestoneId))
        .map((m) => ` Delmål ${m.status === 'done' ? 'klart' : 'öppnat igen'}: ${milestoneTitles.get(m.milestoneId)}.`)
        .join('');
      const next = r.next_steps?.trim() ? ` Nästa steg: ${r.next_steps.trim()}` : '';
      items.push({ at: r.submitted_at.toISOString(), kind: 'report', text: `Lägesrapport: ${STATUS_SV[r.status]}, ${r.progress} % – ${r.summary}${milestones}${next}`, by: nameOf(r.submitted_by_user_id) });
    }
    for (const e of events) {
      if (e.kind === 'deadline') {
        const text =
          e.outcome === 'missed'
            ? 'Uppföljningen uteblev'
            : e.resolution === REPORTED_IN_TIME
              ? 'Uppföljning i tid (rapporten lämnades före tidsgränsen men nådde uppföljningen senare)'
              : 'Uppföljning i tid';
        items.push({ at: e.firedAt.toISOString(), kind: 'deadline', text });
      } else if (e.kind === 'reminder') {
        items.push({ at: e.firedAt.toISOString(), kind: 'reminder', text: 'Påminnelse till aktivitetsansvarig' });
      } else {
        items.push({ at: e.firedAt.toISOString(), kind: 'escalation', level: e.level ?? undefined, text: `Eskalerad till ${GOVERNANCE_BODY_NAMES_SV[e.body as GovernanceBody]}` });
        if (e.acknowledgedAt) items.push({ at: e.acknowledgedAt.toISOString(), kind: 'acknowledgement', level: e.level ?? undefined, text: `Kvitterad: ${e.acknowledgement}`, by: nameOf(e.acknowledgedBy) });
      }
    }
    const CHANGE_SV: Record<string, string> = {
      'activity.create': 'Aktiviteten skapades',
      'activity.pause': 'Pausad',
      'activity.resume': 'Återupptagen',
      'activity.cancel': 'Aktiviteten avbröts',
      'activity.change-plan': 'Planen ändrades',
      'activity.complete-phase': 'Fasen avslutades',
      'activity.reassign-owner': 'Ny aktivitetsansvarig',
      'activity.goal-areas': 'Målområdena ändrades',
      'activity.edit': 'Aktiviteten redigerades',
      'activity.milestone-add': 'Delmål lades till',
      'activity.milestone-edit': 'Delmål ändrades',
      'activity.milestone-remove': 'Delmål togs bort',
    };
    for (const c of changes) {
      const said =
        c.action === 'activity.pause' ? c.after?.paused?.reason : c.action === 'activity.resume' || c.action === 'activity.cancel' ? c.after?.reason : (c.milestone ?? undefined);
      // What changed, old → new (describeChange), where the entry's before and after say; else what was said.
      const saidOnly = c.action === 'activity.pause' || c.action === 'activity.resume' || c.action === 'activity.cancel';
      const changed = saidOnly ? '' : describeChange(c.before, c.after, (id) => nameOf(id) ?? 'okänd person');
      const told = [said, changed].filter((x) => !!x).join(' – ');
      const reason = told ? `: ${told}` : '';
      items.push({ at: c.at.toISOString(), kind: 'change', text: `${CHANGE_SV[c.action] ?? c.action}${reason}`, by: nameOf(c.actor_user_id) ?? c.actor_email });
    }
    return items.sort((a, b) => a.at.localeCompare(b.at));
  }

  /** The activities the user answers for in the agreement (as owner, or as coordinator of the lead party), overdue first. */
  async mine(user: SignedInUser, agreementKey?: string): Promise<MyActivityDto[]> {
    const agreement = await this.agreements.resolveFor(user, agreementKey);
    const member = memberOf(user, agreement.id);
    const answering = answersForSql(member, 'a', 1);
    const rows: {
      id: string; key: string; title: string; current_phase: string; next_deadline_at: Date | null; escalation_level: number;
      owner_id: string | null; lead_party_id: string; overdue: boolean; status: string | null; last_report_at: Date | null;
    }[] = await this.dataSource.query(
      `SELECT a.id, a.key, a.title, a.current_phase, a.next_deadline_at, a.escalation_level, a.owner_id, a.lead_party_id,
              ${isOverdue('a')} AS overdue,
              latest.status, latest.submitted_at AS last_report_at
         FROM activity a
         ${latestReportJoin('a')}
        WHERE a.status = 'active' AND ${answering.sql}
        ORDER BY overdue DESC, a.next_deadline_at ASC NULLS LAST, a.title`,
      answering.params,
    );
    return rows.map((r) => ({
      id: r.id,
      key: r.key,
      title: r.title,
      phase: r.current_phase,
      nextDeadline: r.next_deadline_at?.toISOString() ?? null,
      overdue: r.overdue,
      escalationLevel: r.escalation_level,
      latestStatus: r.status,
      lastReportAt: r.last_report_at?.toISOString() ?? null,
      as: answersFor(member, { agreementId: agreement.id, ownerId: r.owner_id, leadPartyId: r.lead_party_id })!,
    }));
  }
}

/**
 * `meetings`: Trygghetsrådet's meeting dates, in order. An escalation to the council is an item for the
 * first meeting on or after the day it fired, or, while it is still open, on or after today.
 */
function escalationDto(e: FollowUpEvent, meetings: string[], names: Map<string, string>): EscalationDto {
  const from = localDate(e.resolvedAt ? e.firedAt.getTime() : Math.max(e.firedAt.getTime(), Date.now()));
  return {
    id: e.id,
    activity: { id: e.activity.id, key: e.activity.key, title: e.activity.title, leadParty: e.activity.leadParty.key },
    level: e.level ?? 0,
    body: e.body ?? 'operational',
    cause: e.key.startsWith('off-track:') ? 'off_track' : 'missed_deadline',
    dueAt: e.dueAt.toISOString(),
    firedAt: e.firedAt.toISOString(),
    resolvedAt: e.resolvedAt?.toISOString() ?? null,
    acknowledgedAt: e.acknowledgedAt?.toISOString() ?? null,
    acknowledgement: e.acknowledgement,
    acknowledgedBy: e.acknowledgedBy ? { id: e.acknowledgedBy, name: names.get(e.acknowledgedBy) ?? null } : null,
    councilMeeting: e.body === 'safety-council' ? (meetings.find((d) => d >= from) ?? null) : null,
  };
}

/** The deadline (or off-track report) an escalation belongs to, with its activity: its levels share it. */
function groupKey(e: FollowUpEvent): string {
  return `${e.activityId}/${e.key.replace(/:escalation:\d+$/, '')}`;
}
