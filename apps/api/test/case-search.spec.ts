import { Client } from 'pg';
import type { CaseSummary, Page } from '@gridops/contracts';
import { TEXT_SEARCH_WALK_ROWS, textSearchIndexSql } from '@gridops/server';
import { startTestApp, type TestApp } from './support/test-app';
import { addSearchTexts, seedCases } from './support/seed-cases';

/**
 * The desk's text search (`GET /cases?q=`) with its index of each case's characters and character pairs (migrations
 * CaseTextSearch, SearchOneIndex): the same cases as the plain ILIKE it always was — number, description or address
 * contains the text, case-insensitively, `%` `_` `\` literal, full-width characters only as themselves (ＡＢＣ is
 * ａｂｃ, not ABC) — for 1, 2, 3 and more characters, on a hand-built set whose answers are worked out below, and
 * against that ILIKE over the whole table.
 */
const CASES = {
  a: { number: 'CZ-20251130-0042', description: '垃圾满溢', address: '长征镇真北路100号' },
  b: { number: 'CZ-20251130-0043', description: '建筑垃圾堆放在路边', address: null },
  c: { number: 'CZ-20251201-0001', description: 'Wi-Fi 杆倾斜', address: '梅川路 ５５号' },
  d: { number: 'CZ-20251201-0002', description: 'ＡＢＣ小区 井盖松动', address: '金沙江路' },
  e: { number: 'CZ-20251201-0003', description: '噪音 noise at NIGHT', address: '怒江北路' },
  f: { number: 'CZ-20251201-0004', description: '100%满 _下划线_ back\\slash', address: '铜川路' },
  g: { number: 'CZ-20251202-0005', description: '垃', address: null },
  // every pair of 路边路 but not the text itself: the index finds h, the ILIKE drops it
  h: { number: 'CZ-20251202-0006', description: '边路 与 路边', address: null },
} as const;
type Key = keyof typeof CASES;

const EXPECTED: [string, Key[]][] = [
  ['垃圾', ['a', 'b']],
  ['垃', ['a', 'b', 'g']],
  ['圾堆', ['b']],
  ['路', ['a', 'b', 'c', 'd', 'e', 'f', 'h']],
  ['路边', ['b', 'h']],
  ['路边路', []],
  ['边路 与', ['h']],
  ['真北路', ['a']],
  ['20251130', ['a', 'b']],
  ['cz-20251201', ['c', 'd', 'e', 'f']],
  ['0042', ['a']],
  ['42', ['a']],
  ['２０２５', []],
  ['ａｂｃ', ['d']],
  ['ＡＢＣ小区', ['d']],
  ['abc', []],
  ['５５号', ['c']],
  ['55', []],
  ['wi-fi', ['c']],
  ['WI', ['c']],
  ['night', ['e']],
  ['NOISE AT', ['e']],
  ['100%', ['f']],
  ['%', ['f']],
  ['_', ['f']],
  ['_下划线_', ['f']],
  ['back\\slash', ['f']],
  ['\\', ['f']],
  ['  井盖 ', ['d']],
  ['独角兽', []],
  ['麒麟', []],
  ['鑫', []],
  // the indexes join the three fields with line feeds: a text spanning two fields is no match
  ['0042\n垃圾满溢', []],
  ['满溢\n长征镇', []],
];

