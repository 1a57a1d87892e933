import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the read side at the scale of many municipalities: activities by owner, lead party and
 * status (Mina aktiviteter, the lists, the worker's start-up); notifications by e-mail status (the
 * outbox sweep) and by dedupe key; follow-up events by recipient; refresh tokens by person (signing a
 * person out everywhere); the audit trail by time alone (the platform's retention and its newest-first
 * list). The latest report per activity is found through `activity_report_activity_submitted`
 * (activity_id, submitted_at), which PostgreSQL scans backwards for `ORDER BY submitted_at DESC`.
 */
export class ReadPathIndexes1796194000000 implements MigrationInterface {
  name = 'ReadPathIndexes1796194000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "activity_owner" ON "activity" ("owner_id") `);
    await queryRunner.query(`CREATE INDEX "activity_lead_party" ON "activity" ("lead_party_id") `);
    await queryRunner.query(`CREATE INDEX "activity_status" ON "activity" ("status") `);
    await queryRunner.query(`CREATE INDEX "notification_email_status" ON "notification" ("email_status") `);
    await queryRunner.query(`CREATE INDEX "notification_dedupe_key" ON "notification" ("dedupe_key") `);
    await queryRunner.query(`CREATE INDEX "follow_up_event_recipient" ON "follow_up_event" ("recipient_user_id") `);
    await queryRunner.query(`CREATE INDEX "refresh_token_user" ON "refresh_token" ("user_id") `);
    await queryRunner.query(`CREATE INDEX "audit_entry_at" ON "audit_entry" ("at") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const name of ['audit_entry_at', 'refresh_token_user', 'follow_up_event_recipient', 'notification_dedupe_key', 'notification_email_status', 'activity_status', 'activity_lead_party', 'activity_owner']) {
      await queryRunner.query(`DROP INDEX "public"."${name}"`);
    }
  }
}
