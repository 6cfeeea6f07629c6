import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createCaseTextsTriggers } from './1764800000200-CaseTextsTable';

/**
 * The case row's triggers stop writing `case_texts`: the outbox relay adds a reported case's text after the report
 * has committed (cases/case-texts-sql.ts, issue #12), so the report's transaction no longer waits on the search
 * index's WAL. A case's text does not change after its report, so the update trigger goes too. Cases reported but not
 * yet relayed when this runs have their text already (the insert trigger wrote it).
 */
export class CaseTextsAfterReport1764900001201 implements MigrationInterface {
  name = 'CaseTextsAfterReport1764900001201';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER trg_case_texts_update ON cases`);
    await queryRunner.query(`DROP TRIGGER trg_case_texts_insert ON cases`);
    await queryRunner.query(`DROP FUNCTION case_texts_sync()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await createCaseTextsTriggers(queryRunner);
    // the cases relayed while the triggers were gone have theirs; any not yet relayed get theirs now
    await queryRunner.query(`INSERT INTO case_texts (case_id, text) SELECT id, case_search_text(number, description, address) FROM cases ON CONFLICT (case_id) DO NOTHING`);
  }
}
