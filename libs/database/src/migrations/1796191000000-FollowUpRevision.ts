import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `activity.follow_up_revised_at`: its delmål or its agreement's reminder offsets and ladder changed,
 * and its workflow has not heard yet. Written in the same transaction as the change, cleared when the
 * workflow has it; what stays set (Temporal was away) is sent again by the API's sweep. The activity
 * table's row-level security covers the column.
 */
export class FollowUpRevision1796191000000 implements MigrationInterface {
  name = 'FollowUpRevision1796191000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "activity" ADD "follow_up_revised_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "activity" DROP COLUMN "follow_up_revised_at"`);
  }
}
