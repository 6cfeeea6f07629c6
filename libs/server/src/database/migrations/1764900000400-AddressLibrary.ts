import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * 标准地址库 (docs/addresses.md): the `addresses` table as TypeORM generates it from the entity, and the trigram
 * index the search reads (`search_key`: the finding keys of an entry's spellings, libs/domain address-text.ts).
 * pg_trgm is there already (1764800000140); `IF NOT EXISTS` finds it without the right to create it.
 */
export class AddressLibrary1764900000400 implements MigrationInterface {
    name = 'AddressLibrary1764900000400'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "addresses" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" character varying(10) NOT NULL, "road" character varying(50), "number" character varying(20), "name" character varying(100), "standard_text" character varying(200) NOT NULL, "normalized_text" character varying(200) NOT NULL, "aliases" text array NOT NULL DEFAULT '{}', "search_key" text NOT NULL, "lat" double precision NOT NULL, "lng" double precision NOT NULL, "district_code" character varying(20) NOT NULL, "grid_cell_code" character varying(30) NOT NULL, "schematic" boolean NOT NULL DEFAULT false, "source" character varying(20) NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_745d8f43d3af10ab8247465e450" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "idx_addresses_cell" ON "addresses"  ("grid_cell_code") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_addresses_normalized_text" ON "addresses"  ("normalized_text") `);
        await queryRunner.query(`ALTER TABLE "addresses" ADD CONSTRAINT "fk_addresses_district" FOREIGN KEY ("district_code") REFERENCES "districts"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "addresses" ADD CONSTRAINT "fk_addresses_grid_cell" FOREIGN KEY ("grid_cell_code") REFERENCES "grid_cells"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
        await queryRunner.query(`CREATE INDEX "idx_addresses_search_trgm" ON "addresses" USING gin ("search_key" gin_trgm_ops)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."idx_addresses_search_trgm"`);
        await queryRunner.query(`ALTER TABLE "addresses" DROP CONSTRAINT "fk_addresses_grid_cell"`);
        await queryRunner.query(`ALTER TABLE "addresses" DROP CONSTRAINT "fk_addresses_district"`);
        await queryRunner.query(`DROP INDEX "public"."uq_addresses_normalized_text"`);
        await queryRunner.query(`DROP INDEX "public"."idx_addresses_cell"`);
        await queryRunner.query(`DROP TABLE "addresses"`);
    }

}
