#!/usr/bin/env node
// The address library's search (GET /api/v1/addresses/search?q=) at 100,000 addresses (标准地址库, docs/addresses.md).
//
//   node bench/address-search.mjs [--addresses 100000] [--runs 400] [--keep-db]
//
// On a fresh bench database (BENCH_DB, default gridops_bench_addresses; migrated and seeded by scripts/start.mjs) the
// bench adds N synthetic addresses — 400 roads of made-up two-character names, lanes (弄) and houses (号) on them,
// a compound (小区) now and then — written through the same row builder the product uses (libs/server
// address-row.ts: standard form, natural key, finding keys, 片区 and cell from the point). Then, with the built api
// as a child process, `runs` sequential searches (after 20 to warm up) of messy texts made from entries picked at
// random: as stored, full-width digits with spaces, 号 for 弄 (and back), 路 left out, one character of the road
// wrong, and a 12345-style text with words after the address. Measured in the same run:
//   - search through the api (HTTP, signed in as an operator) — what the desk's address field waits for;
//   - the search's candidate statement in Postgres alone;
//   - raw baselines: a primary-key SELECT of one address in Postgres, and GET /api/v1/addresses/:id through the api
//     (the same HTTP path, no search);
// and how often the entry the text was made from came first (and resolved). The machine's load average is recorded
// beside each phase (the machine is shared). Prints a table and writes bench/results/address-search-<time>.json.
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import pg from 'pg';

process.env.BENCH_DB ??= 'gridops_bench_addresses';
const { DATABASE_URL, ROOT, arg, cleanRedisPrefix, dropBenchDb, flag, freshBenchDb, installCleanup, log, login, machineInfo, resultsPath, startApi, stopAllChildren, summarize } =
  await import('./lib/common.mjs');

const require = createRequire(import.meta.url);
const domain = require(path.join(ROOT, 'libs/domain/dist/index.js'));
const { addressColumns, insertValues } = require(path.join(ROOT, 'libs/server/dist/directory/addresses/address-row.js'));
const { TOWN_GEOGRAPHY } = require(path.join(ROOT, 'libs/server/dist/database/seed-data/index.js'));

const N = Number(arg('addresses', 100_000));
const RUNS = Number(arg('runs', 400));
const load = () => loadavg().map((x) => Math.round(x * 100) / 100);

installCleanup(async () => {
  if (!flag('keep-db')) await dropBenchDb();
  await cleanRedisPrefix();
});

// a small deterministic generator (no Math.random: the same library every run)
let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (a) => a[Math.floor(rnd() * a.length)];

const SYLLABLES = [...'安宝北昌春大东方丰福光广桂海和华淮汇嘉建江金锦景康兰乐丽林柳龙绿梅民明南宁平浦清庆荣瑞山胜石顺松泰桃天通同文武西霞祥新兴秀阳怡永友玉园云长真正中竹紫'];
const SUFFIX = ['路', '路', '路', '路', '街', '支路'];
const COMPOUND = ['苑', '小区', '新村', '公寓', '花园', '家园'];

function generate() {
  const roads = new Set();
  while (roads.size < 400) roads.add(pick(SYLLABLES) + pick(SYLLABLES) + pick(SUFFIX));
  const [minLng, maxLng, minLat, maxLat] = [121.3715, 121.4085, 31.2315, 31.2485];
  const rows = [];
  const seen = new Set();
  const cells = TOWN_GEOGRAPHY.gridCells;
  for (const road of roads) {
    // a straight road across the town, east–west or north–south
    const ew = rnd() < 0.5;
    const fixed = ew ? minLat + rnd() * (maxLat - minLat) : minLng + rnd() * (maxLng - minLng);
    for (let n = 1; rows.length < N && n <= Math.ceil(N / roads.size) + 5; n++) {
      const f = n / (N / roads.size + 6);
      const lng = ew ? minLng + f * (maxLng - minLng) : fixed;
      const lat = ew ? fixed : minLat + f * (maxLat - minLat);
      const number = String(n * 2 + (rnd() < 0.5 ? 1 : 0));
      const r = rnd();
      const input =
        r < 0.06
          ? { kind: 'compound', name: road.replace(/(支路|路|街)$/, '') + pick(SYLLABLES) + pick(COMPOUND) }
          : { kind: r < 0.55 ? 'lane' : 'house', road, number, name: rnd() < 0.1 ? road.slice(0, 2) + pick(SYLLABLES) + pick(COMPOUND) : null };
      const made = addressColumns({ ...input, aliases: [], location: { lat, lng } }, cells);
      if ('problems' in made || seen.has(made.row.normalizedText)) continue;
      seen.add(made.row.normalizedText);
      rows.push(made.row);
    }
  }
  return rows;
}

const FULL = '０１２３４５６７８９';
const messy = {
  asStored: (a) => a.standardText,
  fullWidth: (a) => a.standardText.replace(/\d/g, (d) => FULL[Number(d)]).replace(/(\D)(\d|[０-９])/, '$1 $2'),
  unitSwapped: (a) => (a.number ? a.standardText.replace(/[弄号]$/, (u) => (u === '弄' ? '号' : '弄')) : a.standardText),
  noRoadWord: (a) => a.standardText.replace(/(支路|路|街)(?=\d)/, ''),
  typo: (a) => {
    const chars = [...a.standardText];
    chars[1] = chars[1] === '海' ? '江' : '海';
    return chars.join('');
  },
  hotlineWords: (a) => `上海市普陀区${a.standardText}门口垃圾满溢`,
};

async function timed(fn) {
  const t0 = process.hrtime.bigint();
  const r = await fn();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, r };
}

