import type { CaseListFilter, CaseListQuery } from '@gridops/contracts';
import { LIGHTS, addDays, townDayStart, type Actor, type Light } from '@gridops/domain';
import { containsPattern, type BindParams } from '../platform/database/sql-params';
import { closedCaseSql, openCaseSql } from './case-state-sql';
import { measureIn, measuresOn } from './kpi-measures';

/**
 * How the case list's filters (`GET /api/v1/cases`, listCasesQuerySchema) and the traffic light read in SQL — the one
 * place the server turns them into conditions on a cases row. The live client judges a changed case against a cached
 * list's filters by the same names, without the server (libs/live-client case-filters.ts).
 */

/**
 * The light of a cases row at `now` (a placeholder or SQL instant), as libs/domain's lightOf computes it: red from
 * clock_due_at, yellow from clock_yellow_at, green before that; no light without a running clock. The three are
 * mutually exclusive.
 */
const LIGHT_SQL: Record<Light, (alias: string, now: string) => string> = {
  red: (c, now) => `${c}.clock_due_at <= ${now}`,
  yellow: (c, now) => `(${c}.clock_yellow_at <= ${now} AND ${c}.clock_due_at > ${now})`,
  green: (c, now) => `(${c}.clock_due_at > ${now} AND (${c}.clock_yellow_at IS NULL OR ${c}.clock_yellow_at > ${now}))`,
};

/** "The row's light is `light` at `now`". */
export const lightIsSql = (light: Light, alias: string, now: string): string => LIGHT_SQL[light](alias, now);

/** The row's light at `now` as a value: 'red', 'yellow', 'green' or NULL. */
export const lightSql = (alias: string, now: string): string => `CASE ${LIGHTS.map((l) => `WHEN ${lightIsSql(l, alias, now)} THEN '${l}'`).join(' ')} END`;

/** The keys of a text to ask the search index for, by arm: `case_search_probe`'s rarer ones of each (null: no arm). */
export interface TextSearchKeys {
  fields: readonly string[] | null;
  number: readonly string[] | null;
}

/**
 * How the list's `q` reads the search index: the probe's keys (the gather: textSearchIndexSql), or `walk` — not at all,
 * the ILIKEs alone (the list's walk reads each case in report order: its text's keys, looked up and computed for each
 * case the ILIKEs keep, would only say again what the ILIKEs said). Without either, per row (counts, exports).
 */
export type TextSearchRead = TextSearchKeys | 'walk';

/**
 * The text search's condition that the search index answers (migrations CaseTextsTable, SearchNumberKeys): the
 * case's keys (`case_search_keys` of `case_texts.text`, the three fields joined by line feeds) hold the text's
 * description-and-address keys (its character for 1 character, else its pairs: `case_search_query_grams`) or its
 * number keys (its three-character pieces, or its pair tagged as a number's: `case_search_number_grams`) — or only
 * `keys` (the rarer of each, `case_search_probe`) when given. It finds the candidates; the three ILIKEs beside it (the
 * list's `q`) say which contain the text. null for a text with a line feed: no index, the three ILIKEs alone.
 *
 * Without `keys` it is asked of each row (a count, an export: the planner may start from either side); with them, of
 * the index once (the list's gather): the candidates' keys first, then their cases in the table's order (a bitmap) — for the
 * thousands of candidates a day's case numbers or four digits have, a look-up per candidate took a quarter longer
 * (`0315` at 1 M cases: 3,468 candidates, 18 against 14 ms).
 */
export function textSearchIndexSql(v: string, alias: string, p: BindParams, keys?: TextSearchKeys): string | null {
  if (v.includes('\n')) return null;
  const caseKeys = 'case_search_keys(t.text)';
  const asked = [keys?.fields, keys?.number].filter((k): k is readonly string[] => !!k?.length);
  if (asked.length) {
    const arms = asked.map((k) => `${caseKeys} @> ${p.add(k)}::text[]`).join(' OR ');
    return `${alias}.id = ANY(ARRAY(SELECT t.case_id FROM case_texts t WHERE ${arms}))`;
  }
  const text = p.add(v);
  // a 1-character text has no number arm: its character is a key whichever field holds it
  const arms = [`${caseKeys} @> case_search_query_grams(${text}::text)`, ...([...v].length > 1 ? [`${caseKeys} @> case_search_number_grams(${text}::text)`] : [])];
  // the joined text lives in case_texts, with the index (migration CaseTextsTable): off the cases' update path
  return `EXISTS (SELECT 1 FROM case_texts t WHERE t.case_id = ${alias}.id AND (${arms.join(' OR ')}))`;
}

