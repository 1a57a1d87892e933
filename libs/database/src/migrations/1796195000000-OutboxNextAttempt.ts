import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The report outbox gets a next-attempt time per row: the sweep takes only rows that are due (claiming
 * them with `FOR UPDATE SKIP LOCKED` and pushing the time past its delivery, a lease), and a row whose
 * workflow does not answer is tried again later and later (back-off), so it delays only itself. The
 * sweep finds due rows by `workflow_delivery_due`; an activity's pending rows, oldest first, by
 * `workflow_delivery_pending_of_activity` (which replaces the index on `created_at` alone).
 */
export class OutboxNextAttempt1796195000000 implements MigrationInterface {
  name = 'OutboxNextAttempt1796195000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "workflow_delivery" ADD "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`);
    await queryRunner.query(`DROP INDEX "public"."workflow_delivery_pending"`);
    await queryRunner.query(`CREATE INDEX "workflow_delivery_due" ON "workflow_delivery" ("next_attempt_at") WHERE "delivered_at" IS NULL`);
    await queryRunner.query(`CREATE INDEX "workflow_delivery_pending_of_activity" ON "workflow_delivery" ("activity_id", "created_at") WHERE "delivered_at" IS NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."workflow_delivery_pending_of_activity"`);
    await queryRunner.query(`DROP INDEX "public"."workflow_delivery_due"`);
    await queryRunner.query(`CREATE INDEX "workflow_delivery_pending" ON "workflow_delivery" ("created_at") WHERE "delivered_at" IS NULL`);
    await queryRunner.query(`ALTER TABLE "workflow_delivery" DROP COLUMN "next_attempt_at"`);
  }
}
