import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { createReportSchema, type CreateReportRequest } from '@gridops/contracts';
import { SYSTEM, townIsoString } from '@gridops/domain';
import type { ApiKeyEntity } from '../auth/api-key.entity';
import { CaseEntity } from '../cases/case.entity';
import { closedCaseSql, openCaseSql } from '../cases/case-state-sql';
import type { CategoryEntity } from '../directory/category.entity';
import { DirectoryService } from '../directory/directory.service';
import { TownGeographyService } from '../directory/town-geography.service';
import { IntakeService } from '../intake/intake.service';
import { APP_CONFIG, type AppConfig } from '../platform/config/app-config';
import { collectAttributeFields, describeAnswers, validateAttributes } from './open311-attributes';
import { Open311List, type Open311Document } from './open311-document';
import { open311BadRequest, open311NotFound } from './open311-error';
import { Open311Location } from './open311-location';
import { requestRecord, serviceNotice, serviceRecord } from './open311-mapping';
import { commaList, datetimeParam, single, type Open311Params } from './open311-params';
import { Open311MediaService } from './open311-media.service';
import { Open311RequestEntity } from './open311-request.entity';
import { DEFINITIONS_CHANGESET, serviceDefinition, type AttributeDefinition } from './service-definitions';

/** The spec's defaults for GET requests: "a span of 90 days or first 1000 requests returned, whichever is smallest". */
export const OPEN311_WINDOW_DAYS = 90;
export const OPEN311_MAX_RESULTS = 1000;
const DAY_MS = 24 * 3600_000;

