/**
 * The machinery behind test/e2e/authorization-matrix.spec.ts: who plays which role in which tenant,
 * what each tenant's objects are, how a tenant's data is recognised in a response (to prove nothing of
 * it leaks), how a tenant's state is fingerprinted (to prove a refused write changed nothing), and how
 * one endpoint's row of the matrix is run and printed.
 */
import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { hash } from 'bcryptjs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ActivityLifecycleClient } from '@app/temporal';
import { TEST_PASSWORD } from './members';

export type TenantCode = 'V' | 'E';
export const TENANTS: TenantCode[] = ['V', 'E'];
export const AGREEMENT_KEYS: Record<TenantCode, string> = { V: 'vasteras-2023-2027', E: 'exempelby-2025-2028' };
export const otherTenant = (t: TenantCode): TenantCode => (t === 'V' ? 'E' : 'V');

/** The role kinds each tenant has one person for; the matrix has one column per kind. */
export const ROLE_KINDS = ['admin', 'strategic', 'operational', 'council', 'owner', 'coordinator'] as const;
export type RoleKind = (typeof ROLE_KINDS)[number];
/** The matrix's columns: the six role kinds (own/other tenant), then the person of both tenants, the platform operator and nobody. */
export const COLUMNS = [...ROLE_KINDS, 'dual', 'operator', 'anon'] as const;
export type Column = (typeof COLUMNS)[number];

export interface Person {
  /** As printed: "V admin", "E owner", "dual", "operator", "anonymous". */
  label: string;
  column: Column;
  email: string | null;
  /** The tenants the person is a member of. */
  memberOf: TenantCode[];
}

/**
 * The people: the seeded demo staff where the demo has one for the role, and three made here: a
 * council member and a party coordinator for Exempelby (the demo seeds neither), and a platform
 * operator (the demo seeds none). Västerås's objects are led by the city (stad@ owns them,
 * stad.samordnare@ coordinates the city); Exempelby's by the police (polis@exempelby owns them,
 * samordnare@exempelby coordinates the police). polis.samordnare@samverkan is a police coordinator in
 * both, and operational leadership in Exempelby: he may steer Exempelby's object, not Västerås's.
 */
export const PEOPLE: Person[] = [
  { label: 'V admin', column: 'admin', email: 'admin@samverkan.example', memberOf: ['V'] },
  { label: 'V strategic', column: 'strategic', email: 'ledning@samverkan.example', memberOf: ['V'] },
  { label: 'V operational', column: 'operational', email: 'operativ@samverkan.example', memberOf: ['V'] },
  { label: 'V council', column: 'council', email: 'radet@samverkan.example', memberOf: ['V'] },
  { label: 'V owner', column: 'owner', email: 'stad@samverkan.example', memberOf: ['V'] },
  { label: 'V coordinator', column: 'coordinator', email: 'stad.samordnare@samverkan.example', memberOf: ['V'] },
  { label: 'E admin', column: 'admin', email: 'admin@exempelby.example', memberOf: ['E'] },
  { label: 'E strategic', column: 'strategic', email: 'ledning@exempelby.example', memberOf: ['E'] },
  { label: 'E operational', column: 'operational', email: 'operativ@exempelby.example', memberOf: ['E'] },
  { label: 'E council', column: 'council', email: 'radet@exempelby.example', memberOf: ['E'] },
  { label: 'E owner', column: 'owner', email: 'polis@exempelby.example', memberOf: ['E'] },
  { label: 'E coordinator', column: 'coordinator', email: 'samordnare@exempelby.example', memberOf: ['E'] },
  { label: 'dual (both)', column: 'dual', email: 'polis.samordnare@samverkan.example', memberOf: ['V', 'E'] },
  { label: 'platform operator', column: 'operator', email: 'operator@plattform.example', memberOf: [] },
  { label: 'anonymous', column: 'anon', email: null, memberOf: [] },
];

export const personOf = (column: Column, tenant?: TenantCode): Person =>
  PEOPLE.find((p) => p.column === column && (tenant === undefined || p.memberOf.length !== 1 || p.memberOf[0] === tenant))!;

