import { createHash, randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { compare, hash } from 'bcryptjs';
import { DataSource, EntityManager } from 'typeorm';
import { Environment } from '@app/config';
import { acrossTenants, Agreement, queryAcrossTenants } from '@app/database';
import type { UserRole } from '@app/domain';
import { createMailer, toHtml } from '@app/notifications';
import type { ComposedMessage, Mailer } from '@app/notifications';
import type { SignedInUser } from '../auth/auth.decorators';
import { DUMMY_PASSWORD_HASH } from '../auth/auth.service';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { AuditService } from '../audit/audit.service';
import { InvitedDto, InvitePersonDto, PasswordSetDto, PersonDto, PersonState, UpdateMembershipDto } from './people.dto';
import { addedText, invitationText, resetText, setPasswordLink } from './people-texts';

export const INVITATION_TTL_MS = 7 * 86_400_000;
export const RESET_TTL_MS = 3_600_000;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface PersonRow {
  id: string;
  name: string;
  email: string;
  party: string | null;
  party_name: string | null;
  roles: UserRole[];
  deactivated_at: Date | null;
  has_password: boolean;
  invited_at: Date | null;
  invitation_expires_at: Date | null;
}

/** A member as the service hands them on: the row, and whether they are a member of other agreements too. */
interface Person extends PersonRow {
  member_elsewhere: boolean;
}

/**
 * The members of agreement $1 (with $2 null: all of them; else the one person $2), with this
 * agreement's invitations. Run in the request's scope: row-level security shows it nothing of the
 * agreements the administrator is not a member of.
 */
const PEOPLE_SQL = `
  SELECT u.id, u.name, u.email, p.key AS party, p.name AS party_name, m.roles, u.deactivated_at,
         (u.password_hash IS NOT NULL) AS has_password,
         (SELECT max(t.created_at) FROM password_token t WHERE t.user_id = u.id AND t.purpose = 'invitation' AND t.agreement_id = m.agreement_id) AS invited_at,
         (SELECT max(t.expires_at) FROM password_token t
           WHERE t.user_id = u.id AND t.purpose = 'invitation' AND t.agreement_id = m.agreement_id
             AND t.used_at IS NULL AND t.revoked_at IS NULL AND t.expires_at > now()) AS invitation_expires_at
    FROM membership m
    JOIN app_user u ON u.id = m.user_id
    LEFT JOIN party p ON p.id = m.party_id
   WHERE m.agreement_id = $1 AND ($2::uuid IS NULL OR u.id = $2::uuid)
   ORDER BY u.name, u.id`;

function stateOf(r: PersonRow): PersonState {
  if (r.deactivated_at) return 'deactivated';
  if (r.has_password) return 'active';
  return r.invitation_expires_at ? 'invited' : 'invitation-expired';
}

const toDto = (r: Person): PersonDto => ({
  id: r.id,
  name: r.name,
  email: r.email,
  party: r.party,
  roles: r.roles,
  state: stateOf(r),
  invitedAt: r.invited_at?.toISOString() ?? null,
  invitationExpiresAt: r.invitation_expires_at?.toISOString() ?? null,
  deactivatedAt: r.deactivated_at?.toISOString() ?? null,
  memberElsewhere: r.member_elsewhere,
});

/** What was said about the person in the audit trail: their membership, not their password. */
const audited = (r: Person) => ({ email: r.email, name: r.name, party: r.party, roles: r.roles, deactivated: r.deactivated_at !== null });

/**
 * People administration, within one agreement: its administrators invite people (a membership, and
 * for someone new a person without a password and a one-time link to set one), change their roles
 * and party, deactivate and reactivate them, and re-send invitations. Plus the person's own
 * password: set by a link (invitation or reset), or changed.
 *
 * The administration runs in the request's tenant scope, after the caller has resolved the agreement
 * among the administrator's memberships and authorized them there: every statement names that
 * agreement, someone who is not a member of it is a 404, and row-level security is the second fence.
 * A person's row is the installation's, not a tenant's (one person may be a member of several
 * agreements, and their e-mail address is unique over the platform): the few statements that must
 * see it whole run across tenants one by one (`queryAcrossTenants`), each saying why. Setting a
 * password by a link, resets and one's own password are the person's, not an agreement's, and run
 * across tenants.
 */
@Injectable()
export class PeopleService {
  private readonly logger = new Logger(PeopleService.name);
  private readonly mailer: Mailer | null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly env: Environment,
  ) {
    this.mailer = createMailer(env.SMTP_URL, env.MAIL_FROM);
  }

  private get publicUrl(): string {
    return this.env.PUBLIC_URL ?? `http://localhost:${this.env.PORT}`;
  }

  list(agreement: Agreement): Promise<PersonDto[]> {
    return this.dataSource.transaction(async (em) => {
      const rows = await em.query<PersonRow[]>(PEOPLE_SQL, [agreement.id, null]);
      const elsewhere = await this.membersElsewhere(em, agreement, rows.map((r) => r.id));
      return rows.map((r) => toDto({ ...r, member_elsewhere: elsewhere.has(r.id) }));
    });
  }

  async invite(actor: SignedInUser, agreement: Agreement, dto: InvitePersonDto): Promise<InvitedDto> {
    const email = dto.email.trim().toLowerCase();
    const outcome = await this.dataSource.transaction(async (em) => {
      const partyId = await this.partyId(em, agreement, dto.party);
      // Two invitations of one new address at the same moment: the second waits here, then finds the first.
      await em.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`invite:${email}`]);
      // Across tenants: an e-mail address is one person over the whole installation, who may be a
      // member of agreements this administrator cannot see (and is then made a member here, not twice).
      const [existing] = await queryAcrossTenants<{ id: string; has_password: boolean }[]>(
        em,
        `SELECT id, password_hash IS NOT NULL AS has_password FROM app_user WHERE email = $1`,
        [email],
      );
      if (existing) {
        const [member] = await em.query(`SELECT 1 FROM membership WHERE user_id = $1 AND agreement_id = $2`, [existing.id, agreement.id]);
        if (member) {
          throw new ApiError(ApiErrorCode.Conflict, `${email} is a member of this agreement already; change their roles or party instead (PATCH /api/people/${existing.id}).`);
        }
      }
      // Across tenants: the new person is nobody's member yet, so no tenant may write their row (the membership next makes them this agreement's).
      const userId: string = existing
        ? existing.id
        : (await queryAcrossTenants<{ id: string }[]>(em, `INSERT INTO app_user (email, name, password_hash) VALUES ($1, $2, NULL) RETURNING id`, [email, dto.name.trim()]))[0].id;
      await em.query(`INSERT INTO membership (user_id, agreement_id, party_id, roles) VALUES ($1, $2, $3, $4)`, [userId, agreement.id, partyId, dto.roles]);
      const token = existing?.has_password ? null : await this.newToken(em, userId, 'invitation', agreement.id, actor.userId, INVITATION_TTL_MS);
      const person = await this.member(em, agreement, userId);
      await this.audit.record(
        actor,
        { action: 'person.invite', entityType: 'person', entityId: userId, agreementId: agreement.id, after: { ...audited(person), newPerson: !existing, invitation: token !== null } },
        em,
      );
      return { person, token };
    });
    const emailSent = await this.sendMembershipMail(actor, agreement, outcome.person, outcome.token);
    return { person: toDto(outcome.person), invitation: outcome.token !== null, emailSent };
  }

  /** A new invitation link for someone who has not set a password yet; older links of this agreement end. */
  async resend(actor: SignedInUser, agreement: Agreement, userId: string): Promise<InvitedDto> {
    const outcome = await this.dataSource.transaction(async (em) => {
      const before = await this.member(em, agreement, userId, true);
      if (before.has_password) throw new ApiError(ApiErrorCode.Conflict, `${before.email} has set a password already and signs in with it; there is no invitation to re-send.`);
      if (before.deactivated_at) throw new ApiError(ApiErrorCode.Conflict, `${before.email} is deactivated; reactivate them first (POST /api/people/${userId}/reactivate).`);
      const token = await this.newToken(em, userId, 'invitation', agreement.id, actor.userId, INVITATION_TTL_MS);
      const person = await this.member(em, agreement, userId);
      await this.audit.record(actor, { action: 'person.invitation-resend', entityType: 'person', entityId: userId, agreementId: agreement.id, after: { email: person.email, expiresAt: person.invitation_expires_at } }, em);
      return { person, token };
    });
    const emailSent = await this.sendMembershipMail(actor, agreement, outcome.person, outcome.token);
    return { person: toDto(outcome.person), invitation: true, emailSent };
  }

  /** Changes roles and/or party of the membership; the person's token version moves on (a trigger), so their next request has them. */
  async update(actor: SignedInUser, agreement: Agreement, userId: string, dto: UpdateMembershipDto): Promise<PersonDto> {
    if (dto.party === undefined && dto.roles === undefined) throw ApiError.invalid('body', 'say what to change: party (a party key, or null) and/or roles');
    return this.dataSource.transaction(async (em) => {
      const before = await this.member(em, agreement, userId, true);
      const partyId = dto.party === undefined ? undefined : await this.partyId(em, agreement, dto.party);
      await em.query(
        `UPDATE membership SET party_id = CASE WHEN $3 THEN $4::uuid ELSE party_id END, roles = coalesce($5::text[], roles)
          WHERE user_id = $1 AND agreement_id = $2`,
        [userId, agreement.id, partyId !== undefined, partyId ?? null, dto.roles ?? null],
      );
      await this.keepAnAdministrator(em, agreement);
      const after = await this.member(em, agreement, userId);
      await this.audit.record(actor, { action: 'person.update-membership', entityType: 'person', entityId: userId, agreementId: agreement.id, before: audited(before), after: audited(after) }, em);
      return toDto(after);
    });
  }

  /**
   * Deactivates (or reactivates) the person: `app_user.deactivated_at`, so their refresh tokens are
   * revoked (a trigger) and their access tokens refused at the next request. A person is one sign-in
   * over all their memberships, so an administrator may do this only to someone all of whose
   * agreements they administer; otherwise it is a 409 naming the others.
   */
  async setActive(actor: SignedInUser, agreement: Agreement, userId: string, active: boolean): Promise<PersonDto> {
    return this.dataSource.transaction(async (em) => {
      const before = await this.member(em, agreement, userId, true);
      if (!active && userId === actor.userId) throw new ApiError(ApiErrorCode.Conflict, 'You cannot deactivate yourself; ask another administrator.');
      const mine = actor.memberships.filter((m) => m.roles.includes('admin')).map((m) => m.agreementId);
      // Across tenants: the person's memberships of agreements the administrator is not a member of
      // decide too, and only this statement may see them (their keys are said in the refusal).
      const elsewhere = await queryAcrossTenants<{ key: string }[]>(
        em,
        `SELECT a.key FROM membership m JOIN agreement a ON a.id = m.agreement_id WHERE m.user_id = $1 AND NOT (m.agreement_id = ANY ($2::uuid[])) ORDER BY a.key`,
        [userId, mine],
      );
      if (elsewhere.length) {
        throw new ApiError(
          ApiErrorCode.Conflict,
          `${before.email} is also a member of agreements you do not administer (${elsewhere.map((e) => e.key).join(', ')}); ` +
            'one sign-in serves them all, so their administrators must agree: change their roles here instead, or ask a platform operator.',
        );
      }
      if ((before.deactivated_at === null) !== active) {
        // Deactivating revokes the person's refresh tokens and open password links of every agreement (a trigger, migration PeopleWithinTenant).
        await em.query(`UPDATE app_user SET deactivated_at = ${active ? 'NULL' : 'now()'} WHERE id = $1`, [userId]);
        if (!active) await this.keepAnAdministrator(em, agreement);
      }
      const after = await this.member(em, agreement, userId);
      await this.audit.record(
        actor,
        { action: active ? 'person.reactivate' : 'person.deactivate', entityType: 'person', entityId: userId, agreementId: agreement.id, before: audited(before), after: audited(after) },
        em,
      );
      return toDto(after);
    });
  }

  /** Sets the password with a one-time token from an invitation or reset e-mail; the token is used up. */
  async setPassword(token: string, password: string): Promise<PasswordSetDto> {
    const passwordHash = await hash(password, 10);
    return acrossTenants(() =>
      this.dataSource.transaction(async (em) => {
        const [found] = await em.query<{ id: string; user_id: string; purpose: 'invitation' | 'reset'; agreement_id: string | null; expires_at: Date; used_at: Date | null; revoked_at: Date | null; email: string; deactivated_at: Date | null }[]>(
          `SELECT t.id, t.user_id, t.purpose, t.agreement_id, t.expires_at, t.used_at, t.revoked_at, u.email, u.deactivated_at
             FROM password_token t JOIN app_user u ON u.id = t.user_id WHERE t.token_hash = $1 FOR UPDATE OF t`,
          [sha256(token)],
        );
        const askAgain = found?.purpose === 'reset' ? 'ask for a new one on the sign-in page (Glömt lösenordet?)' : 'ask your administrator to send the invitation again';
        if (!found) throw ApiError.invalid('token', 'this link is not one of ours (or was copied incompletely); use the whole link in the e-mail');
        if (found.used_at) throw ApiError.invalid('token', `this link has been used already; sign in with your password, or ${askAgain}`);
        if (found.revoked_at) throw ApiError.invalid('token', `a newer link has replaced this one; use the latest e-mail, or ${askAgain}`);
        if (found.expires_at <= new Date()) throw ApiError.invalid('token', `this link expired on ${found.expires_at.toISOString()}; ${askAgain}`);
        if (found.deactivated_at) throw ApiError.invalid('token', 'this account has been deactivated; ask an administrator');
        await em.query(`UPDATE password_token SET used_at = now() WHERE id = $1`, [found.id]);
        // Every other open link of the person ends too: one password, set once.
        await em.query(`UPDATE password_token SET revoked_at = now() WHERE user_id = $1 AND id <> $2 AND used_at IS NULL AND revoked_at IS NULL`, [found.user_id, found.id]);
        await em.query(`UPDATE app_user SET password_hash = $2 WHERE id = $1`, [found.user_id, passwordHash]);
        await this.audit.record(
          { userId: found.user_id, email: found.email, name: '', platformRoles: [], memberships: [] },
          { action: found.purpose === 'reset' ? 'person.reset-password' : 'person.accept-invitation', entityType: 'person', entityId: found.user_id, agreementId: found.agreement_id },
          em,
        );
        return { email: found.email };
      }),
    );
  }

  /**
   * A reset link to `email`, if it is a person's who may sign in. Answers at once and the same way
   * whatever the address: the look-up and the mail happen after the answer.
   */
  requestReset(email: string): void {
    const address = email.trim().toLowerCase();
    setImmediate(() => {
      void acrossTenants(async () => {
        const [user] = await this.dataSource.query<{ id: string; name: string; email: string }[]>(
          `SELECT id, name, email FROM app_user WHERE email = $1 AND deactivated_at IS NULL`,
          [address],
        );
        if (!user) return;
        const token = await this.dataSource.transaction(async (em) => {
          const made = await this.newToken(em, user.id, 'reset', null, null, RESET_TTL_MS);
          await this.audit.record(null, { action: 'person.request-password-reset', entityType: 'person', entityId: user.id }, em);
          return made;
        });
        await this.send(user.email, resetText(user.name, setPasswordLink(this.publicUrl, token.token)), `reset-${token.id}`);
      }).catch((error) => this.logger.warn(`A password reset could not be sent: ${error instanceof Error ? error.message : error}`));
    });
  }

  /** The person's own password, given the current one. Every sign-in of theirs ends (sign in again with the new one). */
  async changeOwn(user: SignedInUser, currentPassword: string, newPassword: string): Promise<void> {
    await acrossTenants(async () => {
      const [row] = await this.dataSource.query<{ password_hash: string | null }[]>(`SELECT password_hash FROM app_user WHERE id = $1`, [user.userId]);
      const matches = await compare(currentPassword, row?.password_hash ?? DUMMY_PASSWORD_HASH);
      if (!row?.password_hash || !matches) throw ApiError.invalid('currentPassword', 'is not your current password');
      if (currentPassword === newPassword) throw ApiError.invalid('newPassword', 'is the same as the current one; choose another');
      const passwordHash = await hash(newPassword, 10);
      await this.dataSource.transaction(async (em) => {
        await em.query(`UPDATE app_user SET password_hash = $2 WHERE id = $1`, [user.userId, passwordHash]);
        await this.audit.record(user, { action: 'person.change-password', entityType: 'person', entityId: user.userId }, em);
      });
    });
  }

  // --- helpers ------------------------------------------------------------------------------------

  /** The member `userId` of the agreement, or 404 (also for someone of another agreement only). */
  private async member(em: EntityManager, agreement: Agreement, userId: string, lock = false): Promise<Person> {
    if (!UUID.test(userId)) throw ApiError.notFound(`There is no person with the id "${userId}" in this agreement.`);
    if (lock) await em.query(`SELECT 1 FROM membership WHERE agreement_id = $1 AND user_id = $2 FOR UPDATE`, [agreement.id, userId]);
    const [row] = await em.query<PersonRow[]>(PEOPLE_SQL, [agreement.id, userId]);
    if (!row) throw ApiError.notFound(`There is no person with the id "${userId}" in this agreement.`);
    return { ...row, member_elsewhere: (await this.membersElsewhere(em, agreement, [userId])).has(userId) };
  }

  /**
   * Which of `userIds` (members of `agreement`) are members of other agreements too. Across tenants
   * on purpose: deactivating such a person needs their other administrators, which this one must be
   * told even about agreements they cannot see. The statement answers only yes or no per person.
   */
  private async membersElsewhere(em: EntityManager, agreement: Agreement, userIds: string[]): Promise<Set<string>> {
    if (!userIds.length) return new Set();
    const rows = await queryAcrossTenants<{ user_id: string }[]>(
      em,
      `SELECT DISTINCT user_id FROM membership WHERE user_id = ANY ($1::uuid[]) AND agreement_id <> $2`,
      [userIds, agreement.id],
    );
    return new Set(rows.map((r) => r.user_id));
  }

  private async partyId(em: EntityManager, agreement: Agreement, key: string | null): Promise<string | null> {
    if (key === null) return null;
    const parties: { id: string; key: string }[] = await em.query(`SELECT id, key FROM party WHERE agreement_id = $1 ORDER BY key`, [agreement.id]);
    const party = parties.find((p) => p.key === key);
    if (!party) throw ApiError.invalid('party', `the agreement has no party "${key}"; its parties: ${parties.map((p) => p.key).join(', ')} (or null for the cross-party bodies)`);
    return party.id;
  }

  /** Refuses (409) a change that would leave the agreement without an active administrator. */
  private async keepAnAdministrator(em: EntityManager, agreement: Agreement): Promise<void> {
    const [{ n }] = await em.query(
      `SELECT count(*)::int AS n FROM membership m JOIN app_user u ON u.id = m.user_id WHERE m.agreement_id = $1 AND 'admin' = ANY (m.roles) AND u.deactivated_at IS NULL`,
      [agreement.id],
    );
    if (n === 0) throw new ApiError(ApiErrorCode.Conflict, 'The agreement would have no active administrator left; make someone else administrator first.');
  }

  /** A one-time token: its SHA-256 stored, open ones of the same person, purpose (and agreement) ended. */
  private async newToken(em: EntityManager, userId: string, purpose: 'invitation' | 'reset', agreementId: string | null, createdBy: string | null, ttlMs: number) {
    await em.query(
      `UPDATE password_token SET revoked_at = now()
        WHERE user_id = $1 AND purpose = $2 AND agreement_id IS NOT DISTINCT FROM $3 AND used_at IS NULL AND revoked_at IS NULL`,
      [userId, purpose, agreementId],
    );
    const token = randomBytes(32).toString('base64url');
    const [row] = await em.query<{ id: string; expires_at: Date }[]>(
      `INSERT INTO password_token (user_id, purpose, agreement_id, token_hash, expires_at, created_by_user_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, expires_at`,
      [userId, purpose, agreementId, sha256(token), new Date(Date.now() + ttlMs), createdBy],
    );
    return { id: row.id, token, expiresAt: row.expires_at };
  }

  private async sendMembershipMail(actor: SignedInUser, agreement: Agreement, person: Person, token: { id: string; token: string; expiresAt: Date } | null): Promise<boolean> {
    const facts = { name: person.name, inviter: actor.name, agreementTitle: agreement.title, municipality: agreement.municipality, party: person.party_name, roles: person.roles };
    const message = token
      ? invitationText({ ...facts, expiresAt: token.expiresAt }, setPasswordLink(this.publicUrl, token.token))
      : addedText(facts, `${this.publicUrl.replace(/\/$/, '')}/#/${encodeURIComponent(agreement.key)}`);
    return this.send(person.email, message, token ? `invitation-${token.id}` : `membership-${agreement.id}-${person.id}`);
  }

  private async send(to: string, message: ComposedMessage, id: string): Promise<boolean> {
    if (!this.mailer) return false;
    const link = /https?:\/\/\S+/.exec(message.text)?.[0] ?? this.publicUrl;
    try {
      await this.mailer.send({ to, subject: message.subject, text: message.text, html: toHtml(message, link), messageId: `<${id}@samverkan>` });
      return true;
    } catch (error) {
      this.logger.warn(`E-mail to ${to} failed: ${error instanceof Error ? error.message : error}`);
      return false;
    }
  }
}
