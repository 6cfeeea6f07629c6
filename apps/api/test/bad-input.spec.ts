import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { CaseDetail, CaseView, CreateReportRequest, ErrorBody, Me } from '@gridops/contracts';
import { startTestApp, type Answer, type TestApp } from './support/test-app';
import { createCase, must, reportBody, sampleInteriorPoint } from './support/fixtures';
import { addSearchTexts } from './support/seed-cases';

/**
 * Malformed, hostile and unauthorised requests: every one is refused with a 4xx (never a 500) in the one error shape
 * `{ error: { code, message, details? } }`, leaks no stack trace, and writes nothing to cases, case_events or outbox.
 * Hostile-looking but valid text (SQL, <script>) is stored verbatim and returned as JSON.
 */
describe('bad input over HTTP', () => {
  let t: TestApp;
  let ds: DataSource;
  let operator: string, lead: string, worker: string, unit: string;
  /** a REPORTED case (version 1) and one waiting for dispatch, for the action refusals */
  let reported: CaseDetail;
  let pendingDispatch: CaseDetail;
  let workerId: string;

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.app.get(DataSource);
    [operator, lead, worker, unit] = await Promise.all(['operator', 'lead', 'worker.xincheng', 'unit.shirong'].map((u) => t.login(u)));
    reported = await createCase(t, operator, { location: sampleInteriorPoint('xincheng-01') });
    pendingDispatch = await createCase(t, operator, { location: sampleInteriorPoint('xincheng-02') });
    await must(t, operator, pendingDispatch.id, 'register');
    pendingDispatch = (await must(t, lead, pendingDispatch.id, 'file')).case;
    expect(pendingDispatch.state).toBe('PENDING_DISPATCH');
    workerId = (await t.request<Me>('GET', '/api/v1/auth/me', { token: worker })).body.id;
  });
  afterAll(() => t.close());

  interface Counts {
    cases: number;
    events: number;
    outbox: number;
  }
  const counts = async (): Promise<Counts> => {
    const [row] = (await ds.query(
      `SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM case_events)::int AS events, (SELECT count(*) FROM outbox)::int AS outbox`,
    )) as Counts[];
    return row;
  };

  /** The one error shape, a 4xx, and nothing that looks like a stack trace or a server path. */
  function expectRefusal(res: Answer, status: number | number[], code?: string): void {
    const allowed = Array.isArray(status) ? status : [status];
    if (!allowed.includes(res.status)) throw new Error(`expected status ${allowed.join(' or ')}, got ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
    const body = res.body as ErrorBody;
    expect(Object.keys(body)).toEqual(['error']);
    expect(typeof body.error.code).toBe('string');
    expect(body.error.code.length).toBeGreaterThan(0);
    expect(typeof body.error.message).toBe('string');
    expect(body.error.message.length).toBeGreaterThan(0);
    if (code) expect(body.error.code).toBe(code);
    const text = JSON.stringify(body);
    expect(text).not.toMatch(/\bat \S+ \(|\bat (?:async )?\/|\.[cm]?[jt]s:\d+|\/work\/|node_modules|\/src\/|\bstack\b|QueryFailedError|TypeORMError/i);
  }

  const JSON_TYPE = { 'content-type': 'application/json' };
  const reports = (opts: Parameters<TestApp['request']>[2] = {}) => t.request('POST', '/api/v1/reports', { token: operator, ...opts });
  const report = (overrides: Record<string, unknown>, headers?: Record<string, string>) =>
    reports({ body: { ...reportBody(), ...overrides }, headers });
  const rawReport = (text: string) => reports({ rawBody: text, headers: JSON_TYPE });
  const reportWithout = (field: keyof CreateReportRequest) => {
    const body: Record<string, unknown> = { ...reportBody() };
    delete body[field];
    return reports({ body });
  };
  /** a valid report's JSON with one literal replaced, for numbers JSON.stringify cannot write (1e999, NaN) */
  const validJson = JSON.stringify(reportBody({ location: { lat: 31.245, lng: 121.38 } }));
  const actionOn = (id: string, action: string, body: unknown, token = operator) =>
    t.request<CaseView>('POST', `/api/v1/cases/${id}/actions/${action}`, { token, body });
  const list = (query: string) => t.request('GET', `/api/v1/cases?${query}`, { token: operator });
  const login = (body: unknown) => t.request('POST', '/api/v1/auth/login', { body });
  const b64url = (s: string) => Buffer.from(s).toString('base64url');

  interface BadRequestCase {
    name: string;
    send: () => Promise<Answer>;
    status: number | number[];
    code?: string;
  }

  const cases: BadRequestCase[] = [
    // ---- POST /reports: the body is not a JSON object
    { name: 'report: invalid JSON', send: () => rawReport('{"source": "hotline_12345", "description": '), status: 400 },
    { name: 'report: JSON with a trailing comma', send: () => rawReport('{"source": "hotline_12345",}'), status: 400 },
    { name: 'report: a JSON array instead of an object', send: () => reports({ body: [reportBody()] }), status: 400 },
    { name: 'report: a JSON string instead of an object', send: () => reports({ body: 'exposed rubbish at the gate' }), status: 400 },
    { name: 'report: a JSON number instead of an object', send: () => rawReport('42'), status: 400 },
    { name: 'report: JSON null', send: () => rawReport('null'), status: 400 },
    { name: 'report: empty body with a JSON content type', send: () => rawReport(''), status: 400 },
    { name: 'report: no body at all', send: () => reports(), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'report: a JSON body sent as text/plain', send: () => reports({ rawBody: validJson, headers: { 'content-type': 'text/plain' } }), status: [400, 415] },
    { name: 'report: __proto__ key (prototype poisoning)', send: () => rawReport(validJson.replace('{', '{"__proto__":{"isAdmin":true},')), status: 400 },
    { name: 'report: constructor.prototype key', send: () => rawReport(validJson.replace('{', '{"constructor":{"prototype":{"isAdmin":true}},')), status: 400 },
    { name: 'report: deeply nested arrays', send: () => rawReport('['.repeat(50_000) + ']'.repeat(50_000)), status: 400 },
    // ---- wrong types
    { name: 'report: lat as a string', send: () => report({ location: { lat: '31.245', lng: 121.38 } }), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'report: description as a number', send: () => report({ description: 12345 }), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'report: unknown source', send: () => report({ source: 'carrier_pigeon' }), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'report: location as a string', send: () => report({ location: '31.245,121.38' }), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'report: reporter as an array', send: () => report({ reporter: ['王先生', '13800001234'] }), status: 400, code: 'VALIDATION_FAILED' },
    // ---- missing required fields
    { name: 'report: missing source', send: () => reportWithout('source'), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'report: missing categoryCode', send: () => reportWithout('categoryCode'), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'report: missing description', send: () => reportWithout('description'), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'report: missing location', send: () => reportWithout('location'), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'report: location without lng', send: () => report({ location: { lat: 31.245 } }), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'report: empty object', send: () => reports({ body: {} }), status: 400, code: 'VALIDATION_FAILED' },
    // ---- sizes
    { name: 'report: description of whitespace only', send: () => report({ description: ' \n\t\u3000 ' }), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'report: description of 2,001 characters', send: () => report({ description: 'x'.repeat(2001) }), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'report: description of 2,001 CJK characters', send: () => report({ description: '垃'.repeat(2001) }), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'report: description of 1 MB (under the body limit)', send: () => report({ description: 'x'.repeat(1_000_000) }), status: [400, 413] },
    { name: 'report: body over 1 MiB', send: () => report({ description: 'x'.repeat(1024 * 1024 + 1) }), status: 413, code: 'PAYLOAD_TOO_LARGE' },
    { name: 'report: body over 1 MiB of CJK text (3 bytes a character)', send: () => report({ description: '垃'.repeat(400_000) }), status: 413 },
    { name: 'report: reporter name of 51 characters', send: () => report({ reporter: { name: '王'.repeat(51) } }), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'report: address of 201 characters', send: () => report({ address: 'a'.repeat(201) }), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'report: phone with letters', send: () => report({ reporter: { phone: '138-CALL-ME' } }), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'report: phone of 31 digits', send: () => report({ reporter: { phone: '1'.repeat(31) } }), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'report: occurredAt not an ISO instant', send: () => report({ occurredAt: 'yesterday' }), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'report: occurredAt without an offset', send: () => report({ occurredAt: '2025-03-01T10:00:00' }), status: 400, code: 'VALIDATION_FAILED' },
    // ---- coordinates
    { name: 'report: lat 91', send: () => report({ location: { lat: 91, lng: 121.38 } }), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'report: lat -90.5', send: () => report({ location: { lat: -90.5, lng: 121.38 } }), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'report: lng -181', send: () => report({ location: { lat: 31.245, lng: -181 } }), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'report: lat 1e999 (Infinity after parsing)', send: () => rawReport(validJson.replace('31.245', '1e999')), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'report: lng -1e999 (-Infinity after parsing)', send: () => rawReport(validJson.replace('121.38', '-1e999')), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'report: lat NaN literal', send: () => rawReport(validJson.replace('31.245', 'NaN')), status: 400 },
    { name: 'report: lat Infinity literal', send: () => rawReport(validJson.replace('31.245', 'Infinity')), status: 400 },
    { name: 'report: lat null', send: () => report({ location: { lat: null, lng: 121.38 } }), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'report: a point outside the town (31.0, 121.0)', send: () => report({ location: { lat: 31.0, lng: 121.0 } }), status: 422, code: 'OUTSIDE_TOWN' },
    { name: 'report: (0, 0)', send: () => report({ location: { lat: 0, lng: 0 } }), status: 422, code: 'OUTSIDE_TOWN' },
    // ---- categories
    { name: 'report: unknown category E9999', send: () => report({ categoryCode: 'E9999' }), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'report: malformed category "rubbish"', send: () => report({ categoryCode: 'rubbish' }), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'report: lower-case category e0102', send: () => report({ categoryCode: 'e0102' }), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'report: SQL in categoryCode', send: () => report({ categoryCode: "E0102' OR '1'='1" }), status: 400, code: 'VALIDATION_FAILED' },
    // ---- strict schemas
    { name: 'report: unknown top-level field', send: () => report({ priority: 'P0' }), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'report: unknown field in location', send: () => report({ location: { lat: 31.245, lng: 121.38, alt: 4 } }), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'report: unknown field in reporter', send: () => report({ reporter: { name: '王先生', idCard: '310000199001011234' } }), status: 400, code: 'VALIDATION_FAILED' },
    // ---- Idempotency-Key (the body is valid: without the key check a case would be written)
    { name: 'report: Idempotency-Key of 129 characters', send: () => report({}, { 'idempotency-key': 'k'.repeat(129) }), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'report: Idempotency-Key with spaces', send: () => report({}, { 'idempotency-key': 'my key 1' }), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'report: empty Idempotency-Key', send: () => report({}, { 'idempotency-key': '' }), status: 400, code: 'VALIDATION_FAILED' },
    // ---- who may report
    { name: 'report: no token', send: () => t.request('POST', '/api/v1/reports', { body: reportBody() }), status: 401, code: 'UNAUTHORIZED' },
    { name: 'report: a forged token', send: () => t.request('POST', '/api/v1/reports', { token: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.', body: reportBody() }), status: 401, code: 'UNAUTHORIZED' },
    { name: 'report: by unit staff (not a reporting role)', send: () => t.request('POST', '/api/v1/reports', { token: unit, body: reportBody() }), status: 403, code: 'FORBIDDEN' },
    {
      name: "report: by a grid worker outside their own 片区",
      send: () => t.request('POST', '/api/v1/reports', { token: worker, body: reportBody({ location: sampleInteriorPoint('jinsha-01') }) }),
      status: 403,
      code: 'FORBIDDEN',
    },

    // ---- POST /cases/:id/actions/:action
    { name: 'action: unknown action name', send: () => actionOn(reported.id, 'explode', { version: 1 }), status: 404, code: 'NOT_FOUND' },
    { name: 'action: a 100-character action name', send: () => actionOn(reported.id, 'x'.repeat(100), { version: 1 }), status: 404, code: 'NOT_FOUND' },
    { name: 'action: non-uuid case id', send: () => actionOn('not-a-uuid', 'register', { version: 1 }), status: 404, code: 'NOT_FOUND' },
    { name: 'action: SQL as the case id', send: () => actionOn(encodeURIComponent("1' OR '1'='1"), 'register', { version: 1 }), status: 404, code: 'NOT_FOUND' },
    { name: 'action: a well-formed but unknown case id', send: () => actionOn('00000000-0000-4000-8000-000000000000', 'register', { version: 1 }), status: 404, code: 'NOT_FOUND' },
    { name: 'action: version missing', send: () => actionOn(reported.id, 'register', { note: 'ok' }), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'action: version negative', send: () => actionOn(reported.id, 'register', { version: -1 }), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'action: version as a string', send: () => actionOn(reported.id, 'register', { version: '1' }), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'action: version 1.5', send: () => actionOn(reported.id, 'register', { version: 1.5 }), status: 400, code: 'VALIDATION_FAILED' },
    {
      name: 'action: version 1e999',
      send: () => t.request('POST', `/api/v1/cases/${reported.id}/actions/register`, { token: operator, rawBody: '{"version": 1e999}', headers: JSON_TYPE }),
      status: 400,
      code: 'VALIDATION_FAILED',
    },
    { name: 'action: no body', send: () => t.request('POST', `/api/v1/cases/${reported.id}/actions/register`, { token: operator }), status: 400 },
    { name: 'action: body is an array', send: () => actionOn(reported.id, 'register', [{ version: 1 }]), status: 400, code: 'VALIDATION_FAILED' },
    {
      name: 'action: invalid JSON',
      send: () => t.request('POST', `/api/v1/cases/${reported.id}/actions/register`, { token: operator, rawBody: '{"version": 1', headers: JSON_TYPE }),
      status: 400,
    },
    { name: 'action: a field this action does not take', send: () => actionOn(reported.id, 'register', { version: 1, priority: 'P0' }), status: 400, code: 'VALIDATION_FAILED' },
    {
      name: 'action: dispatch with both userId and unitCode',
      send: () => actionOn(pendingDispatch.id, 'dispatch', { version: pendingDispatch.version, assignee: { userId: workerId, unitCode: 'shirong' } }),
      status: 400,
      code: 'VALIDATION_FAILED',
    },
    { name: 'action: dispatch with an empty assignee', send: () => actionOn(pendingDispatch.id, 'dispatch', { version: pendingDispatch.version, assignee: {} }), status: 400, code: 'VALIDATION_FAILED' },
    {
      name: 'action: dispatch to a non-uuid userId',
      send: () => actionOn(pendingDispatch.id, 'dispatch', { version: pendingDispatch.version, assignee: { userId: 'worker.xincheng' } }),
      status: 400,
      code: 'VALIDATION_FAILED',
    },
    { name: 'action: dueAt not ISO', send: () => actionOn(reported.id, 'request-extension', { version: 1, dueAt: 'next Friday', note: '需协调' }), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'action: void with a reasonCode not in the list', send: () => actionOn(reported.id, 'void', { version: 1, reasonCode: 'because' }), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'action: void without a reasonCode', send: () => actionOn(reported.id, 'void', { version: 1 }), status: 400, code: 'VALIDATION_FAILED' },
    {
      name: 'action: request-return with a reasonCode not in the list',
      send: () => actionOn(reported.id, 'request-return', { version: 1, reasonCode: 'too_busy' }),
      status: 400,
      code: 'VALIDATION_FAILED',
    },
    { name: 'action: note of 2,001 characters', send: () => actionOn(reported.id, 'register', { version: 1, note: 'n'.repeat(2001) }), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'action: 10 photos', send: () => actionOn(reported.id, 'comment', { version: 1, note: 'x', attachmentIds: Array.from({ length: 10 }, () => randomUUID()) }), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'action: a photo that is not an id', send: () => actionOn(reported.id, 'comment', { version: 1, note: 'x', attachmentIds: ['after.jpg'] }), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'action: a photo nobody uploaded', send: () => actionOn(reported.id, 'comment', { version: 1, note: 'x', attachmentIds: [randomUUID()] }), status: 422, code: 'INVALID_ATTACHMENT' },
    { name: 'action: stale version', send: () => actionOn(reported.id, 'register', { version: 0 }), status: 409, code: 'CONFLICT' },
    { name: 'action: wrong state (close a REPORTED case)', send: () => actionOn(reported.id, 'close', { version: 1 }, lead), status: 422, code: 'INVALID_STATE' },
    { name: 'action: no token', send: () => t.request('POST', `/api/v1/cases/${reported.id}/actions/register`, { body: { version: 1 } }), status: 401, code: 'UNAUTHORIZED' },

    // ---- GET /cases filters (reads, but they must not write either)
    { name: 'list: state=NOPE', send: () => list('state=NOPE'), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'list: state given twice', send: () => list('state=REPORTED&state=CLOSED'), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'list: limit=0', send: () => list('limit=0'), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'list: limit=100000', send: () => list('limit=100000'), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'list: limit=abc', send: () => list('limit=abc'), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'list: limit=1.5', send: () => list('limit=1.5'), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'list: a cursor that is not base64 of ours', send: () => list('cursor=garbage'), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'list: a cursor of 201 characters', send: () => list(`cursor=${'a'.repeat(201)}`), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'list: a cursor with a date that is not one', send: () => list(`cursor=${b64url(`soon|${reported.id}`)}`), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'list: unknown query parameter', send: () => list('foo=1'), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'list: from not ISO', send: () => list('from=yesterday'), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'list: assignee not a uuid', send: () => list('assignee=worker.xincheng'), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'list: open=maybe', send: () => list('open=maybe'), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'list: unknown district', send: () => list('district=atlantis'), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'list: malformed grid code', send: () => list('grid=XINCHENG-1'), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'list: q of 101 characters', send: () => list(`q=${'q'.repeat(101)}`), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'get: non-uuid case id', send: () => t.request('GET', '/api/v1/cases/not-a-uuid', { token: operator }), status: 404, code: 'NOT_FOUND' },
    { name: 'grid cells: unknown district', send: () => t.request('GET', '/api/v1/grid-cells?district=atlantis', { token: operator }), status: 400, code: 'VALIDATION_FAILED' },

    // ---- POST /auth/login: 10 failed sign-ins a minute per address, and every request here comes from the same one.
    // This suite fails 2 (the wrong-password test); refused input is not a sign-in attempt.
    { name: 'login: password missing', send: () => login({ username: 'operator' }), status: 400, code: 'VALIDATION_FAILED' },
    { name: 'login: an unknown extra field', send: () => login({ username: 'operator', password: 'gridops-demo', role: 'admin' }), status: 400, code: 'VALIDATION_FAILED' },
  ];

  it.each(cases.map((c) => [c.name, c] as const))('refuses %s with a 4xx in the one error shape, writing nothing', async (_name, c) => {
    const before = await counts();
    const res = await c.send();
    expectRefusal(res, c.status, c.code);
    expect(await counts()).toEqual(before);
  });

  it('has at least 25 malformed requests', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  it('answers a wrong password and an unknown user alike: 401 with the same code and message', async () => {
    const before = await counts();
    const wrongPassword = await login({ username: 'operator', password: 'not-the-password' });
    const unknownUser = await login({ username: 'nobody.at.all', password: 'not-the-password' });
    expectRefusal(wrongPassword, 401, 'UNAUTHORIZED');
    expectRefusal(unknownUser, 401, 'UNAUTHORIZED');
    expect(unknownUser.body).toEqual(wrongPassword.body);
    expect(await counts()).toEqual(before);
  });

  describe('hostile but valid text', () => {
    const sql = "'; DROP TABLE cases; --";
    const script = '<script>alert(1)</script>';

    const tablesExist = async () => {
      const [row] = (await ds.query(
        `SELECT to_regclass('public.cases') IS NOT NULL AS cases, to_regclass('public.case_events') IS NOT NULL AS events,
                to_regclass('public.outbox') IS NOT NULL AS outbox`,
      )) as { cases: boolean; events: boolean; outbox: boolean }[];
      return row;
    };

    it('stores SQL-looking text verbatim (201), and every table is still there', async () => {
      const before = await counts();
      const description = `${sql} 门口垃圾 ${sql}`;
      const address = `1 Robert'); DROP TABLE case_events;-- Rd`;
      const res = await t.request<CaseDetail>('POST', '/api/v1/reports', { token: operator, body: reportBody({ description, address }) });
      expect(res.status).toBe(201);
      expect(res.body.description).toBe(description);
      expect(res.body.address).toBe(address);

      expect(await tablesExist()).toEqual({ cases: true, events: true, outbox: true });
      const rows = (await ds.query('SELECT description, address FROM cases WHERE id = $1', [res.body.id])) as { description: string; address: string }[];
      expect(rows).toEqual([{ description, address }]);
      expect(await counts()).toEqual({ cases: before.cases + 1, events: before.events + 1, outbox: before.outbox + 1 });
    });

    it('searches for SQL-looking text as text (200), and every table is still there', async () => {
      await addSearchTexts(t.db.ownerUrl); // the reported cases' texts, as the relay (not running here) adds them
      const before = await counts();
      const res = await t.request<{ items: CaseDetail[] }>('GET', `/api/v1/cases?q=${encodeURIComponent(sql)}`, { token: operator });
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeGreaterThan(0);
      expect(res.body.items.every((c) => c.description.includes(sql))).toBe(true);
      const wildcard = await t.request<{ items: CaseDetail[] }>('GET', `/api/v1/cases?q=${encodeURIComponent('%_%')}`, { token: operator });
      expect(wildcard.status).toBe(200);
      expect(wildcard.body.items).toEqual([]); // LIKE wildcards are escaped, not interpreted
      expect(await tablesExist()).toEqual({ cases: true, events: true, outbox: true });
      expect(await counts()).toEqual(before);
    });

    it('stores <script> verbatim and returns it as JSON text, never as HTML', async () => {
      const description = `${script} 井盖缺失 <img src=x onerror=alert(2)>`;
      const created = await t.request<CaseDetail>('POST', '/api/v1/reports', {
        token: operator,
        body: reportBody({ description, reporter: { name: '<b>王</b>', phone: '13800001234' } }),
      });
      expect(created.status).toBe(201);
      expect(String(created.headers['content-type'])).toMatch(/^application\/json/);
      expect(created.body.description).toBe(description);

      const rows = (await ds.query('SELECT description, reporter_name FROM cases WHERE id = $1', [created.body.id])) as { description: string; reporter_name: string }[];
      expect(rows).toEqual([{ description, reporter_name: '<b>王</b>' }]);

      const read = await t.request<CaseView>('GET', `/api/v1/cases/${created.body.id}`, { token: operator });
      expect(read.status).toBe(200);
      expect(String(read.headers['content-type'])).toMatch(/^application\/json/);
      expect(read.headers['x-content-type-options']).toBe('nosniff');
      expect(typeof read.body).toBe('object'); // parsed as JSON, not left as text/html
      expect(read.body.case.description).toBe(description);
      expect(read.body.case.reporter?.name).toBe('<b>王</b>');
    });

    it('accepts the limits themselves: a description of exactly 2,000 characters and a 128-character Idempotency-Key', async () => {
      const description = '垃'.repeat(2000);
      const key = `${'~!'.repeat(63)}Zz`;
      expect(key).toHaveLength(128);
      const res = await t.request<CaseDetail>('POST', '/api/v1/reports', { token: operator, body: reportBody({ description }), headers: { 'idempotency-key': key } });
      expect(res.status).toBe(201);
      expect(res.body.description).toBe(description);
    });
  });

  /**
   * Inputs that once reached Postgres (500) or Fastify's router (its own error body), kept as regression tests.
   */
  describe('regressions: inputs that must not reach Postgres or escape the error shape', () => {
    const refusedWithoutWrites = async (send: () => Promise<Answer>, status: number | number[]) => {
      const before = await counts();
      const res = await send();
      expect(await counts()).toEqual(before);
      expectRefusal(res, status);
    };

    it('report: a NUL character (\\u0000) in the description → 400', () =>
      refusedWithoutWrites(() => report({ description: 'before\u0000after' }), 400));

    it('list: a NUL character in q → 400', () => refusedWithoutWrites(() => list('q=a%00b'), 400));

    it('list: a cursor whose id is 36 dashes → 400', () =>
      refusedWithoutWrites(() => list(`cursor=${b64url('2025-01-01T00:00:00.000Z|------------------------------------')}`), 400));

    it('list: a cursor dated in year -100000 (a valid JS Date, out of Postgres range) → 400', () =>
      refusedWithoutWrites(() => list(`cursor=${b64url(`-100000-01-01T00:00:00.000Z|${reported.id}`)}`), 400));

    it('action: an action name over 100 characters → 414 in the one error shape', () =>
      refusedWithoutWrites(() => actionOn(reported.id, 'x'.repeat(101), { version: 1 }), [404, 414]));

    it('get: a malformed percent-encoding in the path → 400 in the one error shape', () =>
      refusedWithoutWrites(() => t.request('GET', '/api/v1/cases/%E0%A4%A', { token: operator }), [400, 404]));

    it('login: a NUL character in the username → 400 or 401', () =>
      refusedWithoutWrites(() => login({ username: 'oper\u0000ator', password: 'x' }), [400, 401]));
  });
});