/** Limits the spec sets (description) or our tables set (the rest). */
const LIMITS = { description: 4000, caseDescription: 2000, address: 200, name: 50, email: 254, accountId: 100, deviceId: 100, mediaUrl: 2000 } as const;
const CASE_NUMBER = /^CZ-\d{8}-\d{4,6}$/;
const EMAIL = /^[^\s@<>()[\],;:"]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,}$/;
const PHONE = /^[0-9+\-() ]{3,30}$/;
const HTML = /<[a-zA-Z!/?]/;

/**
 * Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2) over the town's categories and cases. Every method
 * returns an Open311Document; the controller renders it as XML or JSON. Only cases of the public channel
 * (`citizen_app`, which Open311 reports are) are served: 12345, patrol and sensor cases are internal.
 */
@Injectable()
export class Open311Service {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly directory: DirectoryService,
    private readonly geography: TownGeographyService,
    private readonly intake: IntakeService,
    private readonly location: Open311Location,
    private readonly media: Open311MediaService,
  ) {}

  /** Optional (this endpoint serves one jurisdiction), but a different one is "not found" (404). */
  checkJurisdiction(params: Open311Params): void {
    const given = single(params, 'jurisdiction_id');
    if (given !== undefined && given !== this.config.OPEN311_JURISDICTION_ID) {
      throw open311NotFound(`jurisdiction_id ${given.slice(0, 100)} not found; this endpoint serves ${this.config.OPEN311_JURISDICTION_ID}`);
    }
  }

  // ---- services ----------------------------------------------------------------------------------------------

  async services(): Promise<Open311Document> {
    const categories = [...(await this.directory.categoriesByCode()).values()].filter((c) => c.active);
    return { root: 'services', body: new Open311List('service', categories.map(serviceRecord)) };
  }

  async definition(code: string): Promise<Open311Document> {
    const category = await this.activeCategory(code);
    const attributes = serviceDefinition(category.code).map((d, i) => ({
      variable: d.variable,
      code: d.code,
      datatype: d.datatype,
      required: d.required,
      datatype_description: d.datatypeDescription ?? null,
      order: i + 1,
      description: d.description,
      ...(d.values ? { values: new Open311List('value', d.values.map((v) => ({ key: v.key, name: v.name }))) } : {}),
    }));
    return { root: 'service_definition', body: { service_code: category.code, attributes: new Open311List('attribute', attributes) } };
  }

  private async activeCategory(code: string): Promise<CategoryEntity> {
    const category = await this.directory.category(code);
    if (!category || !category.active) throw open311NotFound(`service_code ${code.slice(0, 20)} not found`);
    return category;
  }

  // ---- POST requests -----------------------------------------------------------------------------------------

  async create(params: Open311Params, key: ApiKeyEntity, idempotencyKey?: string, now = new Date()): Promise<Open311Document> {
    this.checkJurisdiction(params);
    const serviceCode = single(params, 'service_code');
    if (serviceCode === undefined) throw open311BadRequest('service_code was not provided');
    const category = await this.activeCategory(serviceCode);
    const definition = serviceDefinition(category.code);

    const errors: string[] = [];
    const text = (name: string, max: number, pattern?: RegExp, hint?: string): string | undefined => {
      const value = single(params, name);
      if (value === undefined) return undefined;
      if (value.length > max) errors.push(`${name} is longer than ${max} characters`);
      else if (pattern && !pattern.test(value)) errors.push(`${name} ${hint ?? 'is not valid'}`);
      return value;
    };
    const description = text('description', LIMITS.description);
    if (description && HTML.test(description)) errors.push('description may contain line breaks, but not HTML or code');
    const addressString = text('address_string', LIMITS.address);
    const addressId = text('address_id', 40);
    const email = text('email', LIMITS.email, EMAIL, 'is not an email address');
    const phone = text('phone', 30, PHONE, 'may hold digits, spaces and + - ( ) only');
    const firstName = text('first_name', LIMITS.name);
    const lastName = text('last_name', LIMITS.name);
    const accountId = text('account_id', LIMITS.accountId);
    const deviceId = text('device_id', LIMITS.deviceId);
    const mediaUrl = text('media_url', LIMITS.mediaUrl);
    if (mediaUrl !== undefined && !isHttpUrl(mediaUrl)) errors.push('media_url must be an http(s) URL');
    const reporterName = personName(firstName, lastName);
    if (reporterName && reporterName.length > LIMITS.name) errors.push(`first_name and last_name together are longer than ${LIMITS.name} characters`);
    const fields = collectAttributeFields(params);
    const checked = validateAttributes(category.code, definition, fields.raw);
    errors.push(...fields.errors, ...checked.errors);
    if (errors.length) throw open311BadRequest(...errors);

    const place = await this.location.place({ lat: single(params, 'lat'), long: single(params, 'long'), addressString, addressId });
    const token = randomUUID();
    const report = this.caseReport(category, definition, checked.answers, { description, reporterName, phone, place });
    const by = { actor: SYSTEM, name: `Open311 · ${key.name}`.slice(0, 100), principal: `key:${key.id}` };
    const result = await this.intake.report(report, by, idempotencyKey, now, {
      eventPayload: { channel: 'open311', open311Token: token },
      inTransaction: async (m, created) => {
        await m
          .createQueryBuilder()
          .insert()
          .into(Open311RequestEntity)
          .values({
            caseId: created.id,
            token,
            apiKeyId: key.id,
            jurisdictionId: single(params, 'jurisdiction_id') ?? null,
            description: description ?? null,
            addressString: addressString ?? null,
            addressId: addressId ?? null,
            attributes: checked.answers,
            mediaUrl: mediaUrl ?? null,
            email: email ?? null,
            accountId: accountId ?? null,
            deviceId: deviceId ?? null,
            createdAt: now,
          })
          .updateEntity(false)
          .execute();
      },
    });
    // a repeated Idempotency-Key answers with the first request
    const number = result.created
      ? result.created.number
      : ((await this.ds.getRepository(CaseEntity).findOne({ select: { id: true, number: true }, where: { id: result.caseId } }))?.number ?? null);
    const stored = number === null ? await this.ds.getRepository(Open311RequestEntity).findOneBy({ caseId: result.caseId }) : null;
    return {
      root: 'service_requests',
      body: new Open311List('request', [{ ...postedRequestId(number, stored?.token ?? token), service_notice: serviceNotice(category), account_id: accountId ?? null }]),
    };
  }

  /** The case as intake takes it: the answers are written into the description, where the desk reads them. */
  private caseReport(
    category: CategoryEntity,
    definition: readonly AttributeDefinition[],
    answers: Record<string, string | string[]>,
    input: { description?: string; reporterName?: string; phone?: string; place: { location: { lat: number; lng: number }; address: string | null } },
  ): CreateReportRequest {
    const answerLine = describeAnswers(definition, answers);
    let text = input.description ?? `市民通过 Open311 上报：${category.nameZh} (reported through Open311)`;
    const room = LIMITS.caseDescription - (answerLine ? answerLine.length + 1 : 0);
    // the full text stays on the Open311 row; the case keeps what fits
    if (text.length > room) text = `${text.slice(0, Math.max(0, room - 1))}…`;
    const parsed = createReportSchema.safeParse({
      source: 'citizen_app',
      categoryCode: category.code,
      description: (answerLine ? `${text}\n${answerLine}` : text).slice(0, LIMITS.caseDescription),
      location: input.place.location,
      ...(input.place.address ? { address: input.place.address } : {}),
      ...(input.reporterName || input.phone ? { reporter: { ...(input.reporterName ? { name: input.reporterName } : {}), ...(input.phone ? { phone: input.phone } : {}) } } : {}),
    });
    if (!parsed.success) throw open311BadRequest(...parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
    return parsed.data;
  }

  // ---- GET requests ------------------------------------------------------------------------------------------

  async requests(params: Open311Params, now = new Date()): Promise<Open311Document> {
    this.checkJurisdiction(params);
    const ids = commaList(params, 'service_request_id', OPEN311_MAX_RESULTS);
    const qb = this.ds.getRepository(CaseEntity).createQueryBuilder('c').where(`c.source = 'citizen_app'`);
    if (ids) {
      // "This overrides all other arguments"
      const wellFormed = ids.filter((id) => CASE_NUMBER.test(id));
      if (wellFormed.length === 0) return this.requestList([]);
      qb.andWhere('c.number IN (:...ids)', { ids: wellFormed });
    } else {
      const codes = commaList(params, 'service_code', 100);
      if (codes) {
        const known = await this.directory.categoriesByCode();
        const unknown = codes.filter((c) => !known.has(c));
        if (unknown.length) throw open311BadRequest(...unknown.map((c) => `service_code ${c.slice(0, 20)} is not a service of this jurisdiction`));
        qb.andWhere('c.category_code IN (:...codes)', { codes });
      }
      const statuses = commaList(params, 'status', 2);
      if (statuses) {
        const bad = statuses.filter((s) => s !== 'open' && s !== 'closed');
        if (bad.length) throw open311BadRequest(`status must be open, closed or both (comma delimited), not ${bad[0].slice(0, 20)}`);
        if (statuses.length === 1) qb.andWhere(statuses[0] === 'open' ? openCaseSql('c') : closedCaseSql('c'));
      }
      const { start, end } = window(datetimeParam(params, 'start_date'), datetimeParam(params, 'end_date'), now);
      qb.andWhere('c.reported_at >= :start AND c.reported_at <= :end', { start, end });
    }
    const cases = await qb.orderBy('c.reported_at', 'DESC').addOrderBy('c.id', 'DESC').limit(OPEN311_MAX_RESULTS).getMany();
    return this.requestList(cases);
  }

  async request(id: string): Promise<Open311Document> {
    const found = CASE_NUMBER.test(id) ? await this.ds.getRepository(CaseEntity).findOneBy({ number: id, source: 'citizen_app' }) : null;
    if (!found) throw open311NotFound(`service_request_id ${id.slice(0, 40)} not found`);
    return this.requestList([found]);
  }

  async token(token: string): Promise<Open311Document> {
    const row = /^[0-9a-f-]{36}$/.test(token) ? await this.ds.getRepository(Open311RequestEntity).findOneBy({ token }) : null;
    const found = row ? await this.ds.getRepository(CaseEntity).findOneBy({ id: row.caseId }) : null;
    if (!row || !found) throw open311NotFound(`token ${token.slice(0, 40)} not found`);
    return { root: 'service_requests', body: new Open311List('request', [{ service_request_id: found.number, token: row.token }]) };
  }

  private async requestList(cases: CaseEntity[]): Promise<Open311Document> {
    if (cases.length === 0) return { root: 'service_requests', body: new Open311List('request', []) };
    const ids = cases.map((c) => c.id);
    const duplicateIds = [...new Set(cases.map((c) => c.duplicateOf).filter((d): d is string => d !== null))];
    const [categories, units, districts, cells, open311Rows, duplicates, photos] = await Promise.all([
      this.directory.categoriesByCode(),
      this.directory.units(),
      this.geography.districts(),
      // a case keeps the cell it was placed in, retired or not
      this.geography.allCells(),
      this.ds.getRepository(Open311RequestEntity).find({ where: { caseId: In(ids) }, select: { caseId: true, description: true, mediaUrl: true } }),
      duplicateIds.length ? this.ds.getRepository(CaseEntity).find({ where: { id: In(duplicateIds) }, select: { id: true, number: true } }) : Promise.resolve([]),
      this.media.publicPhotoUrls(cases.map((c) => c.id)),
    ]);
    const open311 = new Map(open311Rows.map((r) => [r.caseId, r]));
    const numbers = new Map(duplicates.map((d) => [d.id, d.number]));
    const requests = cases.map((c) => {
      const district = districts.find((d) => d.code === c.districtCode);
      const unit = c.assigneeUnitCode ? units.find((u) => u.code === c.assigneeUnitCode) : undefined;
      const agency = unit
        ? `${unit.nameZh} (${unit.nameEn})`
        : c.assigneeUserId && district
          ? `${district.nameZh}片区网格员 (grid workers of ${district.nameEn})`
          : '长征镇城市运行管理中心 (Changzheng town operations centre)';
      const row = open311.get(c.id);
      return requestRecord(c, {
        category: categories.get(c.categoryCode),
        description: row?.description ?? null,
        mediaUrl: row?.mediaUrl ?? photos.get(c.id) ?? null,
        agency,
        duplicateOfNumber: c.duplicateOf ? (numbers.get(c.duplicateOf) ?? null) : null,
        gridCellName: cells.find((g) => g.code === c.gridCellCode)?.nameZh ?? null,
      });
    });
    return { root: 'service_requests', body: new Open311List('request', requests) };
  }

  // ---- discovery ---------------------------------------------------------------------------------------------

  /**
   * The Service Discovery document; its changeset moves when a category (service) or the definitions change. The
   * endpoint is PUBLIC_BASE_URL's, never the Host header's.
   */
  async discovery(): Promise<Open311Document> {
    const categories = [...(await this.directory.categoriesByCode()).values()];
    const latest = Math.max(Date.parse(DEFINITIONS_CHANGESET), ...categories.map((c) => c.updatedAt.getTime()));
    const changeset = townIsoString(new Date(latest));
    return {
      root: 'discovery',
      body: {
        changeset,
        contact: '长征镇城市运行管理中心（一网统管）(Changzheng town operations centre, Putuo, Shanghai) — 市民热线 12345',
        key_service: 'API keys (api_key) are issued by the gridops administrator (管理员): POST /api/v1/api-keys with scope open311',
        endpoints: new Open311List('endpoint', [
          {
            specification: 'http://wiki.open311.org/GeoReport_v2',
            url: `${this.config.PUBLIC_BASE_URL}/open311/v2`,
            changeset,
            type: this.config.NODE_ENV === 'production' ? 'production' : 'test',
            formats: new Open311List('format', ['text/xml', 'application/json']),
          },
        ]),
      },
    };
  }
}

/**
 * The date window of GET requests: at most 90 days. Neither bound → the last 90 days; one bound → 90 days from or
 * to it; both → as given, refused when reversed or wider than 90 days ("may not span more than 90 days").
 */
function window(start: Date | undefined, end: Date | undefined, now: Date): { start: Date; end: Date } {
  const span = OPEN311_WINDOW_DAYS * DAY_MS;
  if (start && end) {
    if (end.getTime() < start.getTime()) throw open311BadRequest('end_date is before start_date');
    if (end.getTime() - start.getTime() > span) throw open311BadRequest(`start_date and end_date may not span more than ${OPEN311_WINDOW_DAYS} days`);
    return { start, end };
  }
  if (start) return { start, end: new Date(start.getTime() + span) };
  if (end) return { start: new Date(end.getTime() - span), end };
  return { start: new Date(now.getTime() - span), end: now };
}

function personName(first?: string, last?: string): string | undefined {
  if (!first && !last) return undefined;
  if (!first || !last) return first ?? last;
  // 姓 before 名 for Chinese names; given name first otherwise
  return /[\u3400-\u9fff]/.test(first + last) ? `${last}${first}` : `${first} ${last}`;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

/**
 * What a POST answers to identify the request (GeoReport v2, POST requests): the `service_request_id` when the case
 * exists at answer time — always, here, since requests are created synchronously — otherwise the `token` that
 * `tokens/{token}` later maps to it; never both ("should not be returned if … is returned").
 */
export function postedRequestId(caseNumber: string | null, token: string): { service_request_id: string } | { token: string } {
  return caseNumber !== null ? { service_request_id: caseNumber } : { token };
}
