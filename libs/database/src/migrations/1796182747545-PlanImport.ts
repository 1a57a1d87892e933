import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The plan's spreadsheet round trip: each activity gets a stable external id (unique per agreement;
 * existing ones take their key, and a writer that leaves it out gets the key from a trigger), and
 * each upload is a `plan_import` of its agreement, fenced by row-level security like every tenant
 * table (migration Tenancy).
 */
export class PlanImport1796182747545 implements MigrationInterface {
    name = 'PlanImport1796182747545'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "plan_import" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "agreement_id" uuid NOT NULL,
                "created_by_user_id" uuid,
                "created_by_email" text,
                "file_name" text NOT NULL,
                "format" text NOT NULL,
                "dry_run" boolean NOT NULL DEFAULT false,
                "status" text NOT NULL DEFAULT 'queued',
                "total" integer NOT NULL DEFAULT '0',
                "done" integer NOT NULL DEFAULT '0',
                "failed" integer NOT NULL DEFAULT '0',
                "created" integer NOT NULL DEFAULT '0',
                "updated" integer NOT NULL DEFAULT '0',
                "unchanged" integer NOT NULL DEFAULT '0',
                "processed" integer NOT NULL DEFAULT '0',
                "errors" jsonb NOT NULL DEFAULT '[]',
                "rows" jsonb NOT NULL DEFAULT '[]',
                "problem" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "finished_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "plan_import_format_known" CHECK ("format" IN ('xlsx', 'csv')),
                CONSTRAINT "plan_import_status_known" CHECK (
                    "status" IN ('queued', 'running', 'done', 'failed')
                ),
                CONSTRAINT "PK_e79c2e37fd55d0afa67c6010cd4" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "plan_import_agreement_created" ON "plan_import" ("agreement_id", "created_at")
        `);
        await queryRunner.query(`
            ALTER TABLE "activity"
            ADD "external_id" text
        `);
        await queryRunner.query(`UPDATE "activity" SET "external_id" = "key"`);
        await queryRunner.query(`ALTER TABLE "activity" ALTER COLUMN "external_id" SET NOT NULL`);
        await queryRunner.query(`
            CREATE FUNCTION activity_external_id_from_key() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.external_id IS NULL THEN NEW.external_id := NEW.key; END IF;
                RETURN NEW;
            END $$`);
        await queryRunner.query(`CREATE TRIGGER activity_external_id_default BEFORE INSERT ON "activity" FOR EACH ROW EXECUTE FUNCTION activity_external_id_from_key()`);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "activity_agreement_external_id_unique" ON "activity" ("agreement_id", "external_id")
        `);
        await queryRunner.query(`
            ALTER TABLE "plan_import"
            ADD CONSTRAINT "FK_4af2ac7530da89236eb6df258f0" FOREIGN KEY ("agreement_id") REFERENCES "agreement"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`ALTER TABLE "plan_import" ENABLE ROW LEVEL SECURITY`);
        await queryRunner.query(`CREATE POLICY tenant_scope ON "plan_import" TO samverkan_tenant USING (agreement_id = ANY (samverkan_visible_agreements())) WITH CHECK (agreement_id = ANY (samverkan_visible_agreements()))`);
        await queryRunner.query(`CREATE POLICY across_tenants ON "plan_import" TO samverkan_system USING (true) WITH CHECK (true)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP POLICY IF EXISTS tenant_scope ON "plan_import"`);
        await queryRunner.query(`DROP POLICY IF EXISTS across_tenants ON "plan_import"`);
        await queryRunner.query(`DROP TRIGGER activity_external_id_default ON "activity"`);
        await queryRunner.query(`DROP FUNCTION activity_external_id_from_key()`);
        await queryRunner.query(`
            ALTER TABLE "plan_import" DROP CONSTRAINT "FK_4af2ac7530da89236eb6df258f0"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."activity_agreement_external_id_unique"
        `);
        await queryRunner.query(`
            ALTER TABLE "activity" DROP COLUMN "external_id"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."plan_import_agreement_created"
        `);
        await queryRunner.query(`
            DROP TABLE "plan_import"
        `);
    }

}
