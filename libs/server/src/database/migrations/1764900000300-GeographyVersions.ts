import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The town's real geography, imported (docs/geography.md): `geography_versions` records each applied import with
 * its features; districts and cells carry the version that last drew them (null = the schematic seed), and a cell
 * the new map no longer holds is retired (`retired_version`) rather than deleted — cases keep the cell they were
 * placed in (their foreign key stays valid).
 */
export class GeographyVersions1764900000300 implements MigrationInterface {
  name = 'GeographyVersions1764900000300';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "geography_versions" ("id" SERIAL NOT NULL, "applied_at" TIMESTAMP WITH TIME ZONE NOT NULL, "applied_by" uuid, "applied_by_name" character varying(100) NOT NULL, "source_name" character varying(200) NOT NULL, "checksum" character(64) NOT NULL, "coordinate_system" character varying(10) NOT NULL, "summary" jsonb NOT NULL, "features" jsonb NOT NULL, CONSTRAINT "PK_geography_versions" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "idx_geography_versions_applied_at" ON "geography_versions" ("applied_at") `);
    await queryRunner.query(`ALTER TABLE "districts" ADD "geography_version" integer`);
    await queryRunner.query(`ALTER TABLE "grid_cells" ADD "geography_version" integer`);
    await queryRunner.query(`ALTER TABLE "grid_cells" ADD "retired_version" integer`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "grid_cells" DROP COLUMN "retired_version"`);
    await queryRunner.query(`ALTER TABLE "grid_cells" DROP COLUMN "geography_version"`);
    await queryRunner.query(`ALTER TABLE "districts" DROP COLUMN "geography_version"`);
    await queryRunner.query(`DROP INDEX "public"."idx_geography_versions_applied_at"`);
    await queryRunner.query(`DROP TABLE "geography_versions"`);
  }
}
