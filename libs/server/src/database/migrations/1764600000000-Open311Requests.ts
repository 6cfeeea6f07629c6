import { MigrationInterface, QueryRunner } from "typeorm";

export class Open311Requests1764600000000 implements MigrationInterface {
    name = 'Open311Requests1764600000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "open311_requests" ("case_id" uuid NOT NULL, "token" character varying(40) NOT NULL, "api_key_id" uuid, "jurisdiction_id" character varying(100), "description" text, "address_string" character varying(200), "address_id" character varying(30), "attributes" jsonb NOT NULL DEFAULT '{}', "media_url" character varying(2000), "email" character varying(254), "account_id" character varying(100), "device_id" character varying(100), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_open311_requests" PRIMARY KEY ("case_id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_open311_requests_token" ON "open311_requests" ("token") `);
        await queryRunner.query(`ALTER TABLE "open311_requests" ADD CONSTRAINT "fk_open311_requests_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "open311_requests" DROP CONSTRAINT "fk_open311_requests_case"`);
        await queryRunner.query(`DROP INDEX "public"."uq_open311_requests_token"`);
        await queryRunner.query(`DROP TABLE "open311_requests"`);
    }

}
