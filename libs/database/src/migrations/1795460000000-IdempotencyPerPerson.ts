import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * An Idempotency-Key is unique per (person, activity), no longer across everyone: a report records who
 * submitted it and a fingerprint of the body that came with its key. Existing reports take their
 * author from their `report.submit` audit entry (the same statement wrote both); a report whose entry
 * names no existing user keeps a null author and is outside the new unique index.
 */
export class IdempotencyPerPerson1795460000000 implements MigrationInterface {
    name = 'IdempotencyPerPerson1795460000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."activity_report_idempotency_key_unique"
        `);
        await queryRunner.query(`
            ALTER TABLE "activity_report"
            ADD "submitted_by_user_id" uuid
        `);
        await queryRunner.query(`
            ALTER TABLE "activity_report"
            ADD "idempotency_fingerprint" text
        `);
        await queryRunner.query(`
            UPDATE "activity_report" r
               SET "submitted_by_user_id" = a."actor_user_id"
              FROM "audit_entry" a
             WHERE a."action" = 'report.submit' AND a."entity_type" = 'report' AND a."entity_id" = r."id"
               AND a."actor_user_id" IN (SELECT "id" FROM "app_user")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "activity_report_submitter_activity_idempotency_key_unique" ON "activity_report" (
                "submitted_by_user_id",
                "activity_id",
                "idempotency_key"
            )
            WHERE "idempotency_key" IS NOT NULL
        `);
        await queryRunner.query(`
            ALTER TABLE "activity_report"
            ADD CONSTRAINT "FK_642c1c4705b320d492215d69a37" FOREIGN KEY ("submitted_by_user_id") REFERENCES "app_user"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "activity_report" DROP CONSTRAINT "FK_642c1c4705b320d492215d69a37"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."activity_report_submitter_activity_idempotency_key_unique"
        `);
        await queryRunner.query(`
            ALTER TABLE "activity_report" DROP COLUMN "idempotency_fingerprint"
        `);
        await queryRunner.query(`
            ALTER TABLE "activity_report" DROP COLUMN "submitted_by_user_id"
        `);
        // Fails (unique violation) once two people have used one key: such reports have to be looked at first.
        await queryRunner.query(`
            CREATE UNIQUE INDEX "activity_report_idempotency_key_unique" ON "activity_report" USING btree ("idempotency_key")
            WHERE (idempotency_key IS NOT NULL)
        `);
    }

}
