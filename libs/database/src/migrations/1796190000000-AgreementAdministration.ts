import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An agreement's administrator runs it: a party may be retired (it stays in the history, on the
 * activities and memberships that name it, but leads no new activity and gets no new member), and a
 * meeting of Trygghetsrådet may be cancelled (the row stays, with when and why, for the audit trail;
 * two meetings that are not cancelled never share a date). Hand-written.
 *
 * A retired party refused as the lead of a new (or re-led) activity, or as the party of a new (or
 * changed) membership, whoever writes the row: a check_violation (23514), which the API answers 400.
 * The party row is read FOR SHARE, so a retirement being written at the same moment is waited for.
 */
export class AgreementAdministration1796190000000 implements MigrationInterface {
  name = 'AgreementAdministration1796190000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "party" ADD "retired_at" TIMESTAMP WITH TIME ZONE`);

    await q.query(`ALTER TABLE "council_meeting" ADD "cancelled_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "council_meeting" ADD "cancel_reason" text`);
    await q.query(`ALTER TABLE "council_meeting" ADD CONSTRAINT "council_meeting_cancel_reason" CHECK (("cancelled_at" IS NULL) = ("cancel_reason" IS NULL))`);
    await q.query(`DROP INDEX "public"."council_meeting_agreement_date_unique"`);
    await q.query(`CREATE UNIQUE INDEX "council_meeting_agreement_date_unique" ON "council_meeting" ("agreement_id", "date") WHERE "cancelled_at" IS NULL`);

    await q.query(`
      CREATE FUNCTION party_not_retired() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        -- TG_ARGV[0]: the column that names the party (lead_party_id, party_id).
        chosen uuid := (to_jsonb(NEW) ->> TG_ARGV[0])::uuid;
        previous uuid := CASE WHEN TG_OP = 'UPDATE' THEN (to_jsonb(OLD) ->> TG_ARGV[0])::uuid END;
        found record;
      BEGIN
        IF chosen IS NULL OR chosen IS NOT DISTINCT FROM previous THEN
          RETURN NEW;
        END IF;
        SELECT key, name, retired_at INTO found FROM party WHERE id = chosen FOR SHARE;
        IF found.retired_at IS NOT NULL THEN
          RAISE EXCEPTION 'the party "%" (%) has been retired from the agreement: it leads no new activity and gets no new members', found.key, found.name
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER activity_lead_party_not_retired BEFORE INSERT OR UPDATE OF lead_party_id ON activity FOR EACH ROW EXECUTE FUNCTION party_not_retired('lead_party_id')`);
    await q.query(`CREATE TRIGGER membership_party_not_retired BEFORE INSERT OR UPDATE OF party_id ON membership FOR EACH ROW EXECUTE FUNCTION party_not_retired('party_id')`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER membership_party_not_retired ON membership`);
    await q.query(`DROP TRIGGER activity_lead_party_not_retired ON activity`);
    await q.query(`DROP FUNCTION party_not_retired()`);
    await q.query(`DROP INDEX "public"."council_meeting_agreement_date_unique"`);
    await q.query(`CREATE UNIQUE INDEX "council_meeting_agreement_date_unique" ON "council_meeting" ("agreement_id", "date")`);
    await q.query(`ALTER TABLE "council_meeting" DROP CONSTRAINT "council_meeting_cancel_reason"`);
    await q.query(`ALTER TABLE "council_meeting" DROP COLUMN "cancel_reason"`);
    await q.query(`ALTER TABLE "council_meeting" DROP COLUMN "cancelled_at"`);
    await q.query(`ALTER TABLE "party" DROP COLUMN "retired_at"`);
  }
}
