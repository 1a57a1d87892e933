import { MigrationInterface, QueryRunner } from "typeorm";

export class CouncilMeetings1795452070894 implements MigrationInterface {
    name = 'CouncilMeetings1795452070894'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "council_meeting" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "agreement_id" uuid NOT NULL,
                "date" date NOT NULL,
                CONSTRAINT "PK_4a2114303693aea115f07fd4c93" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "council_meeting_agreement_date_unique" ON "council_meeting" ("agreement_id", "date")
        `);
        await queryRunner.query(`
            ALTER TABLE "council_meeting"
            ADD CONSTRAINT "FK_54b4b89218d056f71a72e63493e" FOREIGN KEY ("agreement_id") REFERENCES "agreement"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "council_meeting" DROP CONSTRAINT "FK_54b4b89218d056f71a72e63493e"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."council_meeting_agreement_date_unique"
        `);
        await queryRunner.query(`
            DROP TABLE "council_meeting"
        `);
    }

}