/** What the matrix addresses in one tenant. */
export interface TenantObjects {
  code: TenantCode;
  key: string;
  id: string;
  title: string;
  municipality: string;
  /** Written into every text the matrix sends to this tenant, so a response can be searched for it. */
  marker: string;
  /** The object of the steering and reporting rows: led by the tenant's owner's and coordinator's party. */
  activity: { id: string; key: string; phase: string; ownerId: string; leadParty: string; goalAreas: string[]; longCadence: string };
  /** A delmål of `activity` (of its current phase). */
  milestoneId: string;
  /** An open escalation to Trygghetsrådet, on another activity than `activity`. */
  escalationId: string;
  /** Each member's own notification in this tenant, by e-mail. */
  notifications: Record<string, string>;
  /** A notification of this tenant that is its admin's. */
  anyNotification: string;
  /** A person who is a member of this tenant only (for "owner of the other tenant"). */
  exclusiveMemberId: string;
}

/** Everything of a tenant a response may be recognised by: ids, its key and title, its only-own people. */
export interface Fingerprint {
  tenant: TenantCode;
  strings: { what: string; value: string }[];
}

/** Sets up the people the demo does not seed: Exempelby's council member and coordinator, the platform operator. */
export async function addMatrixPeople(ds: DataSource, addMember: typeof import('./members').addMember): Promise<void> {
  await addMember(ds, { email: 'radet@exempelby.example', name: 'Runa Rådsby', agreementKey: AGREEMENT_KEYS.E, party: null, roles: ['council'] });
  await addMember(ds, { email: 'samordnare@exempelby.example', name: 'Sigge Samby', agreementKey: AGREEMENT_KEYS.E, party: 'police', roles: ['coordinator'] });
  const passwordHash = await hash(TEST_PASSWORD, 4);
  await ds.query(
    `INSERT INTO app_user (email, name, password_hash, platform_roles) VALUES ('operator@plattform.example', 'Pia Plattformsdotter', $1, '{platform-operator}')`,
    [passwordHash],
  );
}

/**
 * The tenant's objects, written where the demo has none (an escalation, a notification per member), on
 * the table owner's connection `ds`.
 */
export async function tenantObjects(ds: DataSource, code: TenantCode): Promise<TenantObjects> {
  const key = AGREEMENT_KEYS[code];
  const [agreement] = await ds.query(`SELECT id, title, municipality FROM agreement WHERE key = $1`, [key]);
  if (!agreement) throw new Error(`The seed has no agreement ${key}: seedDemo must seed both tenants`);
  const leadParty = code === 'V' ? 'city' : 'police';
  const ownerEmail = personOf('owner', code).email!;
  const activities: { id: string; key: string; current_phase: string; owner_id: string; lead: string }[] = await ds.query(
    `SELECT a.id, a.key, a.current_phase, a.owner_id, p.key AS lead FROM activity a JOIN party p ON p.id = a.lead_party_id
      WHERE a.agreement_id = $1 AND a.status = 'active' ORDER BY a.key`,
    [agreement.id],
  );
  const [owner] = await ds.query(`SELECT id FROM app_user WHERE email = $1`, [ownerEmail]);
  const target = (code === 'E' ? activities.find((a) => a.key === 'mbu') : undefined) ?? activities.find((a) => a.lead === leadParty && a.owner_id === owner.id);
  if (!target) throw new Error(`${key} has no active activity led by ${leadParty} and owned by ${ownerEmail}`);
  const goalAreas: { code: string }[] = await ds.query(
    `SELECT g.code FROM activity_goal_area ag JOIN goal_area g ON g.id = ag.goal_area_id WHERE ag.activity_id = $1 ORDER BY g.code`,
    [target.id],
  );
  const [long] = await ds.query(`SELECT follow_up_every FROM phase WHERE activity_id = $1 AND kind = 'long'`, [target.id]);
  const [milestone] = await ds.query(
    `SELECT m.id FROM milestone m JOIN phase p ON p.id = m.phase_id WHERE p.activity_id = $1 AND p.kind = $2 ORDER BY m.position LIMIT 1`,
    [target.id, target.current_phase],
  );
  const marker = `MATRIS-${code === 'V' ? 'VASTERAS' : 'EXEMPELBY'}`;

  const elsewhere = activities.find((a) => a.id !== target.id)!;
  const [escalation] = await ds.query(
    `INSERT INTO follow_up_event (activity_id, key, kind, phase, due_at, fired_at, level, body, note)
     VALUES ($1, $2, 'escalation', $3, now() - interval '3 days', now() - interval '1 day', 3, 'safety-council', $4) RETURNING id`,
    [elsewhere.id, `matris:${randomUUID()}`, elsewhere.current_phase, `Matrisprov ${marker}`],
  );

  const members: { user_id: string; email: string }[] = await ds.query(
    `SELECT m.user_id, u.email FROM membership m JOIN app_user u ON u.id = m.user_id WHERE m.agreement_id = $1 ORDER BY u.email`,
    [agreement.id],
  );
  const notifications: Record<string, string> = {};
  for (const m of members) {
    const [n] = await ds.query(
      `INSERT INTO notification (recipient_user_id, dedupe_key, kind, agreement_id, subject, body_text, link, email_status, email_attempts, email_last_error)
       VALUES ($1, $2, 'digest', $3, $4, $5, $6, 'failed', 5, 'Matrisprov: brevlådan finns inte') RETURNING id`,
      [m.user_id, `matris:${randomUUID()}`, agreement.id, `Veckosammanfattning ${marker}`, `Matrisprov ${marker}`, `http://localhost/#/${key}/oversikt`],
    );
    notifications[m.email] = n.id;
  }
  const [exclusive] = await ds.query(
    `SELECT m.user_id FROM membership m JOIN app_user u ON u.id = m.user_id
      WHERE m.agreement_id = $1 AND u.email = $2 AND NOT EXISTS (SELECT 1 FROM membership o WHERE o.user_id = m.user_id AND o.agreement_id <> $1)`,
    [agreement.id, ownerEmail],
  );
  return {
    code,
    key,
    id: agreement.id,
    title: agreement.title,
    municipality: agreement.municipality,
    marker,
    activity: {
      id: target.id,
      key: target.key,
      phase: target.current_phase,
      ownerId: target.owner_id,
      leadParty,
      goalAreas: goalAreas.map((g) => g.code),
      longCadence: long.follow_up_every,
    },
    milestoneId: milestone.id,
    escalationId: escalation.id,
    notifications,
    anyNotification: notifications[personOf('admin', code).email!],
    exclusiveMemberId: exclusive.user_id,
  };
}

