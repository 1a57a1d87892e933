import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An activity's lead party, co-operating parties and goal areas belong to the activity's own
 * agreement: with a second agreement beside the first, the database refuses a link across them
 * (check_violation, 23514), and parties and goal areas never move to another agreement. Hand-written:
 * TypeORM does not generate triggers.
 */
export class SameAgreementLinks1795446000000 implements MigrationInterface {
  name = 'SameAgreementLinks1795446000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION activity_lead_party_same_agreement() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM party p WHERE p.id = NEW.lead_party_id AND p.agreement_id <> NEW.agreement_id) THEN
          RAISE EXCEPTION 'the lead party of activity "%" belongs to another agreement', NEW.key USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$
    `);
    await queryRunner.query(`
      CREATE TRIGGER activity_lead_party_same_agreement BEFORE INSERT OR UPDATE OF lead_party_id, agreement_id ON activity
      FOR EACH ROW EXECUTE FUNCTION activity_lead_party_same_agreement()
    `);
    await queryRunner.query(`
      CREATE FUNCTION activity_link_same_agreement() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        linked_agreement uuid;
      BEGIN
        IF TG_TABLE_NAME = 'activity_goal_area' THEN
          SELECT agreement_id INTO linked_agreement FROM goal_area WHERE id = NEW.goal_area_id;
        ELSE
          SELECT agreement_id INTO linked_agreement FROM party WHERE id = NEW.party_id;
        END IF;
        -- A missing row is the foreign key's to refuse.
        IF linked_agreement <> (SELECT agreement_id FROM activity WHERE id = NEW.activity_id) THEN
          RAISE EXCEPTION '% links an activity to a % of another agreement', TG_TABLE_NAME,
            CASE TG_TABLE_NAME WHEN 'activity_goal_area' THEN 'goal area' ELSE 'party' END USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$
    `);
    for (const table of ['activity_goal_area', 'activity_cooperating_party']) {
      await queryRunner.query(`
        CREATE TRIGGER ${table}_same_agreement BEFORE INSERT OR UPDATE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION activity_link_same_agreement()
      `);
    }
    await queryRunner.query(`
      CREATE FUNCTION agreement_id_is_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'a % stays in its agreement', TG_TABLE_NAME USING ERRCODE = 'check_violation';
      END $$
    `);
    for (const table of ['party', 'goal_area']) {
      await queryRunner.query(`
        CREATE TRIGGER ${table}_agreement_is_fixed BEFORE UPDATE OF agreement_id ON ${table}
        FOR EACH ROW WHEN (OLD.agreement_id IS DISTINCT FROM NEW.agreement_id) EXECUTE FUNCTION agreement_id_is_fixed()
      `);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['party', 'goal_area']) await queryRunner.query(`DROP TRIGGER ${table}_agreement_is_fixed ON ${table}`);
    await queryRunner.query(`DROP FUNCTION agreement_id_is_fixed()`);
    for (const table of ['activity_goal_area', 'activity_cooperating_party']) await queryRunner.query(`DROP TRIGGER ${table}_same_agreement ON ${table}`);
    await queryRunner.query(`DROP FUNCTION activity_link_same_agreement()`);
    await queryRunner.query(`DROP TRIGGER activity_lead_party_same_agreement ON activity`);
    await queryRunner.query(`DROP FUNCTION activity_lead_party_same_agreement()`);
  }
}
