import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The read side from PostgreSQL (issue 17): each activity's agenda as its workflow decided it, written
 * by the workflow's sync step, so calendar feeds, the digest and the activity page read a table instead
 * of asking every workflow. A tenant table like the others: its agreement filled from the activity,
 * fenced by row-level security (migration Tenancy).
 */
export class ActivityAgenda1796194100000 implements MigrationInterface {
  name = 'ActivityAgenda1796194100000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "activity_agenda_item" (
        "activity_id" uuid NOT NULL,
        "position" smallint NOT NULL,
        "agreement_id" uuid NOT NULL,
        "kind" text NOT NULL,
        "at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "phase" text NOT NULL,
        "level" smallint,
        CONSTRAINT "activity_agenda_item_kind_known" CHECK ("kind" IN ('deadline', 'reminder', 'escalation')),
        CONSTRAINT "PK_activity_agenda_item" PRIMARY KEY ("activity_id", "position")
      )`);
    await q.query(`CREATE INDEX "activity_agenda_item_agreement_at" ON "activity_agenda_item" ("agreement_id", "at") `);
    await q.query(`
      ALTER TABLE "activity_agenda_item" ADD CONSTRAINT "FK_a148a7d3ec84b36db9b6d10ca70"
        FOREIGN KEY ("activity_id") REFERENCES "activity"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`CREATE TRIGGER activity_agenda_item_agreement_from_activity BEFORE INSERT ON "activity_agenda_item" FOR EACH ROW EXECUTE FUNCTION agreement_from_activity()`);
    await q.query(`ALTER TABLE "activity_agenda_item" ENABLE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY tenant_scope ON "activity_agenda_item" TO samverkan_tenant USING (agreement_id = ANY (samverkan_visible_agreements())) WITH CHECK (agreement_id = ANY (samverkan_visible_agreements()))`);
    await q.query(`CREATE POLICY across_tenants ON "activity_agenda_item" TO samverkan_system USING (true) WITH CHECK (true)`);
    await q.query(`ALTER TABLE "activity" ADD "agenda_synced_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "activity" ADD "clock_offset_ms" bigint NOT NULL DEFAULT '0'`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "activity" DROP COLUMN "clock_offset_ms"`);
    await q.query(`ALTER TABLE "activity" DROP COLUMN "agenda_synced_at"`);
    await q.query(`DROP TABLE "activity_agenda_item"`);
  }
}
