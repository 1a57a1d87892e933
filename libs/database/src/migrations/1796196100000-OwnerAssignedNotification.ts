import { MigrationInterface, QueryRunner } from "typeorm";

/** Adds the notification kind `owner_assigned`: a person made an activity's owner is told (issue 13). */
export class OwnerAssignedNotification1796196100000 implements MigrationInterface {
    name = 'OwnerAssignedNotification1796196100000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "notification" DROP CONSTRAINT "notification_kind_known"`);
        await queryRunner.query(`ALTER TABLE "notification" ADD CONSTRAINT "notification_kind_known" CHECK ("kind" IN ('reminder', 'escalation', 'acknowledged', 'correction', 'digest', 'owner_assigned'))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "notification" DROP CONSTRAINT "notification_kind_known"`);
        await queryRunner.query(`DELETE FROM "notification" WHERE "kind" = 'owner_assigned'`);
        await queryRunner.query(`ALTER TABLE "notification" ADD CONSTRAINT "notification_kind_known" CHECK ("kind" IN ('reminder', 'escalation', 'acknowledged', 'correction', 'digest'))`);
    }
}