interface FilterContext {
  alias: string;
  actor: Actor;
  now: Date;
  p: BindParams;
  /** the whole query, for filters read together (kpi with its dates) */
  q: Pick<CaseListQuery, CaseListFilter>;
  /** how `q.q` reads the search index */
  textRead?: TextSearchRead;
}

const me = (value: string, actor: Actor) => (value === 'me' ? actor.userId : value);
const isNull = (column: string, nulled: boolean) => `${column} IS ${nulled ? '' : 'NOT '}NULL`;

/** Each filter as a condition, given its (parsed) value. The table is total: a new filter in the contract needs its SQL here. */
const FILTER_SQL: { [K in CaseListFilter]-?: (value: NonNullable<CaseListQuery[K]>, x: FilterContext) => string } = {
  district: (v, { alias, p }) => `${alias}.district_code = ANY(${p.add(v)})`,
  grid: (v, { alias, p }) => `${alias}.grid_cell_code = ANY(${p.add(v)})`,
  state: (v, { alias, p }) => `${alias}.state = ANY(${p.add(v)})`,
  category: (v, { alias, p }) => `${alias}.category_code = ANY(${p.add(v)})`,
  source: (v, { alias, p }) => `${alias}.source = ANY(${p.add(v)})`,
  light: (v, { alias, now, p }) => {
    const at = p.add(now);
    return `(${v.map((l) => lightIsSql(l, alias, at)).join(' OR ')})`;
  },
  assignee: (v, { alias, actor, p }) => `${alias}.assignee_user_id = ${p.add(me(v, actor))}`,
  checker: (v, { alias, actor, p }) => `${alias}.checker_user_id = ${p.add(me(v, actor))}`,
  unit: (v, { alias, p }) => `${alias}.assignee_unit_code = ${p.add(v)}`,
  from: (v, { alias, p }) => `${alias}.reported_at >= ${p.add(new Date(v))}`,
  to: (v, { alias, p }) => `${alias}.reported_at < ${p.add(new Date(v))}`,
  open: (v, { alias }) => (v ? openCaseSql(alias) : closedCaseSql(alias)),
  q: (v, { alias, p, textRead }) => {
    const like = p.add(containsPattern(v));
    const fields = `(${alias}.number ILIKE ${like} OR ${alias}.description ILIKE ${like} OR ${alias}.address ILIKE ${like})`;
    const indexed = textRead === 'walk' ? null : textSearchIndexSql(v, alias, p, textRead);
    // the ILIKEs first: read in report order (the list's walk), a case that does not match is dropped on its own row,
    // without a look-up of its text
    return indexed === null ? fields : `(${fields} AND ${indexed})`;
  },
  supervised: (v, { alias, p }) => `${alias}.supervised = ${p.add(v)}`,
  urgent: (v, { alias, p }) => `${alias}.urgent = ${p.add(v)}`,
  held: (v, { alias }) => isNull(`${alias}.dispatch_hold`, !v),
  duplicate: (v, { alias }) => isNull(`${alias}.suggested_duplicate_of`, !v),
  // the cases behind a KPI figure: the measure's own condition (kpi-measures.ts) over [kpiFrom 00:00, min(kpiTo+1 00:00, now)),
  // as the board and analytics count it (the schema makes sure both dates come with kpi)
  kpi: (v, { alias, now, p, q }) => {
    const from = townDayStart(q.kpiFrom as string);
    const end = new Date(Math.min(townDayStart(addDays(q.kpiTo as string, 1)).getTime(), now.getTime()));
    return `(${measureIn(measuresOn(alias)[v], p.add(from), p.add(end))})`;
  },
  kpiFrom: () => 'TRUE',
  kpiTo: () => 'TRUE',
  person: (v, { alias, actor, p }) => `(CASE WHEN ${alias}.handled_at IS NOT NULL THEN ${alias}.fixer_user_id ELSE ${alias}.assignee_user_id END) = ${p.add(me(v, actor))}`,
};

/** The conditions of the filters set in `q`, on cases under `alias` (all must hold). */
export function caseListFilterSql(q: Pick<CaseListQuery, CaseListFilter>, alias: string, actor: Actor, now: Date, p: BindParams, textRead?: TextSearchRead): string[] {
  const x: FilterContext = { alias, actor, now, p, q, textRead };
  const out: string[] = [];
  for (const name of Object.keys(FILTER_SQL) as CaseListFilter[]) {
    const value = q[name];
    if (value !== undefined) out.push((FILTER_SQL[name] as (v: unknown, x: FilterContext) => string)(value, x));
  }
  return out;
}
