import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * People administration runs in the request's tenant scope (samverkan_tenant), so row-level security
 * is its second fence as it is everybody else's:
 *
 * - `password_token`: a request sees the invitations of its agreements (by `agreement_id`), as other
 *   tenant-owned rows. Reset links (no agreement) stay the person's own: no tenant sees them.
 * - `app_user_sign_in_changed`, the trigger that ends a person's sessions when their password or
 *   deactivation changes, acts on the person's own tokens whoever changes them: it runs as the
 *   tables' owner (SECURITY DEFINER), since a tenant sees no refresh tokens and would revoke none.
 *   Deactivating also ends every open password link of the person (of any agreement), there.
 */
export class PeopleWithinTenant1796193000000 implements MigrationInterface {
  name = 'PeopleWithinTenant1796193000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP POLICY tenant_scope ON "password_token"`);
    await q.query(
      `CREATE POLICY tenant_scope ON "password_token" TO samverkan_tenant
         USING (agreement_id = ANY (samverkan_visible_agreements())) WITH CHECK (agreement_id = ANY (samverkan_visible_agreements()))`,
    );
    await q.query(`
      CREATE OR REPLACE FUNCTION "app_user_sign_in_changed"() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        IF NEW."platform_roles" IS DISTINCT FROM OLD."platform_roles"
           OR NEW."password_hash" IS DISTINCT FROM OLD."password_hash"
           OR NEW."deactivated_at" IS DISTINCT FROM OLD."deactivated_at" THEN
          NEW."token_version" := OLD."token_version" + 1;
        END IF;
        IF NEW."password_hash" IS DISTINCT FROM OLD."password_hash"
           OR (NEW."deactivated_at" IS NOT NULL AND OLD."deactivated_at" IS NULL) THEN
          UPDATE "refresh_token" SET "revoked_at" = now() WHERE "user_id" = NEW."id" AND "revoked_at" IS NULL;
        END IF;
        IF NEW."deactivated_at" IS NOT NULL AND OLD."deactivated_at" IS NULL THEN
          UPDATE "password_token" SET "revoked_at" = now() WHERE "user_id" = NEW."id" AND "used_at" IS NULL AND "revoked_at" IS NULL;
        END IF;
        RETURN NEW;
      END $$`);
  }

  public async down(q: QueryRunner): Promise<void> {
    // The trigger as the Tenancy migration left it.
    await q.query(`
      CREATE OR REPLACE FUNCTION "app_user_sign_in_changed"() RETURNS trigger LANGUAGE plpgsql SECURITY INVOKER AS $$
      BEGIN
        IF NEW."platform_roles" IS DISTINCT FROM OLD."platform_roles"
           OR NEW."password_hash" IS DISTINCT FROM OLD."password_hash"
           OR NEW."deactivated_at" IS DISTINCT FROM OLD."deactivated_at" THEN
          NEW."token_version" := OLD."token_version" + 1;
        END IF;
        IF NEW."password_hash" IS DISTINCT FROM OLD."password_hash"
           OR (NEW."deactivated_at" IS NOT NULL AND OLD."deactivated_at" IS NULL) THEN
          UPDATE "refresh_token" SET "revoked_at" = now() WHERE "user_id" = NEW."id" AND "revoked_at" IS NULL;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`DROP POLICY tenant_scope ON "password_token"`);
    await q.query(`CREATE POLICY tenant_scope ON "password_token" TO samverkan_tenant USING (false) WITH CHECK (false)`);
  }
}
