import { MigrationInterface, QueryRunner } from "typeorm";

/** Open311 `address_id` may name an entry of the address library (a uuid, 36 characters) besides a grid cell. */
export class Open311AddressId1764900000401 implements MigrationInterface {
    name = 'Open311AddressId1764900000401'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "open311_requests" ALTER COLUMN "address_id" TYPE character varying(40)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "open311_requests" ALTER COLUMN "address_id" TYPE character varying(30)`);
    }

}
