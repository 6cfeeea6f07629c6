import { randomUUID } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import { DataSource } from 'typeorm';
import type { IssuedApiKey } from '@gridops/contracts';
import { startTestApp, type TestApp } from './support/test-app';
import { act, createCase, sampleInteriorPoint } from './support/fixtures';

/**
 * Open311 GeoReport v2 conformance (https://wiki.open311.org/GeoReport_v2): every method in both formats, the XML
 * parsed back and compared with the JSON (Spark convention), and every error the spec names, in its format.
 */

type Row = Record<string, unknown>;
interface Raw {
  status: number;
  contentType: string;
  text: string;
}

const xmlParser = new XMLParser({ parseTagValue: false, ignoreDeclaration: true, trimValues: true });
const JURISDICTION = 'changzheng.putuo.shanghai';
const IN_JINSHA = sampleInteriorPoint('jinsha-02');
const IN_XINCHENG = sampleInteriorPoint('xincheng-03');

/**
 * The XML answer says the same as the JSON one: a JSON array is an XML wrapper of repeated elements, a JSON object
 * an element with the same children in the same order, null an empty element, numbers and booleans their text.
 */
function expectSameTree(json: unknown, xml: unknown, path = '$'): void {
  if (Array.isArray(json)) {
    const wrapper = xml === '' ? {} : (xml as Row);
    const keys = Object.keys(wrapper);
    expect({ path, keys: keys.length <= 1 }).toEqual({ path, keys: true });
    const items = keys.length ? wrapper[keys[0]] : [];
    const list = Array.isArray(items) ? items : [items];
    expect({ path, length: list.length }).toEqual({ path, length: json.length });
    json.forEach((item, i) => expectSameTree(item, list[i], `${path}[${i}]`));
    return;
  }
  if (json !== null && typeof json === 'object') {
    expect({ path, keys: Object.keys(xml as Row) }).toEqual({ path, keys: Object.keys(json) });
    for (const [k, v] of Object.entries(json)) expectSameTree(v, (xml as Row)[k], `${path}.${k}`);
    return;
  }
  expect({ path, value: xml }).toEqual({ path, value: json === null ? '' : String(json) });
}

