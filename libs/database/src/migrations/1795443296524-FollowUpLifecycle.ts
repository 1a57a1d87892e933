import { MigrationInterface, QueryRunner } from "typeorm";

export class FollowUpLifecycle1795443296524 implements MigrationInterface {
    name = 'FollowUpLifecycle1795443296524'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "follow_up_event" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "activity_id" uuid NOT NULL,
                "key" text NOT NULL,
                "kind" text NOT NULL,
                "phase" text NOT NULL,
                "due_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "fired_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "written_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
                "level" integer,
                "body" text,
                "recipient_user_id" uuid,
                "outcome" text,
                "deadline_key" text,
                "note" text,
                "resolved_at" TIMESTAMP WITH TIME ZONE,
                "resolution" text,
                CONSTRAINT "follow_up_event_level_range" CHECK (
                    "level" IS NULL
                    OR "level" BETWEEN 1 AND 9
                ),
                CONSTRAINT "follow_up_event_escalation_has_level" CHECK (
                    ("kind" = 'escalation') = (
                        "level" IS NOT NULL
                        AND "body" IS NOT NULL
                    )
                ),
                CONSTRAINT "follow_up_event_body_known" CHECK (
                    "body" IS NULL
                    OR "body" IN ('operational', 'strategic', 'safety-council')
                ),
                CONSTRAINT "follow_up_event_outcome_known" CHECK (
                    "outcome" IS NULL
                    OR "outcome" IN ('met', 'missed')
                ),
                CONSTRAINT "follow_up_event_phase_known" CHECK ("phase" IN ('short', 'medium', 'long')),
                CONSTRAINT "follow_up_event_kind_known" CHECK ("kind" IN ('deadline', 'reminder', 'escalation')),
                CONSTRAINT "PK_84ddc94147870649eff1ccdc862" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "follow_up_event_open" ON "follow_up_event" ("kind", "resolved_at")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "follow_up_event_activity_key_unique" ON "follow_up_event" ("activity_id", "key")
        `);
        await queryRunner.query(`
            ALTER TABLE "agreement"
            ADD "reminder_offsets" text array NOT NULL DEFAULT '{P7D,P1D}'
        `);
        await queryRunner.query(`
            ALTER TABLE "agreement"
            ADD "escalation_ladder" jsonb
        `);
        await queryRunner.query(`
            ALTER TABLE "activity"
            ADD "next_deadline_at" TIMESTAMP WITH TIME ZONE
        `);
        await queryRunner.query(`
            ALTER TABLE "activity"
            ADD "escalation_level" integer NOT NULL DEFAULT '0'
        `);
        await queryRunner.query(`
            ALTER TABLE "activity"
            ADD "paused_at" TIMESTAMP WITH TIME ZONE
        `);
        await queryRunner.query(`
            ALTER TABLE "activity"
            ADD "pause_reason" text
        `);
        await queryRunner.query(`
            ALTER TABLE "activity"
            ADD CONSTRAINT "activity_escalation_level_range" CHECK (
                    "escalation_level" BETWEEN 0 AND 9
                )
        `);
        await queryRunner.query(`
            ALTER TABLE "follow_up_event"
            ADD CONSTRAINT "FK_32e77745ad4e4f0618d112c460d" FOREIGN KEY ("activity_id") REFERENCES "activity"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "follow_up_event"
            ADD CONSTRAINT "FK_6d891b23e792cd720d72fa6b0b9" FOREIGN KEY ("recipient_user_id") REFERENCES "app_user"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "follow_up_event" DROP CONSTRAINT "FK_6d891b23e792cd720d72fa6b0b9"
        `);
        await queryRunner.query(`
            ALTER TABLE "follow_up_event" DROP CONSTRAINT "FK_32e77745ad4e4f0618d112c460d"
        `);
        await queryRunner.query(`
            ALTER TABLE "activity" DROP CONSTRAINT "activity_escalation_level_range"
        `);
        await queryRunner.query(`
            ALTER TABLE "activity" DROP COLUMN "pause_reason"
        `);
        await queryRunner.query(`
            ALTER TABLE "activity" DROP COLUMN "paused_at"
        `);
        await queryRunner.query(`
            ALTER TABLE "activity" DROP COLUMN "escalation_level"
        `);
        await queryRunner.query(`
            ALTER TABLE "activity" DROP COLUMN "next_deadline_at"
        `);
        await queryRunner.query(`
            ALTER TABLE "agreement" DROP COLUMN "escalation_ladder"
        `);
        await queryRunner.query(`
            ALTER TABLE "agreement" DROP COLUMN "reminder_offsets"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."follow_up_event_activity_key_unique"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."follow_up_event_open"
        `);
        await queryRunner.query(`
            DROP TABLE "follow_up_event"
        `);
    }

}
