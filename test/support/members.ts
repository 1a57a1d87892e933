import { hash } from 'bcryptjs';
import { DataSource } from 'typeorm';
import { acrossTenants } from '@app/database';
import type { UserRole } from '@app/domain';

/** The seeded demo users' password in tests (also exported by test-api.ts). */
export const TEST_PASSWORD = 'samverkan-demo';

export interface NewMember {
  email: string;
  /** The person's name when they are made; a person already there keeps theirs. Default: the e-mail. */
  name?: string;
  /** The agreement (by key) the membership is of. */
  agreementKey: string;
  /** A party key of that agreement, or null for the cross-party bodies. */
  party: string | null;
  roles: UserRole[];
  /** Password of a person made here (default TEST_PASSWORD, so `signedIn(app, email)` works). */
  password?: string;
}

/**
 * Makes `email` a member of an agreement, for tests: the person is found by e-mail or made (with
 * TEST_PASSWORD), and their membership of `agreementKey` is written, or replaced when they have one
 * there already (party and roles as given). Call it once per agreement for a person of several:
 *
 *   await addMember(ds, { email: 'tva@test.example', agreementKey: 'vasteras-2023-2027', party: 'police', roles: ['coordinator'] });
 *   await addMember(ds, { email: 'tva@test.example', agreementKey: 'exempelby-2025-2028', party: null, roles: ['strategic'] });
 *
 * Works on any DataSource: a table owner's (`dataSourceOptions(url)`), or the API's tenant-scoped
 * one (`app.get(DataSource)`), since it writes across tenants on purpose. A membership written moves
 * the person's token version on (a database trigger), so sign in after adding.
 */
export async function addMember(ds: DataSource, member: NewMember): Promise<{ userId: string; agreementId: string; partyId: string | null }> {
  return acrossTenants(() =>
    ds.transaction(async (em) => {
      const [agreement] = await em.query(`SELECT id FROM agreement WHERE key = $1`, [member.agreementKey]);
      if (!agreement) throw new Error(`addMember: there is no agreement "${member.agreementKey}"`);
      let partyId: string | null = null;
      if (member.party !== null) {
        const [party] = await em.query(`SELECT id FROM party WHERE agreement_id = $1 AND key = $2`, [agreement.id, member.party]);
        if (!party) throw new Error(`addMember: agreement "${member.agreementKey}" has no party "${member.party}"`);
        partyId = party.id;
      }
      const email = member.email.toLowerCase();
      let [user] = await em.query(`SELECT id FROM app_user WHERE email = $1`, [email]);
      if (!user) {
        const passwordHash = await hash(member.password ?? TEST_PASSWORD, 4);
        [user] = await em.query(`INSERT INTO app_user (email, name, password_hash) VALUES ($1, $2, $3) RETURNING id`, [email, member.name ?? email, passwordHash]);
      }
      await em.query(
        `INSERT INTO membership (user_id, agreement_id, party_id, roles) VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id, agreement_id) DO UPDATE SET party_id = EXCLUDED.party_id, roles = EXCLUDED.roles`,
        [user.id, agreement.id, partyId, member.roles],
      );
      return { userId: user.id as string, agreementId: agreement.id as string, partyId };
    }),
  );
}
