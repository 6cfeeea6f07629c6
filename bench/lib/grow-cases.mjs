// Grows a migrated, seeded gridops database by `n` plain cases over the two years before `until`, for the export and
// search benchmarks (bench/search-export.mjs): one INSERT … SELECT generate_series, no timeline — these benchmarks read
// the cases table only (the KPI benchmarks have their own generator). Text is drawn from a small vocabulary so that
// some words are common (垃圾 in about one case in ten), some rare (燃气 in one in 30,000), one absent (独角兽). Each case
// gets its one version (case_versions) in the same statement, as CaseWriter writes a new case's, and its searchable
// text (case_texts) as the outbox relay adds a reported case's (the build's addCaseTextsSql).
import { createRequire } from 'node:module';
import path from 'node:path';
import { caseVersionColumns, insertCaseVersionsSql } from './case-versions.mjs';
import { APP_ROOT } from './common.mjs';

// a build from before the relay wrote the texts (BENCH_APP_ROOT) has the trigger that writes them
const { addCaseTextsSql } = createRequire(import.meta.url)(path.join(APP_ROOT, 'libs/server/dist/index.js'));

const SQL = `
WITH cells AS (SELECT array_agg(code ORDER BY code) AS code, array_agg(district_code ORDER BY code) AS district FROM grid_cells),
     cats AS (SELECT array_agg(code ORDER BY code) AS code FROM categories),
     words AS (SELECT ARRAY['垃圾满溢', '井盖松动', '占道经营', '违章停车', '路灯不亮', '绿化带损坏', '墙面涂鸦', '噪音扰民',
                            '积水', '共享单车乱停', '建筑垃圾堆放', '树枝折断', '消防通道堵塞', '广告牌破损', '道路破损',
                            '垃圾桶破损', '污水外溢', '电线私拉', '露天烧烤', '群租'] AS w),
     rare AS (SELECT ARRAY['燃气异味', 'Wi-Fi 杆倾斜', '１２３４５来电'] AS w),
     roads AS (SELECT ARRAY['真北路', '金沙江路', '怒江北路', '梅川路', '铜川路', '曹杨路', '中山北路', '新村路'] AS r),
     c AS (
INSERT INTO cases (id, number, source, category_code, description, lat, lng, address, district_code, grid_cell_code,
                   priority, state, step_started_at, reported_at, version, closed_at, created_at, updated_at)
SELECT gen_random_uuid(),
       'CZ-' || to_char(day, 'YYYYMMDD') || '-' || lpad((1 + i / 730)::text, 4, '0'),
       (ARRAY['patrol', 'hotline_12345', 'citizen_app', 'iot'])[1 + i % 4],
       cats.code[1 + (i * 7) % array_length(cats.code, 1)],
       CASE WHEN i % 10000 = 17 THEN rare.w[1 + (i / 10000) % 3] || '，请尽快处理'
            ELSE words.w[1 + (i * 13) % 20] || '，' || words.w[1 + (i * 29 + 3) % 20] || '，居民反映多次' END,
       31.24 + (i % 1000) / 100000.0, 121.37 + (i % 997) / 100000.0,
       '长征镇' || roads.r[1 + i % 8] || (1 + i % 999) || '号',
       cells.district[1 + i % 16], cells.code[1 + i % 16],
       'P2',
       CASE WHEN ts < $2::timestamptz - interval '20 days' THEN (CASE WHEN i % 50 = 0 THEN 'VOID' ELSE 'CLOSED' END)
            ELSE (ARRAY['REPORTED', 'PENDING_DISPATCH', 'DISPATCHED', 'HANDLING', 'PENDING_CHECK'])[1 + i % 5] END,
       ts, ts, 1,
       CASE WHEN ts < $2::timestamptz - interval '20 days' AND i % 50 <> 0 THEN ts + interval '2 days' END,
       ts, ts
  FROM generate_series(1, $1::int) AS i,
       LATERAL (SELECT ($2::date - 730 + i % 730) AS day) d,
       LATERAL (SELECT d.day::timestamptz - interval '8 hours' + (i % 86400) * interval '1 second' AS ts) t,
       cells, cats, words, rare, roads
RETURNING *)`;

/**
 * Adds `n` cases (numbers unique per day up to 730 × 9,999) reported before `until` (YYYY-MM-DD), then ANALYZE.
 * `versions: false` leaves case_versions alone (a bench that writes the history itself).
 */
export async function growCases(client, n, until, { versions = true } = {}) {
  const write = versions ? insertCaseVersionsSql(await caseVersionColumns(client), 'c', 'c') : 'SELECT 1';
  await client.query(`${SQL}\n${write}`, [n, until]);
  if (addCaseTextsSql) await client.query(addCaseTextsSql('SELECT id FROM cases'));
  await client.query('ANALYZE cases');
  // the search index's statistics, which case_search_probe reads: without them it asks the first keys in key order
  if (addCaseTextsSql) await client.query('ANALYZE case_texts');
}
