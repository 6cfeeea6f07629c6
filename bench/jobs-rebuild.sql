-- The cost of JobsRebuild's re-open (libs/server/src/pipeline/jobs-rebuild.ts) on a big database: docs/benchmarks.md,
-- "Rebuild after Redis comes back empty". Run against a throw-away copy of a migrated, seeded database, e.g.
--   psql -h 127.0.0.1 -U postgres -c 'CREATE DATABASE rebuild_bench TEMPLATE <a gridops test template>'
--   psql -h 127.0.0.1 -U postgres -d rebuild_bench -f bench/jobs-rebuild.sql
--   psql -h 127.0.0.1 -U postgres -c 'DROP DATABASE rebuild_bench'
-- 5,000 open cases (DISPATCHED, 4 published outbox rows each) and 50,000 closed cases (10 published rows each)
INSERT INTO cases (id, number, source, category_code, description, lat, lng, district_code, grid_cell_code, priority, state, step_started_at, reported_at, version)
SELECT gen_random_uuid(), 'B' || g, 'patrol', 'C0101', 'bench', 31.24, 121.38, 'xincheng', 'xincheng-01', 'P2',
       CASE WHEN g <= 5000 THEN 'DISPATCHED' ELSE 'CLOSED' END, now(), now(), 4
FROM generate_series(1, 55000) g;
INSERT INTO outbox (topic, case_id, event_seq, payload, published_at)
SELECT 'case.updated', c.id, s, '{"type":"comment","fromState":"DISPATCHED","toState":"DISPATCHED","caseVersion":1,"deadlineVersion":1}'::jsonb, now()
FROM cases c, generate_series(1, 10) s
WHERE c.state = 'CLOSED' OR s <= 4
ORDER BY c.id, s;
ANALYZE cases; ANALYZE outbox;
-- the statement JobsRebuild runs (openCaseSql('c') spelled out), three times, each rolled back
BEGIN;
EXPLAIN (ANALYZE, BUFFERS, TIMING OFF) UPDATE outbox o SET published_at = NULL FROM cases c WHERE o.case_id = c.id AND o.published_at IS NOT NULL AND c.state NOT IN ('CLOSED', 'VOID');
ROLLBACK;
BEGIN;
EXPLAIN (ANALYZE, BUFFERS, TIMING OFF) UPDATE outbox o SET published_at = NULL FROM cases c WHERE o.case_id = c.id AND o.published_at IS NOT NULL AND c.state NOT IN ('CLOSED', 'VOID');
ROLLBACK;
BEGIN;
EXPLAIN (ANALYZE, BUFFERS, TIMING OFF) UPDATE outbox o SET published_at = NULL FROM cases c WHERE o.case_id = c.id AND o.published_at IS NOT NULL AND c.state NOT IN ('CLOSED', 'VOID');
ROLLBACK;
