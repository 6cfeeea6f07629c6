import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { io } from 'socket.io-client';
import { DataSource } from 'typeorm';
import type { CaseView, ErrorBody, GeographyApplyResult, GeographyDryRunReport, GeographyVersionsView, GridCellView } from '@gridops/contracts';
import { wgs84ToGcj02, type Position } from '@gridops/domain';
import { TownGeographyService, seedTown } from '@gridops/server';
import { waitFor } from '@gridops/server-testing';
import { createApp } from '../src/bootstrap/create-app';
import { createCase, sampleInteriorPoint } from './support/fixtures';
import { startTestApp, type Answer, type TestApp } from './support/test-app';
import { postMultipart, type Part } from './support/uploads';

/**
 * The v2 map (fixtures/geography/changzheng-v2.geojson): the seed's four 片区 and twelve of its cells, with 新城's
 * four cells (xincheng-01…04) replaced by two, xincheng-11 (west: the old 01 and 03) and xincheng-12 (east: 02, 04).
 */
const V2 = readFileSync(join(__dirname, 'fixtures/geography/changzheng-v2.geojson'));
type FeatureCollection = { type: string; features: { type: string; properties: Record<string, string>; geometry: { type: string; coordinates: Position[][] } }[] };
const v2 = (): FeatureCollection => JSON.parse(V2.toString('utf8')) as FeatureCollection;

