import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Which photos Open311 may publish (issue #13 item 6): null = the default rule (a citizen-app report's own photos),
 * true/false = staff decided, with who and when.
 */
export class AttachmentPublic1764650000000 implements MigrationInterface {
    name = 'AttachmentPublic1764650000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "attachments" ADD "public" boolean`);
        await queryRunner.query(`ALTER TABLE "attachments" ADD "public_marked_by" character varying(60)`);
        await queryRunner.query(`ALTER TABLE "attachments" ADD "public_marked_at" TIMESTAMP WITH TIME ZONE`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "attachments" DROP COLUMN "public_marked_at"`);
        await queryRunner.query(`ALTER TABLE "attachments" DROP COLUMN "public_marked_by"`);
        await queryRunner.query(`ALTER TABLE "attachments" DROP COLUMN "public"`);
    }

}
