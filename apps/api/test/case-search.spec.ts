import { Client } from 'pg';
import type { CaseSummary, Page } from '@gridops/contracts';
import { TEXT_SEARCH_GATHER_AT_MOST, TEXT_SEARCH_WALK_ROWS, textSearchIndexSql, type TextSearchKeys } from '@gridops/server';
import { startTestApp, type TestApp } from './support/test-app';
import { addSearchTexts, seedCases } from './support/seed-cases';

/**
 * The desk's text search (`GET /cases?q=`) with its index of each case's characters, its description's and address's
 * character pairs and its number's pairs and three-character pieces (migrations CaseTextSearch, SearchNumberKeys): the
 * same cases as the plain ILIKE it always was — number, description or address contains the text, case-insensitively,
 * `%` `_` `\` literal, full-width characters only as themselves (ＡＢＣ is ａｂｃ, not ABC) — for 1, 2, 3 and more
 * characters, whole and partial case numbers (a day, digits across the number's dashes, a number quoted in a
 * description), on a hand-built set whose answers are worked out below, and against that ILIKE over the whole table.
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
  // a's number quoted in a description; full-width digits in the address
  i: { number: 'CZ-20260315-0042', description: '编号CZ-20251130-0042的井盖又松了', address: '铜川路３１５号' },
  j: { number: 'CZ-20260315-1315', description: '路灯不亮 0315', address: null },
  // in another 片区 (district) than the others: xincheng, not jinsha
  k: { number: 'CZ-20260316-0001', description: '墙面涂鸦', address: '梅川路315弄', district: 'xincheng' },
} as const;
type Key = keyof typeof CASES;

const EXPECTED: [string, Key[]][] = [
  ['垃圾', ['a', 'b']],
  ['垃', ['a', 'b', 'g']],
  ['圾堆', ['b']],
  ['路', ['a', 'b', 'c', 'd', 'e', 'f', 'h', 'i', 'j', 'k']],
  ['路边', ['b', 'h']],
  ['路边路', []],
  ['边路 与', ['h']],
  ['真北路', ['a']],
  ['20251130', ['a', 'b', 'i']],
  ['cz-20251201', ['c', 'd', 'e', 'f']],
  ['0042', ['a', 'i']],
  ['42', ['a', 'i']],
  // case numbers, whole and partial: by the number's pieces, and where a description quotes one
  ['CZ-20260315-0042', ['i']],
  ['cz-20260315-0042', ['i']],
  ['CZ-20251130-0042', ['a', 'i']],
  ['CZ-20260315', ['i', 'j']],
  ['cz-2026031', ['i', 'j', 'k']],
  ['Z-2026', ['i', 'j', 'k']],
  ['20260315-', ['i', 'j']],
  ['-0042', ['a', 'i']],
  ['15-1', ['j']],
  ['5-0', ['i']],
  ['0315', ['i', 'j']],
  ['315', ['i', 'j', 'k']],
  ['1315', ['j']],
  ['３１５', ['i']],
  ['2-', ['g', 'h']],
  ['-1', ['j']],
  ['i-', ['c']],
  ['c', ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k']],
  ['井盖又', ['i']],
  ['灯不', ['j']],
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
  ['  井盖 ', ['d', 'i']],
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
    // reported at whole milliseconds, as a report is (a list's cursor carries milliseconds: two cases apart by less
    // would be paged across as one instant)
    for (const [key, c] of Object.entries(CASES) as [Key, { number: string; description: string; address: string | null; district?: string }][]) {
      const district = c.district ?? 'jinsha';
      const { rows } = await pg.query<{ id: string }>(
        `INSERT INTO cases (id, number, source, category_code, description, lat, lng, address, district_code, grid_cell_code,
                            priority, state, step_started_at, reported_at, version)
         VALUES (gen_random_uuid(), $1, 'patrol', 'C0101', $2, 31.245, 121.38, $3, $4::text, $4::text || '-01', 'P2', 'PENDING_DISPATCH',
                 date_trunc('milliseconds', now()), date_trunc('milliseconds', now()), 1)
         RETURNING id`,
        [c.number, c.description, c.address, district],
      );
      ids[key] = rows[0].id;
    }
    await addSearchTexts(t.db.ownerUrl); // written by SQL, never reported: their texts as the relay adds a report's
  });
  afterAll(async () => {
    await pg.end();
    await t.close();
  });

  /** every page of the search, `limit` a page */
  const search = async (q: string, limit = 200, token = operator) => {
    const found: string[] = [];
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams({ q, limit: String(limit), ...(cursor ? { cursor } : {}) });
      const res: { status: number; body: Page<CaseSummary> } = await t.request<Page<CaseSummary>>('GET', `/api/v1/cases?${query}`, { token });
      expect(res.status).toBe(200);
      found.push(...res.body.items.map((c) => c.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    return found;
  };
  /** the search as it was before the indexes: three ILIKEs over the whole table (or one 片区's), newest first */
  const plainIlike = async (q: string, district: string | null = null) => {
    const like = `%${q.trim().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    const { rows } = await pg.query<{ id: string }>(
      `SELECT id FROM cases WHERE (number ILIKE $1 OR description ILIKE $1 OR address ILIKE $1) AND ($2::text IS NULL OR district_code = $2)
        ORDER BY reported_at DESC, id DESC`,
      [like, district],
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
    // numbers' pieces, a page of 7 at a time: SRCH-0006… are the oldest 400 (the first page is gathered from the index,
    // the next ones walked from its cursor); SRCH-00004… 100 inside the walk; 0063 in numbers of both
    for (const q of ['SRCH-0006', 'srch-00004', '0063', '-00063', 'RCH-0006399']) expect({ q, found: await search(q, 7) }).toEqual({ q, found: await plainIlike(q) });
    expect(await search('SRCH-0006', 7)).toHaveLength(401);
  });

  it("finds in the caller's 片区 (district) only", async () => {
    // k matches 315 and 梅川路 but is xincheng's: jinsha's grid worker finds the others, xincheng's finds k
    const jinsha = await t.login('worker.jinsha');
    const xincheng = await t.login('worker.xincheng');
    // pages of 2, but of 200 for 路 (in every one of the thousands above)
    for (const [q, limit] of [['315', 2], ['梅川路', 2], ['cz-2026031', 2], ['路', 200]] as const) {
      expect({ q, found: await search(q, limit, jinsha) }).toEqual({ q, found: await plainIlike(q, 'jinsha') });
      expect({ q, found: await search(q, limit, xincheng) }).toEqual({ q, found: await plainIlike(q, 'xincheng') });
    }
    expect(await search('315', 200, jinsha)).not.toContain(ids.k);
    expect(await search('315', 200, xincheng)).toContain(ids.k);
  });

  it("asks the index for each arm's rarer keys only (case_search_probe), the same for the app's role as for the owner", async () => {
    // after the tests above: 常见 and 垃圾 are in every one of its thousands of cases, 稀有 in three; srch in every SRCH number
    await pg.query('ANALYZE case_texts');
    const app = new Client({ connectionString: t.db.url });
    await app.connect();
    const probe = async (q: string) => (await pg.query('SELECT fields, number FROM case_search_probe($1)', [q])).rows[0] as { fields: string[]; number: string[] | null };
    try {
      for (const q of ['常见 垃圾', '稀有词 常见', 'SRCH-0000500', '垃', '20']) {
        const { fields, number } = await probe(q);
        const [{ allFields, allNumber }] = (await pg.query('SELECT case_search_query_grams($1) AS "allFields", case_search_number_grams($1) AS "allNumber"', [q])).rows;
        expect(fields.length).toBeGreaterThan(0);
        expect(allFields).toEqual(expect.arrayContaining(fields));
        if (allNumber === null) expect(number).toBeNull();
        else expect(allNumber).toEqual(expect.arrayContaining(number ?? ['(none)']));
        expect((await app.query('SELECT fields, number FROM case_search_probe($1)', [q])).rows[0]).toEqual({ fields, number });
      }
      // only the rarest when every key is common; the rare ones, not the common, when there are rare ones
      expect((await probe('常见 垃圾')).fields).toHaveLength(1);
      const mixed = (await probe('稀有词 常见')).fields;
      expect(mixed).toEqual(expect.arrayContaining(['稀有', '有词']));
      expect(mixed).not.toContain('常见');
      // a number's pieces and its tagged pair: 500 is in few numbers, srch in all of them
      const number = (await probe('SRCH-0000500')).number;
      expect(number).toContain('500');
      expect(number).not.toContain('src');
      expect((await probe('20')).number).toEqual(['\u000120']);
      expect((await probe('垃')).number).toBeNull();
      // how many cases can hold a text at most: a rare one is gathered without the walk, with the same answer
      const atMost = async (q: string) => (await pg.query('SELECT cases_at_most FROM case_search_probe($1)', [q])).rows[0].cases_at_most as number;
      expect(await atMost('常见')).toBeGreaterThan(TEXT_SEARCH_GATHER_AT_MOST);
      expect(await atMost('稀有词')).toBeLessThanOrEqual(TEXT_SEARCH_GATHER_AT_MOST);
      for (const q of ['稀有词', '独角兽', 'SRCH-0000500']) expect({ q, found: await search(q, 1) }).toEqual({ q, found: await plainIlike(q) });
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

  it('reads the index for a text of any length, per row or with the probe\'s keys (when the planner may not read the table in order)', async () => {
    const plan = async (q: string, keys?: TextSearchKeys) => {
      await pg.query('BEGIN');
      try {
        await pg.query('SET LOCAL enable_seqscan = off');
        await pg.query('SET LOCAL enable_indexscan = off'); // no walking idx_cases_reported instead
        // the index-led half of the condition the list builds (libs/server cases/case-filters.ts, textSearchIndexSql)
        const params = { values: [] as unknown[], add(v: unknown) { this.values.push(v); return `$${this.values.length}`; } };
        const condition = textSearchIndexSql(q, 'c', params, keys);
        const { rows } = await pg.query<{ 'QUERY PLAN': string }>(`EXPLAIN SELECT id FROM cases c WHERE ${condition}`, params.values);
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      } finally {
        await pg.query('ROLLBACK');
      }
    };
    for (const q of ['垃', '垃圾', '独角兽', 'CZ-20251201-0003', '0315']) {
      expect({ q, plan: await plan(q) }).toEqual({ q, plan: expect.stringContaining('idx_case_texts_keys') });
      const keys = (await pg.query<TextSearchKeys>('SELECT fields, number FROM case_search_probe($1)', [q])).rows[0];
      expect({ q, plan: await plan(q, keys) }).toEqual({ q, plan: expect.stringContaining('idx_case_texts_keys') });
    }
  });
});