describe('the town geography import (admin)', () => {
  let t: TestApp;
  let ds: DataSource;
  let admin: string, operator: string, lead: string;
  let other: NestFastifyApplication;

  beforeAll(async () => {
    t = await startTestApp({ worker: true, env: { GEOGRAPHY_IMPORT_MAX_BYTES: String(64 * 1024) } });
    ds = t.app.get(DataSource);
    [admin, operator, lead] = await Promise.all(['admin', 'operator', 'lead'].map((u) => t.login(u)));
    // a second api on the same database and Redis: a new map must reach it too
    other = await createApp(t.config);
  });
  afterAll(async () => {
    await other?.close();
    await t.close();
  });

  const upload = <T>(path: 'dry-run' | 'apply', data: Buffer, fields: Record<string, string> = {}, token: string | null = admin, name = 'changzheng-v2.geojson') => {
    const parts: Part[] = [...Object.entries(fields).map(([k, value]) => ({ name: k, value })), { name: 'file', filename: name, contentType: 'application/geo+json', data }];
    return postMultipart<T & ErrorBody>(t, `/api/v1/admin/geography/${path}`, token ?? undefined, parts);
  };
  const json = (value: unknown) => Buffer.from(JSON.stringify(value));
  const expectError = (res: Answer<unknown>, status: number, code: string, message?: RegExp) => {
    expect({ status: res.status, code: (res.body as ErrorBody).error?.code }).toEqual({ status, code });
    if (message) expect((res.body as ErrorBody).error.message).toMatch(message);
  };
  const cellOfCase = async (id: string) => ((await ds.query(`SELECT grid_cell_code FROM cases WHERE id = $1`, [id])) as { grid_cell_code: string }[])[0].grid_cell_code;
  const cells = async () => (await ds.query(`SELECT code, retired_version, geography_version FROM grid_cells ORDER BY code`)) as { code: string; retired_version: number | null; geography_version: number | null }[];
  /** a point in the old xincheng-01 (north-west), which is in the new xincheng-11 */
  const northWest = sampleInteriorPoint('xincheng-01');

  describe('who may and what is refused', () => {
    it('is for admins only', async () => {
      for (const token of [operator, lead]) {
        expectError(await upload('dry-run', V2, {}, token), 403, 'FORBIDDEN');
        expectError(await upload('apply', V2, { checksum: '0'.repeat(64) }, token), 403, 'FORBIDDEN');
        expect((await t.request('GET', '/api/v1/admin/geography/versions', { token })).status).toBe(403);
      }
      expect((await upload('dry-run', V2, {}, null)).status).toBe(401);
      expect((await t.request('GET', '/api/v1/admin/geography/versions')).status).toBe(401);
    });

    it('refuses what is not a geography file with a clear 4xx', async () => {
      expectError(await upload('dry-run', Buffer.from('code,name\nx,y\n'), {}, admin, 'cells.csv'), 400, 'VALIDATION_FAILED', /not GeoJSON/);
      expectError(await upload('dry-run', Buffer.from([0xff, 0xfe, 0x00, 0x41])), 400, 'VALIDATION_FAILED', /not UTF-8/);
      expectError(await upload('dry-run', json({ type: 'Feature', geometry: null, properties: {} })), 400, 'VALIDATION_FAILED', /FeatureCollection/);
      expectError(await upload('dry-run', json({ type: 'FeatureCollection', features: [] })), 400, 'VALIDATION_FAILED', /no features/);
      // a projected CRS (Web Mercator metres), named as old GeoJSON did
      expectError(await upload('dry-run', json({ ...v2(), crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3857' } } })), 400, 'VALIDATION_FAILED', /EPSG::3857/);
      expectError(await upload('dry-run', V2, { coordinateSystem: 'bd09' }), 400, 'VALIDATION_FAILED', /coordinateSystem/);
      expectError(await upload('dry-run', V2, { toleranceM2: '-1' }), 400, 'VALIDATION_FAILED', /toleranceM2/);
      expectError(await upload('dry-run', V2, { somethingElse: 'x' }), 400, 'VALIDATION_FAILED');
      // larger than GEOGRAPHY_IMPORT_MAX_BYTES (64 KiB here)
      expectError(await upload('dry-run', Buffer.concat([V2, Buffer.alloc(70 * 1024, 0x20)])), 413, 'PAYLOAD_TOO_LARGE');
      // JSON instead of an upload, and an upload without its file
      expectError(await t.request('POST', '/api/v1/admin/geography/dry-run', { token: admin, body: v2() }), 415, 'UNSUPPORTED_MEDIA_TYPE');
      expectError(await postMultipart(t, '/api/v1/admin/geography/dry-run', admin, [{ name: 'coordinateSystem', value: 'wgs84' }]), 400, 'FILE_REQUIRED');
      expectError(await upload('apply', V2), 400, 'VALIDATION_FAILED', /checksum is required/);
    });
  });

  describe('dry run, apply, versions', () => {
    let placedBefore: string;
    let report: GeographyDryRunReport;

    it('dry-runs the v2 map: valid, what it adds and retires, the cases that keep a retired cell; writes nothing', async () => {
      // a case placed in the old map, in a cell the new one no longer holds
      placedBefore = (await createCase(t, operator, { location: northWest })).id;
      expect(await cellOfCase(placedBefore)).toBe('xincheng-01');
      const before = await cells();

      const res = await upload<GeographyDryRunReport>('dry-run', V2);
      expect(res.status).toBe(200);
      report = res.body;
      expect(report).toMatchObject({ canApply: true, baseVersion: null, coordinateSystem: 'wgs84', toleranceM2: 10, sourceName: 'changzheng-v2.geojson' });
      expect(report.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(report.counts).toMatchObject({ districts: 4, cells: 14, added: 2, redrawn: 0, retired: 4, errors: 0 });
      expect(report.districts.map((d) => [d.code, d.change])).toEqual([['jinsha', 'unchanged'], ['meichuan', 'unchanged'], ['nujiang', 'unchanged'], ['xincheng', 'redrawn']]);
      expect(report.cells.filter((c) => c.change === 'added').map((c) => c.code)).toEqual(['xincheng-11', 'xincheng-12']);
      expect(report.retiredCells.map((c) => c.code)).toEqual(['xincheng-01', 'xincheng-02', 'xincheng-03', 'xincheng-04']);
      const nw = report.retiredCells.find((c) => c.code === 'xincheng-01')!;
      expect(nw.cases).toBeGreaterThanOrEqual(1);
      expect(nw.openCases).toBeGreaterThanOrEqual(1);
      expect(report.issues).toEqual(expect.arrayContaining([expect.objectContaining({ severity: 'warning', code: 'CELL_RETIRED_IN_USE', featureCode: 'xincheng-01' })]));
      expect(report.issues.filter((i) => i.severity === 'error')).toEqual([]);
      // the same file, options and map give the same checksum; other options another
      expect((await upload<GeographyDryRunReport>('dry-run', V2)).body.checksum).toBe(report.checksum);
      expect((await upload<GeographyDryRunReport>('dry-run', V2, { toleranceM2: '5' })).body.checksum).not.toBe(report.checksum);

      expect(await cells()).toEqual(before);
      expect((await t.request<GeographyVersionsView>('GET', '/api/v1/admin/geography/versions', { token: admin })).body).toEqual({ current: null, versions: [] });
    });

    it('reports an invalid ring, an overlap and a gap per feature, and will not apply such a file', async () => {
      const broken = v2();
      const idx = (code: string) => broken.features.findIndex((f) => f.properties.code === code);
      // an unclosed ring
      broken.features[idx('jinsha-01')].geometry.coordinates[0].pop();
      // xincheng-12 swells 0.001° (≈ 95 m) west over xincheng-11 and leaves the east of its 片区 bare
      const east = broken.features[idx('xincheng-12')].geometry.coordinates[0];
      broken.features[idx('xincheng-12')].geometry.coordinates[0] = east.map(([lng, lat]) => [Math.round((lng - 0.001) * 1e6) / 1e6, lat] as Position);
      const res = await upload<GeographyDryRunReport>('dry-run', json(broken), {}, admin, 'broken.geojson');
      expect(res.status).toBe(200);
      expect(res.body.canApply).toBe(false);
      const errors = res.body.issues.filter((i) => i.severity === 'error');
      expect(errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ code: 'RING_NOT_CLOSED', featureCode: 'jinsha-01', feature: idx('jinsha-01') }),
          expect.objectContaining({ code: 'CELLS_OVERLAP', featureCode: 'xincheng-11', otherCode: 'xincheng-12' }),
          expect.objectContaining({ code: 'CELL_OUTSIDE_DISTRICT', featureCode: 'xincheng-12' }),
          expect.objectContaining({ code: 'DISTRICT_GAP', featureCode: 'xincheng' }),
        ]),
      );
      expect(errors.find((e) => e.code === 'CELLS_OVERLAP')!.areaM2).toBeGreaterThan(10_000);
      expectError(await upload('apply', json(broken), { checksum: res.body.checksum }, admin, 'broken.geojson'), 422, 'GEOGRAPHY_INVALID');
      expect((await t.request<GeographyVersionsView>('GET', '/api/v1/admin/geography/versions', { token: admin })).body.current).toBeNull();
    });

    it('refuses an apply whose checksum is not the dry run of this file and these options', async () => {
      expectError(await upload('apply', V2, { checksum: 'a'.repeat(64) }), 409, 'CONFLICT', /dry run again/);
      expectError(await upload('apply', V2, { checksum: report.checksum, toleranceM2: '5' }), 409, 'CONFLICT');
    });

    it('applies in one transaction: routing uses the new map at once, in every api and worker; cases keep their cell', async () => {
      // every process holds the old map before the apply
      const otherGeo = other.get(TownGeographyService);
      const workerGeo = t.worker!.get(TownGeographyService);
      expect((await otherGeo.locate(northWest))?.cell.code).toBe('xincheng-01');
      expect((await workerGeo.locate(northWest))?.cell.code).toBe('xincheng-01');
      const [otherLoads, workerLoads] = [otherGeo.loads, workerGeo.loads];
      // a 片区-bound grid worker's console, connected to the other api: told to read the outlines again
      await other.listen(0, '127.0.0.1');
      const worker = await t.login('worker.xincheng');
      const socket = io(`${await other.getUrl()}/live`, { auth: { token: worker, batch: true }, transports: ['websocket'], reconnection: false });
      const told: { version: number }[] = [];
      socket.on('geography.changed', (m: { version: number }) => told.push(m));
      await waitFor(async () => socket.connected, { what: 'the socket to connect' });

      const res = await upload<GeographyApplyResult>('apply', V2, { checksum: report.checksum });
      expect(res.status).toBe(201);
      const { version } = res.body;
      expect(version).toMatchObject({ id: expect.any(Number), appliedByName: expect.any(String), sourceName: 'changzheng-v2.geojson', checksum: report.checksum, coordinateSystem: 'wgs84' });
      expect(version.summary).toMatchObject({ added: 2, retired: 4, errors: 0 });

      // this api: the very next report is placed in the new map
      const after = await createCase(t, operator, { location: northWest });
      expect(after.gridCellCode ?? (await cellOfCase(after.id))).toBe('xincheng-11');
      // the other api and the worker drop their copy when the apply commits (NOTIFY) and read the map again
      await waitFor(async () => (await otherGeo.locate(northWest))?.cell.code === 'xincheng-11', { what: 'the second api to hold the new map' });
      await waitFor(async () => (await workerGeo.locate(northWest))?.cell.code === 'xincheng-11', { what: 'the worker to hold the new map' });
      await waitFor(async () => told.length > 0, { what: 'geography.changed on the other api\'s socket' });
      expect(told).toEqual([{ version: version.id }]);
      socket.close();
      expect(otherGeo.loads).toBeGreaterThan(otherLoads);
      expect(workerGeo.loads).toBeGreaterThan(workerLoads);
      const viaOther = await other.inject({ method: 'POST', url: '/api/v1/reports', headers: { authorization: `Bearer ${operator}`, 'content-type': 'application/json' }, payload: JSON.stringify({ source: 'hotline_12345', categoryCode: 'E0102', description: '第二个实例收到的上报', location: northWest }) });
      expect(viaOther.statusCode).toBe(201);
      expect(await cellOfCase((JSON.parse(viaOther.body) as { id: string }).id)).toBe('xincheng-11');

      // the case placed before keeps its cell, which is retired, not deleted
      expect(await cellOfCase(placedBefore)).toBe('xincheng-01');
      const file = await t.request<CaseView>('GET', `/api/v1/cases/${placedBefore}`, { token: operator });
      expect(file.status).toBe(200);
      const rows = await cells();
      expect(rows.find((c) => c.code === 'xincheng-01')).toEqual({ code: 'xincheng-01', retired_version: version.id, geography_version: null });
      expect(rows.find((c) => c.code === 'xincheng-11')).toEqual({ code: 'xincheng-11', retired_version: null, geography_version: version.id });
      expect(rows.find((c) => c.code === 'jinsha-01')).toEqual({ code: 'jinsha-01', retired_version: null, geography_version: version.id });

      // the directory and the board serve the new map; the board still counts the retired cell's open cases
      const listed = await t.request<GridCellView[]>('GET', '/api/v1/grid-cells?district=xincheng', { token: operator });
      expect(listed.body.map((c) => c.code)).toEqual(['xincheng-11', 'xincheng-12']);
      const board = await t.request<{ districts: { code: string; grids: { code: string }[] }[] }>('GET', '/api/v1/stats/board', { token: operator });
      expect(board.status).toBe(200);
      const xc = board.body.districts.find((d) => d.code === 'xincheng')!;
      expect(xc.grids.map((g) => g.code)).toEqual(expect.arrayContaining(['xincheng-11', 'xincheng-12', 'xincheng-01']));
      expect(xc.grids.map((g) => g.code)).not.toContain('xincheng-02');

      // a restart seeds the town again: it must not put the schematic map back over the imported one
      await seedTown(ds);
      expect(await ds.query(`SELECT name_en, geography_version FROM districts WHERE code = 'xincheng'`)).toEqual([{ name_en: 'Xincheng (surveyed)', geography_version: version.id }]);
      expect((await cells()).find((c) => c.code === 'xincheng-11')).toEqual({ code: 'xincheng-11', retired_version: null, geography_version: version.id });

      const versions = await t.request<GeographyVersionsView>('GET', '/api/v1/admin/geography/versions', { token: admin });
      expect(versions.body).toEqual({ current: version.id, versions: [version] });
      const [stored] = (await ds.query(`SELECT jsonb_array_length(features->'features')::int AS n FROM geography_versions WHERE id = $1`, [version.id])) as { n: number }[];
      expect(stored.n).toBe(18);
    });

    it('refuses to apply a dry run made against the map that was replaced since', async () => {
      expectError(await upload('apply', V2, { checksum: report.checksum }), 409, 'CONFLICT', /dry run again/);
    });

    it('reads a GCJ-02 file of the same map as the same WGS-84 outlines (nothing to change)', async () => {
      const gcj = v2();
      for (const f of gcj.features) {
        f.geometry.coordinates = f.geometry.coordinates.map((ring) =>
          ring.map(([lng, lat]) => {
            const g = wgs84ToGcj02({ lat, lng });
            return [g.lng, g.lat] as Position;
          }),
        );
      }
      const asWgs = await upload<GeographyDryRunReport>('dry-run', json(gcj), {}, admin, 'gcj.geojson');
      expect(asWgs.body.counts.redrawn).toBe(14); // read as WGS-84 it is a map shifted by hundreds of metres
      const res = await upload<GeographyDryRunReport>('dry-run', json(gcj), { coordinateSystem: 'gcj02' }, admin, 'gcj.geojson');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ canApply: true, coordinateSystem: 'gcj02' });
      expect(res.body.counts).toMatchObject({ added: 0, redrawn: 0, retired: 0 });
      expect(res.body.cells.every((c) => c.change === 'unchanged')).toBe(true);
    });
  });
});
