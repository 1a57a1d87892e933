/**
 * The authorization matrix: every endpoint of the API's own OpenAPI document × every role of both
 * tenants (Västerås and Exempelby), the person of both, a platform operator and nobody × an object of
 * the person's own tenant and of the other one, run against the real API with real sign-ins on the
 * seeded demo data.
 *
 * Rules the table encodes: another tenant's object named by id or path is a 404, exactly as one that
 * does not exist (the answer is compared with the answer for an id of nothing); `?agreement=<the other
 * tenant's key>` is a 400 that says no more than for a key that does not exist; a write on another
 * tenant's object never succeeds, and the tenant's rows (and the activity's workflow) are the same
 * after as before; no successful answer names anything of a tenant it is not about (ids, keys, titles,
 * the tenant's own people, the texts the matrix wrote there).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { DEFAULT_FOLLOW_UP_SETTINGS } from '@app/domain';
import { useLiveApi } from '../support/live-api';
import { addMember, TEST_PASSWORD } from '../support/members';
import { signedIn } from '../support/test-api';
import {
  Agent,
  AGREEMENT_KEYS,
  addMatrixPeople,
  Cell,
  CellResult,
  COLUMNS,
  expectedOf,
  fingerprint,
  Fingerprint,
  ghostObjects,
  leaksIn,
  objectTenants,
  parseExpectations,
  PEOPLE,
  Person,
  personOf,
  printRow,
  settled,
  stateDifference,
  untilSynced,
  TenantCode,
  TenantObjects,
  tenantObjects,
  tenantState,
  TENANTS,
  withoutObjects,
} from '../support/authorization-matrix';

/**
 * Expected statuses. Columns: the six role kinds (admin, strateg = strategic/samverkansledning, operat =
 * operational leadership, council = Trygghetsrådet, owner, coord = coordinator of the object's lead
 * party), each played by one person in each tenant, as "own tenant's object/other tenant's object"; dual
 * (polis.samordnare@samverkan, a member of both) and operator (platform operator, a member of none) as
 * "Västerås's object/Exempelby's object"; anon (no sign-in). One number: the same whatever the object,
 * or a row without a tenant object. A row's name is the OpenAPI operation ("METHOD path"), with
 * " — <variant>" when an operation has more than one row.
 *
 * The objects: Västerås's activity is led by the city (its owner and coordinator are the city's), and
 * Exempelby's by the police, whose coordinator dual is there; so dual may steer Exempelby's, not
 * Västerås's. Dual is also operational leadership in Exempelby, so may acknowledge its escalations.
 */
