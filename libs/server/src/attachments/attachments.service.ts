import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import type { AttachmentView } from '@gridops/contracts';
import { canRead, type Actor, type AttachmentKind } from '@gridops/domain';
import { ApiError, notFound, unprocessable } from '../platform/errors/api-error';
import { AttachmentEntity } from './attachment.entity';
import { ATTACHMENT_STORAGE, type AttachmentStorage } from './attachment-storage';
import { AttachmentUrlSigner, type AttachmentVariant } from './attachment-urls';
import { contentDisposition, sanitiseFileName } from './file-name';
import { processImage } from './image-processing';

/** Who uploads: `user:<id>` or `key:<api key id>`, and a name to show. */
export interface Uploader {
  principal: string;
  name: string;
}

/** How a download proves it may read: a signed URL, or the caller's own token. */
export type AttachmentAccess = { signed: { exp: string; sig: string } } | { actor: Actor };

export interface OpenedFile {
  stream: Readable;
  size: number;
  mime: string;
  etag: string;
  disposition: string;
  /** seconds a browser may keep it */
  maxAge: number;
  signed: boolean;
}

/** Uploads waiting to be attached: more than this per person is a runaway client, not a field worker. */
export const MAX_UNATTACHED_PER_UPLOADER = 100;
/** Unattached uploads older than this are swept (the report or action they were for never came). */
export const ABANDONED_AFTER_MS = 24 * 3600_000;
const SWEEP_EVERY_MS = 10 * 60_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * SQL: is the attachment `a` (of case `c`, brought by timeline event `e`, both LEFT JOINed) shown to the public? Staff's
 * decision when there is one; else only the photos a citizen-app report brought — what the citizen sent.
 */
export function isPublicSql(a: string, c: string, e: string): string {
  return `COALESCE(${a}.public, ${c}.source = 'citizen_app' AND ${e}.type = 'report', false)`;
}

/**
 * 附件: photos for reports and case steps. Upload checks the content and strips metadata (image-processing.ts),
 * stores through AttachmentStorage under generated keys, then records the row — the answer comes after both.
 */