/** Objects of no tenant at all, with the same shape: what a cross-tenant refusal must be indistinguishable from. */
export function ghostObjects(of: TenantObjects): TenantObjects {
  return {
    ...of,
    key: 'ingen-2000-2001',
    id: randomUUID(),
    activity: { ...of.activity, id: randomUUID() },
    milestoneId: randomUUID(),
    escalationId: randomUUID(),
    notifications: Object.fromEntries(Object.keys(of.notifications).map((e) => [e, randomUUID()])),
    anyNotification: randomUUID(),
    exclusiveMemberId: randomUUID(),
  };
}

/** Replaces the values of `o` (ids, key) in `text` by their names, so two answers about different objects compare. */
export function withoutObjects(text: string, o: TenantObjects, person: Person): string {
  const pairs: [string, string][] = [
    [o.key, '<agreement>'],
    [o.id, '<agreementId>'],
    [o.activity.id, '<activityId>'],
    [o.milestoneId, '<milestoneId>'],
    [o.escalationId, '<escalationId>'],
    [o.anyNotification, '<notificationId>'],
    [o.exclusiveMemberId, '<memberId>'],
  ];
  if (person.email && o.notifications[person.email]) pairs.push([o.notifications[person.email], '<notificationId>']);
  let out = text;
  for (const [value, name] of pairs) out = out.split(value).join(name);
  return out;
}