const MATRIX: [string, string][] = [
  //                                                                          admin   strateg operat  council owner   coord   dual    platf   anon
  ['GET /api/health',                                                        '200     200     200     200     200     200     200     200     200'],
  ['GET /api/health/live',                                                   '200     200     200     200     200     200     200     200     200'],
  ['GET /api/health/ready',                                                  '200     200     200     200     200     200     200     200     200'],
  ['POST /api/auth/login',                                                   '200     200     200     200     200     200     200     200     401'],
  ['POST /api/auth/refresh',                                                 '200     200     200     200     200     200     200     200     401'],
  ['POST /api/auth/logout',                                                  '204     204     204     204     204     204     204     204     204'],
  ['GET /api/me',                                                            '200     200     200     200     200     200     200     200     401'],
  ['GET /api/agreements',                                                    '200     200     200     200     200     200     200     200     401'],
  ['GET /api/agreements/{key}',                                              '200/404 200/404 200/404 200/404 200/404 200/404 200/200 404/404 401'],
  ['GET /api/parties',                                                       '200/400 200/400 200/400 200/400 200/400 200/400 200/200 403/403 401'],
  ['GET /api/goal-areas',                                                    '200/400 200/400 200/400 200/400 200/400 200/400 200/200 403/403 401'],
  ['GET /api/goal-areas/{code}',                                             '200/400 200/400 200/400 200/400 200/400 200/400 200/200 403/403 401'],
  ['GET /api/activities',                                                    '200/400 200/400 200/400 200/400 200/400 200/400 200/200 403/403 401'],
  ['GET /api/activities/{idOrKey}',                                          '200/404 200/404 200/404 200/404 200/404 200/404 200/200 404/404 401'],
  ['GET /api/activities/{idOrKey} — by key, ?agreement= names the tenant',   '200/400 200/400 200/400 200/400 200/400 200/400 200/200 403/403 401'],
  ['GET /api/activities/{idOrKey}/reports',                                  '200/404 200/404 200/404 200/404 200/404 200/404 200/200 404/404 401'],
  ['GET /api/activities/{idOrKey}/timeline',                                 '200/404 200/404 200/404 200/404 200/404 200/404 200/200 404/404 401'],
  ['GET /api/overview',                                                      '200/400 200/400 200/400 200/400 200/400 200/400 200/200 403/403 401'],
  ['GET /api/escalations',                                                   '200/400 200/400 200/400 200/400 200/400 200/400 200/200 403/403 401'],
  ['GET /api/escalations/by-deadline',                                       '200/400 200/400 200/400 200/400 200/400 200/400 200/200 403/403 401'],
  ['GET /api/council/agenda',                                                '200/400 200/400 200/400 200/400 200/400 200/400 200/200 403/403 401'],
  ['GET /api/me/activities',                                                 '200/400 200/400 200/400 200/400 200/400 200/400 200/200 403/403 401'],
  ['GET /api/users',                                                         '200/400 403/400 403/400 403/400 403/400 200/400 200/200 403/403 401'],
  ['GET /api/audit',                                                         '200/400 200/400 403/400 403/400 403/400 403/400 403/403 403/403 401'],
  ['GET /api/audit — ?activity= names an activity, no ?agreement=',          '200/404 200/404 403/403 403/403 403/403 403/403 400/400 403/403 401'],
  ['GET /api/notifications',                                                 '200/400 200/400 200/400 200/400 200/400 200/400 200/200 403/403 401'],
  ['GET /api/notifications — all my agreements',                             '200     200     200     200     200     200     200     200     401'],
  ['GET /api/notifications/unread-count',                                    '200/400 200/400 200/400 200/400 200/400 200/400 200/200 403/403 401'],
  ['GET /api/notifications/email-problems',                                  '200/400 403/400 403/400 403/400 403/400 403/400 403/403 403/403 401'],
  ['GET /api/me/calendar-feed',                                              '200     200     200     200     200     200     200     200     401'],
  ['GET /api/calendar/{file}',                                               '200     200     200     200     200     200     200     200     404'],
  ['GET /api/public/overview',                                               '200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200'],
  ['GET /insyn',                                                             '200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200'],
  ['GET /api/platform/municipalities',                                       '403     403     403     403     403     403     403     200     401'],
  ['GET /api/people',                                                        '200/400 403/400 403/400 403/400 403/400 403/400 403/403 403/403 401'],
  // Writes.
  ['POST /api/activities',                                                   '201/400 403/400 403/400 403/400 403/400 403/400 403/403 403/403 401'],
  ['POST /api/activities — the owner a member of the other tenant',          '400/400 403/400 403/400 403/400 403/400 403/400 403/403 403/403 401'],
  ['POST /api/activities/{idOrKey}/pause',                                   '200/404 403/404 403/404 403/404 403/404 200/404 403/200 404/404 401'],
  ['POST /api/activities/{idOrKey}/resume',                                  '200/404 403/404 403/404 403/404 403/404 200/404 403/200 404/404 401'],
  ['PUT /api/activities/{idOrKey}/plan',                                     '200/404 403/404 403/404 403/404 403/404 200/404 403/200 404/404 401'],
  ['POST /api/activities/{idOrKey}/phases/{kind}/complete',                  '200/404 403/404 403/404 403/404 403/404 200/404 403/200 404/404 401'],
  ['PUT /api/activities/{idOrKey}/owner',                                    '200/404 403/404 403/404 403/404 403/404 200/404 403/200 404/404 401'],
  ['PUT /api/activities/{idOrKey}/owner — a member of the other tenant',     '400/404 403/404 403/404 403/404 403/404 400/404 403/400 404/404 401'],
  ['PUT /api/activities/{idOrKey}/goal-areas',                               '200/404 403/404 403/404 403/404 403/404 200/404 403/200 404/404 401'],
  ['POST /api/activities/{idOrKey}/cancel',                                  '200/404 403/404 403/404 403/404 403/404 403/404 403/403 404/404 401'],
  // Editing an activity and its delmål: as steering (administrators, the lead party's coordinator).
  ['PATCH /api/activities/{idOrKey}',                                        '200/404 403/404 403/404 403/404 403/404 200/404 403/200 404/404 401'],
  ['POST /api/activities/{idOrKey}/phases/{kind}/milestones',                '201/404 403/404 403/404 403/404 403/404 201/404 403/201 404/404 401'],
  ['PATCH /api/activities/{idOrKey}/phases/{kind}/milestones/{id}',          '200/404 403/404 403/404 403/404 403/404 200/404 403/200 404/404 401'],
  ['DELETE /api/activities/{idOrKey}/phases/{kind}/milestones/{id}',         '200/404 403/404 403/404 403/404 403/404 200/404 403/200 404/404 401'],
  // Reminder offsets and the escalation ladder: every member reads them, the agreement's administrators change them.
  ['GET /api/agreements/{key}/follow-up-settings',                           '200/404 200/404 200/404 200/404 200/404 200/404 200/200 404/404 401'],
  ['PUT /api/agreements/{key}/follow-up-settings',                           '200/404 403/404 403/404 403/404 403/404 403/404 403/403 404/404 401'],
  ['POST /api/activities/{idOrKey}/reports',                                 '403/404 403/404 403/404 403/404 201/404 201/404 403/201 404/404 401'],
  ['POST /api/activities/{idOrKey}/reports — a delmål of the other tenant',  '403/404 403/404 403/404 403/404 400/404 400/404 403/400 404/404 401'],
  // Who may acknowledge in none of their agreements hears 403 before any look-up, whatever the id (it tells nothing of the escalation).
  ['POST /api/escalations/{id}/acknowledge',                                 '403/403 200/404 200/404 403/403 403/403 403/403 403/200 403/403 401'],
  ['POST /api/notifications/read-all',                                       '200/400 200/400 200/400 200/400 200/400 200/400 200/200 403/403 401'],
  ['POST /api/notifications/{id}/read',                                      '200/404 200/404 200/404 200/404 200/404 200/404 200/200 404/404 401'],
  ['PUT /api/me/notification-settings',                                      '200     200     200     200     200     200     200     200     401'],
  ['POST /api/me/calendar-feed',                                             '200     200     200     200     200     200     200     200     401'],
  ['POST /api/platform/municipalities',                                      '403     403     403     403     403     403     403     201     401'],
  // People administration: an agreement's administrators only. The person is named by id, the agreement
  // is the caller's own (no ?agreement=, so dual, a member of two, is asked which: 400).
  ['POST /api/people',                                                       '201/400 403/400 403/400 403/400 403/400 403/400 403/403 403/403 401'],
  ['PATCH /api/people/{id}',                                                 '200/404 403/403 403/403 403/403 403/403 403/403 400/400 403/403 401'],
  ['POST /api/people/{id}/invitation',                                       '200/404 403/403 403/403 403/403 403/403 403/403 400/400 403/403 401'],
  ['POST /api/people/{id}/deactivate',                                       '200/404 403/403 403/403 403/403 403/403 403/403 400/400 403/403 401'],
  ['POST /api/people/{id}/reactivate',                                       '200/404 403/403 403/403 403/403 403/403 403/403 400/400 403/403 401'],
  // One's own password: a token of nothing is a 400 for anyone; a wrong current password is a 400; a reset is asked for the same way by anyone (last: its mail is written after the answer).
  ['POST /api/auth/set-password',                                            '400     400     400     400     400     400     400     400     400'],
  ['PUT /api/me/password',                                                   '400     400     400     400     400     400     400     400     401'],
  ['POST /api/auth/password-reset',                                          '202     202     202     202     202     202     202     202     202'],
  // Identity providers (OIDC): registered by an agreement's administrators; the sign-in page's list is public.
  // No provider answers at the matrix's issuer, so even the administrator's registration is a 400 (the issuer must answer).
  ['GET /api/oidc-connections',                                              '200/400 403/400 403/400 403/400 403/400 403/400 403/403 403/403 401'],
  ['POST /api/oidc-connections',                                             '400/400 403/400 403/400 403/400 403/400 403/400 403/403 403/403 401'],
  ['DELETE /api/oidc-connections/{id}',                                      '404/400 403/400 403/400 403/400 403/400 403/400 403/403 403/403 401'],
  ['GET /api/auth/oidc/providers',                                           '200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200 200/200'],
  ['POST /api/auth/oidc/exchange',                                           '400     400     400     400     400     400     400     400     400'],
  // The plan as a spreadsheet: exported by administrators and samverkansledning, imported (a dry run, writing nothing) by administrators.
  ['GET /api/agreements/{key}/export',                                       '200/404 200/404 403/404 403/404 403/404 403/404 403/403 404/404 401'],
  ['POST /api/agreements/{key}/import',                                      '202/404 403/404 403/404 403/404 403/404 403/404 403/403 404/404 401'],
  ['GET /api/imports/{id}',                                                  '404     404     404     404     404     404     404     404     401'],
  // Lägesrapporter of a period as a spreadsheet: for those who may export the plan (they name every reporter).
  ['GET /api/agreements/{key}/reports/export',                                '200/404 200/404 403/404 403/404 403/404 403/404 403/403 404/404 401'],
  // The agreement run by its administrators (texts, period, parties, goal areas, areas, Trygghetsrådet's meetings); every member reads the meetings.
  ['GET /api/agreements/{key}/administration',                               '200/404 403/404 403/404 403/404 403/404 403/404 403/403 404/404 401'],
  ['PATCH /api/agreements/{key}',                                            '200/404 403/404 403/404 403/404 403/404 403/404 403/403 404/404 401'],
  ['POST /api/agreements/{key}/parties',                                     '201/404 403/404 403/404 403/404 403/404 403/404 403/403 404/404 401'],
  ['PATCH /api/agreements/{key}/parties/{id}',                               '200/404 403/404 403/404 403/404 403/404 403/404 403/403 404/404 401'],
  ['POST /api/agreements/{key}/parties/{id}/retire',                         '200/404 403/404 403/404 403/404 403/404 403/404 403/403 404/404 401'],
  ['POST /api/agreements/{key}/goal-areas',                                  '201/404 403/404 403/404 403/404 403/404 403/404 403/403 404/404 401'],
  ['PATCH /api/agreements/{key}/goal-areas/{id}',                            '200/404 403/404 403/404 403/404 403/404 403/404 403/403 404/404 401'],
  ['DELETE /api/agreements/{key}/goal-areas/{id}',                           '204/404 403/404 403/404 403/404 403/404 403/404 403/403 404/404 401'],
  ['POST /api/agreements/{key}/areas',                                       '201/404 403/404 403/404 403/404 403/404 403/404 403/403 404/404 401'],
  ['PATCH /api/agreements/{key}/areas/{id}',                                 '200/404 403/404 403/404 403/404 403/404 403/404 403/403 404/404 401'],
  ['DELETE /api/agreements/{key}/areas/{id}',                                '204/404 403/404 403/404 403/404 403/404 403/404 403/403 404/404 401'],
  ['GET /api/agreements/{key}/council-meetings',                             '200/404 200/404 200/404 200/404 200/404 200/404 200/200 404/404 401'],
  ['POST /api/agreements/{key}/council-meetings',                            '201/404 403/404 403/404 403/404 403/404 403/404 403/403 404/404 401'],
  ['PATCH /api/agreements/{key}/council-meetings/{id}',                      '200/404 403/404 403/404 403/404 403/404 403/404 403/403 404/404 401'],
  ['POST /api/agreements/{key}/council-meetings/{id}/cancel',                '200/404 403/404 403/404 403/404 403/404 403/404 403/403 404/404 401'],
];

