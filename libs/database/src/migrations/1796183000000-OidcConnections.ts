import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * OpenID Connect sign-in: the providers an agreement's administrator registers per party
 * (tenant-owned: a request sees its agreements' connections only), and the short-lived, single-use
 * sign-ins through them (no tenant's: a request sees none; sign-in work reads them across tenants).
 */
export class OidcConnections1796183000000 implements MigrationInterface {
    name = 'OidcConnections1796183000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "oidc_connection" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "agreement_id" uuid NOT NULL,
                "party_id" uuid NOT NULL,
                "display_name" text NOT NULL,
                "issuer" text NOT NULL,
                "client_id" text NOT NULL,
                "client_secret_encrypted" text NOT NULL,
                "allowed_domains" text array NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_8bb5209908b00a3790d4a3e5298" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "oidc_connection_agreement" ON "oidc_connection" ("agreement_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "oidc_sign_in" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "connection_id" uuid NOT NULL,
                "state_hash" text NOT NULL,
                "browser_hash" text NOT NULL,
                "nonce" text NOT NULL,
                "code_verifier" text NOT NULL,
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "answered_at" TIMESTAMP WITH TIME ZONE,
                "user_id" uuid,
                "handoff_hash" text,
                "handoff_expires_at" TIMESTAMP WITH TIME ZONE,
                "handed_off_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_dc1684b2003586e23fd3281d9d2" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "oidc_sign_in_handoff_unique" ON "oidc_sign_in" ("handoff_hash")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "oidc_sign_in_state_unique" ON "oidc_sign_in" ("state_hash")
        `);
        await queryRunner.query(`
            ALTER TABLE "oidc_connection"
            ADD CONSTRAINT "FK_6537a10f62d028be2e967f5ab34" FOREIGN KEY ("agreement_id") REFERENCES "agreement"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "oidc_connection"
            ADD CONSTRAINT "FK_2d53fb0b6d55982e4e0bea5c80a" FOREIGN KEY ("party_id") REFERENCES "party"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "oidc_sign_in"
            ADD CONSTRAINT "FK_3695c8811e3b2aba5410dbe820f" FOREIGN KEY ("connection_id") REFERENCES "oidc_connection"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "oidc_sign_in"
            ADD CONSTRAINT "FK_98049e11b46a4966f1106baf3bb" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        const scoped = `agreement_id = ANY (samverkan_visible_agreements())`;
        await queryRunner.query(`ALTER TABLE "oidc_connection" ENABLE ROW LEVEL SECURITY`);
        await queryRunner.query(`CREATE POLICY tenant_scope ON "oidc_connection" TO samverkan_tenant USING (${scoped}) WITH CHECK (${scoped})`);
        await queryRunner.query(`CREATE POLICY across_tenants ON "oidc_connection" TO samverkan_system USING (true) WITH CHECK (true)`);
        await queryRunner.query(`ALTER TABLE "oidc_sign_in" ENABLE ROW LEVEL SECURITY`);
        await queryRunner.query(`CREATE POLICY tenant_scope ON "oidc_sign_in" TO samverkan_tenant USING (false) WITH CHECK (false)`);
        await queryRunner.query(`CREATE POLICY across_tenants ON "oidc_sign_in" TO samverkan_system USING (true) WITH CHECK (true)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        for (const table of ['oidc_sign_in', 'oidc_connection']) {
            await queryRunner.query(`DROP POLICY IF EXISTS tenant_scope ON "${table}"`);
            await queryRunner.query(`DROP POLICY IF EXISTS across_tenants ON "${table}"`);
        }
        await queryRunner.query(`
            ALTER TABLE "oidc_sign_in" DROP CONSTRAINT "FK_98049e11b46a4966f1106baf3bb"
        `);
        await queryRunner.query(`
            ALTER TABLE "oidc_sign_in" DROP CONSTRAINT "FK_3695c8811e3b2aba5410dbe820f"
        `);
        await queryRunner.query(`
            ALTER TABLE "oidc_connection" DROP CONSTRAINT "FK_2d53fb0b6d55982e4e0bea5c80a"
        `);
        await queryRunner.query(`
            ALTER TABLE "oidc_connection" DROP CONSTRAINT "FK_6537a10f62d028be2e967f5ab34"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."oidc_sign_in_state_unique"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."oidc_sign_in_handoff_unique"
        `);
        await queryRunner.query(`
            DROP TABLE "oidc_sign_in"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."oidc_connection_agreement"
        `);
        await queryRunner.query(`
            DROP TABLE "oidc_connection"
        `);
    }

}
