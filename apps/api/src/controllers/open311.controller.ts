import { Body, Controller, Get, Headers, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { idempotencyKeySchema } from '@gridops/contracts';
import {
  ApiKeyScope,
  CurrentApiKey,
  OPEN311_CONTENT_TYPES,
  Open311ErrorFilter,
  Open311Service,
  Public,
  flatParams,
  open311BadRequest,
  open311NotFound,
  renderOpen311,
  splitFormat,
  type ApiKeyEntity,
  type Open311Document,
  type Open311Format,
} from '@gridops/server';

/** `services.json` → 'json', for the names this route serves; anything else is a resource that does not exist. */
function formatFor(file: string, names: readonly string[]): { name: string; format: Open311Format } {
  const split = splitFormat(file);
  // named without its extension: the .json and .xml answers say the same
  if (!split || !names.includes(split.name)) throw open311NotFound(`no Open311 resource ${(split?.name ?? file).slice(0, 60)}; resources end in .json or .xml`);
  return split;
}

/** `requests/CZ-20251201-0001.xml` → the id and the format. */
function idAndFormat(file: string): { id: string; format: Open311Format } {
  const split = splitFormat(file);
  if (!split) throw open311NotFound(`${file.slice(0, 60)}: add .json or .xml`);
  return { id: split.name, format: split.format };
}

/**
 * Open311 GeoReport v2 at /open311/v2 (docs/open311.md). Public reads; POST requests needs an API key of scope
 * `open311` (form field api_key or header X-Api-Key). Answers are rendered from one document as XML or JSON, errors
 * in the spec's format (Open311ErrorFilter).
 */
@ApiExcludeController()
@Public()
@UseFilters(Open311ErrorFilter)
@Controller('open311/v2')
export class Open311Controller {
  constructor(private readonly open311: Open311Service) {}

  /** services.{fmt}, requests.{fmt} (GET Service Requests) and discovery.{fmt} */
  @Get(':file')
  async collection(@Param('file') file: string, @Query() query: unknown, @Res() reply: FastifyReply): Promise<void> {
    const { name, format } = formatFor(file, ['services', 'requests', 'discovery']);
    const params = flatParams(query, 'query');
    if (name === 'discovery') return send(reply, format, await this.open311.discovery());
    if (name === 'services') {
      this.open311.checkJurisdiction(params);
      return send(reply, format, await this.open311.services());
    }
    return send(reply, format, await this.open311.requests(params));
  }

  /** GET Service Definition */
  @Get('services/:file')
  async definition(@Param('file') file: string, @Query() query: unknown, @Res() reply: FastifyReply): Promise<void> {
    const { id, format } = idAndFormat(file);
    this.open311.checkJurisdiction(flatParams(query, 'query'));
    return send(reply, format, await this.open311.definition(id));
  }

  /** GET Service Request */
  @Get('requests/:file')
  async request(@Param('file') file: string, @Query() query: unknown, @Res() reply: FastifyReply): Promise<void> {
    const { id, format } = idAndFormat(file);
    this.open311.checkJurisdiction(flatParams(query, 'query'));
    return send(reply, format, await this.open311.request(id));
  }

  /** GET service_request_id from a token */
  @Get('tokens/:file')
  async token(@Param('file') file: string, @Query() query: unknown, @Res() reply: FastifyReply): Promise<void> {
    const { id, format } = idAndFormat(file);
    this.open311.checkJurisdiction(flatParams(query, 'query'));
    return send(reply, format, await this.open311.token(id));
  }

  /** any other path two levels down (the three resources above win: Fastify prefers static segments to parameters) */
  @Get(':dir/:file')
  unknown(@Param('dir') dir: string, @Param('file') file: string): never {
    throw open311NotFound(`no Open311 resource ${dir.slice(0, 40)}/${(splitFormat(file)?.name ?? file).slice(0, 60)}`);
  }

  /** POST Service Request (application/x-www-form-urlencoded); 201 with the service_request_id and its token. */
  @Post(['requests.json', 'requests.xml'])
  @ApiKeyScope('open311', { field: true })
  async create(
    @Body() body: unknown,
    @Req() req: FastifyRequest,
    @Headers('idempotency-key') rawKey: string | undefined,
    @CurrentApiKey() key: ApiKeyEntity,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const format = req.url.split('?')[0].endsWith('.json') ? 'json' : 'xml';
    const idempotencyKey = rawKey === undefined ? undefined : idempotencyKeySchema.safeParse(rawKey);
    if (idempotencyKey && !idempotencyKey.success) throw open311BadRequest('Idempotency-Key must be 1–128 printable ASCII characters without spaces');
    const doc = await this.open311.create(flatParams(body, 'body'), key, idempotencyKey?.data);
    return send(reply.status(201), format, doc);
  }

  /** any other POST under /open311/v2 */
  @Post(':file')
  other(@Param('file') file: string): never {
    throw open311NotFound(`no Open311 resource accepts POST ${file.slice(0, 60)}; service requests are posted to requests.json or requests.xml`);
  }
}

function send(reply: FastifyReply, format: Open311Format, doc: Open311Document): void {
  void reply.header('content-type', OPEN311_CONTENT_TYPES[format]).send(renderOpen311(doc, format));
}
