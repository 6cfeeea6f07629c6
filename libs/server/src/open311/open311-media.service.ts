import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AttachmentUrlSigner } from '../attachments/attachment-urls';

/**
 * `media_url` for cases that carry photos but no Open311 media_url (a citizen-app report with an uploaded photo):
 * the signed URL of the case's first photo. Signed URLs expire (ATTACHMENT_URL_TTL_SECONDS), so a client that
 * stores a media_url should fetch the request again for a fresh one.
 */
@Injectable()
export class Open311MediaService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly signer: AttachmentUrlSigner,
  ) {}

  /** case id → absolute URL of its first photo, for the cases that have one. */
  async firstPhotoUrls(caseIds: readonly string[], baseUrl: string, now = new Date()): Promise<Map<string, string>> {
    if (caseIds.length === 0) return new Map();
    const rows = (await this.ds.query(
      `SELECT DISTINCT ON (case_id) case_id, id FROM attachments WHERE case_id = ANY($1::uuid[]) ORDER BY case_id, created_at, id`,
      [caseIds],
    )) as { case_id: string; id: string }[];
    return new Map(rows.map((r) => [r.case_id, `${baseUrl}${this.signer.sign(r.id, 'file', now).url}`]));
  }
}
