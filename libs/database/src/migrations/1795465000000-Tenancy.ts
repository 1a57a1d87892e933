import { MigrationInterface, QueryRunner } from 'typeorm';

/** Tables whose rows belong to one agreement by their own `agreement_id` (the agreement itself by `id`). */
const BY_AGREEMENT_ID = ['party', 'goal_area', 'area', 'activity', 'council_meeting', 'membership', 'activity_report', 'follow_up_event', 'notification', 'workflow_delivery', 'audit_entry'];
/** Tables that get `agreement_id` here, filled from their activity by a trigger when a writer leaves it out. */
const FILLED_FROM_ACTIVITY = ['activity_report', 'follow_up_event', 'notification', 'workflow_delivery', 'audit_entry'];
/** Tables whose rows belong to an agreement through their activity (or phase). */
const THROUGH_ACTIVITY: Record<string, string> = {
  phase: `EXISTS (SELECT 1 FROM activity a WHERE a.id = activity_id)`,
  activity_goal_area: `EXISTS (SELECT 1 FROM activity a WHERE a.id = activity_id)`,
  activity_cooperating_party: `EXISTS (SELECT 1 FROM activity a WHERE a.id = activity_id)`,
  milestone: `EXISTS (SELECT 1 FROM phase p WHERE p.id = phase_id)`,
};
const SCOPED = `agreement_id = ANY (samverkan_visible_agreements())`;

/**
 * Many municipalities on one platform. A municipality owns its agreements; access comes from
 * memberships (person, agreement, party, roles) instead of a person's one party and global roles;
 * every tenant-owned row names its agreement; and PostgreSQL's row-level security is a second fence
 * behind the API's own checks:
 *
 * - `samverkan_tenant` (what the API's requests run as) sees the rows of the agreements listed in
 *   the setting `samverkan.agreements` (set per request by the API's connection) and nothing else;
 *   of `app_user`, only people who are members there, and the person signed in.
 * - `samverkan_system` (the worker, and the API's own background work and sign-in) is allowed across
 *   tenants, on purpose: `libs/database/src/tenant-scope.ts` is the one place that chooses it.
 * - The owner of the tables (migrations, the seed, tests) is not subject to the policies (RLS is not
 *   forced), as PostgreSQL has it.
 *
 * The existing data is kept: one municipality per agreement's municipality name; a person with a
 * party becomes a member of that party's agreement with their roles, a person without one (the
 * cross-party bodies) a member of every agreement, as they could see every one before.
 */
export class Tenancy1795465000000 implements MigrationInterface {
  name = 'Tenancy1795465000000';