/** What recognises tenant `code` in a response, read fresh (activities and reports are made as the matrix runs). */
export async function fingerprint(ds: DataSource, o: TenantObjects): Promise<Fingerprint> {
  const ids: { what: string; id: string }[] = await ds.query(
    `SELECT 'activity' AS what, id::text FROM activity WHERE agreement_id = $1
     UNION ALL SELECT 'party', id::text FROM party WHERE agreement_id = $1
     UNION ALL SELECT 'goal area', id::text FROM goal_area WHERE agreement_id = $1
     UNION ALL SELECT 'area', id::text FROM area WHERE agreement_id = $1
     UNION ALL SELECT 'council meeting', id::text FROM council_meeting WHERE agreement_id = $1
     UNION ALL SELECT 'report', id::text FROM activity_report WHERE agreement_id = $1
     UNION ALL SELECT 'follow-up event', id::text FROM follow_up_event WHERE agreement_id = $1
     UNION ALL SELECT 'notification', id::text FROM notification WHERE agreement_id = $1
     UNION ALL SELECT 'audit entry', id::text FROM audit_entry WHERE agreement_id = $1
     UNION ALL SELECT 'phase', p.id::text FROM phase p JOIN activity a ON a.id = p.activity_id WHERE a.agreement_id = $1
     UNION ALL SELECT 'milestone', m.id::text FROM milestone m JOIN phase p ON p.id = m.phase_id JOIN activity a ON a.id = p.activity_id WHERE a.agreement_id = $1`,
    [o.id],
  );
  const exclusive: { id: string; email: string }[] = await ds.query(
    `SELECT u.id::text, u.email FROM membership m JOIN app_user u ON u.id = m.user_id
      WHERE m.agreement_id = $1 AND NOT EXISTS (SELECT 1 FROM membership x WHERE x.user_id = m.user_id AND x.agreement_id <> $1)`,
    [o.id],
  );
  return {
    tenant: o.code,
    strings: [
      { what: 'agreement key', value: o.key },
      { what: 'agreement id', value: o.id },
      { what: 'agreement title', value: o.title },
      { what: 'municipality', value: o.municipality },
      { what: 'marker', value: o.marker },
      ...ids.map((r) => ({ what: `${r.what} id`, value: r.id })),
      ...exclusive.flatMap((u) => [
        { what: 'member id (of this tenant only)', value: u.id },
        { what: 'member e-mail (of this tenant only)', value: u.email },
      ]),
    ],
  };
}

/** What of the fingerprint appears in `text`, said briefly. */
export function leaksIn(text: string, f: Fingerprint): string[] {
  return f.strings.filter((s) => text.includes(s.value)).map((s) => `${s.what} ${s.value.length > 40 ? `${s.value.slice(0, 40)}…` : s.value}`);
}

/**
 * A tenant's state as one text: every row of every tenant-owned table of the agreement (a
 * notification's e-mail delivery columns and an activity's background bookkeeping aside: those change
 * in the background),
 * plus, for an activity, what its workflow says. Equal before and after a refused write: it changed nothing.
 */