describe('case text search (q=)', () => {
  let t: TestApp;
  let pg: Client;
  let operator: string;
  const ids = {} as Record<Key, string>;

  beforeAll(async () => {
    t = await startTestApp({ worker: true });
    operator = await t.login('operator');
    pg = new Client({ connectionString: t.db.ownerUrl });
    await pg.connect();
    for (const [key, c] of Object.entries(CASES) as [Key, (typeof CASES)[Key]][]) {
      const { rows } = await pg.query<{ id: string }>(
        `INSERT INTO cases (id, number, source, category_code, description, lat, lng, address, district_code, grid_cell_code,
                            priority, state, step_started_at, reported_at, version)
         VALUES (gen_random_uuid(), $1, 'patrol', 'C0101', $2, 31.245, 121.38, $3, 'jinsha', 'jinsha-01', 'P2', 'PENDING_DISPATCH', now(), now(), 1)
         RETURNING id`,
        [c.number, c.description, c.address],
      );
      ids[key] = rows[0].id;
    }
    await addSearchTexts(t.db.ownerUrl); // written by SQL, never reported: their texts as the relay adds a report's
  });
  afterAll(async () => {
    await pg.end();
    await t.close();
  });

  const search = async (q: string) => {
    const found: string[] = [];
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams({ q, limit: '200', ...(cursor ? { cursor } : {}) });
      const res: { status: number; body: Page<CaseSummary> } = await t.request<Page<CaseSummary>>('GET', `/api/v1/cases?${query}`, { token: operator });
      expect(res.status).toBe(200);
      found.push(...res.body.items.map((c) => c.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    return found;
  };
  /** the search as it was before the indexes: three ILIKEs over the whole table, newest first */
  const plainIlike = async (q: string) => {
    const like = `%${q.trim().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    const { rows } = await pg.query<{ id: string }>(
      `SELECT id FROM cases WHERE number ILIKE $1 OR description ILIKE $1 OR address ILIKE $1 ORDER BY reported_at DESC, id DESC`,
      [like],
    );
    return rows.map((r) => r.id);
  };
  const handBuilt = new Set<string>();
  beforeAll(() => Object.values(ids).forEach((id) => handBuilt.add(id)));

  it.each(EXPECTED)('q=%j finds the hand-built cases worked out for it, and exactly what plain ILIKE finds', async (q, keys) => {
    const found = await search(q);
    expect(found.filter((id) => handBuilt.has(id)).sort()).toEqual(keys.map((k) => ids[k]).sort());
    expect(found).toEqual(await plainIlike(q));
  });

  it('gives the same pages whether the newest cases hold a page of matches (walked) or not (gathered from the indexes)', async () => {
    // more cases than the list walks before it gathers (TEXT_SEARCH_WALK_ROWS): a common word is found by the walk,
    // page after page; a rare one, and one older than the walk reaches, by the index
    const count = TEXT_SEARCH_WALK_ROWS + 400;
    const number = (i: number) => `SRCH-${String(i).padStart(7, '0')}`;
    const rare = [number(500), number(TEXT_SEARCH_WALK_ROWS - 500), number(TEXT_SEARCH_WALK_ROWS + 300)];
    await seedCases(t.db.ownerUrl, { tag: 'SRCH', count, description: '常见 垃圾 待清运', address: '长征镇铜川路1号' });
    // a case's text never changes after its report: these three are written as if reported so
    await pg.query(`UPDATE cases SET description = '稀有词 井盖' WHERE number = ANY($1)`, [rare]);
    await pg.query(`UPDATE case_texts t SET text = case_search_text(c.number, c.description, c.address) FROM cases c WHERE c.id = t.case_id AND c.number = ANY($1)`, [rare]);
    for (const q of ['垃圾', '常见', '待清运', '稀有词', '稀有', number(count - 1), '铜川路']) expect({ q, found: await search(q) }).toEqual({ q, found: await plainIlike(q) });
    expect(await search('稀有词')).toHaveLength(3);
    expect((await search('垃圾')).length).toBeGreaterThan(count - 100);
  });

  it("asks the index for the text's rarer pairs only (case_search_probe), the same for the app's role as for the owner", async () => {
    // after the test above: 常见 and 垃圾 are in every one of its thousands of cases, 稀有 in three
    await pg.query('ANALYZE case_texts');
    const app = new Client({ connectionString: t.db.url });
    await app.connect();
    try {
      for (const q of ['常见 垃圾', '稀有词 常见', 'SRCH-0000500', '垃']) {
        const [{ probe, all }] = (await pg.query('SELECT case_search_probe($1) AS probe, case_search_query_grams($1) AS all', [q])).rows;
        expect(probe.length).toBeGreaterThan(0);
        expect(all).toEqual(expect.arrayContaining(probe));
        expect((await app.query('SELECT case_search_probe($1) AS probe', [q])).rows[0].probe).toEqual(probe);
      }
      // only the rarest when every pair is common; the rare ones, not the common, when there are rare ones
      expect((await pg.query(`SELECT case_search_probe('常见 垃圾') AS p`)).rows[0].p).toHaveLength(1);
      const mixed: string[] = (await pg.query(`SELECT case_search_probe('稀有词 常见') AS p`)).rows[0].p;
      expect(mixed).toEqual(expect.arrayContaining(['稀有', '有词']));
      expect(mixed).not.toContain('常见');
    } finally {
      await app.end();
    }
  });

  it('finds a report once the worker has relayed it (its text is written after the report, by the relay)', async () => {
    const marker = `新报告搜索 ${Date.now()}`;
    const res = await t.request<{ id: string }>('POST', '/api/v1/reports', {
      token: operator,
      body: { source: 'patrol', categoryCode: 'E0102', description: marker, location: { lat: 31.2455, lng: 121.3795 } },
    });
    expect(res.status).toBe(201);
    let found: string[] = [];
    for (let i = 0; i < 100 && !found.length; i++) {
      found = await search(marker);
      if (!found.length) await new Promise((r) => setTimeout(r, 100));
    }
    expect(found).toEqual([res.body.id]);
    expect(await pg.query('SELECT count(*)::int AS n FROM case_texts WHERE case_id = $1', [res.body.id])).toMatchObject({ rows: [{ n: 1 }] });
  });

  it('reads the index for a text of any length (when the planner may not read the table in order)', async () => {
    const plan = async (q: string) => {
      await pg.query('BEGIN');
      try {
        await pg.query('SET LOCAL enable_seqscan = off');
        await pg.query('SET LOCAL enable_indexscan = off'); // no walking idx_cases_reported instead
        // the index-led half of the condition the list builds (libs/server cases/case-filters.ts, textSearchIndexSql)
        const params = { values: [] as unknown[], add(v: unknown) { this.values.push(v); return `$${this.values.length}`; } };
        const condition = textSearchIndexSql(q, 'c', params);
        const { rows } = await pg.query<{ 'QUERY PLAN': string }>(`EXPLAIN SELECT id FROM cases c WHERE ${condition}`, params.values);
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      } finally {
        await pg.query('ROLLBACK');
      }
    };
    for (const q of ['垃', '垃圾', '独角兽', 'CZ-20251201-0003']) expect({ q, plan: await plan(q) }).toEqual({ q, plan: expect.stringContaining('idx_case_texts_grams') });
  });
});
