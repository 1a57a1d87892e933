import { MigrationInterface, QueryRunner } from "typeorm";

export class Init1795440582334 implements MigrationInterface {
    name = 'Init1795440582334'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "goal_area" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "agreement_id" uuid NOT NULL,
                "code" character(1) NOT NULL,
                "title" text NOT NULL,
                "subtitle" text,
                CONSTRAINT "goal_area_code_letter" CHECK ("code" ~ '^[A-Z]$'),
                CONSTRAINT "PK_6edfae81d3d6b0d7a487eedf0b9" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "goal_area_agreement_code_unique" ON "goal_area" ("agreement_id", "code")
        `);
        await queryRunner.query(`
            CREATE TABLE "party" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "agreement_id" uuid NOT NULL,
                "key" text NOT NULL,
                "name" text NOT NULL,
                "joined" text,
                CONSTRAINT "party_key_slug" CHECK ("key" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
                CONSTRAINT "PK_e6189b3d533e140bb33a6d2cec1" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "party_agreement_key_unique" ON "party" ("agreement_id", "key")
        `);
        await queryRunner.query(`
            CREATE TABLE "area" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "agreement_id" uuid NOT NULL,
                "name" text NOT NULL,
                "note" text,
                CONSTRAINT "PK_39d5e4de490139d6535d75f42ff" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "area_agreement_name_unique" ON "area" ("agreement_id", "name")
        `);
        await queryRunner.query(`
            CREATE TABLE "agreement" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "key" text NOT NULL,
                "title" text NOT NULL,
                "municipality" text NOT NULL,
                "valid_from" date NOT NULL,
                "valid_to" date NOT NULL,
                "purpose" text NOT NULL,
                "long_term_goal" text NOT NULL,
                "time_perspectives" text,
                "geographic_focus" text,
                "principles" jsonb NOT NULL DEFAULT '[]',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_d1fc1e7e7f202cc72cdffb63472" UNIQUE ("key"),
                CONSTRAINT "agreement_key_slug" CHECK ("key" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
                CONSTRAINT "agreement_valid_period" CHECK ("valid_to" > "valid_from"),
                CONSTRAINT "PK_e7537188219eeef56233a609753" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "milestone" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "phase_id" uuid NOT NULL,
                "position" integer NOT NULL,
                "title" text NOT NULL,
                "due_date" date,
                "status" text NOT NULL DEFAULT 'open',
                CONSTRAINT "milestone_position_positive" CHECK ("position" >= 1),
                CONSTRAINT "milestone_status_known" CHECK ("status" IN ('open', 'done')),
                CONSTRAINT "PK_f8372abce331f60ba7b33fe23a7" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "milestone_phase_position_unique" ON "milestone" ("phase_id", "position")
        `);
        await queryRunner.query(`
            CREATE TABLE "phase" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "activity_id" uuid NOT NULL,
                "kind" text NOT NULL,
                "start_date" date NOT NULL,
                "target_date" date NOT NULL,
                "follow_up_every" text NOT NULL,
                CONSTRAINT "phase_follow_up_iso_duration" CHECK (
                    "follow_up_every" ~ '^P(?!$)([0-9]+Y)?([0-9]+M)?([0-9]+W)?([0-9]+D)?(T(?=[0-9])([0-9]+H)?([0-9]+M)?([0-9]+S)?)?$'
                ),
                CONSTRAINT "phase_dates_ordered" CHECK ("target_date" > "start_date"),
                CONSTRAINT "phase_kind_known" CHECK ("kind" IN ('short', 'medium', 'long')),
                CONSTRAINT "PK_a9cac5076fb19818ed0f871bea8" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "phase_activity_kind_unique" ON "phase" ("activity_id", "kind")
        `);
        await queryRunner.query(`
            CREATE TABLE "app_user" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" text NOT NULL,
                "email" text NOT NULL,
                "party_id" uuid,
                "roles" text array NOT NULL DEFAULT '{}',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "app_user_roles_known" CHECK (
                    "roles" <@ ARRAY ['owner', 'coordinator', 'operational', 'strategic', 'council', 'admin']::text []
                ),
                CONSTRAINT "app_user_email_lowercase" CHECK (
                    "email" = lower("email")
                    AND "email" LIKE '%_@_%'
                ),
                CONSTRAINT "PK_22a5c4a3d9b2fb8e4e73fc4ada1" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "app_user_email_unique" ON "app_user" ("email")
        `);
        await queryRunner.query(`
            CREATE TABLE "activity" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "agreement_id" uuid NOT NULL,
                "key" text NOT NULL,
                "title" text NOT NULL,
                "description" text NOT NULL DEFAULT '',
                "lead_party_id" uuid NOT NULL,
                "owner_id" uuid,
                "status" text NOT NULL DEFAULT 'active',
                "current_phase" text NOT NULL DEFAULT 'short',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "activity_current_phase_known" CHECK ("current_phase" IN ('short', 'medium', 'long')),
                CONSTRAINT "activity_status_known" CHECK ("status" IN ('active', 'completed', 'cancelled')),
                CONSTRAINT "activity_key_slug" CHECK ("key" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
                CONSTRAINT "PK_24625a1d6b1b089c8ae206fe467" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "activity_agreement_key_unique" ON "activity" ("agreement_id", "key")
        `);
        await queryRunner.query(`
            CREATE TABLE "activity_cooperating_party" (
                "activity_id" uuid NOT NULL,
                "party_id" uuid NOT NULL,
                CONSTRAINT "PK_8fee1286c69c5e1f594d3092e30" PRIMARY KEY ("activity_id", "party_id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_7d760183cf1d8d6f5c7f6214ec" ON "activity_cooperating_party" ("activity_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_096d915fc31398f8ea224a2338" ON "activity_cooperating_party" ("party_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "activity_goal_area" (
                "activity_id" uuid NOT NULL,
                "goal_area_id" uuid NOT NULL,
                CONSTRAINT "PK_b0e189f0d4f5d510027aa97679b" PRIMARY KEY ("activity_id", "goal_area_id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_3b1f6f2efb2a82f926262983ed" ON "activity_goal_area" ("activity_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_87a667832e44dca89366b07209" ON "activity_goal_area" ("goal_area_id")
        `);
        await queryRunner.query(`
            ALTER TABLE "goal_area"
            ADD CONSTRAINT "FK_ea0362d99a82d7c193b88c32c0e" FOREIGN KEY ("agreement_id") REFERENCES "agreement"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "party"
            ADD CONSTRAINT "FK_b84849ca5eb6f1be048cc574bc0" FOREIGN KEY ("agreement_id") REFERENCES "agreement"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "area"
            ADD CONSTRAINT "FK_a5d62480abd28aab66d9bca8ae9" FOREIGN KEY ("agreement_id") REFERENCES "agreement"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "milestone"
            ADD CONSTRAINT "FK_ca61c81b45319a97ada20f4e244" FOREIGN KEY ("phase_id") REFERENCES "phase"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "phase"
            ADD CONSTRAINT "FK_c67f5a91eb958a7c216484b24ac" FOREIGN KEY ("activity_id") REFERENCES "activity"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "app_user"
            ADD CONSTRAINT "FK_de77244d025431c6026ce675d2c" FOREIGN KEY ("party_id") REFERENCES "party"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "activity"
            ADD CONSTRAINT "FK_23ba61b339b8ad1154b23da823a" FOREIGN KEY ("agreement_id") REFERENCES "agreement"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "activity"
            ADD CONSTRAINT "FK_34fc3a60738d844eddd864f6328" FOREIGN KEY ("lead_party_id") REFERENCES "party"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "activity"
            ADD CONSTRAINT "FK_9557b53f6cc93e134c066c65e15" FOREIGN KEY ("owner_id") REFERENCES "app_user"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "activity_cooperating_party"
            ADD CONSTRAINT "FK_7d760183cf1d8d6f5c7f6214ece" FOREIGN KEY ("activity_id") REFERENCES "activity"("id") ON DELETE CASCADE ON UPDATE CASCADE
        `);
        await queryRunner.query(`
            ALTER TABLE "activity_cooperating_party"
            ADD CONSTRAINT "FK_096d915fc31398f8ea224a23389" FOREIGN KEY ("party_id") REFERENCES "party"("id") ON DELETE CASCADE ON UPDATE CASCADE
        `);
        await queryRunner.query(`
            ALTER TABLE "activity_goal_area"
            ADD CONSTRAINT "FK_3b1f6f2efb2a82f926262983ed9" FOREIGN KEY ("activity_id") REFERENCES "activity"("id") ON DELETE CASCADE ON UPDATE CASCADE
        `);
        await queryRunner.query(`
            ALTER TABLE "activity_goal_area"
            ADD CONSTRAINT "FK_87a667832e44dca89366b072096" FOREIGN KEY ("goal_area_id") REFERENCES "goal_area"("id") ON DELETE CASCADE ON UPDATE CASCADE
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "activity_goal_area" DROP CONSTRAINT "FK_87a667832e44dca89366b072096"
        `);
        await queryRunner.query(`
            ALTER TABLE "activity_goal_area" DROP CONSTRAINT "FK_3b1f6f2efb2a82f926262983ed9"
        `);
        await queryRunner.query(`
            ALTER TABLE "activity_cooperating_party" DROP CONSTRAINT "FK_096d915fc31398f8ea224a23389"
        `);
        await queryRunner.query(`
            ALTER TABLE "activity_cooperating_party" DROP CONSTRAINT "FK_7d760183cf1d8d6f5c7f6214ece"
        `);
        await queryRunner.query(`
            ALTER TABLE "activity" DROP CONSTRAINT "FK_9557b53f6cc93e134c066c65e15"
        `);
        await queryRunner.query(`
            ALTER TABLE "activity" DROP CONSTRAINT "FK_34fc3a60738d844eddd864f6328"
        `);
        await queryRunner.query(`
            ALTER TABLE "activity" DROP CONSTRAINT "FK_23ba61b339b8ad1154b23da823a"
        `);
        await queryRunner.query(`
            ALTER TABLE "app_user" DROP CONSTRAINT "FK_de77244d025431c6026ce675d2c"
        `);
        await queryRunner.query(`
            ALTER TABLE "phase" DROP CONSTRAINT "FK_c67f5a91eb958a7c216484b24ac"
        `);
        await queryRunner.query(`
            ALTER TABLE "milestone" DROP CONSTRAINT "FK_ca61c81b45319a97ada20f4e244"
        `);
        await queryRunner.query(`
            ALTER TABLE "area" DROP CONSTRAINT "FK_a5d62480abd28aab66d9bca8ae9"
        `);
        await queryRunner.query(`
            ALTER TABLE "party" DROP CONSTRAINT "FK_b84849ca5eb6f1be048cc574bc0"
        `);
        await queryRunner.query(`
            ALTER TABLE "goal_area" DROP CONSTRAINT "FK_ea0362d99a82d7c193b88c32c0e"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_87a667832e44dca89366b07209"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_3b1f6f2efb2a82f926262983ed"
        `);
        await queryRunner.query(`
            DROP TABLE "activity_goal_area"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_096d915fc31398f8ea224a2338"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_7d760183cf1d8d6f5c7f6214ec"
        `);
        await queryRunner.query(`
            DROP TABLE "activity_cooperating_party"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."activity_agreement_key_unique"
        `);
        await queryRunner.query(`
            DROP TABLE "activity"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."app_user_email_unique"
        `);
        await queryRunner.query(`
            DROP TABLE "app_user"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."phase_activity_kind_unique"
        `);
        await queryRunner.query(`
            DROP TABLE "phase"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."milestone_phase_position_unique"
        `);
        await queryRunner.query(`
            DROP TABLE "milestone"
        `);
        await queryRunner.query(`
            DROP TABLE "agreement"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."area_agreement_name_unique"
        `);
        await queryRunner.query(`
            DROP TABLE "area"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."party_agreement_key_unique"
        `);
        await queryRunner.query(`
            DROP TABLE "party"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."goal_area_agreement_code_unique"
        `);
        await queryRunner.query(`
            DROP TABLE "goal_area"
        `);
    }

}
