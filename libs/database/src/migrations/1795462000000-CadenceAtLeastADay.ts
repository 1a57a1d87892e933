import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * A follow-up cadence is at least a day (no time part, not zero), as the domain's `cadenceProblem`
 * says. NOT VALID: a phase planned before the rule keeps its row and its running workflow as they are;
 * every row written from now on is checked.
 */
export class CadenceAtLeastADay1795462000000 implements MigrationInterface {
    name = 'CadenceAtLeastADay1795462000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "phase"
            ADD CONSTRAINT "phase_follow_up_at_least_a_day" CHECK ("follow_up_every" !~ '^P[^T]*T' AND "follow_up_every" !~ '^P(0+[YMWD])+$') NOT VALID
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "phase" DROP CONSTRAINT "phase_follow_up_at_least_a_day"
        `);
    }

}