export async function tenantState(ds: DataSource, app: INestApplication, o: TenantObjects | null, activityId?: string): Promise<string> {
  if (!o) {
    const [row] = await ds.query(
      `SELECT (SELECT coalesce(string_agg(t::text, '|' ORDER BY t::text), '') FROM municipality t) AS municipalities,
              (SELECT coalesce(string_agg(t::text, '|' ORDER BY t::text), '') FROM municipality_administrator t) AS administrators,
              (SELECT coalesce(string_agg(t::text, '|' ORDER BY t::text), '') FROM (SELECT id, email, name, notify_by_email, calendar_feed_created_at, platform_roles FROM app_user) t) AS users,
              (SELECT coalesce(string_agg(t::text, '|' ORDER BY t::text), '') FROM membership t) AS memberships,
              (SELECT count(*) FROM audit_entry) AS audit`,
    );
    return JSON.stringify(row);
  }
  const [row] = await ds.query(
    `SELECT
       (SELECT t::text FROM agreement t WHERE id = $1) AS agreement,
       (SELECT coalesce(string_agg(t::text, '|' ORDER BY t::text), '') FROM party t WHERE agreement_id = $1) AS parties,
       (SELECT coalesce(string_agg(t::text, '|' ORDER BY t::text), '') FROM goal_area t WHERE agreement_id = $1) AS goal_areas,
       (SELECT coalesce(string_agg(t::text, '|' ORDER BY t::text), '') FROM area t WHERE agreement_id = $1) AS areas,
       (SELECT coalesce(string_agg(t::text, '|' ORDER BY t::text), '') FROM council_meeting t WHERE agreement_id = $1) AS council_meetings,
       (SELECT coalesce(string_agg(t::text, '|' ORDER BY t::text), '') FROM membership t WHERE agreement_id = $1) AS memberships,
       -- An activity's row without what its workflow and the API's sweeps write in the background
       -- (the sync step's agenda time, the follow-up revision mark, the row's update time).
       (SELECT coalesce(string_agg(t::text, '|' ORDER BY t::text), '') FROM (SELECT to_jsonb(a) - 'updated_at' - 'agenda_synced_at' - 'follow_up_revised_at' AS t FROM activity a WHERE agreement_id = $1) x) AS activities,
       (SELECT coalesce(string_agg(t::text, '|' ORDER BY t::text), '') FROM activity_goal_area t JOIN activity a ON a.id = t.activity_id WHERE a.agreement_id = $1) AS activity_goal_areas,
       (SELECT coalesce(string_agg(t::text, '|' ORDER BY t::text), '') FROM activity_cooperating_party t JOIN activity a ON a.id = t.activity_id WHERE a.agreement_id = $1) AS cooperating,
       (SELECT coalesce(string_agg(t::text, '|' ORDER BY t::text), '') FROM phase t JOIN activity a ON a.id = t.activity_id WHERE a.agreement_id = $1) AS phases,
       (SELECT coalesce(string_agg(t::text, '|' ORDER BY t::text), '') FROM milestone t JOIN phase p ON p.id = t.phase_id JOIN activity a ON a.id = p.activity_id WHERE a.agreement_id = $1) AS milestones,
       (SELECT coalesce(string_agg(t::text, '|' ORDER BY t::text), '') FROM activity_report t WHERE agreement_id = $1) AS reports,
       (SELECT coalesce(string_agg(t::text, '|' ORDER BY t::text), '') FROM workflow_delivery t WHERE agreement_id = $1) AS deliveries,
       (SELECT coalesce(string_agg(t::text, '|' ORDER BY t::text), '') FROM follow_up_event t WHERE agreement_id = $1) AS events,
       (SELECT coalesce(string_agg(t::text, '|' ORDER BY t::text), '') FROM (SELECT id, recipient_user_id, dedupe_key, kind, activity_id, subject, body_text, link, read_at FROM notification WHERE agreement_id = $1) t) AS notifications,
       (SELECT coalesce(string_agg(t::text, '|' ORDER BY t::text), '') FROM audit_entry t WHERE agreement_id = $1) AS audit`,
    [o.id],
  );
  let workflow = 'none';
  if (activityId) {
    try {
      const v = await app.get(ActivityLifecycleClient).state(activityId);
      workflow = JSON.stringify({ phase: v.phase, status: v.status, paused: v.paused, nextDeadline: v.nextDeadline, escalationLevel: v.escalationLevel, lastReportAt: v.lastReportAt });
    } catch (error) {
      workflow = `no answer: ${(error as Error).message}`;
    }
  }
  return JSON.stringify({ ...row, workflow });
}

/** Which parts of two `tenantState`s differ, and a glimpse of the rows that came or went. */
export function stateDifference(before: string, after: string): string {
  const a = JSON.parse(before) as Record<string, unknown>;
  const b = JSON.parse(after) as Record<string, unknown>;
  return Object.keys(a)
    .filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]))
    .map((k) => {
      const was = new Set(String(a[k]).split('|'));
      const is = new Set(String(b[k]).split('|'));
      const gone = [...was].filter((r) => !is.has(r)).map((r) => `- ${r.slice(0, 160)}`);
      const came = [...is].filter((r) => !was.has(r)).map((r) => `+ ${r.slice(0, 160)}`);
      return `${k} (${[...gone, ...came].slice(0, 4).join(' ')})`;
    })
    .join(', ');
}

/**
 * Until the activity's workflow has loaded its plan and written its first state to the activity's
 * row (a new activity's workflow does that a moment after the API has answered).
 */
export async function untilSynced(ds: DataSource, app: INestApplication, activityId: string): Promise<void> {
  const lifecycle = app.get(ActivityLifecycleClient);
  for (let i = 0; i < 200; i++) {
    const state = await lifecycle.state(activityId).catch(() => ({ status: 'starting' }));
    const [row] = await ds.query(`SELECT next_deadline_at FROM activity WHERE id = $1`, [activityId]);
    if (state.status !== 'starting' && row?.next_deadline_at) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`The workflow of activity ${activityId} did not write its first state within 10 s`);
}

/** Waits until neither tenant's rows change for a moment (a workflow that just started writes its first sync). */
export async function settled(ds: DataSource, app: INestApplication, tenants: TenantObjects[]): Promise<void> {
  const read = async () => (await Promise.all(tenants.map((t) => tenantState(ds, app, t)))).join('\n');
  let last = await read();
  for (let i = 0; i < 50; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const now = await read();
    if (now === last) return;
    last = now;
  }
  throw new Error('The tenants’ data kept changing for 5 s; the matrix cannot prove that a refused write changed nothing.');
}

