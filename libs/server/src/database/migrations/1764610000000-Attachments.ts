import { MigrationInterface, QueryRunner } from "typeorm";

/** Photos and attachments (libs/server/src/attachments). */
export class Attachments1764610000000 implements MigrationInterface {
    name = 'Attachments1764610000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "attachments" ("id" uuid NOT NULL, "case_id" uuid, "event_seq" bigint, "kind" character varying(10) NOT NULL, "mime" character varying(40) NOT NULL, "size" integer NOT NULL, "width" integer NOT NULL, "height" integer NOT NULL, "sha256" character varying(64) NOT NULL, "original_name" character varying(200), "storage_key" character varying(200) NOT NULL, "thumb_key" character varying(200) NOT NULL, "uploaded_by" character varying(60) NOT NULL, "uploader_name" character varying(50) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "attached_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_5e1f050bcff31e3084a1d662412" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_attachments_unattached" ON "attachments"  ("uploaded_by", "created_at") WHERE case_id IS NULL`);
        await queryRunner.query(`CREATE INDEX "idx_attachments_case" ON "attachments"  ("case_id", "created_at") `);
        await queryRunner.query(`ALTER TABLE "attachments" ADD CONSTRAINT "fk_attachments_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "attachments" DROP CONSTRAINT "fk_attachments_case"`);
        await queryRunner.query(`DROP INDEX "public"."idx_attachments_case"`);
        await queryRunner.query(`DROP INDEX "public"."idx_attachments_unattached"`);
        await queryRunner.query(`DROP TABLE "attachments"`);
    }

}
