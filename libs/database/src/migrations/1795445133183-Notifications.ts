import { MigrationInterface, QueryRunner } from "typeorm";

export class Notifications1795445133183 implements MigrationInterface {
    name = 'Notifications1795445133183'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "notification" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "recipient_user_id" uuid NOT NULL,
                "dedupe_key" text NOT NULL,
                "kind" text NOT NULL,
                "activity_id" uuid,
                "subject" text NOT NULL,
                "body_text" text NOT NULL,
                "link" text NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "read_at" TIMESTAMP WITH TIME ZONE,
                "email_status" text NOT NULL DEFAULT 'pending',
                "email_attempts" integer NOT NULL DEFAULT '0',
                "email_last_error" text,
                "email_sent_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "notification_email_status_known" CHECK (
                    "email_status" IN ('pending', 'sent', 'failed', 'not_wanted', 'off')
                ),
                CONSTRAINT "notification_kind_known" CHECK (
                    "kind" IN (
                        'reminder',
                        'escalation',
                        'acknowledged',
                        'digest'
                    )
                ),
                CONSTRAINT "PK_705b6c7cdf9b2c2ff7ac7872cb7" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "notification_recipient_unread" ON "notification" ("recipient_user_id", "read_at", "created_at")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "notification_recipient_dedupe_unique" ON "notification" ("recipient_user_id", "dedupe_key")
        `);
        await queryRunner.query(`
            ALTER TABLE "app_user"
            ADD "notify_by_email" text NOT NULL DEFAULT 'immediate'
        `);
        await queryRunner.query(`
            ALTER TABLE "app_user"
            ADD "calendar_token" text
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "app_user_calendar_token_unique" ON "app_user" ("calendar_token")
        `);
        await queryRunner.query(`
            ALTER TABLE "app_user"
            ADD CONSTRAINT "app_user_notify_by_email_known" CHECK (
                    "notify_by_email" IN ('immediate', 'digest', 'both')
                )
        `);
        await queryRunner.query(`
            ALTER TABLE "notification"
            ADD CONSTRAINT "FK_7d7f411e854516f615ba846c6a4" FOREIGN KEY ("recipient_user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "notification" DROP CONSTRAINT "FK_7d7f411e854516f615ba846c6a4"
        `);
        await queryRunner.query(`
            ALTER TABLE "app_user" DROP CONSTRAINT "app_user_notify_by_email_known"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."app_user_calendar_token_unique"
        `);
        await queryRunner.query(`
            ALTER TABLE "app_user" DROP COLUMN "calendar_token"
        `);
        await queryRunner.query(`
            ALTER TABLE "app_user" DROP COLUMN "notify_by_email"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."notification_recipient_dedupe_unique"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."notification_recipient_unread"
        `);
        await queryRunner.query(`
            DROP TABLE "notification"
        `);
    }

}