// ---------------------------------------------------------------------------------------------
// The table: expected statuses, one line per endpoint.

/** Expected status of a cell: for the role kinds [own tenant's object, other tenant's], dual and operator [Västerås's, Exempelby's]. */
export type Expected = number | [number, number];
export type Expectations = Record<Column, Expected>;

/**
 * Parses one line of the table: nine columns (see COLUMNS), each "200" (whatever the object) or
 * "200/404" (own/other tenant's object; for dual and operator: Västerås's/Exempelby's).
 */
export function parseExpectations(line: string): Expectations {
  const tokens = line.trim().split(/\s+/);
  if (tokens.length !== COLUMNS.length) throw new Error(`"${line}" has ${tokens.length} columns, not ${COLUMNS.length} (${COLUMNS.join(' ')})`);
  const parse = (t: string): Expected => {
    const parts = t.split('/').map(Number);
    if (parts.some((n) => !Number.isInteger(n) || n < 100 || n > 599) || parts.length > 2) throw new Error(`"${t}" in "${line}" is not a status or own/other statuses`);
    return parts.length === 2 ? [parts[0], parts[1]] : parts[0];
  };
  return Object.fromEntries(COLUMNS.map((c, i) => [c, parse(tokens[i])])) as Expectations;
}

/** The object tenant of a cell, and whether it is the person's own: for a role kind own then other; for dual and operator V then E. */
export function objectTenants(person: Person): { tenant: TenantCode; side: 0 | 1 }[] {
  if (person.memberOf.length === 1) return [{ tenant: person.memberOf[0], side: 0 }, { tenant: otherTenant(person.memberOf[0]), side: 1 }];
  return [{ tenant: 'V', side: 0 }, { tenant: 'E', side: 1 }];
}

export const expectedOf = (e: Expectations, person: Person, side: 0 | 1): number => {
  const x = e[person.column];
  return Array.isArray(x) ? x[side] : x;
};

export type Agent = ReturnType<typeof request.agent>;

/** One cell as a call sees it. */
export interface Cell {
  person: Person;
  /** Signed in as the person (or not at all, for anonymous). */
  http: Agent;
  /** The object tenant's objects (for a row without objects: the person's first tenant's, else Västerås's). */
  o: TenantObjects;
  /** The tenant that is not the object tenant. */
  elsewhere: TenantObjects;
  /** Whether the person is a member of the object tenant. */
  member: boolean;
  /** A client signed in as the object tenant's admin, for set-up and clean-up. */
  admin: Agent;
}

export interface CellResult {
  person: Person;
  side: 0 | 1;
  tenant: TenantCode | null;
  expected: number;
  actual: number | null;
  problems: string[];
}

/** The row's cells as a table: one line per person, own/other (or Västerås/Exempelby) side by side; ✗ marks what is wrong. */
export function printRow(name: string, tenanted: boolean, results: CellResult[]): string {
  const lines = [`${name}`, `  ${'who'.padEnd(20)}${tenanted ? `${'own tenant’s object (dual, operator: Västerås’s)'.padEnd(52)}other tenant’s object (dual, operator: Exempelby’s)` : 'no tenant object'}`];
  const cell = (r?: CellResult) => {
    if (!r) return '';
    const ok = r.problems.length === 0;
    return `${ok ? '✓' : '✗'} expected ${r.expected}, got ${r.actual ?? '-'}${ok ? '' : `: ${r.problems.join('; ')}`}`;
  };
  const problems: string[] = [];
  for (const person of PEOPLE) {
    const mine = results.filter((r) => r.person === person);
    const a = mine.find((r) => r.side === 0);
    const b = mine.find((r) => r.side === 1);
    const left = cell(a);
    lines.push(`  ${person.label.padEnd(20)}${tenanted ? `${(left.length > 50 ? left.slice(0, 49) + '…' : left).padEnd(52)}${cell(b).slice(0, 50)}` : left.slice(0, 100)}`);
    for (const r of [a, b]) if (r && r.problems.length) problems.push(`  ✗ ${name} × ${person.label} × ${r.tenant === null ? 'no object' : `${r.tenant === person.memberOf[0] || person.memberOf.includes(r.tenant) ? 'own' : 'other'} (${r.tenant})`}: expected ${r.expected}, got ${r.actual ?? '-'}: ${r.problems.join('; ')}`);
  }
  return [...lines, '', ...problems].join('\n');
}