describe('Open311 GeoReport v2', () => {
  let t: TestApp;
  let ds: DataSource;

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  async function raw(method: 'GET' | 'POST', url: string, opts: { form?: [string, string][]; headers?: Record<string, string> } = {}): Promise<Raw> {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    let payload: string | undefined;
    if (opts.form) {
      payload = new URLSearchParams(opts.form).toString();
      headers['content-type'] ??= 'application/x-www-form-urlencoded; charset=utf-8';
    }
    const res = await t.app.inject({ method, url, headers, payload });
    return { status: res.statusCode, contentType: String(res.headers['content-type']), text: res.body };
  }

  /** GET in both formats: same status, the spec's content types, XML equal to JSON. Returns the parsed JSON. */
  async function both<T = unknown>(path: string, query = ''): Promise<{ status: number; body: T; xml: Row }> {
    const json = await raw('GET', `/open311/v2/${path}.json${query}`);
    const xml = await raw('GET', `/open311/v2/${path}.xml${query}`);
    expect(json.contentType).toBe('application/json; charset=utf-8');
    expect(xml.contentType).toBe('text/xml; charset=utf-8');
    expect(xml.status).toBe(json.status);
    expect(xml.text.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
    const body = JSON.parse(json.text) as T;
    const parsed = xmlParser.parse(xml.text) as Row;
    const [root] = Object.keys(parsed);
    expectSameTree(body, parsed[root]);
    return { status: json.status, body, xml: parsed };
  }

  /** POST requests in a format; the parsed JSON (or the XML parsed to a tree) */
  async function post(format: 'json' | 'xml', form: [string, string][], headers?: Record<string, string>) {
    const res = await raw('POST', `/open311/v2/requests.${format}`, { form, headers });
    return { ...res, body: format === 'json' ? (JSON.parse(res.text) as Row[]) : (xmlParser.parse(res.text) as Row) };
  }

  /** An error answer in both formats: the status, and `[{ code, description }]` whose XML says the same. */
  async function expectError(path: string, query: string, status: number, pattern: RegExp) {
    const res = await both<{ code: number; description: string }[]>(path, query);
    expect(res.status).toBe(status);
    expect(Object.keys(res.xml)).toEqual(['errors']);
    expect(res.body.length).toBeGreaterThanOrEqual(1);
    expect(res.body[0].code).toBe(status);
    expect(res.body.map((e) => e.description).join(' | ')).toMatch(pattern);
  }

  const flooding = (extra: [string, string][] = []): [string, string][] => [
    ['api_key', 'demo-open311-key'],
    ['service_code', 'E0111'],
    ['lat', String(IN_JINSHA.lat)],
    ['long', String(IN_JINSHA.lng)],
    ['attribute[water_depth_cm]', '35'],
    ['attribute[road_blocked]', 'partly'],
    ...extra,
  ];

  const caseCount = async () => Number(((await ds.query(`SELECT count(*)::int AS n FROM cases`)) as { n: number }[])[0].n);

  describe('discovery, services and service definitions', () => {
    it('serves discovery.{json,xml} with the endpoint, its formats and a changeset', async () => {
      const { status, body, xml } = await both<Row>('discovery');
      expect(status).toBe(200);
      expect(Object.keys(xml)).toEqual(['discovery']);
      expect(body).toMatchObject({ changeset: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/), contact: expect.any(String), key_service: expect.any(String) });
      expect(body.endpoints).toEqual([
        {
          specification: 'http://wiki.open311.org/GeoReport_v2',
          url: `${t.config.PUBLIC_BASE_URL}/open311/v2`, // PUBLIC_BASE_URL, never the Host header
          changeset: body.changeset,
          type: 'test',
          formats: ['text/xml', 'application/json'],
        },
      ]);
    });

    it('lists one service per active category, metadata=true where the category has attributes', async () => {
      const { status, body } = await both<Row[]>('services');
      expect(status).toBe(200);
      expect(body).toHaveLength(37);
      expect(Object.keys(body[0])).toEqual(['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group']);
      const byCode = new Map(body.map((s) => [s.service_code, s]));
      expect(byCode.get('C0101')).toMatchObject({ service_name: '上水井盖', metadata: true, type: 'realtime', group: '公用设施 (public utilities)' });
      expect(byCode.get('E0111')).toMatchObject({ service_name: '道路积水', metadata: true });
      expect(byCode.get('E0104')).toMatchObject({ service_name: '道路不洁', metadata: false });
      expect(String(byCode.get('E0102')?.description)).toContain('4 个工作小时');
      // with this town's jurisdiction_id, the same list
      expect((await both<Row[]>('services', `?jurisdiction_id=${JURISDICTION}`)).body).toHaveLength(37);
    });

    it('drops a category an admin switches off from the list and the definitions', async () => {
      const admin = await t.login('admin');
      expect((await t.request('PATCH', '/api/v1/categories/E0501', { token: admin, body: { active: false } })).status).toBe(200);
      try {
        const { body } = await both<Row[]>('services');
        expect(body.map((s) => s.service_code)).not.toContain('E0501');
        await expectError('services/E0501', '', 404, /service_code E0501 not found/);
      } finally {
        await t.request('PATCH', '/api/v1/categories/E0501', { token: admin, body: { active: true } });
      }
    });

    it('defines typed attributes with their values, in order', async () => {
      const { status, body } = await both<{ service_code: string; attributes: Row[] }>('services/E0111');
      expect(status).toBe(200);
      expect(body.service_code).toBe('E0111');
      expect(body.attributes.map((a) => [a.code, a.datatype, a.required, a.order, a.variable])).toEqual([
        ['water_depth_cm', 'number', true, 1, true],
        ['road_blocked', 'singlevaluelist', true, 2, true],
      ]);
      expect(Object.keys(body.attributes[1])).toEqual(['variable', 'code', 'datatype', 'required', 'datatype_description', 'order', 'description', 'values']);
      expect(body.attributes[1].values).toEqual([
        { key: 'no', name: '未占道 (not blocked)' },
        { key: 'partly', name: '部分占道 (partly blocked)' },
        { key: 'fully', name: '完全阻断 (fully blocked)' },
      ]);
      // every datatype of the spec is in use somewhere
      const datatypes = new Set<unknown>();
      for (const code of ['C0101', 'C0113', 'C0118', 'E0301', 'E0401', 'E0403', 'E0902', 'E0903']) {
        for (const a of (await both<{ attributes: Row[] }>(`services/${code}`)).body.attributes) datatypes.add(a.datatype);
      }
      expect([...datatypes].sort()).toEqual(['datetime', 'multivaluelist', 'number', 'singlevaluelist', 'string', 'text']);
      // information-only attributes (variable=false) tell the user something, they ask nothing
      const gas = (await both<{ attributes: Row[] }>('services/E0403')).body.attributes;
      expect(gas[0]).toMatchObject({ variable: false, code: 'emergency_notice', required: false });
      // a category without questions has an empty definition
      expect((await both<Row>('services/E0104')).body).toEqual({ service_code: 'E0104', attributes: [] });
    });

    it('answers 404 for an unknown service_code or jurisdiction_id, in the spec format', async () => {
      await expectError('services/X9999', '', 404, /service_code X9999 not found/);
      await expectError('services', '?jurisdiction_id=sfgov.org', 404, /jurisdiction_id sfgov\.org not found/);
      await expectError('services/E0111', '?jurisdiction_id=sfgov.org', 404, /jurisdiction_id/);
      await expectError('nothing-here', '', 404, /no Open311 resource/);
      await expectError('services-list/E0111', '', 404, /no Open311 resource services-list\/E0111/);
      // a format we do not serve is a resource that does not exist
      const html = await raw('GET', '/open311/v2/services.html');
      expect(html.status).toBe(404);
      expect(html.contentType).toBe('text/xml; charset=utf-8');
      expect(xmlParser.parse(html.text)).toEqual({ errors: { error: { code: '404', description: expect.stringContaining('no Open311 resource') } } });
    });

    it('serves Open311 outside the /api/v1 prefix', async () => {
      expect((await raw('GET', '/api/v1/open311/v2/services.json')).status).toBe(404);
      expect((await raw('GET', '/open311/v2/services.json')).status).toBe(200);
    });
  });

  describe('POST service request', () => {
    it('creates a citizen_app case synchronously and answers its service_request_id and notice, never a token beside it', async () => {
      const before = await caseCount();
      const res = await post(
        'json',
        flooding([
          ['jurisdiction_id', JURISDICTION],
          ['description', '金沙江路地道积水，车辆无法通行\n第二行说明'],
          ['address_string', '金沙江路 1000 号附近'],
          ['email', 'wang@example.com'],
          ['first_name', '伟'],
          ['last_name', '王'],
          ['phone', '13800001234'],
          ['account_id', 'acct-42'],
          ['device_id', 'iphone-abc'],
          ['media_url', 'https://img.example.com/flood/1.jpg'],
        ]),
      );
      expect(res.status).toBe(201);
      expect(res.contentType).toBe('application/json; charset=utf-8');
      const [answer] = res.body as Row[];
      // GeoReport v2: token "should not be returned if service_request_id is returned"
      expect(Object.keys(answer)).toEqual(['service_request_id', 'service_notice', 'account_id']);
      expect(answer).toMatchObject({ service_request_id: expect.stringMatching(/^CZ-\d{8}-\d{4}$/), account_id: 'acct-42' });
      expect(String(answer.service_notice)).toContain('4 个工作小时');
      // in Postgres before the answer, through intake: source citizen_app, the answers where the desk reads them
      expect(await caseCount()).toBe(before + 1);
      const [c] = (await ds.query(`SELECT * FROM cases WHERE number = $1`, [answer.service_request_id])) as Row[];
      expect(c).toMatchObject({ source: 'citizen_app', category_code: 'E0111', state: 'REPORTED', district_code: 'jinsha', grid_cell_code: 'jinsha-02', reporter_name: '王伟', reporter_phone: '13800001234', address: '金沙江路 1000 号附近' });
      expect(c.description).toBe('金沙江路地道积水，车辆无法通行\n第二行说明\n【积水深度（厘米）】35；【是否占道】部分占道');
      const [o] = (await ds.query(`SELECT * FROM open311_requests WHERE case_id = $1`, [c.id])) as Row[];
      expect(o).toMatchObject({ token: expect.stringMatching(/^[0-9a-f-]{36}$/), jurisdiction_id: JURISDICTION, email: 'wang@example.com', account_id: 'acct-42', device_id: 'iphone-abc', media_url: 'https://img.example.com/flood/1.jpg', attributes: { water_depth_cm: '35', road_blocked: 'partly' } });
      const [event] = (await ds.query(`SELECT type, payload FROM case_events WHERE case_id = $1`, [c.id])) as Row[];
      expect(event).toMatchObject({ type: 'report', payload: expect.objectContaining({ channel: 'open311', open311Token: o.token, source: 'citizen_app' }) });

      // GET requests/{id} in both formats
      const one = await both<Row[]>(`requests/${String(answer.service_request_id)}`);
      expect(one.status).toBe(200);
      expect(one.body).toHaveLength(1);
      expect(Object.keys(one.body[0])).toEqual([
        'service_request_id', 'status', 'status_notes', 'service_name', 'service_code', 'description', 'agency_responsible', 'service_notice',
        'requested_datetime', 'updated_datetime', 'expected_datetime', 'address', 'address_id', 'lat', 'long', 'media_url',
      ]);
      expect(one.body[0]).toMatchObject({
        service_request_id: answer.service_request_id,
        status: 'open',
        status_notes: expect.stringContaining('已受理'),
        service_name: '道路积水',
        service_code: 'E0111',
        // the full description as the client sent it
        description: '金沙江路地道积水，车辆无法通行\n第二行说明',
        agency_responsible: expect.stringContaining('长征镇'),
        requested_datetime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/),
        expected_datetime: null,
        address: '金沙江路 1000 号附近',
        address_id: 'jinsha-02',
        lat: IN_JINSHA.lat,
        long: IN_JINSHA.lng,
        media_url: 'https://img.example.com/flood/1.jpg',
      });
      // PII stays inside: no email, phone or name in the public answer
      expect(JSON.stringify(one.body)).not.toMatch(/wang@example|13800001234|王伟/);

      // GET tokens/{token}: the token maps back to the id
      const token = await both<Row[]>(`tokens/${String(o.token)}`);
      expect(token.status).toBe(200);
      expect(token.body).toEqual([{ service_request_id: answer.service_request_id, token: o.token }]);
    });

    it('answers in XML when posted to requests.xml, and takes the key from X-Api-Key too', async () => {
      const form = flooding().filter(([k]) => k !== 'api_key');
      const res = await post('xml', form, { 'x-api-key': 'demo-open311-key' });
      expect(res.status).toBe(201);
      expect(res.contentType).toBe('text/xml; charset=utf-8');
      expect(res.text.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
      const request = ((res.body as Row).service_requests as Row).request as Row;
      expect(request).toMatchObject({ service_request_id: expect.stringMatching(/^CZ-/), account_id: '' });
      expect(request).not.toHaveProperty('token');
    });

    it('takes a multivaluelist as attribute[code][]=v1&attribute[code][]=v2 and a datetime with a timezone', async () => {
      const res = await post('json', [
        ['api_key', 'demo-open311-key'],
        ['service_code', 'E0902'],
        ['lat', String(IN_XINCHENG.lat)],
        ['long', String(IN_XINCHENG.lng)],
        ['attribute[charging_hazards][]', 'window_cable'],
        ['attribute[charging_hazards][]', 'stairwell'],
      ]);
      expect(res.status).toBe(201);
      const [c] = (await ds.query(
        `SELECT c.description, o.attributes FROM cases c JOIN open311_requests o ON o.case_id = c.id WHERE c.number = $1`,
        [(res.body as Row[])[0].service_request_id],
      )) as Row[];
      expect(c.attributes).toEqual({ charging_hazards: ['window_cable', 'stairwell'] });
      expect(c.description).toContain('【充电隐患】从窗口垂下电线、楼道内充电');
      // no description given: the case says what it is
      expect(c.description).toMatch(/^市民通过 Open311 上报：电动自行车飞线充电/);

      const noise = await post('json', [
        ['api_key', 'demo-open311-key'],
        ['service_code', 'E0301'],
        ['lat', String(IN_XINCHENG.lat)],
        ['long', String(IN_XINCHENG.lng)],
        ['attribute[noise_started_at]', '2025-12-01T22:30:00+08:00'],
        ['attribute[site_name]', '长征镇某工地'],
      ]);
      expect(noise.status).toBe(201);
    });

    it('places a report by address_id (a grid-cell code) or by an address_string naming a grid cell', async () => {
      const byId = await post('json', [
        ['api_key', 'demo-open311-key'],
        ['service_code', 'E0104'],
        ['address_id', 'meichuan-04'],
        ['description', '路面油污'],
      ]);
      expect(byId.status).toBe(201);
      const id = String((byId.body as Row[])[0].service_request_id);
      const [c] = (await ds.query(`SELECT grid_cell_code, district_code, address FROM cases WHERE number = $1`, [id])) as Row[];
      expect(c).toMatchObject({ grid_cell_code: 'meichuan-04', district_code: 'meichuan', address: expect.stringContaining('梅川') });
      expect((await both<Row[]>(`requests/${id}`)).body[0]).toMatchObject({ address_id: 'meichuan-04' });

      const byName = await post('json', [
        ['api_key', 'demo-open311-key'],
        ['service_code', 'E0104'],
        ['address_string', '怒江第2网格 菜场门口'],
      ]);
      expect(byName.status).toBe(201);
      const [n] = (await ds.query(`SELECT grid_cell_code FROM cases WHERE number = $1`, [(byName.body as Row[])[0].service_request_id])) as Row[];
      expect(n.grid_cell_code).toBe('nujiang-02');
    });

    it('places an address_string alone when it resolves to one entry of the address library; otherwise 400 lists the candidates', async () => {
      const noPlace = flooding().filter(([k]) => k !== 'lat' && k !== 'long');
      const [lane] = (await ds.query(`SELECT id, lat, lng, grid_cell_code FROM addresses WHERE standard_text = '梅川路1350弄'`)) as Row[];
      const resolved = await post('json', [...noPlace, ['address_string', '梅川 １３５０ 号 小区门口']]);
      expect(resolved.status).toBe(201);
      const [c] = (await ds.query(`SELECT address, lat, lng, grid_cell_code FROM cases WHERE number = $1`, [(resolved.body as Row[])[0].service_request_id])) as Row[];
      expect(c).toEqual({ address: '梅川路1350弄', lat: lane.lat, lng: lane.lng, grid_cell_code: lane.grid_cell_code });

      // 梅川路1300号 and 梅川路1300弄 are both in the library: "梅川路1300" is either, and no case is made
      const before = await caseCount();
      const res = await post('json', [...noPlace, ['address_string', '梅川路1300']]);
      expect(res.status).toBe(400);
      const errors = res.body as unknown as { code: number; description: string }[];
      expect(errors[0]).toMatchObject({ code: 400, description: expect.stringMatching(/could mean more than one address/) });
      const listed = errors.slice(1).map((e) => e.description).join(' | ');
      const ids = (await ds.query(`SELECT id, standard_text FROM addresses WHERE standard_text IN ('梅川路1300号', '梅川路1300弄')`)) as Row[];
      for (const a of ids) expect(listed).toContain(`${a.standard_text} (address_id=${a.id})`);
      expect(await caseCount()).toBe(before);

      // a candidate's address_id places the report at that entry
      const chosen = ids.find((a) => a.standard_text === '梅川路1300号') as Row;
      const byId = await post('xml', [...noPlace, ['address_id', String(chosen.id)]]);
      expect(byId.status).toBe(201);
      const [d] = (await ds.query(`SELECT address FROM cases ORDER BY created_at DESC LIMIT 1`)) as Row[];
      expect(d.address).toBe('梅川路1300号');
      const unknown = await post('json', [...noPlace, ['address_id', '00000000-0000-4000-8000-000000000000']]);
      expect(unknown.status).toBe(400);
      expect(JSON.stringify(unknown.body)).toMatch(/not an entry of 长征镇's address library/);
    });

    it('answers a repeated Idempotency-Key with the first request, by its service_request_id alone', async () => {
      const key = `open311-${randomUUID()}`;
      const first = await post('json', flooding(), { 'idempotency-key': key });
      const again = await post('json', flooding(), { 'idempotency-key': key });
      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect((again.body as Row[])[0]).toEqual((first.body as Row[])[0]);
      expect((again.body as Row[])[0]).not.toHaveProperty('token');
      expect((await ds.query(`SELECT count(*)::int AS n FROM cases WHERE number = $1`, [(first.body as Row[])[0].service_request_id]))[0].n).toBe(1);
    });
  });

  describe('POST errors', () => {
    async function expectPostError(form: [string, string][], status: number, pattern: RegExp, headers?: Record<string, string>) {
      const before = await caseCount();
      for (const format of ['json', 'xml'] as const) {
        const res = await post(format, form, headers);
        expect({ format, status: res.status }).toEqual({ format, status });
        const errors =
          format === 'json'
            ? (res.body as { code: number; description: string }[])
            : ([((res.body as Row).errors as Row).error].flat() as Row[]).map((e) => ({ code: Number(e.code), description: String(e.description) }));
        expect(errors[0].code).toBe(status);
        expect(errors.map((e) => e.description).join(' | ')).toMatch(pattern);
      }
      // a refused request leaves nothing behind
      expect(await caseCount()).toBe(before);
    }
    const without = (name: string) => flooding().filter(([k]) => k !== name);

    it('refuses a missing, unknown, revoked or wrong-scope api_key with 403', async () => {
      await expectPostError(without('api_key'), 403, /api_key was not provided/);
      await expectPostError([...without('api_key'), ['api_key', 'not-a-key']], 403, /invalid api_key/);
      await expectPostError([...without('api_key'), ['api_key', 'demo-iot-key']], 403, /may not create Open311 requests/);
      const admin = await t.login('admin');
      const issued = (await t.request<IssuedApiKey>('POST', '/api/v1/api-keys', { token: admin, body: { name: 'revoked client', scopes: ['open311'] } })).body;
      expect((await post('json', [...without('api_key'), ['api_key', issued.key]])).status).toBe(201);
      await t.request('POST', `/api/v1/api-keys/${issued.id}/revoke`, { token: admin });
      await expectPostError([...without('api_key'), ['api_key', issued.key]], 403, /revoked/);
    });

    it('refuses a missing service_code with 400, an unknown one and a foreign jurisdiction_id with 404', async () => {
      await expectPostError(without('service_code'), 400, /service_code was not provided/);
      await expectPostError([...without('service_code'), ['service_code', 'Z0000']], 404, /service_code Z0000 not found/);
      await expectPostError([...flooding(), ['jurisdiction_id', 'sfgov.org']], 404, /jurisdiction_id sfgov\.org not found/);
    });

    it('refuses a missing or unusable location with 400', async () => {
      const noPlace = flooding().filter(([k]) => k !== 'lat' && k !== 'long');
      await expectPostError(noPlace, 400, /a location is required: lat & long, address_string or address_id/);
      await expectPostError([...noPlace, ['lat', String(IN_JINSHA.lat)]], 400, /lat and long must be sent together/);
      await expectPostError([...noPlace, ['lat', 'north'], ['long', '121.38']], 400, /WGS84 decimal degrees/);
      await expectPostError([...noPlace, ['lat', '39.9'], ['long', '116.4']], 400, /outside 长征镇/);
      await expectPostError([...noPlace, ['address_id', 'pudong-01']], 400, /address_id pudong-01 is not a grid cell/);
      await expectPostError([...noPlace, ['address_string', '上海市某路 1 号']], 400, /matches no address of 长征镇's library/);
    });

    it('checks attributes against the service definition and lists every problem', async () => {
      await expectPostError(without('attribute[water_depth_cm]'), 400, /attribute\[water_depth_cm\] is required/);
      await expectPostError([...without('attribute[water_depth_cm]'), ['attribute[water_depth_cm]', 'deep']], 400, /must be a number/);
      await expectPostError([...without('attribute[water_depth_cm]'), ['attribute[water_depth_cm]', '900']], 400, /between 0 and 200/);
      await expectPostError([...without('attribute[road_blocked]'), ['attribute[road_blocked]', 'maybe']], 400, /has no option "maybe"; the options are no, partly, fully/);
      await expectPostError([...flooding(), ['attribute[road_blocked]', 'fully']], 400, /takes one value/);
      await expectPostError([...flooding(), ['attribute[colour]', 'red']], 400, /attribute\[colour\] is not an attribute of service E0111/);
      await expectPostError([...flooding(), ['attribute[]', 'x']], 400, /attribute\[code\]=value/);
      // several problems at once: every one is listed
      const res = await post('json', [...without('attribute[water_depth_cm]').filter(([k]) => k !== 'attribute[road_blocked]'), ['attribute[road_blocked]', 'maybe']]);
      expect(res.status).toBe(400);
      expect((res.body as Row[]).map((e) => e.description)).toEqual([expect.stringMatching(/water_depth_cm\] is required/), expect.stringMatching(/road_blocked\] has no option/)]);
      // datatypes: datetime needs a timezone, multivaluelist options, whole numbers, strings without line breaks
      const base: [string, string][] = [['api_key', 'demo-open311-key'], ['lat', String(IN_XINCHENG.lat)], ['long', String(IN_XINCHENG.lng)]];
      await expectPostError([...base, ['service_code', 'E0301'], ['attribute[noise_started_at]', '2025-12-01 22:30']], 400, /W3C datetime with a timezone/);
      await expectPostError([...base, ['service_code', 'E0902'], ['attribute[charging_hazards][]', 'window_cable'], ['attribute[charging_hazards][]', 'lava']], 400, /no option "lava"/);
      await expectPostError([...base, ['service_code', 'E0902'], ['attribute[charging_hazards][]', 'stairwell'], ['attribute[charging_hazards][]', 'stairwell']], 400, /same option twice/);
      await expectPostError([...base, ['service_code', 'C0118'], ['attribute[light_fault]', 'dark'], ['attribute[lamp_count]', '2.5']], 400, /whole number/);
      await expectPostError([...base, ['service_code', 'E0505'], ['attribute[road_blocked]', 'no'], ['attribute[plate_number]', '沪A\n12345']], 400, /may not contain line breaks/);
      await expectPostError([...base, ['service_code', 'E0403'], ['attribute[smell_strength]', 'faint'], ['attribute[emergency_notice]', 'hi']], 400, /information only/);
    });

    it('refuses other bad fields with 400', async () => {
      await expectPostError([...flooding(), ['description', 'x'.repeat(4001)]], 400, /description is longer than 4000 characters/);
      await expectPostError([...flooding(), ['description', '<script>alert(1)</script>']], 400, /not HTML/);
      await expectPostError([...flooding(), ['email', 'not-an-email']], 400, /email is not an email address/);
      await expectPostError([...flooding(), ['media_url', 'javascript:alert(1)']], 400, /media_url must be an http\(s\) URL/);
      await expectPostError([...flooding(), ['phone', 'call me maybe']], 400, /phone may hold digits/);
      await expectPostError([...flooding(), ['service_code', 'E0104']], 400, /service_code was given more than once/);
      await expectPostError(flooding(), 400, /Idempotency-Key/, { 'idempotency-key': 'has spaces in it' });
    });

    it('keeps the full 4,000-character description on the request while the case takes what fits', async () => {
      const long = `${'长'.repeat(3000)}尾`;
      const res = await post('json', [...flooding(), ['description', long]]);
      expect(res.status).toBe(201);
      const id = String((res.body as Row[])[0].service_request_id);
      const [c] = (await ds.query(`SELECT description FROM cases WHERE number = $1`, [id])) as { description: string }[];
      expect(c.description.length).toBeLessThanOrEqual(2000);
      expect(c.description).toContain('…\n【积水深度（厘米）】35');
      expect((await both<Row[]>(`requests/${id}`)).body[0].description).toBe(long);
    });

    it('answers 404 for a POST to anything but requests', async () => {
      const res = await raw('POST', '/open311/v2/services.json', { form: flooding() });
      expect(res.status).toBe(404);
      expect(JSON.parse(res.text)).toEqual([{ code: 404, description: expect.stringContaining('requests.json') }]);
    });
  });

  describe('GET service requests', () => {
    let numbers: { open: string; voided: string; closed: string; old: string; hotline: string };

    beforeAll(async () => {
      const make = async (code: string, extra: [string, string][] = []) => {
        const res = await post('json', [['api_key', 'demo-open311-key'], ['service_code', code], ['lat', String(IN_XINCHENG.lat)], ['long', String(IN_XINCHENG.lng)], ...extra]);
        if (res.status !== 201) throw new Error(`post failed: ${res.status} ${res.text}`);
        return String((res.body as Row[])[0].service_request_id);
      };
      const open = await make('E0104', [['description', 'open one']]);
      const voided = await make('E0104', [['description', 'voided one']]);
      const closed = await make('E0104', [['description', 'closed one']]);
      const old = await make('E0104', [['description', 'a hundred days old']]);
      const operator = await t.login('operator');
      const [v] = (await ds.query(`SELECT id FROM cases WHERE number = $1`, [voided])) as { id: string }[];
      expect((await act(t, operator, v.id, 'void', { reasonCode: 'invalid', note: '现场无积水' })).status).toBe(200);
      // the closed loop takes a worker and a day; its end state is what matters here
      await ds.query(`UPDATE cases SET state = 'CLOSED', closed_at = now(), assignee_unit_code = 'shirong' WHERE number = $1`, [closed]);
      await ds.query(`UPDATE cases SET reported_at = now() - interval '100 days' WHERE number = $1`, [old]);
      const hotline = (await createCase(t, operator, { source: 'hotline_12345', description: '12345 工单：私人信息 13900000000' })).number;
      numbers = { open, voided, closed, old, hotline };
    });

    it('maps internal states to open/closed with status_notes, and says when closed means not fixed', async () => {
      const { body } = await both<Row[]>('requests', `?service_request_id=${numbers.open},${numbers.voided},${numbers.closed}`);
      const byId = new Map(body.map((r) => [r.service_request_id, r]));
      expect(byId.get(numbers.open)).toMatchObject({ status: 'open', status_notes: expect.stringContaining('已受理') });
      expect(byId.get(numbers.voided)).toMatchObject({ status: 'closed', status_notes: expect.stringContaining('closed without a fix') });
      expect(byId.get(numbers.closed)).toMatchObject({ status: 'closed', status_notes: expect.stringContaining('已办结'), agency_responsible: expect.stringContaining('市容') });
    });

    it('lists the last 90 days by default, newest first, and never cases of internal channels', async () => {
      const { status, body } = await both<Row[]>('requests');
      expect(status).toBe(200);
      const ids = body.map((r) => r.service_request_id);
      expect(ids).toEqual(expect.arrayContaining([numbers.open, numbers.voided, numbers.closed]));
      expect(ids).not.toContain(numbers.old);
      expect(ids).not.toContain(numbers.hotline);
      const times = body.map((r) => Date.parse(String(r.requested_datetime)));
      expect([...times].sort((a, b) => b - a)).toEqual(times);
      await expectError(`requests/${numbers.hotline}`, '', 404, /not found/);
    });

    it('filters by service_request_id (overriding the rest), service_code and status', async () => {
      const listed = await both<Row[]>('requests', `?service_request_id=${numbers.old},CZ-20000101-0001,nonsense&status=open&service_code=E0111`);
      expect(listed.body.map((r) => r.service_request_id)).toEqual([numbers.old]);
      const none = await both<Row[]>('requests', '?service_request_id=nonsense');
      expect(none.body).toEqual([]);
      expect(Object.keys(none.xml)).toEqual(['service_requests']);

      const open = (await both<Row[]>('requests', '?status=open&service_code=E0104')).body;
      expect(open.every((r) => r.status === 'open' && r.service_code === 'E0104')).toBe(true);
      expect(open.map((r) => r.service_request_id)).toContain(numbers.open);
      const closed = (await both<Row[]>('requests', '?status=closed')).body.map((r) => r.service_request_id);
      expect(closed).toEqual(expect.arrayContaining([numbers.voided, numbers.closed]));
      expect(closed).not.toContain(numbers.open);
      const all = (await both<Row[]>('requests', '?status=open,closed&service_code=E0104,E0111')).body.map((r) => r.service_request_id);
      expect(all).toEqual(expect.arrayContaining([numbers.open, numbers.voided]));
      expect((await both<Row[]>('requests', '?service_code=E0111')).body.every((r) => r.service_code === 'E0111')).toBe(true);
    });

    it('searches a start_date/end_date window of at most 90 days', async () => {
      const at = (days: number) => encodeURIComponent(new Date(Date.now() - days * 24 * 3600_000).toISOString());
      const old = (await both<Row[]>('requests', `?start_date=${at(120)}&end_date=${at(60)}`)).body.map((r) => r.service_request_id);
      expect(old).toContain(numbers.old);
      expect(old).not.toContain(numbers.open);
      // one bound: 90 days from it
      expect((await both<Row[]>('requests', `?start_date=${at(101)}`)).body.map((r) => r.service_request_id)).toContain(numbers.old);
      expect((await both<Row[]>('requests', `?end_date=${at(99)}`)).body.map((r) => r.service_request_id)).toEqual([numbers.old]);
      // a +08:00 offset counts like Z
      const local = (await both<Row[]>('requests', `?start_date=${encodeURIComponent('2000-01-01T08:00:00+08:00')}&end_date=2000-01-02T00:00:00Z`)).body;
      expect(local).toEqual([]);
    });

    it('refuses bad dates, statuses, service codes and jurisdictions in the spec format', async () => {
      await expectError('requests', '?start_date=yesterday', 400, /start_date must be a W3C datetime with a timezone/);
      await expectError('requests', '?end_date=2025-12-01', 400, /end_date must be a W3C datetime/);
      await expectError('requests', '?start_date=2025-02-30T00:00:00Z', 400, /start_date must be a W3C datetime/);
      await expectError('requests', '?start_date=2025-06-01T00:00:00Z&end_date=2025-05-01T00:00:00Z', 400, /end_date is before start_date/);
      await expectError('requests', '?start_date=2025-01-01T00:00:00Z&end_date=2025-06-01T00:00:00Z', 400, /may not span more than 90 days/);
      await expectError('requests', '?status=pending', 400, /status must be open, closed/);
      await expectError('requests', '?service_code=Q1234', 400, /service_code Q1234 is not a service/);
      await expectError('requests', '?jurisdiction_id=nyc.gov', 404, /jurisdiction_id nyc\.gov not found/);
      await expectError('requests', '?start_date=2025-01-01T00:00:00Z&start_date=2025-01-02T00:00:00Z', 400, /given more than once/);
    });

    it('answers 404 for an unknown request id or token', async () => {
      await expectError('requests/CZ-20000101-0001', '', 404, /service_request_id CZ-20000101-0001 not found/);
      await expectError('requests/whatever', '', 404, /not found/);
      await expectError(`tokens/${randomUUID()}`, '', 404, /token .* not found/);
      await expectError('tokens/abc', '', 404, /not found/);
      await expectError('requests/CZ-20000101-0001', `?jurisdiction_id=other.gov`, 404, /jurisdiction_id/);
    });

    it('returns at most 1,000 requests', async () => {
      const [src] = (await ds.query(`SELECT id FROM cases WHERE number = $1`, [numbers.open])) as { id: string }[];
      await ds.query(
        `INSERT INTO cases SELECT (jsonb_populate_record(NULL::cases, to_jsonb(c) || jsonb_build_object('id', gen_random_uuid(), 'number', 'CZ-20990101-' || lpad(g::text, 4, '0')))).*
         FROM cases c, generate_series(1, 1005) g WHERE c.id = $1`,
        [src.id],
      );
      const { body } = await both<Row[]>('requests');
      expect(body).toHaveLength(1000);
      await ds.query(`DELETE FROM cases WHERE number LIKE 'CZ-20990101-%'`);
    });

    it("returns the citizen's own photo (the one their report brought) as media_url when no media_url was posted", async () => {
      const [c] = (await ds.query(`SELECT id FROM cases WHERE number = $1`, [numbers.open])) as { id: string }[];
      const photo = randomUUID();
      await ds.query(
        `INSERT INTO attachments (id, case_id, event_seq, kind, mime, size, width, height, sha256, original_name, storage_key, thumb_key, uploaded_by, uploader_name, created_at, attached_at)
         VALUES ($1, $2, (SELECT seq FROM case_events WHERE case_id = $2 AND type = 'report'), 'report', 'image/jpeg', 1000, 10, 10, repeat('a', 64), 'x.jpg', $3, $4, 'key:test', 'test', now(), now())`,
        [photo, c.id, `k/${photo}`, `t/${photo}`],
      );
      const { body } = await both<Row[]>(`requests/${numbers.open}`);
      expect(body[0].media_url).toMatch(new RegExp(`^${t.config.PUBLIC_BASE_URL}/api/v1/attachments/${photo}\\?exp=\\d+&sig=`));
    });
  });

  describe('form bodies', () => {
    it('refuses a form field named __proto__ and keeps the JSON API as it was', async () => {
      const poisoned = await raw('POST', '/open311/v2/requests.json', { form: [...flooding(), ['__proto__', 'x']] });
      expect(poisoned.status).toBe(400);
      expect((await t.request('POST', '/api/v1/auth/login', { body: { username: 'admin', password: 'gridops-demo' } })).status).toBe(200);
    });

    it('decodes + and percent-encoded UTF-8 in form values', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/open311/v2/requests.json',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `api_key=demo-open311-key&service_code=E0104&address_id=jinsha-01&description=${encodeURIComponent('路面 油污').replace('%20', '+')}`,
      });
      expect(res.statusCode).toBe(201);
      const id = String((JSON.parse(res.body) as Row[])[0].service_request_id);
      expect((await both<Row[]>(`requests/${id}`)).body[0].description).toBe('路面 油污');
    });
  });
});
