import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * One-time links to set a password (invitations from an agreement's administrator, and resets the
 * person asks for), stored as their SHA-256 only. Like refresh tokens they belong to a person, not to
 * a tenant: row-level security shows a request (samverkan_tenant) none; sign-in work reads them
 * across tenants (samverkan_system).
 */
export class PasswordTokens1796182337440 implements MigrationInterface {
    name = 'PasswordTokens1796182337440'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "password_token" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "purpose" text NOT NULL,
                "agreement_id" uuid,
                "token_hash" text NOT NULL,
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "used_at" TIMESTAMP WITH TIME ZONE,
                "revoked_at" TIMESTAMP WITH TIME ZONE,
                "created_by_user_id" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "password_token_purpose_known" CHECK ("purpose" IN ('invitation', 'reset')),
                CONSTRAINT "PK_4b36905cda55c809d6c39cb74f1" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "password_token_user" ON "password_token" ("user_id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "password_token_hash_unique" ON "password_token" ("token_hash")
        `);
        await queryRunner.query(`
            ALTER TABLE "password_token"
            ADD CONSTRAINT "FK_9e8ecfe7cf983db4925e8e85593" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "password_token"
            ADD CONSTRAINT "FK_99d2215e02b6c6d39c6e2b3d9b0" FOREIGN KEY ("agreement_id") REFERENCES "agreement"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`ALTER TABLE "password_token" ENABLE ROW LEVEL SECURITY`);
        await queryRunner.query(`CREATE POLICY tenant_scope ON "password_token" TO samverkan_tenant USING (false) WITH CHECK (false)`);
        await queryRunner.query(`CREATE POLICY across_tenants ON "password_token" TO samverkan_system USING (true) WITH CHECK (true)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP POLICY IF EXISTS tenant_scope ON "password_token"`);
        await queryRunner.query(`DROP POLICY IF EXISTS across_tenants ON "password_token"`);
        await queryRunner.query(`
            ALTER TABLE "password_token" DROP CONSTRAINT "FK_99d2215e02b6c6d39c6e2b3d9b0"
        `);
        await queryRunner.query(`
            ALTER TABLE "password_token" DROP CONSTRAINT "FK_9e8ecfe7cf983db4925e8e85593"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."password_token_hash_unique"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."password_token_user"
        `);
        await queryRunner.query(`
            DROP TABLE "password_token"
        `);
    }

}