  public async up(q: QueryRunner): Promise<void> {
    // --- municipalities -------------------------------------------------------------------------
    await q.query(`
      CREATE TABLE "municipality" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "key" text NOT NULL,
        "name" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "municipality_key_slug" CHECK ("key" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        CONSTRAINT "PK_281ad341f20df7c41b83a182e2a" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE UNIQUE INDEX "municipality_key_unique" ON "municipality" ("key")`);
    await q.query(`
      CREATE TABLE "municipality_administrator" (
        "municipality_id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_7df4efab51248803c0bd95546c9" PRIMARY KEY ("municipality_id", "user_id")
      )`);
    await q.query(`ALTER TABLE "municipality_administrator" ADD CONSTRAINT "FK_63aab4e79e78c997e7dc98a8476" FOREIGN KEY ("municipality_id") REFERENCES "municipality"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "municipality_administrator" ADD CONSTRAINT "FK_df898fe46580143f1269dec9123" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    // One municipality per name the agreements give; the key is the name as a slug (å, ä, ö → a, a, o).
    await q.query(`
      INSERT INTO "municipality" ("key", "name")
      SELECT DISTINCT trim(BOTH '-' FROM regexp_replace(translate(lower("municipality"), 'åäöéü', 'aaoeu'), '[^a-z0-9]+', '-', 'g')), "municipality"
      FROM "agreement"`);
    await q.query(`ALTER TABLE "agreement" ADD "municipality_id" uuid`);
    await q.query(`UPDATE "agreement" a SET "municipality_id" = m."id" FROM "municipality" m WHERE m."name" = a."municipality"`);
    await q.query(`ALTER TABLE "agreement" ALTER COLUMN "municipality_id" SET NOT NULL`);
    await q.query(`ALTER TABLE "agreement" ADD CONSTRAINT "FK_1626462b7fbe10694dcc5c4d77f" FOREIGN KEY ("municipality_id") REFERENCES "municipality"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);

    // --- memberships ----------------------------------------------------------------------------
    await q.query(`
      CREATE TABLE "membership" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL,
        "agreement_id" uuid NOT NULL,
        "party_id" uuid,
        "roles" text array NOT NULL DEFAULT '{}',
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "membership_roles_known" CHECK ("roles" <@ ARRAY['owner', 'coordinator', 'operational', 'strategic', 'council', 'admin']::text[]),
        CONSTRAINT "PK_83c1afebef3059472e7c37e8de8" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "membership_agreement" ON "membership" ("agreement_id")`);
    await q.query(`CREATE UNIQUE INDEX "membership_user_agreement_unique" ON "membership" ("user_id", "agreement_id")`);
    await q.query(`ALTER TABLE "membership" ADD CONSTRAINT "FK_e9c72e8d29784031c96f5c6af8d" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "membership" ADD CONSTRAINT "FK_5dd4b17e99de9f3386422621763" FOREIGN KEY ("agreement_id") REFERENCES "agreement"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "membership" ADD CONSTRAINT "FK_c3b4213af035784c8158693382d" FOREIGN KEY ("party_id") REFERENCES "party"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await q.query(`
      CREATE FUNCTION membership_party_same_agreement() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.party_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM party p WHERE p.id = NEW.party_id AND p.agreement_id = NEW.agreement_id) THEN
          RAISE EXCEPTION 'party % is not a party of agreement %', NEW.party_id, NEW.agreement_id USING ERRCODE = '23514', CONSTRAINT = 'membership_party_same_agreement';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER membership_party_same_agreement BEFORE INSERT OR UPDATE OF party_id, agreement_id ON membership FOR EACH ROW EXECUTE FUNCTION membership_party_same_agreement()`);
    await q.query(`
      INSERT INTO "membership" ("user_id", "agreement_id", "party_id", "roles")
      SELECT u."id", p."agreement_id", u."party_id", u."roles" FROM "app_user" u JOIN "party" p ON p."id" = u."party_id"`);
    await q.query(`
      INSERT INTO "membership" ("user_id", "agreement_id", "party_id", "roles")
      SELECT u."id", a."id", NULL, u."roles" FROM "app_user" u CROSS JOIN "agreement" a WHERE u."party_id" IS NULL AND cardinality(u."roles") > 0`);

    // The person row keeps sign-in only; a changed membership moves the token version on like a changed password.
    await q.query(`ALTER TABLE "app_user" DROP CONSTRAINT "FK_de77244d025431c6026ce675d2c"`);
    await q.query(`ALTER TABLE "app_user" DROP CONSTRAINT "app_user_roles_known"`);
    await q.query(`
      CREATE OR REPLACE FUNCTION "app_user_sign_in_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
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
    await q.query(`ALTER TABLE "app_user" DROP COLUMN "party_id"`);
    await q.query(`ALTER TABLE "app_user" DROP COLUMN "roles"`);
    await q.query(`ALTER TABLE "app_user" ADD "platform_roles" text array NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE "app_user" ADD CONSTRAINT "app_user_platform_roles_known" CHECK ("platform_roles" <@ ARRAY['platform-operator']::text[])`);
    await q.query(`
      CREATE FUNCTION membership_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE app_user SET token_version = token_version + 1 WHERE id IN (NEW.user_id, OLD.user_id);
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER membership_changed AFTER INSERT OR UPDATE OR DELETE ON membership FOR EACH ROW EXECUTE FUNCTION membership_changed()`);

    // --- every tenant-owned row names its agreement ---------------------------------------------
    await q.query(`ALTER TABLE "audit_entry" DISABLE TRIGGER audit_entry_append_only`);
    for (const table of FILLED_FROM_ACTIVITY) {
      await q.query(`ALTER TABLE "${table}" ADD "agreement_id" uuid`);
      await q.query(`UPDATE "${table}" t SET "agreement_id" = a."agreement_id" FROM "activity" a WHERE a."id" = t."activity_id"`);
    }
    await q.query(`ALTER TABLE "audit_entry" ENABLE TRIGGER audit_entry_append_only`);
    // A digest (no activity) belongs to the recipient's first agreement; one of nobody's is dropped.
    await q.query(`
      UPDATE "notification" n SET "agreement_id" = (SELECT m."agreement_id" FROM "membership" m WHERE m."user_id" = n."recipient_user_id" ORDER BY m."created_at", m."agreement_id" LIMIT 1)
      WHERE n."agreement_id" IS NULL`);
    await q.query(`DELETE FROM "notification" WHERE "agreement_id" IS NULL`);
    for (const table of ['activity_report', 'follow_up_event', 'notification', 'workflow_delivery']) {
      await q.query(`ALTER TABLE "${table}" ALTER COLUMN "agreement_id" SET NOT NULL`);
    }
    await q.query(`
      CREATE FUNCTION agreement_from_activity() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.agreement_id IS NULL AND NEW.activity_id IS NOT NULL THEN
          SELECT a.agreement_id INTO NEW.agreement_id FROM activity a WHERE a.id = NEW.activity_id;
        END IF;
        RETURN NEW;
      END $$`);
    for (const table of FILLED_FROM_ACTIVITY) {
      await q.query(`CREATE TRIGGER ${table}_agreement_from_activity BEFORE INSERT ON "${table}" FOR EACH ROW EXECUTE FUNCTION agreement_from_activity()`);
    }
    await q.query(`CREATE INDEX "audit_entry_agreement_at" ON "audit_entry" ("agreement_id", "at")`);
    await q.query(`DROP INDEX "public"."notification_recipient_event_unique"`);
    await q.query(`CREATE UNIQUE INDEX "notification_recipient_agreement_event_unique" ON "notification" ("recipient_user_id", "agreement_id", "dedupe_key") WHERE "activity_id" IS NULL`);

    // --- the second fence: row-level security ---------------------------------------------------
    await q.query(`
      DO $$
      BEGIN
        -- The roles are the cluster's: another database of it (a test's) may be making them at this moment.
        BEGIN CREATE ROLE samverkan_tenant NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;
        BEGIN CREATE ROLE samverkan_system NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;
        EXECUTE format('GRANT samverkan_tenant, samverkan_system TO %I', current_user);
      END $$`);
    await q.query(`GRANT USAGE ON SCHEMA public TO samverkan_tenant, samverkan_system`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO samverkan_tenant, samverkan_system`);
    await q.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO samverkan_tenant, samverkan_system`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO samverkan_tenant, samverkan_system`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO samverkan_tenant, samverkan_system`);
    await q.query(`
      CREATE FUNCTION samverkan_visible_agreements() RETURNS uuid[] LANGUAGE sql STABLE AS $$
        SELECT coalesce(string_to_array(nullif(current_setting('samverkan.agreements', true), ''), ',')::uuid[], '{}'::uuid[])
      $$`);
    await q.query(`
      CREATE FUNCTION samverkan_signed_in_user() RETURNS uuid LANGUAGE sql STABLE AS $$
        SELECT nullif(current_setting('samverkan.user', true), '')::uuid
      $$`);
    const fence = async (table: string, tenantRule: string) => {
      await q.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY tenant_scope ON "${table}" TO samverkan_tenant USING (${tenantRule}) WITH CHECK (${tenantRule})`);
      await q.query(`CREATE POLICY across_tenants ON "${table}" TO samverkan_system USING (true) WITH CHECK (true)`);
    };
    await fence('agreement', `id = ANY (samverkan_visible_agreements())`);
    for (const table of BY_AGREEMENT_ID) await fence(table, SCOPED);
    for (const [table, rule] of Object.entries(THROUGH_ACTIVITY)) await fence(table, rule);
    await fence('municipality', `EXISTS (SELECT 1 FROM agreement a WHERE a.municipality_id = municipality.id)`);
    await fence('municipality_administrator', `false`);
    await fence('refresh_token', `false`);
    // People: the members of the visible agreements, and oneself.
    await q.query(`ALTER TABLE "app_user" ENABLE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY tenant_scope ON "app_user" TO samverkan_tenant USING (id = samverkan_signed_in_user() OR EXISTS (SELECT 1 FROM membership m WHERE m.user_id = app_user.id))`);
    await q.query(`CREATE POLICY across_tenants ON "app_user" TO samverkan_system USING (true) WITH CHECK (true)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    const tables = ['agreement', ...BY_AGREEMENT_ID, ...Object.keys(THROUGH_ACTIVITY), 'municipality', 'municipality_administrator', 'refresh_token', 'app_user'];
    for (const table of tables) {
      await q.query(`DROP POLICY IF EXISTS tenant_scope ON "${table}"`);
      await q.query(`DROP POLICY IF EXISTS across_tenants ON "${table}"`);
      await q.query(`ALTER TABLE "${table}" DISABLE ROW LEVEL SECURITY`);
    }
    await q.query(`DROP FUNCTION samverkan_visible_agreements()`);
    await q.query(`DROP FUNCTION samverkan_signed_in_user()`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM samverkan_tenant, samverkan_system`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM samverkan_tenant, samverkan_system`);
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM samverkan_tenant, samverkan_system`);
    await q.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM samverkan_tenant, samverkan_system`);
    await q.query(`REVOKE USAGE ON SCHEMA public FROM samverkan_tenant, samverkan_system`);
    // The roles themselves are the cluster's, shared by its other databases: they stay.

    await q.query(`DROP INDEX "public"."notification_recipient_agreement_event_unique"`);
    await q.query(`DELETE FROM "notification" n WHERE n."activity_id" IS NULL AND EXISTS (
      SELECT 1 FROM "notification" o WHERE o."activity_id" IS NULL AND o."recipient_user_id" = n."recipient_user_id" AND o."dedupe_key" = n."dedupe_key" AND o."id" < n."id")`);
    await q.query(`CREATE UNIQUE INDEX "notification_recipient_event_unique" ON "notification" USING btree ("dedupe_key", "recipient_user_id") WHERE (activity_id IS NULL)`);
    await q.query(`DROP INDEX "public"."audit_entry_agreement_at"`);
    for (const table of FILLED_FROM_ACTIVITY) {
      await q.query(`DROP TRIGGER ${table}_agreement_from_activity ON "${table}"`);
      await q.query(`ALTER TABLE "${table}" DROP COLUMN "agreement_id"`);
    }
    await q.query(`DROP FUNCTION agreement_from_activity()`);

    await q.query(`DROP TRIGGER membership_changed ON membership`);
    await q.query(`DROP FUNCTION membership_changed()`);
    await q.query(`ALTER TABLE "app_user" DROP CONSTRAINT "app_user_platform_roles_known"`);
    await q.query(`ALTER TABLE "app_user" DROP COLUMN "platform_roles"`);
    await q.query(`ALTER TABLE "app_user" ADD "roles" text array NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE "app_user" ADD "party_id" uuid`);
    // The trigger of app_user as it was before (it must not name platform_roles, gone now) before the rows are written.
    await q.query(`
      CREATE OR REPLACE FUNCTION "app_user_sign_in_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW."roles" IS DISTINCT FROM OLD."roles"
           OR NEW."party_id" IS DISTINCT FROM OLD."party_id"
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
    // Back to one party and one set of roles per person: the first membership's.
    await q.query(`
      UPDATE "app_user" u SET "party_id" = m."party_id", "roles" = m."roles"
      FROM (SELECT DISTINCT ON ("user_id") "user_id", "party_id", "roles" FROM "membership" ORDER BY "user_id", "created_at") m
      WHERE m."user_id" = u."id"`);
    await q.query(`ALTER TABLE "app_user" ADD CONSTRAINT "app_user_roles_known" CHECK ((roles <@ ARRAY['owner'::text, 'coordinator'::text, 'operational'::text, 'strategic'::text, 'council'::text, 'admin'::text]))`);
    await q.query(`ALTER TABLE "app_user" ADD CONSTRAINT "FK_de77244d025431c6026ce675d2c" FOREIGN KEY ("party_id") REFERENCES "party"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await q.query(`DROP TRIGGER membership_party_same_agreement ON membership`);
    await q.query(`DROP FUNCTION membership_party_same_agreement()`);
    await q.query(`DROP TABLE "membership"`);
    await q.query(`ALTER TABLE "agreement" DROP CONSTRAINT "FK_1626462b7fbe10694dcc5c4d77f"`);
    await q.query(`ALTER TABLE "agreement" DROP COLUMN "municipality_id"`);
    await q.query(`DROP TABLE "municipality_administrator"`);
    await q.query(`DROP TABLE "municipality"`);
  }
}
