import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * A calendar feed's secret is stored as its SHA-256 only. Existing addresses keep working: their
 * secrets are hashed in place, and the plain column goes.
 */
export class CalendarFeedSecretHashed1795464000000 implements MigrationInterface {
    name = 'CalendarFeedSecretHashed1795464000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "app_user" ADD "calendar_token_hash" text
        `);
        await queryRunner.query(`
            ALTER TABLE "app_user" ADD "calendar_feed_created_at" TIMESTAMP WITH TIME ZONE
        `);
        await queryRunner.query(`
            UPDATE "app_user"
               SET "calendar_token_hash" = encode(sha256(convert_to("calendar_token", 'UTF8')), 'hex'),
                   "calendar_feed_created_at" = now()
             WHERE "calendar_token" IS NOT NULL
        `);
        await queryRunner.query(`
            DROP INDEX "public"."app_user_calendar_token_unique"
        `);
        await queryRunner.query(`
            ALTER TABLE "app_user" DROP COLUMN "calendar_token"
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "app_user_calendar_token_hash_unique" ON "app_user" ("calendar_token_hash")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        // The secrets cannot be recovered from their hashes: every feed needs a new address after this.
        await queryRunner.query(`
            DROP INDEX "public"."app_user_calendar_token_hash_unique"
        `);
        await queryRunner.query(`
            ALTER TABLE "app_user" ADD "calendar_token" text
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "app_user_calendar_token_unique" ON "app_user" ("calendar_token")
        `);
        await queryRunner.query(`
            ALTER TABLE "app_user" DROP COLUMN "calendar_feed_created_at"
        `);
        await queryRunner.query(`
            ALTER TABLE "app_user" DROP COLUMN "calendar_token_hash"
        `);
    }

}