/** Served, but not an API operation (the public page is excluded from the OpenAPI document). */
const NOT_IN_OPENAPI = new Set(['GET /insyn']);

type Response = request.Response;

interface RowCall {
  call(c: Cell): PromiseLike<Response>;
  /** Before the cell: may give the cell another object of the same tenant (a fresh activity). */
  setup?(c: Cell): Promise<TenantObjects | void>;
  /** After a successful cell: puts the object back as it was, so the next role meets the same state. */
  reset?(c: Cell, res: Response): Promise<void>;
  /** After the row. */
  after?(): Promise<void>;
  /** 'none': the answer may name every tenant (the platform's list of municipalities). */
  leak?: 'none';
  /** The call names objects of both tenants: a refusal must leave both as they were (else: the object tenant). */
  touches?: 'both';
}

describe('the authorization matrix: every endpoint × role × own and other tenant', () => {
  const live = useLiveApi(new Date().toISOString().slice(0, 10), { agreements: 'demo' });
  const agents = new Map<string, Agent>();
  const objects = {} as Record<TenantCode, TenantObjects>;
  let openApi: { paths: Record<string, Record<string, { security?: unknown[]; parameters?: { in: string; name: string }[] }>> };
  const server = () => live.app.getHttpServer();
  const anonymous = () => request.agent(server());
  const agentOf = (p: Person): Agent => (p.email ? agents.get(p.email)! : anonymous());
  const adminOf = (t: TenantCode) => agents.get(personOf('admin', t).email!)!;
  const rand = () => randomBytes(4).toString('hex');

  beforeAll(async () => {
    await addMatrixPeople(live.ds, addMember);
    for (const t of TENANTS) objects[t] = await tenantObjects(live.ds, t);
    // Every workflow has written its first state before the first cell looks.
    for (const { id } of await live.ds.query(`SELECT id FROM activity`)) await untilSynced(live.ds, live.app, id);
    for (const p of PEOPLE) if (p.email) agents.set(p.email, await signedIn(live.app, p.email));
    openApi = (await anonymous().get('/api/docs-json').expect(200)).body;
  });

  /** Pauses the activity as its tenant's admin; already paused is fine. */
  const ensurePaused = (t: TenantCode, id: string) => adminOf(t).post(`/api/activities/${id}/pause`).send({ reason: 'Matrisprov: förberedelse' });
  const ensureResumed = (t: TenantCode, id: string) => adminOf(t).post(`/api/activities/${id}/resume`).send({});

  /** For a member of the object tenant: a fresh activity there (led and owned as the tenant's object), its workflow loaded. */
  const freshActivity = async (c: Cell): Promise<TenantObjects | void> => {
    if (!c.member) return; // a refusal across tenants is tried on the tenant's usual object
    const res = await c.admin.post('/api/activities').send({
      agreement: c.o.key,
      key: `matris-${rand()}`,
      title: `Matrisprov ${c.o.marker}`,
      goalAreas: [c.o.activity.goalAreas[0]],
      leadParty: c.o.activity.leadParty,
      ownerId: c.o.activity.ownerId,
    });
    if (res.status !== 201) throw new Error(`Could not make a fresh activity in ${c.o.key}: ${res.status} ${JSON.stringify(res.body)}`);
    await untilSynced(live.ds, live.app, res.body.id);
    await settled(live.ds, live.app, [c.o]);
    return { ...c.o, activity: { ...c.o.activity, id: res.body.id, key: res.body.key, phase: res.body.phase } };
  };

  /** For a member of the object tenant: a person invited there just now by its admin (no password yet), to be changed by the cell. */
  const freshPerson = async (c: Cell): Promise<TenantObjects | void> => {
    if (!c.member) return; // across tenants: the tenant's usual member (its owner), which must stay untouched
    const res = await c.admin.post(`/api/people?agreement=${c.o.key}`).send({ email: `matris.${rand()}@matris.example`, name: 'Mona Matrisdotter', party: c.o.activity.leadParty, roles: ['owner'] });
    if (res.status !== 201) throw new Error(`Could not invite a person to ${c.o.key}: ${res.status} ${JSON.stringify(res.body)}`);
    return { ...c.o, exclusiveMemberId: res.body.person.id };
  };

  const q = (c: Cell) => `agreement=${c.o.key}`;
  /**
   * Agreement administration: the administrator's own cell changes a party, goal area, area or meeting
   * made for it just now (by the tenant's admin); every other cell names one the tenant has (which
   * must stay as it is), or, for an agreement of nobody, the id of nothing.
   */
  type WithFresh = TenantObjects & { freshId?: string };
  const freshOf = (make: (c: Cell) => Promise<string>) => async (c: Cell): Promise<TenantObjects | void> => {
    if (!c.member || c.person.column !== 'admin') return;
    return { ...c.o, freshId: await make(c) } as WithFresh;
  };
  const idIn = async (c: Cell, table: 'party' | 'goal_area' | 'area' | 'council_meeting'): Promise<string> => {
    const fresh = (c.o as WithFresh).freshId;
    if (fresh) return fresh;
    const [row] = await live.ds.query(`SELECT id FROM ${table} WHERE agreement_id = $1 ORDER BY id LIMIT 1`, [c.o.id]);
    return row?.id ?? randomUUID();
  };
  const made = async (res: PromiseLike<Response>, what: string): Promise<string> => {
    const r = await res;
    if (r.status !== 201) throw new Error(`Could not make ${what}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.id;
  };
  const freeGoalAreaCode = async (c: Cell): Promise<string> => {
    const taken = new Set((await live.ds.query(`SELECT code FROM goal_area WHERE agreement_id = $1`, [c.o.id])).map((g: { code: string }) => g.code));
    return [...'ZYXWVUTSRQPONMLKJI'].find((l) => !taken.has(l)) ?? 'Z';
  };
  let meetingDay = 0;
  /** Another date each time, still to come (a meeting held is neither moved nor cancelled), within both agreements, away from the demo's meetings around the 15th. */
  const meetingDate = (): string => {
    for (;;) {
      const date = new Date(Date.UTC(2027, 0, 4 + meetingDay++)).toISOString().slice(0, 10);
      const day = Number(date.slice(8));
      if (day < 13 || day > 19) return date;
    }
  };
  const newParty = (c: Cell) => made(c.admin.post(`/api/agreements/${c.o.key}/parties`).send({ key: `matris-${rand()}`, name: `Matrisparten ${rand()} ${c.o.marker}` }), 'a party');
  const newGoalArea = async (c: Cell) => made(c.admin.post(`/api/agreements/${c.o.key}/goal-areas`).send({ code: await freeGoalAreaCode(c), title: `Matrisområde ${rand()} ${c.o.marker}` }), 'a goal area');
  const newArea = (c: Cell) => made(c.admin.post(`/api/agreements/${c.o.key}/areas`).send({ name: `Matrisstadsdel ${rand()} ${c.o.marker}` }), 'an area');
  const newMeeting = (c: Cell) => made(c.admin.post(`/api/agreements/${c.o.key}/council-meetings`).send({ date: meetingDate() }), 'a council meeting');

  const CALLS: Record<string, RowCall> = {
    'GET /api/agreements/{key}/export': { call: (c) => c.http.get(`/api/agreements/${c.o.key}/export?format=csv`) },
    'POST /api/agreements/{key}/import': {
      call: (c) => c.http.post(`/api/agreements/${c.o.key}/import?dryRun=true`).attach('file', Buffer.from('external_id,title,lead_party\nmatris-1,Matrisrad,city\n'), 'plan.csv'),
    },
    'GET /api/agreements/{key}/reports/export': { call: (c) => c.http.get(`/api/agreements/${c.o.key}/reports/export?format=csv&from=2026-01-01&to=2026-12-31`) },
    'GET /api/imports/{id}': { call: (c) => c.http.get('/api/imports/00000000-0000-4000-8000-0000000012a1') },
    'GET /api/agreements/{key}/administration': { call: (c) => c.http.get(`/api/agreements/${c.o.key}/administration?${q(c)}`) },
    // The title it has: a successful write that changes nothing the other rows (or the last test) read.
    'PATCH /api/agreements/{key}': { call: (c) => c.http.patch(`/api/agreements/${c.o.key}?${q(c)}`).send({ title: c.o.title }) },
    'POST /api/agreements/{key}/parties': {
      call: (c) => c.http.post(`/api/agreements/${c.o.key}/parties?${q(c)}`).send({ key: `matris-${rand()}`, name: `Matrisparten ${rand()} ${c.o.marker}` }),
    },
    'PATCH /api/agreements/{key}/parties/{id}': {
      setup: freshOf(newParty),
      call: async (c) => c.http.patch(`/api/agreements/${c.o.key}/parties/${await idIn(c, 'party')}?${q(c)}`).send({ name: `Matrisparten ${rand()} ${c.o.marker}` }),
    },
    'POST /api/agreements/{key}/parties/{id}/retire': {
      setup: freshOf(newParty),
      call: async (c) => c.http.post(`/api/agreements/${c.o.key}/parties/${await idIn(c, 'party')}/retire?${q(c)}`),
    },
    'POST /api/agreements/{key}/goal-areas': {
      call: async (c) => c.http.post(`/api/agreements/${c.o.key}/goal-areas?${q(c)}`).send({ code: await freeGoalAreaCode(c), title: `Matrisområde ${rand()} ${c.o.marker}` }),
    },
    'PATCH /api/agreements/{key}/goal-areas/{id}': {
      setup: freshOf(newGoalArea),
      call: async (c) => c.http.patch(`/api/agreements/${c.o.key}/goal-areas/${await idIn(c, 'goal_area')}?${q(c)}`).send({ title: `Matrisområde ${rand()} ${c.o.marker}` }),
    },
    'DELETE /api/agreements/{key}/goal-areas/{id}': {
      setup: freshOf(newGoalArea),
      call: async (c) => c.http.delete(`/api/agreements/${c.o.key}/goal-areas/${await idIn(c, 'goal_area')}?${q(c)}`),
    },
    'POST /api/agreements/{key}/areas': {
      call: (c) => c.http.post(`/api/agreements/${c.o.key}/areas?${q(c)}`).send({ name: `Matrisstadsdel ${rand()} ${c.o.marker}` }),
    },
    'PATCH /api/agreements/{key}/areas/{id}': {
      setup: freshOf(newArea),
      call: async (c) => c.http.patch(`/api/agreements/${c.o.key}/areas/${await idIn(c, 'area')}?${q(c)}`).send({ name: `Matrisstadsdel ${rand()} ${c.o.marker}` }),
    },
    'DELETE /api/agreements/{key}/areas/{id}': {
      setup: freshOf(newArea),
      call: async (c) => c.http.delete(`/api/agreements/${c.o.key}/areas/${await idIn(c, 'area')}?${q(c)}`),
    },
    'GET /api/agreements/{key}/council-meetings': { call: (c) => c.http.get(`/api/agreements/${c.o.key}/council-meetings?${q(c)}`) },
    'POST /api/agreements/{key}/council-meetings': {
      call: (c) => c.http.post(`/api/agreements/${c.o.key}/council-meetings?${q(c)}`).send({ date: meetingDate() }),
    },
    'PATCH /api/agreements/{key}/council-meetings/{id}': {
      setup: freshOf(newMeeting),
      call: async (c) => c.http.patch(`/api/agreements/${c.o.key}/council-meetings/${await idIn(c, 'council_meeting')}?${q(c)}`).send({ date: meetingDate() }),
    },
    'POST /api/agreements/{key}/council-meetings/{id}/cancel': {
      setup: freshOf(newMeeting),
      call: async (c) =>
        c.http.post(`/api/agreements/${c.o.key}/council-meetings/${await idIn(c, 'council_meeting')}/cancel?${q(c)}`).send({ reason: `Matrisprov ${c.o.marker}` }),
    },
    'GET /api/health': { call: (c) => c.http.get('/api/health') },
    'GET /api/health/live': { call: (c) => c.http.get('/api/health/live') },
    'GET /api/health/ready': { call: (c) => c.http.get('/api/health/ready') },
    'POST /api/auth/login': {
      call: (c) =>
        request(server())
          .post('/api/auth/login')
          .send(c.person.email ? { email: c.person.email, password: TEST_PASSWORD } : { email: 'ingen@matris.example', password: 'fel-lösenord' }),
    },
    'POST /api/auth/refresh': {
      call: async (c) => {
        const token = c.person.email
          ? (await request(server()).post('/api/auth/login').send({ email: c.person.email, password: TEST_PASSWORD })).body.refreshToken
          : randomBytes(32).toString('base64url');
        return request(server()).post('/api/auth/refresh').send({ refreshToken: token });
      },
    },
    'POST /api/auth/logout': {
      call: async (c) => {
        const token = c.person.email
          ? (await request(server()).post('/api/auth/login').send({ email: c.person.email, password: TEST_PASSWORD })).body.refreshToken
          : randomBytes(32).toString('base64url');
        return request(server()).post('/api/auth/logout').send({ refreshToken: token });
      },
    },
    'GET /api/me': { call: (c) => c.http.get('/api/me') },
    'GET /api/agreements': { call: (c) => c.http.get('/api/agreements') },
    'GET /api/agreements/{key}': { call: (c) => c.http.get(`/api/agreements/${c.o.key}`) },
    'GET /api/parties': { call: (c) => c.http.get(`/api/parties?${q(c)}`) },
    'GET /api/goal-areas': { call: (c) => c.http.get(`/api/goal-areas?${q(c)}`) },
    'GET /api/goal-areas/{code}': { call: (c) => c.http.get(`/api/goal-areas/A?${q(c)}`) },
    'GET /api/activities': { call: (c) => c.http.get(`/api/activities?${q(c)}&limit=100`) },
    'GET /api/activities/{idOrKey}': { call: (c) => c.http.get(`/api/activities/${c.o.activity.id}`) },
    'GET /api/activities/{idOrKey} — by key, ?agreement= names the tenant': { call: (c) => c.http.get(`/api/activities/${c.o.activity.key}?${q(c)}`) },
    'GET /api/activities/{idOrKey}/reports': { call: (c) => c.http.get(`/api/activities/${c.o.activity.id}/reports`) },
    'GET /api/activities/{idOrKey}/timeline': { call: (c) => c.http.get(`/api/activities/${c.o.activity.id}/timeline`) },
    'GET /api/overview': { call: (c) => c.http.get(`/api/overview?${q(c)}`) },
    'GET /api/escalations': { call: (c) => c.http.get(`/api/escalations?${q(c)}&state=all&limit=200`) },
    'GET /api/escalations/by-deadline': { call: (c) => c.http.get(`/api/escalations/by-deadline?${q(c)}&state=all&limit=200`) },
    'GET /api/council/agenda': { call: (c) => c.http.get(`/api/council/agenda?${q(c)}`) },
    'GET /api/me/activities': { call: (c) => c.http.get(`/api/me/activities?${q(c)}`) },
    'GET /api/users': { call: (c) => c.http.get(`/api/users?${q(c)}`) },
    'GET /api/audit': { call: (c) => c.http.get(`/api/audit?${q(c)}&limit=200`) },
    'GET /api/audit — ?activity= names an activity, no ?agreement=': { call: (c) => c.http.get(`/api/audit?activity=${c.o.activity.id}`) },
    'GET /api/notifications': { call: (c) => c.http.get(`/api/notifications?${q(c)}`) },
    'GET /api/notifications — all my agreements': { call: (c) => c.http.get('/api/notifications') },
    'GET /api/notifications/unread-count': { call: (c) => c.http.get(`/api/notifications/unread-count?${q(c)}`) },
    'GET /api/notifications/email-problems': { call: (c) => c.http.get(`/api/notifications/email-problems?${q(c)}`) },
    'GET /api/me/calendar-feed': { call: (c) => c.http.get('/api/me/calendar-feed') },
    'GET /api/calendar/{file}': {
      call: async (c) => {
        if (!c.person.email) return request(server()).get(`/api/calendar/${randomBytes(24).toString('base64url')}.ics`);
        const made = await c.http.post('/api/me/calendar-feed').expect(200);
        return request(server()).get(new URL(made.body.url).pathname);
      },
    },
    'GET /api/public/overview': { call: (c) => c.http.get(`/api/public/overview?${q(c)}`) },
    'GET /insyn': { call: (c) => c.http.get(`/insyn?${q(c)}`) },
    'GET /api/platform/municipalities': { call: (c) => c.http.get('/api/platform/municipalities'), leak: 'none' },
    'GET /api/people': { call: (c) => c.http.get(`/api/people?${q(c)}`) },
    'POST /api/people': {
      call: (c) => c.http.post(`/api/people?${q(c)}`).send({ email: `matris.${rand()}@matris.example`, name: 'Mona Matrisdotter', party: c.o.activity.leadParty, roles: ['owner'] }),
    },
    'PATCH /api/people/{id}': { setup: freshPerson, call: (c) => c.http.patch(`/api/people/${c.o.exclusiveMemberId}`).send({ roles: ['owner', 'council'] }) },
    'POST /api/people/{id}/invitation': { setup: freshPerson, call: (c) => c.http.post(`/api/people/${c.o.exclusiveMemberId}/invitation`) },
    'POST /api/people/{id}/deactivate': { setup: freshPerson, call: (c) => c.http.post(`/api/people/${c.o.exclusiveMemberId}/deactivate`) },
    'POST /api/people/{id}/reactivate': { setup: freshPerson, call: (c) => c.http.post(`/api/people/${c.o.exclusiveMemberId}/reactivate`) },
    'POST /api/auth/set-password': {
      call: () => request(server()).post('/api/auth/set-password').send({ token: randomBytes(32).toString('base64url'), password: 'ett-langt-losenord' }),
    },
    'POST /api/auth/password-reset': {
      call: (c) => request(server()).post('/api/auth/password-reset').send({ email: c.person.email ?? 'ingen@matris.example' }),
    },
    'GET /api/oidc-connections': { call: (c) => c.http.get(`/api/oidc-connections?${q(c)}`) },
    'POST /api/oidc-connections': {
      call: (c) =>
        c.http.post(`/api/oidc-connections?${q(c)}`).send({ party: c.o.activity.leadParty, issuer: 'http://127.0.0.1:9', clientId: 'matris', clientSecret: 'matris-hemlis', allowedDomains: ['matris.example'] }),
    },
    'DELETE /api/oidc-connections/{id}': { call: (c) => c.http.delete(`/api/oidc-connections/00000000-0000-4000-8000-00000000d1dc?${q(c)}`) },
    'GET /api/auth/oidc/providers': { call: (c) => request(server()).get(`/api/auth/oidc/providers?${q(c)}`) },
    'POST /api/auth/oidc/exchange': { call: () => request(server()).post('/api/auth/oidc/exchange').send({ code: randomBytes(32).toString('base64url') }) },
    'PUT /api/me/password': { call: (c) => c.http.put('/api/me/password').send({ currentPassword: 'inte-lösenordet', newPassword: 'ett-langt-losenord' }) },
    'POST /api/activities': {
      call: (c) =>
        c.http.post('/api/activities').send({
          agreement: c.o.key,
          key: `matris-${rand()}`,
          title: `Matrisprov ${c.o.marker}`,
          goalAreas: [c.o.activity.goalAreas[0]],
          leadParty: c.o.activity.leadParty,
        }),
      // The new activity's workflow writes its first state a moment later: wait for it, so that no later cell sees it arrive.
      reset: (_c, res) => untilSynced(live.ds, live.app, res.body.id),
    },
    'POST /api/activities — the owner a member of the other tenant': {
      call: (c) =>
        c.http.post('/api/activities').send({
          agreement: c.o.key,
          key: `matris-${rand()}`,
          title: `Matrisprov ${c.o.marker}`,
          goalAreas: [c.o.activity.goalAreas[0]],
          leadParty: c.o.activity.leadParty,
          ownerId: c.elsewhere.exclusiveMemberId,
        }),
      touches: 'both',
    },
    'POST /api/activities/{idOrKey}/pause': {
      call: (c) => c.http.post(`/api/activities/${c.o.activity.id}/pause`).send({ reason: `Matrisprov ${c.o.marker}` }),
      reset: async (c) => void (await ensureResumed(c.o.code, c.o.activity.id).expect(200)),
    },
    'POST /api/activities/{idOrKey}/resume': {
      setup: async (c) => void (await ensurePaused(c.o.code, c.o.activity.id)),
      call: (c) => c.http.post(`/api/activities/${c.o.activity.id}/resume`).send({ reason: `Matrisprov ${c.o.marker}` }),
      after: async () => {
        for (const t of TENANTS) await ensureResumed(t, objects[t].activity.id);
      },
    },
    'PUT /api/activities/{idOrKey}/plan': {
      call: (c) => c.http.put(`/api/activities/${c.o.activity.id}/plan`).send({ phases: [{ kind: 'long', followUpEvery: c.o.activity.longCadence }] }),
    },
    'POST /api/activities/{idOrKey}/phases/{kind}/complete': {
      setup: freshActivity,
      call: (c) => c.http.post(`/api/activities/${c.o.activity.id}/phases/${c.o.activity.phase}/complete`),
    },
    'PUT /api/activities/{idOrKey}/owner': {
      call: (c) => c.http.put(`/api/activities/${c.o.activity.id}/owner`).send({ ownerId: null }),
      reset: async (c) => void (await c.admin.put(`/api/activities/${c.o.activity.id}/owner`).send({ ownerId: c.o.activity.ownerId }).expect(200)),
    },
    'PUT /api/activities/{idOrKey}/owner — a member of the other tenant': {
      call: (c) => c.http.put(`/api/activities/${c.o.activity.id}/owner`).send({ ownerId: c.elsewhere.exclusiveMemberId }),
      touches: 'both',
    },
    'PUT /api/activities/{idOrKey}/goal-areas': {
      call: (c) => c.http.put(`/api/activities/${c.o.activity.id}/goal-areas`).send({ goalAreas: c.o.activity.goalAreas }),
    },
    'POST /api/activities/{idOrKey}/cancel': {
      setup: freshActivity,
      call: (c) => c.http.post(`/api/activities/${c.o.activity.id}/cancel`).send({ reason: `Matrisprov ${c.o.marker}` }),
    },
    'PATCH /api/activities/{idOrKey}': {
      call: (c) => c.http.patch(`/api/activities/${c.o.activity.id}`).send({ description: `Matrisprov ${c.o.marker}` }),
    },
    'POST /api/activities/{idOrKey}/phases/{kind}/milestones': {
      // Dated on the current phase's target date: within the phase and the agreement.
      call: async (c) => {
        const a = await c.admin.get(`/api/activities/${c.o.activity.id}`);
        // An activity of nothing (the comparison's) has no phases: any date will do.
        const phase = a.body.phases?.find((p: { kind: string }) => p.kind === c.o.activity.phase) ?? { targetDate: '2027-01-04' };
        return c.http.post(`/api/activities/${c.o.activity.id}/phases/${c.o.activity.phase}/milestones`).send({ title: `Matrisprov ${c.o.marker}`, dueDate: phase.targetDate });
      },
    },
    'PATCH /api/activities/{idOrKey}/phases/{kind}/milestones/{id}': {
      call: (c) => c.http.patch(`/api/activities/${c.o.activity.id}/phases/${c.o.activity.phase}/milestones/${c.o.milestoneId}`).send({ title: `Matrisprov ${c.o.marker}` }),
    },
    'DELETE /api/activities/{idOrKey}/phases/{kind}/milestones/{id}': {
      // A member's cell removes a delmål made for it just now; across tenants, the tenant's usual one (which must stay).
      setup: async (c) => {
        if (!c.member) return;
        const a = await c.admin.get(`/api/activities/${c.o.activity.id}`);
        const phase = a.body.phases.find((p: { kind: string }) => p.kind === c.o.activity.phase);
        const res = await c.admin.post(`/api/activities/${c.o.activity.id}/phases/${phase.kind}/milestones`).send({ title: `Matrisprov ${c.o.marker}`, dueDate: phase.targetDate });
        if (res.status !== 201) throw new Error(`Could not add a delmål in ${c.o.key}: ${res.status} ${JSON.stringify(res.body)}`);
        const fresh = res.body.phases.find((p: { kind: string }) => p.kind === phase.kind).milestones.at(-1);
        return { ...c.o, milestoneId: fresh.id };
      },
      call: (c) => c.http.delete(`/api/activities/${c.o.activity.id}/phases/${c.o.activity.phase}/milestones/${c.o.milestoneId}`),
    },
    'GET /api/agreements/{key}/follow-up-settings': { call: (c) => c.http.get(`/api/agreements/${c.o.key}/follow-up-settings`) },
    'PUT /api/agreements/{key}/follow-up-settings': {
      // The settings the agreement has, sent back: a success changes nothing a later row could notice.
      call: async (c) => {
        // An agreement of nothing (the comparison's) has none: the defaults, well-formed, will do.
        const got = (await c.admin.get(`/api/agreements/${c.o.key}/follow-up-settings`)).body;
        const { reminderOffsets, escalationLadder } = got.reminderOffsets ? got : DEFAULT_FOLLOW_UP_SETTINGS;
        return c.http.put(`/api/agreements/${c.o.key}/follow-up-settings`).send({ reminderOffsets, escalationLadder });
      },
    },
    'POST /api/activities/{idOrKey}/reports': {
      call: (c) => c.http.post(`/api/activities/${c.o.activity.id}/reports`).send({ status: 'on_track', progress: 40, summary: `Matrisprov ${c.o.marker}` }),
    },
    'POST /api/activities/{idOrKey}/reports — a delmål of the other tenant': {
      call: (c) =>
        c.http
          .post(`/api/activities/${c.o.activity.id}/reports`)
          .send({ status: 'on_track', progress: 40, summary: `Matrisprov ${c.o.marker}`, milestones: [{ milestoneId: c.elsewhere.milestoneId, status: 'done' }] }),
      touches: 'both',
    },
    'POST /api/escalations/{id}/acknowledge': {
      // Each role meets the escalation unacknowledged.
      setup: async (c) =>
        void (await live.ds.query(`UPDATE follow_up_event SET acknowledged_at = NULL, acknowledged_by = NULL, acknowledgement = NULL WHERE id = $1`, [c.o.escalationId])),
      call: (c) => c.http.post(`/api/escalations/${c.o.escalationId}/acknowledge`).send({ comment: `Matrisprov ${c.o.marker}` }),
    },
    'POST /api/notifications/read-all': { call: (c) => c.http.post(`/api/notifications/read-all?${q(c)}`) },
    'POST /api/notifications/{id}/read': {
      call: (c) => c.http.post(`/api/notifications/${(c.person.email && c.o.notifications[c.person.email]) || c.o.anyNotification}/read`),
    },
    'PUT /api/me/notification-settings': { call: (c) => c.http.put('/api/me/notification-settings').send({ email: 'both' }) },
    'POST /api/me/calendar-feed': { call: (c) => c.http.post('/api/me/calendar-feed') },
    'POST /api/platform/municipalities': {
      call: (c) => {
        const id = rand();
        return c.http.post('/api/platform/municipalities').send({ key: `matris-${id}`, name: `Matrisby ${id} kommun`, administrator: { email: `admin.${id}@matrisby.example`, name: 'Mats Matrisson' } });
      },
      leak: 'none',
    },
  };

  const operations = () =>
    Object.entries(openApi.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
        .map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, path, op })),
    );
  const operationOf = (rowName: string) => rowName.split(' — ')[0];

  it('has expectations for every endpoint of the OpenAPI document, and a call for every row', () => {
    const documented = operations().map((o) => o.name);
    const covered = new Set(MATRIX.map(([name]) => operationOf(name)));
    const missing = documented.filter((name) => !covered.has(name)).map((name) => `endpoint ${name} has no expectations in the authorization matrix`);
    const stale = [...covered].filter((name) => !documented.includes(name) && !NOT_IN_OPENAPI.has(name)).map((name) => `the matrix has a row for ${name}, which the OpenAPI document does not have`);
    const uncalled = MATRIX.filter(([name]) => !CALLS[name]).map(([name]) => `row ${name} has no call`);
    const unlisted = Object.keys(CALLS).filter((name) => !MATRIX.some(([n]) => n === name)).map((name) => `call ${name} has no row`);
    for (const [, line] of MATRIX) parseExpectations(line); // throws naming a malformed line
    expect([...missing, ...stale, ...uncalled, ...unlisted]).toEqual([]);
    expect(documented.length).toBeGreaterThan(40);
  });

  /** Runs one row: every person × (own, other) object, refusals first; returns the cells. */
  async function runRow(name: string, line: string): Promise<CellResult[]> {
    const expectations = parseExpectations(line);
    const tenanted = line.includes('/');
    const spec = CALLS[name];
    const isWrite = !name.startsWith('GET ');
    await settled(live.ds, live.app, TENANTS.map((t) => objects[t]));
    const prints: Record<TenantCode, Fingerprint> = { V: await fingerprint(live.ds, objects.V), E: await fingerprint(live.ds, objects.E) };

    const cells = PEOPLE.flatMap((person) =>
      (tenanted ? objectTenants(person) : [{ tenant: person.memberOf[0] ?? ('V' as TenantCode), side: 0 as const }]).map(({ tenant, side }) => ({
        person,
        tenant,
        side,
        expected: expectedOf(expectations, person, side),
      })),
    );
    // Refusals first: no successful write of this row has touched a tenant while a refusal is proven to change nothing.
    cells.sort((a, b) => Number(a.expected < 400) - Number(b.expected < 400));

    const results: CellResult[] = [];
    for (const { person, tenant, side, expected } of cells) {
      const result: CellResult = { person, side, tenant: tenanted ? tenant : null, expected, actual: null, problems: [] };
      results.push(result);
      try {
        const c: Cell = {
          person,
          http: agentOf(person),
          o: objects[tenant],
          elsewhere: objects[tenant === 'V' ? 'E' : 'V'],
          member: person.memberOf.includes(tenant),
          admin: adminOf(tenant),
        };
        const fresh = spec.setup ? await spec.setup(c) : undefined;
        if (fresh) c.o = fresh;
        const proveUnchanged = isWrite && expected >= 400;
        const state = async () => {
          if (!tenanted) return tenantState(live.ds, live.app, null);
          const mine = await tenantState(live.ds, live.app, c.o, c.o.activity.id);
          return spec.touches === 'both' ? `${mine}\n${await tenantState(live.ds, live.app, c.elsewhere, c.elsewhere.activity.id)}` : mine;
        };
        const before = proveUnchanged ? await state() : '';
        const res = await spec.call(c);
        result.actual = res.status;
        const said = res.text && !res.headers['content-type']?.includes('json') ? res.text.slice(0, 80) : JSON.stringify(res.body?.message ?? res.body ?? '').slice(0, 120);
        if (res.status !== expected) result.problems.push(`answered ${said}`);

        if (res.status < 300 && spec.leak !== 'none') {
          const forbidden = TENANTS.filter((t) => (tenanted ? t !== c.o.code : !person.memberOf.includes(t)));
          const text = res.text ?? JSON.stringify(res.body);
          for (const t of forbidden) {
            const leaks = leaksIn(text, prints[t]);
            if (leaks.length) result.problems.push(`the answer names ${t === 'V' ? 'Västerås' : 'Exempelby'}'s ${leaks.slice(0, 3).join(', ')}${leaks.length > 3 ? ` and ${leaks.length - 3} more` : ''}`);
          }
        }
        if (res.status < 300 && spec.reset) await spec.reset(c, res);
        if (proveUnchanged) {
          const after = await state();
          if (after !== before) {
            const [b, a] = [before.split('\n'), after.split('\n')];
            const what = b.map((x, i) => (x === a[i] ? '' : stateDifference(x, a[i]))).filter(Boolean).join('; ');
            result.problems.push(`a refused write changed ${tenanted ? (spec.touches === 'both' ? 'the tenants' : c.o.key) : "the platform's people or municipalities"}: ${what}`);
          }
        }
        // Another tenant's object must be answered as nothing at all: same status, same words.
        if (tenanted && person.email && !c.member && expected >= 400) {
          const ghost = ghostObjects(c.o);
          const nothing = await spec.call({ ...c, o: ghost });
          const real = `${res.status} ${withoutObjects(res.text ?? '', c.o, person)}`;
          const none = `${nothing.status} ${withoutObjects(nothing.text ?? '', ghost, person)}`;
          if (real !== none) result.problems.push(`the refusal differs from the answer for an object that does not exist (${none.slice(0, 140)}), so it tells that the object exists`);
        }
      } catch (error) {
        result.problems.push(`threw ${(error as Error).message}`);
      }
    }
    await spec.after?.();
    return results;
  }

  const total = { cells: 0, failed: 0 };
  describe.each(MATRIX.map(([name, line]) => [name, line]))('%s', (name, line) => {
    it('answers every role as the table says, and leaks nothing of the other tenant', async () => {
      const results = await runRow(name, line);
      total.cells += results.length;
      const failed = results.filter((r) => r.problems.length);
      total.failed += failed.length;
      if (failed.length) throw new Error(`${failed.length} of ${results.length} cells are wrong:\n${printRow(name, line.includes('/'), results)}`);
    });
  });

  it(`ran every cell (${COLUMNS.length} columns a row)`, () => {
    // 15 people, twice for a row with tenant objects.
    expect(total.cells).toBeGreaterThan(MATRIX.length * PEOPLE.length);
  });

  describe('a person of several agreements must say which one', () => {
    const pathValue: Record<string, string> = { idOrKey: 'mbu', code: 'A', key: AGREEMENT_KEYS.V };
    /** The notification inbox is the one reading that spans all of a person's agreements by design. */
    const acrossAgreements = (path: string) => path === '/api/notifications' || path === '/api/notifications/unread-count';

    it('every signed-in reading that takes ?agreement=: without it, 400 listing both agreements for dual, 200 for a member of one', async () => {
      const readings = operations().filter((o) => o.name.startsWith('GET ') && o.op.security?.length && o.op.parameters?.some((p) => p.in === 'query' && p.name === 'agreement'));
      expect(readings.length).toBeGreaterThan(10);
      const dual = agents.get(personOf('dual').email!)!;
      const problems: string[] = [];
      const lines: string[] = [];
      for (const { name, path } of readings) {
        const unknown = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).filter((p) => !pathValue[p]);
        if (unknown.length) {
          problems.push(`${name}: no value for ${unknown.join(', ')} in this test`);
          continue;
        }
        const url = path.replace(/\{(\w+)\}/g, (_, p: string) => pathValue[p]);
        const res = await dual.get(url);
        const text = JSON.stringify(res.body);
        if (acrossAgreements(path)) {
          if (res.status !== 200) problems.push(`${name} as dual without ?agreement=: ${res.status}, not 200 (the inbox spans all of one's agreements)`);
        } else {
          if (res.status !== 400 || res.body.error !== 'AGREEMENT_REQUIRED') problems.push(`${name} as dual without ?agreement=: ${res.status} ${res.body.error}, not 400 AGREEMENT_REQUIRED`);
          for (const key of Object.values(AGREEMENT_KEYS)) if (!text.includes(key)) problems.push(`${name} as dual without ?agreement=: the answer does not list ${key}`);
        }
        const singles: string[] = [];
        for (const t of TENANTS) {
          const admin = adminOf(t); // the admin: these readings include the admins' own (users, audit, e-mail problems)
          const own = await admin.get(url);
          singles.push(`${t} admin ${own.status}`);
          if (own.status !== 200) problems.push(`${name} as ${t} admin (one membership) without ?agreement=: ${own.status}, not 200: ${JSON.stringify(own.body.message)}`);
          else if (leaksIn(JSON.stringify(own.body), await fingerprint(live.ds, objects[t === 'V' ? 'E' : 'V'])).length) problems.push(`${name} as ${t} admin: names the other tenant`);
        }
        lines.push(`  ${name.padEnd(50)} dual ${res.status} ${res.body.error ?? ''}`.padEnd(90) + singles.join(', '));
      }
      if (problems.length) throw new Error(`${problems.join('\n')}\n\n${lines.join('\n')}`);
    });

    it('the inbox without ?agreement= shows dual the notifications of both agreements, each naming its own', async () => {
      const dual = agents.get(personOf('dual').email!)!;
      const email = personOf('dual').email!;
      const res = await dual.get('/api/notifications?limit=100').expect(200);
      for (const t of TENANTS) {
        const item = res.body.items.find((n: { id: string }) => n.id === objects[t].notifications[email]);
        expect(item).toMatchObject({ agreement: objects[t].key, agreementTitle: objects[t].title });
      }
      const unread = (await dual.get('/api/notifications/unread-count').expect(200)).body.unread;
      const perAgreement = await Promise.all(TENANTS.map(async (t) => (await dual.get(`/api/notifications/unread-count?agreement=${objects[t].key}`).expect(200)).body.unread));
      expect(unread).toBe(perAgreement[0] + perAgreement[1]);
    });
  });
});
