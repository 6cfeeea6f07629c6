import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AddressMatch, AddressSearchResult, AddressView, Page, UpdateAddressRequest, createAddressSchema, listAddressesQuerySchema } from '@gridops/contracts';
import { addressKeyOf, addressParts, normalizeAddress, resolveAddress, type AddressResolution } from '@gridops/domain';
import type { z } from 'zod';
import { queryPrepared } from '../../platform/database/prepared';
import { badRequest, conflict, notFound } from '../../platform/errors/api-error';
import { TownGeographyService } from '../town-geography.service';
import { addressColumns, insertValues, spellingsOf, type AddressInput } from './address-row';

type CreateInput = z.output<typeof createAddressSchema>;
type ListQuery = z.output<typeof listAddressesQuerySchema>;

/** How many entries the trigram index hands to the ranking (libs/domain address-match.ts) per search. */
const CANDIDATES = 40;
const UNIQUE_VIOLATION = '23505';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface AddressRow {
  id: string;
  kind: AddressView['kind'];
  road: string | null;
  number: string | null;
  name: string | null;
  standard_text: string;
  aliases: string[];
  lat: number;
  lng: number;
  district_code: AddressView['districtCode'];
  grid_cell_code: string;
  schematic: boolean;
  source: AddressView['source'];
  updated_at: Date;
}

export type AddressCandidate = AddressView & { id: string; texts: string[]; broad: boolean };

const COLUMNS = `id, kind, road, number, name, standard_text, aliases, lat, lng, district_code, grid_cell_code, schematic, source, updated_at`;

/**
 * The standard address library (标准地址库, docs/addresses.md): search and resolution for every channel that is
 * told a place in words (the desk's intake form, the 12345 import, Open311), and the admins' edits.
 *
 * Search: the text's finding key (libs/domain address-text.ts) against `search_key` through the trigram index — as
 * a part of an entry (`<%`, word similarity); a text with more words than an address (a 12345 row) is also tried by
 * its road-and-number head, and the road it names by its spelling. The 40 best are ranked and judged in libs/domain
 * (`resolveAddress`): the database finds, the rule decides. A text that does not resolve on that narrow look is
 * looked up once more, wider (also similar as a whole, `%`), and judged again.
 */
