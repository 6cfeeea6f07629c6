import { Injectable } from '@nestjs/common';
import { bbox, type LatLng } from '@gridops/domain';
import type { GridCellEntity } from '../directory/grid-cell.entity';
import { TownGeographyService } from '../directory/town-geography.service';
import { AddressService } from '../directory/addresses/address.service';
import { open311BadRequest } from './open311-error';

export interface PlacedReport {
  location: LatLng;
  /** what the case shows as its address */
  address: string | null;
}

const COORDINATE = /^[-+]?\d{1,3}(\.\d{1,12})?$/;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Candidates named in the 400 of an address_string that does not resolve. */
const LISTED_CANDIDATES = 5;

/**
 * Where an Open311 report is. The spec accepts lat & long, address_string or address_id:
 * - lat & long: the point (inside the town);
 * - address_id: an entry of the standard address library (标准地址库, its id) — the entry's point, the case shows its
 *   standard form — or a grid-cell code (e.g. `jinsha-02`): the cell's representative point, and the case says so;
 * - address_string alone: placed when it resolves to exactly one library entry (libs/domain `resolveAddress`), else
 *   when it names exactly one grid cell (code or Chinese name); otherwise 400 listing the candidates with their
 *   address_id, never a guess.
 */
@Injectable()
export class Open311Location {
  constructor(
    private readonly geography: TownGeographyService,
    private readonly addresses: AddressService,
  ) {}

  async place(input: { lat?: string; long?: string; addressString?: string; addressId?: string }): Promise<PlacedReport> {
    const { lat, long, addressString, addressId } = input;
    if (lat !== undefined || long !== undefined) {
      if (lat === undefined || long === undefined) throw open311BadRequest('lat and long must be sent together');
      const point = { lat: Number(lat), lng: Number(long) };
      if (!COORDINATE.test(lat) || !COORDINATE.test(long) || Math.abs(point.lat) > 90 || Math.abs(point.lng) > 180) {
        throw open311BadRequest('lat and long must be WGS84 decimal degrees, e.g. lat=31.245&long=121.385');
      }
      if (!(await this.geography.locate(point))) {
        throw open311BadRequest(`(${lat}, ${long}) is outside 长征镇's four 片区 (新城, 金沙, 怒江, 梅川); this endpoint serves only that area`);
      }
      return { location: point, address: addressString ?? null };
    }
    const cells = await this.geography.cells();
    if (addressId !== undefined && UUID.test(addressId)) {
      const entry = await this.addresses.get(addressId).catch(() => null);
      if (!entry) throw open311BadRequest(`address_id ${addressId} is not an entry of 长征镇's address library (search it, or send lat & long)`);
      return { location: { lat: entry.lat, lng: entry.lng }, address: entry.standardText };
    }
    if (addressId !== undefined) {
      const cell = cells.find((c) => c.code === addressId);
      if (!cell) throw open311BadRequest(`address_id ${addressId.slice(0, 40)} is not a grid cell of 长征镇 (grid-cell codes look like xincheng-01 … meichuan-04)`);
      return { location: await this.pointIn(cell), address: addressString ?? `${cell.nameZh}（位置按网格推定 / placed by grid cell）` };
    }
    if (addressString !== undefined) {
      const found = await this.addresses.resolve(addressString);
      if (found.status === 'resolved') return { location: { lat: found.match.candidate.lat, lng: found.match.candidate.lng }, address: found.match.candidate.standardText };
      const named = cells.filter((c) => addressString.includes(c.code) || addressString.includes(c.nameZh));
      if (named.length === 1) return { location: await this.pointIn(named[0]), address: addressString };
      if (found.status === 'ambiguous') {
        const listed = found.ranked.slice(0, LISTED_CANDIDATES).map((r) => `${r.candidate.standardText} (address_id=${r.candidate.id})`);
        throw open311BadRequest(
          `address_string "${addressString.slice(0, 60)}" could mean more than one address of 长征镇's library; send address_id of the one meant, or lat & long`,
          ...listed.map((l) => `candidate: ${l}`),
        );
      }
      throw open311BadRequest(
        `address_string "${addressString.slice(0, 60)}" matches no address of 长征镇's library; send lat & long, address_id (a library entry or a grid-cell code, e.g. jinsha-02)`,
      );
    }
    throw open311BadRequest('a location is required: lat & long, address_string or address_id');
  }

  /** A point inside the cell: the vertex centroid when it is inside (convex-ish cells), else the middle of the box. */
  private async pointIn(cell: GridCellEntity): Promise<LatLng> {
    const ring = cell.geometry.type === 'Polygon' ? cell.geometry.coordinates[0] : cell.geometry.coordinates[0][0];
    const vertices = ring.slice(0, ring.length > 1 && ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1] ? -1 : undefined);
    const centroid = { lng: vertices.reduce((s, p) => s + p[0], 0) / vertices.length, lat: vertices.reduce((s, p) => s + p[1], 0) / vertices.length };
    const [minLng, minLat, maxLng, maxLat] = bbox(cell.geometry);
    const candidates = [centroid, { lng: (minLng + maxLng) / 2, lat: (minLat + maxLat) / 2 }, ...vertices.map(([lng, lat]) => ({ lng: (lng + centroid.lng) / 2, lat: (lat + centroid.lat) / 2 }))];
    for (const p of candidates) {
      const point = { lat: Math.round(p.lat * 1e6) / 1e6, lng: Math.round(p.lng * 1e6) / 1e6 };
      if ((await this.geography.locate(point))?.cell.code === cell.code) return point;
    }
    throw open311BadRequest(`grid cell ${cell.code} has no usable outline; send lat & long instead`);
  }
}
