/**
 * The activities' agendas as their workflows last wrote them (activity_agenda_item, by the sync step),
 * for every reader that wants "what comes next": the calendar feeds, the Monday digest, the activity
 * page. One query for any number of activities, instead of a workflow query each.
 */

export interface AgendaItemRow {
  kind: 'deadline' | 'reminder' | 'escalation';
  /** ISO instant on the workflow's clock. */
  at: string;
  phase: string;
  level?: number;
}

export interface ActivityAgenda {
  /** False until the activity's workflow has written its agenda once (see the workflow's refreshAgenda). */
  synced: boolean;
  /** Simulations only: the workflow's business time minus real time. */
  clockOffsetMs: number;
  items: AgendaItemRow[];
}

interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** The agendas of these activities (those the connection may see), in the workflow's order. */
export async function readAgendas(db: Queryable, activityIds: string[]): Promise<Map<string, ActivityAgenda>> {
  const result = new Map<string, ActivityAgenda>();
  if (activityIds.length === 0) return result;
  const rows = (await db.query(
    `SELECT a.id, a.agenda_synced_at IS NOT NULL AS synced, a.clock_offset_ms::float8 AS clock_offset_ms,
            COALESCE(json_agg(json_build_object('kind', i.kind, 'at', i.at, 'phase', i.phase, 'level', i.level) ORDER BY i.position)
                     FILTER (WHERE i.activity_id IS NOT NULL), '[]') AS items
       FROM activity a LEFT JOIN activity_agenda_item i ON i.activity_id = a.id
      WHERE a.id = ANY($1::uuid[])
      GROUP BY a.id`,
    [activityIds],
  )) as { id: string; synced: boolean; clock_offset_ms: number; items: { kind: AgendaItemRow['kind']; at: string; phase: string; level: number | null }[] }[];
  for (const r of rows) {
    result.set(r.id, {
      synced: r.synced,
      clockOffsetMs: Number(r.clock_offset_ms),
      items: r.items.map((i) => ({ kind: i.kind, at: new Date(i.at).toISOString(), phase: i.phase, ...(i.level ? { level: i.level } : {}) })),
    });
  }
  return result;
}

/** The deadlines of an agenda (ISO instants), as the calendar feed and the digest want them. */
export function agendaDeadlines(agenda: ActivityAgenda): string[] {
  return agenda.items.filter((i) => i.kind === 'deadline').map((i) => i.at);
}
