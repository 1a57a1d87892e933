import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * A notification is unique over (recipient, activity, dedupe key), not (recipient, dedupe key): two
 * activities of one owner with a deadline at the same instant are two reminders. Rows that belong to
 * no activity (digests) stay unique over (recipient, dedupe key). Every existing row is kept as it is:
 * what was unique over the narrower key is unique over the wider one. Adds the kind `correction`.
 */
export class NotificationPerActivity1795461000000 implements MigrationInterface {
    name = 'NotificationPerActivity1795461000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE UNIQUE INDEX "notification_recipient_activity_event_unique" ON "notification" ("recipient_user_id", "activity_id", "dedupe_key")
            WHERE "activity_id" IS NOT NULL
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "notification_recipient_event_unique" ON "notification" ("recipient_user_id", "dedupe_key")
            WHERE "activity_id" IS NULL
        `);
        await queryRunner.query(`
            DROP INDEX "public"."notification_recipient_dedupe_unique"
        `);
        await queryRunner.query(`
            ALTER TABLE "notification" DROP CONSTRAINT "notification_kind_known"
        `);
        await queryRunner.query(`
            ALTER TABLE "notification"
            ADD CONSTRAINT "notification_kind_known" CHECK (
                    "kind" IN (
                        'reminder',
                        'escalation',
                        'acknowledged',
                        'correction',
                        'digest'
                    )
                )
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "notification" DROP CONSTRAINT "notification_kind_known"
        `);
        await queryRunner.query(`
            DELETE FROM "notification" WHERE "kind" = 'correction'
        `);
        await queryRunner.query(`
            ALTER TABLE "notification"
            ADD CONSTRAINT "notification_kind_known" CHECK (
                    "kind" IN (
                        'reminder',
                        'escalation',
                        'acknowledged',
                        'digest'
                    )
                )
        `);
        // Going back to the narrower key cannot keep two activities' rows with one key: the later go.
        await queryRunner.query(`
            DELETE FROM "notification" n USING "notification" o
             WHERE n."recipient_user_id" = o."recipient_user_id" AND n."dedupe_key" = o."dedupe_key"
               AND (n."created_at", n."id") > (o."created_at", o."id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "notification_recipient_dedupe_unique" ON "notification" ("recipient_user_id", "dedupe_key")
        `);
        await queryRunner.query(`
            DROP INDEX "public"."notification_recipient_event_unique"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."notification_recipient_activity_event_unique"
        `);
    }

}
