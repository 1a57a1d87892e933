/**
 * The read side's shared rules in SQL, each in one place for every reader (Översikt, the activity
 * lists, Mina aktiviteter, Insyn). Each takes the alias of the `activity` row it speaks of.
 */

/**
 * An activity's latest report (its status and when it was submitted), as a lateral join named `as`:
 * one index probe per activity (activity_report_activity_submitted), never a scan of every report.
 */
export function latestReportJoin(activity: string, as = 'latest'): string {
  return `LEFT JOIN LATERAL (
      SELECT r.status, r.submitted_at FROM activity_report r
       WHERE r.activity_id = ${activity}.id ORDER BY r.submitted_at DESC LIMIT 1) ${as} ON true`;
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
