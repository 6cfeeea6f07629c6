import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { markAttachmentSchema, uploadAttachmentFieldsSchema, type AttachmentView, type MarkAttachmentRequest } from '@gridops/contracts';
import { APP_CONFIG, AttachmentsService, CurrentUser, Public, Roles, TokenService, ZodPipe, actorOf, parseOr400, unauthorized, type AppConfig, type AttachmentAccess, type Principal } from '@gridops/server';
import { jsonSchema } from '../bootstrap/openapi';
import { readSingleFile } from '../bootstrap/multipart';

type Variant = 'file' | 'thumb';

/**
 * 附件 / photos. Upload (multipart, field `file`, optional field or query `kind`), then name the id in a report's or
 * an action's `attachmentIds`. Downloads take either the bearer token or a signed URL from the API (`?exp=&sig=`),
 * so an `<img src>` works.
 */
@ApiTags('attachments')
@ApiBearerAuth()
@Controller('attachments')
export class AttachmentsController {
  constructor(
    private readonly attachments: AttachmentsService,
    private readonly tokens: TokenService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** 201 with the attachment and its signed URLs. JPEG/PNG/WebP/HEIC by content; EXIF stripped; 320 px WebP thumbnail. */
  @Post()
  @ApiConsumes('multipart/form-data')
  @ApiQuery({ name: 'kind', required: false, enum: ['before', 'after', 'report', 'other'] })
  async upload(@Req() req: FastifyRequest, @CurrentUser() user: Principal, @Res({ passthrough: true }) reply: FastifyReply, @Query('kind') queryKind?: string): Promise<AttachmentView> {
    const upload = await readSingleFile(req, this.config.UPLOAD_MAX_BYTES);
    const kind = upload.fields.kind ?? queryKind;
    const { kind: parsedKind } = parseOr400(uploadAttachmentFieldsSchema, kind === undefined ? {} : { kind }, 'kind');
    const view = await this.attachments.upload({ data: upload.data, fileName: upload.fileName, kind: parsedKind, by: { principal: `user:${user.id}`, name: user.displayName } });
    void reply.status(201);
    return view;
  }

  @Get(':id')
  @Public()
  @ApiQuery({ name: 'exp', required: false })
  @ApiQuery({ name: 'sig', required: false })
  file(@Param('id') id: string, @Query() q: Record<string, unknown>, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.send(id, 'file', q, req, reply);
  }

  @Get(':id/thumb')
  @Public()
  @ApiQuery({ name: 'exp', required: false })
  @ApiQuery({ name: 'sig', required: false })
  thumb(@Param('id') id: string, @Query() q: Record<string, unknown>, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.send(id, 'thumb', q, req, reply);
  }

  /**
   * Show an attached photo to the public (Open311's media_url) or withdraw it: `{ "public": true | false }`. Without a
   * decision a citizen-app report's own photos are public and every other photo is not (docs/attachments.md).
   */
  @Patch(':id')
  @Roles('operator', 'shift_lead', 'admin')
  @ApiBody({ schema: jsonSchema(markAttachmentSchema) })
  mark(@Param('id') id: string, @Body(new ZodPipe(markAttachmentSchema)) body: MarkAttachmentRequest, @CurrentUser() user: Principal): Promise<AttachmentView> {
    return this.attachments.markPublic(id, body.public, { actor: actorOf(user), principal: `user:${user.id}` });
  }

  /** Delete your own upload that is not attached yet (204). Attached photos are part of the case record. */
  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id') id: string, @CurrentUser() user: Principal): Promise<void> {
    await this.attachments.removeUnattached(id, `user:${user.id}`);
  }

  private async send(id: string, variant: Variant, q: Record<string, unknown>, req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const { access, principal } = await this.accessOf(q, req);
    const opened = await this.attachments.open(id, variant, access, principal);
    if (req.headers['if-none-match'] === opened.etag) {
      opened.stream.destroy();
      await reply.status(304).header('etag', opened.etag).send();
      return;
    }
    await reply
      .status(200)
      .header('content-type', opened.mime)
      .header('content-length', String(opened.size))
      .header('content-disposition', opened.disposition)
      .header('etag', opened.etag)
      .header('cache-control', `private, max-age=${opened.maxAge}`)
      // a signed URL may be shown by any page that was given it (e.g. an Open311 client); a bearer download stays same-origin
      .header('cross-origin-resource-policy', opened.signed ? 'cross-origin' : 'same-origin')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .send(opened.stream);
  }

  /** A signed URL (`exp` + `sig`) or the caller's bearer token; nothing else. */
  private async accessOf(q: Record<string, unknown>, req: FastifyRequest): Promise<{ access: AttachmentAccess; principal: string | null }> {
    if (q.exp !== undefined || q.sig !== undefined) {
      return { access: { signed: { exp: typeof q.exp === 'string' ? q.exp : '', sig: typeof q.sig === 'string' ? q.sig : '' } }, principal: null };
    }
    const match = /^Bearer ([A-Za-z0-9._~+/=-]{10,4000})$/.exec(req.headers.authorization ?? '');
    if (!match) throw unauthorized('send Authorization: Bearer <access token>, or use the signed URL the API gave out');
    const user = await this.tokens.verifyAccess(match[1]);
    if (!user) throw unauthorized('the access token is invalid or expired');
    return { access: { actor: actorOf(user) }, principal: `user:${user.id}` };
  }
}