async function main() {
  const machine = machineInfo();
  log('fresh bench database');
  await freshBenchDb();
  const db = new pg.Client({ connectionString: DATABASE_URL });
  await db.connect();
  log(`generating ${N} addresses`);
  const rows = generate();
  const cols = ['kind', 'road', 'number', 'name', 'standard_text', 'normalized_text', 'aliases', 'search_key', 'lat', 'lng', 'district_code', 'grid_cell_code'];
  const types = ['text', 'text', 'text', 'text', 'text', 'text', 'text[]', 'text', 'float8', 'float8', 'text', 'text'];
  for (let i = 0; i < rows.length; i += 5000) {
    const chunk = rows.slice(i, i + 5000).map(insertValues);
    const arrays = cols.map((_, c) => chunk.map((v) => (c === 6 ? `{${v[c].join(',')}}` : v[c])));
    await db.query(
      `INSERT INTO addresses (${cols.join(', ')}, schematic, source)
       SELECT ${cols.map((c, k) => (k === 6 ? `${c}::text[]` : c)).join(', ')}, true, 'import'
       FROM unnest(${cols.map((_, k) => `$${k + 1}::${k === 6 ? 'text' : types[k]}[]`).join(', ')}) AS t(${cols.join(', ')})
       ON CONFLICT (normalized_text) DO NOTHING`,
      arrays,
    );
  }
  await db.query('VACUUM ANALYZE addresses');
  const total = Number((await db.query('SELECT count(*)::int AS n FROM addresses')).rows[0].n);
  const size = (await db.query(`SELECT pg_size_pretty(pg_relation_size('addresses')) AS t, pg_size_pretty(pg_relation_size('idx_addresses_search_trgm')) AS i`)).rows[0];
  log(`${total} addresses (table ${size.t}, trigram index ${size.i})`);

  const api = await startApi();
  const token = await login(api.url, 'operator');
  const get = async (url) => {
    const res = await fetch(`${api.url}${url}`, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${await res.text()}`);
    return res.json();
  };

  // the texts: entries picked at random, each made messy one way
  const sample = (await db.query(`SELECT id, standard_text AS "standardText", number FROM addresses WHERE source = 'import' ORDER BY md5(id::text) LIMIT $1`, [RUNS])).rows;
  const kinds = Object.keys(messy);
  const cases = sample.map((a, i) => ({ id: a.id, kind: kinds[i % kinds.length], q: messy[kinds[i % kinds.length]](a) }));

  // the candidate statement as the service sends it first (libs/server address.service.ts: the narrow look; a text
  // that does not resolve on it is looked up once more with `search_key % $1` added, which the api phase includes)
  const candidateSql = `SELECT id FROM addresses
     WHERE $1 <% search_key OR $2 <% search_key OR normalized_text = ANY($3::text[])
     ORDER BY normalized_text = ANY($3::text[]) DESC,
              greatest(word_similarity($1, search_key), word_similarity($2, search_key)) DESC, id
     LIMIT 40`;
  const sqlParams = (q) => {
    const normalized = domain.normalizeAddress(q);
    const key = domain.addressKeyOf(normalized);
    const head = /^\D*?\d+(弄|号)?/.exec(normalized)?.[0];
    const road = domain.addressParts(normalized).road;
    const headKey = head && road && head !== normalized ? domain.addressKeyOf(head) : key;
    return [key, headKey, road ? [road, ...(/(路|街|道|线)$/.test(road) ? [] : [`${road}路`])] : []];
  };
  // named statements: prepared once per connection, as the api's queryPrepared does
  const cand = (q) => db.query({ name: 'cand', text: candidateSql, values: sqlParams(q) });
  const pk = (id) => db.query({ name: 'pk', text: 'SELECT id, standard_text, lat, lng, grid_cell_code FROM addresses WHERE id = $1', values: [id] });

  log('warm-up');
  for (const c of cases.slice(0, 20)) {
    await get(`/api/v1/addresses/search?q=${encodeURIComponent(c.q)}`);
    await cand(c.q);
    await pk(c.id);
  }

  const phases = {};
  const run = async (name, fn) => {
    const before = load();
    const ms = [];
    for (const c of cases) ms.push((await timed(() => fn(c))).ms);
    phases[name] = { ...summarize(ms), loadBefore: before, loadAfter: load() };
    log(name, JSON.stringify(phases[name]));
  };
  const outcomes = {};
  await run('api search', async (c) => {
    const r = await get(`/api/v1/addresses/search?q=${encodeURIComponent(c.q)}`);
    const o = (outcomes[c.kind] ??= { n: 0, first: 0, resolved: 0 });
    o.n += 1;
    if (r.items[0]?.id === c.id) o.first += 1;
    if (r.status === 'resolved' && r.match.id === c.id) o.resolved += 1;
  });
  await run('sql candidates', (c) => cand(c.q));
  await run('baseline: sql primary-key select', (c) => pk(c.id));
  await run('baseline: api GET /addresses/:id', (c) => get(`/api/v1/addresses/${c.id}`));
  const plan = (await db.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${candidateSql}`, sqlParams(cases[0].q))).rows.map((r) => r['QUERY PLAN']);

  await db.end();
  await stopAllChildren();
  const result = { machine, addresses: total, tableSize: size.t, indexSize: size.i, runs: cases.length, phases, outcomes, planOfFirst: plan };
  const file = resultsPath('address-search');
  writeFileSync(file, JSON.stringify(result, null, 2));
  console.table(Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, { p50: v.p50, p95: v.p95, p99: v.p99, max: v.max, load: v.loadBefore.join(' ') }])));
  console.table(outcomes);
  log(`written ${file}`);
}

await main();