@Injectable()
export class AddressService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly geography: TownGeographyService,
  ) {}

  /** The entries the text may mean, ranked, and whether it names exactly one. */
  async resolve(text: string): Promise<AddressResolution<AddressCandidate>> {
    const narrow = resolveAddress(text, await this.candidates(text, false));
    if (narrow.status === 'resolved') return narrow;
    // not one entry yet: look wider (whole-text trigram similarity too — a typo in a short name, a compound with
    // words after it) and judge again; most texts resolve on the narrow look, which reads far fewer rows
    return resolveAddress(text, await this.candidates(text, true));
  }

  async search(q: string, limit: number): Promise<AddressSearchResult> {
    const r = await this.resolve(q);
    const items: AddressMatch[] = r.ranked.slice(0, limit).map(({ candidate, score, exact }) => ({ ...viewOf(candidate), score, exact }));
    const match = r.status === 'resolved' ? { ...viewOf(r.match.candidate), score: r.match.score, exact: r.match.exact } : null;
    return { q, normalized: normalizeAddress(q), status: r.status, match, items };
  }

  private async candidates(text: string, wide: boolean): Promise<AddressCandidate[]> {
    const normalized = normalizeAddress(text);
    if (!normalized) return [];
    const key = addressKeyOf(normalized);
    // "梅川路1350弄小区门口暴露垃圾": the head up to the number's unit is an address on its own
    const head = /^\D*?\d+(弄|号)?/.exec(normalized)?.[0];
    const headKey = head && addressParts(normalized).road && head !== normalized ? addressKeyOf(head) : key;
    // the road the text names, looked up by its spelling (unique index): "梅川1352号" lists 梅川路 even when no
    // entry on it is similar enough
    const road = addressParts(normalized).road;
    const roads = road ? [road, ...(/(路|街|道|线)$/.test(road) ? [] : [`${road}路`])] : [];
    const rows = await queryPrepared<AddressRow>(
      this.ds.manager,
      `SELECT ${COLUMNS} FROM addresses
        WHERE $1 <% search_key OR $2 <% search_key OR normalized_text = ANY($3::text[])${wide ? ' OR search_key % $1' : ''}
        ORDER BY normalized_text = ANY($3::text[]) DESC,
                 greatest(word_similarity($1, search_key), word_similarity($2, search_key)${wide ? ', similarity(search_key, $1)' : ''}) DESC, id
        LIMIT ${CANDIDATES}`,
      [key, headKey, roads],
    );
    return rows.map(candidateOf);
  }

  async list(q: ListQuery): Promise<Page<AddressView>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.district) where.push(`district_code = $${params.push(q.district)}`);
    if (q.kind) where.push(`kind = $${params.push(q.kind)}`);
    if (q.q) where.push(`(search_key ILIKE $${params.push(`%${addressKeyOf(normalizeAddress(q.q)).replace(/[\\%_]/g, '\\$&')}%`)} OR standard_text ILIKE $${params.push(`%${q.q.replace(/[\\%_]/g, '\\$&')}%`)})`);
    if (q.cursor) {
      const [text, id] = splitCursor(q.cursor);
      where.push(`(normalized_text, id) > ($${params.push(text)}, $${params.push(id)}::uuid)`);
    }
    const rows = await queryPrepared<AddressRow & { normalized_text: string }>(
      this.ds.manager,
      `SELECT ${COLUMNS}, normalized_text FROM addresses ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY normalized_text, id LIMIT ${q.limit + 1}`,
      params,
    );
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return { items: page.map((r) => viewOf(candidateOf(r))), nextCursor: rows.length > q.limit && last ? `${last.normalized_text}|${last.id}` : null };
  }

  async get(id: string): Promise<AddressView> {
    return viewOf(candidateOf(await this.row(id)));
  }

  /** The standard form of an entry a report names (`addressId`), or 400: a report never points at nothing. */
  async standardText(id: string): Promise<string> {
    const rows = UUID.test(id) ? await queryPrepared<{ standard_text: string }>(this.ds.manager, `SELECT standard_text FROM addresses WHERE id = $1`, [id]) : [];
    if (!rows[0]) throw badRequest('addressId names no entry of the address library', [{ path: 'addressId', message: 'unknown address' }]);
    return rows[0].standard_text;
  }

  private async row(id: string): Promise<AddressRow> {
    const rows = UUID.test(id) ? await queryPrepared<AddressRow>(this.ds.manager, `SELECT ${COLUMNS} FROM addresses WHERE id = $1`, [id]) : [];
    if (!rows[0]) throw notFound('address not found');
    return rows[0];
  }

  async create(body: CreateInput): Promise<AddressView> {
    const columns = await this.columnsOf(body);
    try {
      const rows = await queryPrepared<AddressRow>(
        this.ds.manager,
        `INSERT INTO addresses (kind, road, number, name, standard_text, normalized_text, aliases, search_key, lat, lng, district_code, grid_cell_code, schematic, source)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,false,'admin') RETURNING ${COLUMNS}`,
        insertValues(columns),
      );
      return viewOf(candidateOf(rows[0]));
    } catch (err) {
      throw this.duplicate(err, columns.standardText);
    }
  }

  async update(id: string, body: UpdateAddressRequest): Promise<AddressView> {
    const current = await this.row(id);
    const columns = await this.columnsOf({
      kind: body.kind ?? current.kind,
      road: body.road !== undefined ? body.road : current.road,
      number: body.number !== undefined ? body.number : current.number,
      name: body.name !== undefined ? body.name : current.name,
      aliases: body.aliases ?? current.aliases,
      location: body.location ?? { lat: current.lat, lng: current.lng },
    });
    try {
      // an entry edited by hand is no longer the schematic seed
      const rows = await queryPrepared<AddressRow>(
        this.ds.manager,
        `UPDATE addresses SET kind = $1, road = $2, number = $3, name = $4, standard_text = $5, normalized_text = $6, aliases = $7, search_key = $8,
           lat = $9, lng = $10, district_code = $11, grid_cell_code = $12, schematic = false, source = 'admin', updated_at = now()
         WHERE id = $13 RETURNING ${COLUMNS}`,
        [...insertValues(columns), id],
      );
      if (!rows[0]) throw notFound('address not found');
      return viewOf(candidateOf(rows[0]));
    } catch (err) {
      throw this.duplicate(err, columns.standardText);
    }
  }

  async remove(id: string): Promise<void> {
    await this.row(id);
    await this.ds.query(`DELETE FROM addresses WHERE id = $1`, [id]);
  }

  /** The stored columns, or 400 naming what is wrong (a missing road, a point outside the town). */
  async columnsOf(input: AddressInput) {
    const made = addressColumns(input, await this.geography.cells());
    if ('problems' in made) throw badRequest(made.problems.join('; '), made.problems.map((message) => ({ path: '', message })));
    return made.row;
  }

  private duplicate(err: unknown, text: string): unknown {
    if ((err as { code?: string }).code === UNIQUE_VIOLATION) return conflict(`the library already has ${text} (地址库中已有该地址)`);
    return err;
  }
}


function splitCursor(cursor: string): [string, string] {
  const i = cursor.lastIndexOf('|');
  const id = i >= 0 ? cursor.slice(i + 1) : '';
  if (i < 0 || !UUID.test(id)) throw badRequest('cursor is not one this list gave');
  return [cursor.slice(0, i), id];
}

function candidateOf(r: AddressRow): AddressCandidate {
  const view: AddressView = {
    id: r.id,
    kind: r.kind,
    road: r.road,
    number: r.number,
    name: r.name,
    standardText: r.standard_text,
    aliases: r.aliases,
    lat: r.lat,
    lng: r.lng,
    districtCode: r.district_code,
    gridCellCode: r.grid_cell_code,
    schematic: r.schematic,
    source: r.source,
    updatedAt: new Date(r.updated_at).toISOString(),
  };
  return { ...view, texts: spellingsOf(view), broad: view.kind === 'road' };
}

export function viewOf(c: AddressView & { texts?: string[]; broad?: boolean }): AddressView {
  const { texts: _texts, broad: _broad, ...view } = c;
  return view;
}

