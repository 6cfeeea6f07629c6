import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * 专项关联: a hotspot's repeats (高发点位) linked to the one 专项 case opened for its root cause. A repeat is linked
 * to one 专项 case at most (the key); the 专项 side is looked up by its own index.
 */
export class CaseLinks1764900000100 implements MigrationInterface {
    name = 'CaseLinks1764900000100'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "case_links" ("member_case_id" uuid NOT NULL, "special_case_id" uuid NOT NULL, "hotspot_id" uuid NOT NULL, "linked_by" uuid, "linked_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_case_links_member" PRIMARY KEY ("member_case_id"))`);
        await queryRunner.query(`CREATE INDEX "idx_case_links_special" ON "case_links" ("special_case_id") `);
        await queryRunner.query(`ALTER TABLE "case_links" ADD CONSTRAINT "fk_case_links_member" FOREIGN KEY ("member_case_id") REFERENCES "cases"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "case_links" ADD CONSTRAINT "fk_case_links_special" FOREIGN KEY ("special_case_id") REFERENCES "cases"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "case_links" DROP CONSTRAINT "fk_case_links_special"`);
        await queryRunner.query(`ALTER TABLE "case_links" DROP CONSTRAINT "fk_case_links_member"`);
        await queryRunner.query(`DROP INDEX "public"."idx_case_links_special"`);
        await queryRunner.query(`DROP TABLE "case_links"`);
    }

}
