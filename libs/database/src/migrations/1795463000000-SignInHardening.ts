import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Sign-in that cannot be outlived: a person has a token version and may be deactivated, and refresh
 * tokens belong to a family (one sign-in and every token rotated from it).
 *
 * The trigger moves the token version on whenever roles, party, password or deactivation change, and
 * revokes the person's refresh tokens when the password changes or they are deactivated, whoever
 * writes the row (API, script, psql), so no writer can forget it. Tokens that exist already each get
 * a family of their own.
 */
export class SignInHardening1795463000000 implements MigrationInterface {
    name = 'SignInHardening1795463000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "app_user"
            ADD "token_version" integer NOT NULL DEFAULT 0
        `);
        await queryRunner.query(`
            ALTER TABLE "app_user"
            ADD "deactivated_at" TIMESTAMP WITH TIME ZONE
        `);
        await queryRunner.query(`
            ALTER TABLE "refresh_token"
            ADD "family_id" uuid NOT NULL DEFAULT gen_random_uuid()
        `);
        await queryRunner.query(`
            ALTER TABLE "refresh_token"
            ALTER COLUMN "family_id" DROP DEFAULT
        `);
        await queryRunner.query(`
            CREATE INDEX "refresh_token_family" ON "refresh_token" ("family_id")
        `);
        await queryRunner.query(`
            CREATE FUNCTION "app_user_sign_in_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
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
            END
            $$
        `);
        await queryRunner.query(`
            CREATE TRIGGER "app_user_sign_in_changed" BEFORE UPDATE ON "app_user"
            FOR EACH ROW EXECUTE FUNCTION "app_user_sign_in_changed"()
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP TRIGGER "app_user_sign_in_changed" ON "app_user"
        `);
        await queryRunner.query(`
            DROP FUNCTION "app_user_sign_in_changed"()
        `);
        await queryRunner.query(`
            DROP INDEX "public"."refresh_token_family"
        `);
        await queryRunner.query(`
            ALTER TABLE "refresh_token" DROP COLUMN "family_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "app_user" DROP COLUMN "deactivated_at"
        `);
        await queryRunner.query(`
            ALTER TABLE "app_user" DROP COLUMN "token_version"
        `);
    }

}
