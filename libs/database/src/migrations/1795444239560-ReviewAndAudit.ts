import { MigrationInterface, QueryRunner } from "typeorm";

export class ReviewAndAudit1795444239560 implements MigrationInterface {
    name = 'ReviewAndAudit1795444239560'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "audit_entry" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "actor_user_id" uuid,
                "actor_email" text,
                "action" text NOT NULL,
                "entity_type" text NOT NULL,
                "entity_id" uuid NOT NULL,
                "activity_id" uuid,
                "before" jsonb,
                "after" jsonb,
                CONSTRAINT "PK_58a130a4b9da189f46ba2a01801" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "audit_entry_actor_at" ON "audit_entry" ("actor_user_id", "at")
        `);
        await queryRunner.query(`
            CREATE INDEX "audit_entry_activity_at" ON "audit_entry" ("activity_id", "at")
        `);
        await queryRunner.query(`
            ALTER TABLE "follow_up_event"
            ADD "acknowledged_at" TIMESTAMP WITH TIME ZONE
        `);
        await queryRunner.query(`
            ALTER TABLE "follow_up_event"
            ADD "acknowledged_by" uuid
        `);
        await queryRunner.query(`
            ALTER TABLE "follow_up_event"
            ADD "acknowledgement" text
        `);
        // Written by hand: the audit trail is append-only, enforced by the database itself.
        await queryRunner.query(`
            CREATE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'audit_entry is append-only: % is not allowed', TG_OP;
            END $$
        `);
        await queryRunner.query(`
            CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON "audit_entry"
            FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER audit_entry_append_only ON "audit_entry"`);
        await queryRunner.query(`DROP FUNCTION audit_entry_append_only()`);
        await queryRunner.query(`
            ALTER TABLE "follow_up_event" DROP COLUMN "acknowledgement"
        `);
        await queryRunner.query(`
            ALTER TABLE "follow_up_event" DROP COLUMN "acknowledged_by"
        `);
        await queryRunner.query(`
            ALTER TABLE "follow_up_event" DROP COLUMN "acknowledged_at"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."audit_entry_activity_at"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."audit_entry_actor_at"
        `);
        await queryRunner.query(`
            DROP TABLE "audit_entry"
        `);
    }

}