@Injectable()
export class AttachmentsService {
  private readonly logger = new Logger('attachments');
  private lastSweep = 0;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(ATTACHMENT_STORAGE) private readonly storage: AttachmentStorage,
    private readonly urls: AttachmentUrlSigner,
  ) {}

  /**
   * `retained`: a channel keeps the photo in its own record until (or instead of) a case claiming it — see
   * AttachmentEntity.retained; such uploads are neither limited as waiting nor swept.
   */
  async upload(input: { data: Buffer; fileName?: string | null; kind: AttachmentKind; by: Uploader; retained?: boolean }, now = new Date()): Promise<AttachmentView> {
    if (input.data.length === 0) throw new ApiError(400, 'EMPTY_FILE', '文件为空 / the file is empty');
    const waiting = input.retained
      ? 0
      : await this.ds
          .getRepository(AttachmentEntity)
          .createQueryBuilder('a')
          .where('a.case_id IS NULL AND a.uploaded_by = :p AND NOT a.retained', { p: input.by.principal })
          .getCount();
    if (waiting >= MAX_UNATTACHED_PER_UPLOADER) {
      throw unprocessable('TOO_MANY_UNATTACHED', `已有 ${waiting} 张未关联的照片，请先提交或删除 / you have ${waiting} photos not attached to anything yet; attach or delete some first`);
    }
    const image = await processImage(input.data);
    const id = randomUUID();
    const folder = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
    const row = Object.assign(new AttachmentEntity(), {
      id,
      caseId: null,
      eventSeq: null,
      kind: input.kind,
      mime: image.mime,
      size: image.data.length,
      width: image.width,
      height: image.height,
      sha256: createHash('sha256').update(image.data).digest('hex'),
      originalName: sanitiseFileName(input.fileName),
      storageKey: `${folder}/${id}.${image.ext}`,
      thumbKey: `${folder}/${id}.thumb.webp`,
      uploadedBy: input.by.principal,
      uploaderName: input.by.name.slice(0, 50),
      createdAt: now,
      attachedAt: null,
      retained: input.retained === true,
    });
    await this.storage.put(row.storageKey, image.data, image.mime);
    try {
      await this.storage.put(row.thumbKey, image.thumb, 'image/webp');
      await this.ds.createQueryBuilder().insert().into(AttachmentEntity).values(row).updateEntity(false).execute();
    } catch (err) {
      await Promise.allSettled([this.storage.delete(row.storageKey), this.storage.delete(row.thumbKey)]);
      throw err;
    }
    this.sweepSoon(now);
    return this.view(row, now);
  }

  /** The file or its thumbnail, if the access allows: 404 for anything the caller may not see. */
  async open(id: string, variant: AttachmentVariant, access: AttachmentAccess, principal: string | null, now = new Date()): Promise<OpenedFile> {
    if (!UUID.test(id)) throw notFound('attachment not found');
    let maxAge = 300;
    if ('signed' in access) {
      const verdict = this.urls.verify(id, variant, access.signed.exp, access.signed.sig, now);
      if (verdict === 'expired') throw new ApiError(403, 'LINK_EXPIRED', '链接已过期，请刷新页面 / this photo link has expired; reload the case for a fresh one');
      if (verdict === 'invalid') throw new ApiError(403, 'INVALID_SIGNATURE', '链接无效 / this photo link is not valid');
      maxAge = Math.max(0, Math.floor((Number(access.signed.exp) * 1000 - now.getTime()) / 1000));
    }
    const row = await this.ds.getRepository(AttachmentEntity).findOneBy({ id });
    if (!row) throw notFound('attachment not found');
    if ('actor' in access && !(await this.mayRead(row, access.actor, principal))) throw notFound('attachment not found');
    const file = await this.storage.get(variant === 'file' ? row.storageKey : row.thumbKey);
    if (!file) {
      this.logger.error(`attachment ${row.id}: ${variant} missing from storage`);
      throw notFound('the attachment file is missing from storage');
    }
    const thumbName = `${(row.originalName ?? row.id).replace(/\.[^.]*$/, '')}-thumb.webp`;
    return {
      stream: file.stream,
      size: file.size,
      mime: variant === 'file' ? row.mime : 'image/webp',
      etag: `"${variant === 'file' ? row.sha256.slice(0, 32) : `t-${row.sha256.slice(0, 30)}`}"`,
      disposition: contentDisposition(variant === 'file' ? row.originalName : thumbName, `${row.id}.${variant === 'file' ? row.storageKey.split('.').pop() : 'webp'}`),
      maxAge,
      signed: 'signed' in access,
    };
  }

  /** Attached: whoever may read the case (片区 and unit scope). Unattached: only the uploader. */
  private async mayRead(row: AttachmentEntity, actor: Actor, principal: string | null): Promise<boolean> {
    if (row.caseId === null) return principal !== null && row.uploadedBy === principal;
    // the domain's read rule on the case's scope columns (attachments sit below cases: no case query here)
    const rows = (await this.ds.query(
      `SELECT district_code AS "districtCode", assignee_unit_code AS "assigneeUnitCode", assignee_user_id AS "assigneeUserId" FROM cases WHERE id = $1`,
      [row.caseId],
    )) as Parameters<typeof canRead>[0][];
    return rows.length === 1 && canRead(rows[0], actor);
  }

  /** Delete an upload that was never attached (a photo taken by mistake). Attached photos are part of the record. */
  async removeUnattached(id: string, principal: string): Promise<void> {
    if (!UUID.test(id)) throw notFound('attachment not found');
    const row = await this.ds.getRepository(AttachmentEntity).findOneBy({ id });
    if (!row || row.uploadedBy !== principal) throw notFound('attachment not found');
    if (row.caseId !== null) throw unprocessable('ATTACHMENT_ATTACHED', '照片已关联到案件，不能删除 / this photo belongs to a case record and cannot be deleted');
    const deleted = await this.ds.getRepository(AttachmentEntity).delete({ id, caseId: IsNull(), uploadedBy: principal });
    if (deleted.affected) await Promise.allSettled([this.storage.delete(row.storageKey), this.storage.delete(row.thumbKey)]);
  }

  async listForCase(caseId: string, now = new Date()): Promise<AttachmentView[]> {
    const { entities, raw } = await this.withPublicFlag()
      .where('a.case_id = :caseId', { caseId })
      .orderBy('a.created_at', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .getRawAndEntities<{ is_public: boolean }>();
    return entities.map((r, i) => this.view(r, now, raw[i].is_public));
  }

  /** Attachments by id, as views with fresh URLs (unknown ids are left out). */
  async views(ids: readonly string[], now = new Date()): Promise<AttachmentView[]> {
    const valid = ids.filter((id) => UUID.test(id));
    if (valid.length === 0) return [];
    const { entities, raw } = await this.withPublicFlag().where('a.id IN (:...ids)', { ids: valid }).getRawAndEntities<{ is_public: boolean }>();
    const byId = new Map(entities.map((r, i) => [r.id, this.view(r, now, raw[i].is_public)]));
    return valid.flatMap((id) => byId.get(id) ?? []);
  }

  /**
   * Show an attached photo to the public (Open311's media_url) or withdraw it; staff's decision overrides the default
   * (a citizen-app report's own photos are public, nothing else is). 404 for a photo of a case the caller may not
   * read, 422 for one not attached to any case yet.
   */
  async markPublic(id: string, isPublic: boolean, by: { actor: Actor; principal: string }, now = new Date()): Promise<AttachmentView> {
    if (!UUID.test(id)) throw notFound('attachment not found');
    const row = await this.ds.getRepository(AttachmentEntity).findOneBy({ id });
    // the same rule as reading it: a case's photo to whoever may read the case, an unattached one to its uploader
    if (!row || !(await this.mayRead(row, by.actor, by.principal))) throw notFound('attachment not found');
    if (row.caseId === null) throw unprocessable('ATTACHMENT_NOT_ATTACHED', '照片尚未关联到案件 / this photo is not attached to a case yet');
    await this.ds.getRepository(AttachmentEntity).update({ id }, { public: isPublic, publicMarkedBy: by.principal, publicMarkedAt: now });
    const [view] = await this.views([id], now);
    return view;
  }

  private withPublicFlag() {
    return this.ds
      .getRepository(AttachmentEntity)
      .createQueryBuilder('a')
      .leftJoin('CaseEntity', 'c', 'c.id = a.case_id')
      .leftJoin('CaseEventEntity', 'e', 'e.seq = a.event_seq')
      .addSelect(isPublicSql('a', 'c', 'e'), 'is_public');
  }

  /** A signed URL for one attachment, e.g. Open311's media_url (prefix it with the public origin). */
  signedUrl(id: string, variant: AttachmentVariant = 'file', ttlSeconds?: number, now = new Date()): string {
    return this.urls.sign(id, variant, now, ttlSeconds).url;
  }

  view(r: AttachmentEntity, now = new Date(), isPublic = false): AttachmentView {
    const file = this.urls.sign(r.id, 'file', now);
    const thumb = this.urls.sign(r.id, 'thumb', now);
    return {
      id: r.id,
      caseId: r.caseId,
      kind: r.kind,
      mime: r.mime,
      size: r.size,
      width: r.width,
      height: r.height,
      sha256: r.sha256,
      originalName: r.originalName,
      eventSeq: r.eventSeq,
      uploadedBy: { id: r.uploadedBy.startsWith('user:') ? r.uploadedBy.slice(5) : null, name: r.uploaderName },
      createdAt: r.createdAt.toISOString(),
      public: isPublic,
      url: file.url,
      thumbUrl: thumb.url,
      urlExpiresAt: file.expiresAt.toISOString(),
    };
  }

  /** Sweep uploads abandoned for a day, at most every ten minutes per process, off the request's path. */
  private sweepSoon(now: Date): void {
    if (now.getTime() - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now.getTime();
    this.purgeAbandoned(new Date(now.getTime() - ABANDONED_AFTER_MS)).catch((err: unknown) => this.logger.warn(`sweep of abandoned uploads failed: ${String(err)}`));
  }

  /** Delete unattached uploads created before `before` (rows first, then files: a file without a row is only litter). */
  async purgeAbandoned(before: Date, limit = 200): Promise<number> {
    const gone = (await this.ds.query(
      `DELETE FROM attachments WHERE id IN (
         SELECT id FROM attachments WHERE case_id IS NULL AND NOT retained AND created_at < $1 ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED
       ) AND case_id IS NULL AND NOT retained RETURNING storage_key, thumb_key`,
      [before, limit],
    )) as [{ storage_key: string; thumb_key: string }[], number] | { storage_key: string; thumb_key: string }[];
    const rows = Array.isArray(gone[0]) ? (gone[0] as { storage_key: string; thumb_key: string }[]) : (gone as { storage_key: string; thumb_key: string }[]);
    await Promise.allSettled(rows.flatMap((r) => [this.storage.delete(r.storage_key), this.storage.delete(r.thumb_key)]));
    return rows.length;
  }
}
