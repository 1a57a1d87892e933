import { MigrationInterface, QueryRunner } from "typeorm";

export class ReportsAndSignIn1795443980447 implements MigrationInterface {
    name = 'ReportsAndSignIn1795443980447'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "activity_report" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "activity_id" uuid NOT NULL,
                "status" text NOT NULL,
                "progress" integer NOT NULL,
                "summary" text NOT NULL,
                "next_steps" text,
                "milestone_updates" jsonb,
                "idempotency_key" text,
                "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "activity_report_summary_present" CHECK (length(btrim("summary")) > 0),
                CONSTRAINT "activity_report_progress_range" CHECK (
                    "progress" BETWEEN 0 AND 100
                ),
                CONSTRAINT "activity_report_status_known" CHECK ("status" IN ('on_track', 'at_risk', 'off_track')),
                CONSTRAINT "PK_9df1e52a8f715d5114758438df8" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "activity_report_activity_submitted" ON "activity_report" ("activity_id", "submitted_at")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "activity_report_idempotency_key_unique" ON "activity_report" ("idempotency_key")
            WHERE "idempotency_key" IS NOT NULL
        `);
        await queryRunner.query(`
            CREATE TABLE "refresh_token" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "token_hash" text NOT NULL,
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "revoked_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_b575dd3c21fb0831013c909e7fe" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "refresh_token_hash_unique" ON "refresh_token" ("token_hash")
        `);
        await queryRunner.query(`
            CREATE TABLE "workflow_delivery" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "report_id" uuid NOT NULL,
                "activity_id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "attempts" integer NOT NULL DEFAULT '0',
                "last_error" text,
                "delivered_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "UQ_cc92d795ecfe1a01e1a2811bf3a" UNIQUE ("report_id"),
                CONSTRAINT "REL_cc92d795ecfe1a01e1a2811bf3" UNIQUE ("report_id"),
                CONSTRAINT "PK_45e3422719a911bcab7ab8b6f73" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "workflow_delivery_pending" ON "workflow_delivery" ("created_at")
            WHERE "delivered_at" IS NULL
        `);
        await queryRunner.query(`
            ALTER TABLE "app_user"
            ADD "password_hash" text
        `);
        await queryRunner.query(`
            ALTER TABLE "activity_report"
            ADD CONSTRAINT "FK_a5bd15f4bf1775c4f76ac791880" FOREIGN KEY ("activity_id") REFERENCES "activity"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "refresh_token"
            ADD CONSTRAINT "FK_6bbe63d2fe75e7f0ba1710351d4" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "workflow_delivery"
            ADD CONSTRAINT "FK_cc92d795ecfe1a01e1a2811bf3a" FOREIGN KEY ("report_id") REFERENCES "activity_report"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "workflow_delivery" DROP CONSTRAINT "FK_cc92d795ecfe1a01e1a2811bf3a"
        `);
        await queryRunner.query(`
            ALTER TABLE "refresh_token" DROP CONSTRAINT "FK_6bbe63d2fe75e7f0ba1710351d4"
        `);
        await queryRunner.query(`
            ALTER TABLE "activity_report" DROP CONSTRAINT "FK_a5bd15f4bf1775c4f76ac791880"
        `);
        await queryRunner.query(`
            ALTER TABLE "app_user" DROP COLUMN "password_hash"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."workflow_delivery_pending"
        `);
        await queryRunner.query(`
            DROP TABLE "workflow_delivery"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."refresh_token_hash_unique"
        `);
        await queryRunner.query(`
            DROP TABLE "refresh_token"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."activity_report_idempotency_key_unique"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."activity_report_activity_submitted"
        `);
        await queryRunner.query(`
            DROP TABLE "activity_report"
        `);
    }

}
