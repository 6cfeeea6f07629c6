/**
 * `case_texts` holds each case's searchable text (number, description and address joined by `case_search_text`)
 * under the text search's GIN index (migrations CaseTextsTable, SearchNumberKeys). It is written after the case, not
 * with it: the index's entries were three fifths of the WAL a report wrote, and the report's commit waited on them
 * (docs/benchmarks.md, issue #12). The outbox relay adds the texts of the cases whose rows it claims, in its claiming
 * statement (pipeline/outbox-relay.service.ts) — a report is searchable once the worker has relayed it, as it is
 * dispatched and on the boards — and writers of cases by SQL (history, tests, benchmarks) add theirs the same way.
 *
 * A case's text does not change after its report (no action writes number, description or address), so a case
 * that has its row is left alone, and the statement writes nothing on a transition.
 */
export function addCaseTextsSql(caseIds: string): string {
  return `INSERT INTO case_texts (case_id, text)
    SELECT c.id, case_search_text(c.number, c.description, c.address) FROM cases c
     WHERE c.id IN (${caseIds})
    ON CONFLICT (case_id) DO NOTHING`;
}
