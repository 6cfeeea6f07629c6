import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AttachmentUrlSigner } from '../attachments/attachment-urls';
import { isPublicSql } from '../attachments/attachments.service';
import { APP_CONFIG, type AppConfig } from '../platform/config/app-config';

/**
 * `media_url` for cases that carry photos but no Open311 media_url: the signed URL of the case's first *public* photo
 * — what the citizen sent (a citizen-app report's own photos) or what staff marked public, never a grid worker's or a
 * unit's photo of the work. The URL is built on PUBLIC_BASE_URL, never on the request's Host header (which the caller
 * chooses). Signed URLs expire (ATTACHMENT_URL_TTL_SECONDS), so a client that stores a media_url should fetch the
 * request again for a fresh one.
 */
@Injectable()
export class Open311MediaService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly signer: AttachmentUrlSigner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** case id → absolute URL of its first public photo, for the cases that have one. */
  async publicPhotoUrls(caseIds: readonly string[], now = new Date()): Promise<Map<string, string>> {
    if (caseIds.length === 0) return new Map();
    const rows = (await this.ds.query(
      `SELECT DISTINCT ON (a.case_id) a.case_id, a.id
         FROM attachments a JOIN cases c ON c.id = a.case_id LEFT JOIN case_events e ON e.seq = a.event_seq
        WHERE a.case_id = ANY($1::uuid[]) AND ${isPublicSql('a', 'c', 'e')}
        ORDER BY a.case_id, a.created_at, a.id`,
      [caseIds],
    )) as { case_id: string; id: string }[];
    return new Map(rows.map((r) => [r.case_id, `${this.config.PUBLIC_BASE_URL}${this.signer.sign(r.id, 'file', now).url}`]));
  }
}
