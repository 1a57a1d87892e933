/**
 * The read side's shared rules in SQL, each in one place for every reader (Översikt, the activity
 * lists, Mina aktiviteter, Insyn). Each takes the alias of the `activity` row it speaks of.
 */

/**
 * An activity's latest report (its status, progress and when it was submitted), as a lateral join named `as`:
 * one index probe per activity (activity_report_activity_submitted), never a scan of every report.
 * With `asOf` (a SQL timestamptz expression such as a bound parameter) it is the latest report submitted at or
 * before that instant: the activity's status as it stood then (Översikt's trend against four weeks ago).
 */
export function latestReportJoin(activity: string, as = 'latest', asOf?: string): string {
  return `LEFT JOIN LATERAL (
      SELECT r.status, r.progress, r.submitted_at, r.submitted_by_user_id FROM activity_report r
       WHERE r.activity_id = ${activity}.id${asOf ? ` AND r.submitted_at <= ${asOf}` : ''} ORDER BY r.submitted_at DESC LIMIT 1) ${as} ON true`;
}

/** The status of an activity's latest report, or NULL when it has none, as a scalar for a WHERE. */
export function latestReportStatus(activity: string): string {
  return `(SELECT r.status FROM activity_report r WHERE r.activity_id = ${activity}.id ORDER BY r.submitted_at DESC LIMIT 1)`;
}

/** Overdue: a deadline of the activity was missed and no report has resolved it yet. */
export function isOverdue(activity: string): string {
  return `EXISTS (SELECT 1 FROM follow_up_event e WHERE e.activity_id = ${activity}.id AND e.kind = 'deadline'
                    AND e.outcome = 'missed' AND e.resolved_at IS NULL)`;
}

/** What a list of activities shows of each one's follow-up: its latest report, next deadline, escalation level, overdue. */
export interface ActivityFollowUpFacts {
  latestStatus: 'on_track' | 'at_risk' | 'off_track' | null;
  progress: number | null;
  lastReportAt: string | null;
  nextDeadline: string | null;
  escalationLevel: number;
  overdue: boolean;
}

/** The follow-up facts of these activities (those the connection may see), by id: one query, the rules above. */
export async function readFollowUpFacts(db: { query(sql: string, parameters?: unknown[]): Promise<unknown> }, activityIds: string[]): Promise<Map<string, ActivityFollowUpFacts>> {
  const result = new Map<string, ActivityFollowUpFacts>();
  if (activityIds.length === 0) return result;
  const rows = (await db.query(
    `SELECT a.id, latest.status, latest.progress, latest.submitted_at, a.next_deadline_at, a.escalation_level, ${isOverdue('a')} AS overdue
       FROM activity a ${latestReportJoin('a')}
      WHERE a.id = ANY($1::uuid[])`,
    [activityIds],
  )) as { id: string; status: ActivityFollowUpFacts['latestStatus']; progress: number | null; submitted_at: Date | null; next_deadline_at: Date | null; escalation_level: number; overdue: boolean }[];
  for (const r of rows) {
    result.set(r.id, {
      latestStatus: r.status,
      progress: r.progress,
      lastReportAt: r.submitted_at?.toISOString() ?? null,
      nextDeadline: r.next_deadline_at?.toISOString() ?? null,
      escalationLevel: r.escalation_level,
      overdue: r.overdue,
    });
  }
  return result;
}

/** What the activity page opens with: the latest report and who sent it, open escalations, when each delmål was reached. */
export interface ActivityPageFacts {
  latestReport: { status: 'on_track' | 'at_risk' | 'off_track'; progress: number; submittedAt: string; by: string | null } | null;
  /** Due time of the latest deadline that has come (fired), or null before the first. */
  lastDeadlineAt: string | null;
  openEscalations: { level: number; since: string; deadlineDueAt: string | null; acknowledgedAt: string | null }[];
  /** By delmål id: the Swedish day of the latest report that marked it done. */
  reachedOn: Map<string, string>;
}

/** The facts above for one activity (the latest report by latestReportJoin): three small queries. */
export async function readActivityPageFacts(db: { query(sql: string, parameters?: unknown[]): Promise<unknown> }, activityId: string): Promise<ActivityPageFacts> {
  const [latest] = (await db.query(
    `SELECT latest.status, latest.progress, latest.submitted_at, u.name AS by_name,
            (SELECT max(e.due_at) FROM follow_up_event e WHERE e.activity_id = a.id AND e.kind = 'deadline') AS last_deadline_at
       FROM activity a ${latestReportJoin('a')} LEFT JOIN app_user u ON u.id = latest.submitted_by_user_id
      WHERE a.id = $1`,
    [activityId],
  )) as { status: 'on_track' | 'at_risk' | 'off_track' | null; progress: number | null; submitted_at: Date | null; by_name: string | null; last_deadline_at: Date | null }[];
  const escalations = (await db.query(
    `SELECT e.level, e.fired_at, d.due_at AS deadline_due_at, e.acknowledged_at FROM follow_up_event e
       LEFT JOIN follow_up_event d ON d.activity_id = e.activity_id AND d.key = e.deadline_key
      WHERE e.activity_id = $1 AND e.kind = 'escalation' AND e.resolved_at IS NULL ORDER BY e.level, e.fired_at`,
    [activityId],
  )) as { level: number; fired_at: Date; deadline_due_at: Date | null; acknowledged_at: Date | null }[];
  const reached = (await db.query(
    `SELECT u->>'milestoneId' AS milestone_id, to_char(max(r.submitted_at) AT TIME ZONE 'Europe/Stockholm', 'YYYY-MM-DD') AS day
       FROM activity_report r CROSS JOIN LATERAL jsonb_array_elements(coalesce(r.milestone_updates, '[]'::jsonb)) u
      WHERE r.activity_id = $1 AND u->>'status' = 'done' GROUP BY 1`,
    [activityId],
  )) as { milestone_id: string; day: string }[];
  return {
    latestReport:
      latest?.status && latest.submitted_at
        ? { status: latest.status, progress: latest.progress ?? 0, submittedAt: latest.submitted_at.toISOString(), by: latest.by_name }
        : null,
    lastDeadlineAt: latest?.last_deadline_at?.toISOString() ?? null,
    openEscalations: escalations.map((e) => ({
      level: e.level,
      since: e.fired_at.toISOString(),
      deadlineDueAt: e.deadline_due_at?.toISOString() ?? null,
      acknowledgedAt: e.acknowledged_at?.toISOString() ?? null,
    })),
    reachedOn: new Map(reached.map((r) => [r.milestone_id, r.day])),
  };
}
