import type { AttachmentView } from '@gridops/contracts';
import { errorText } from './api-client';
import type { SimContext } from './context';
import { photoPng, type PhotoKind } from './photo';

/** After the API said it has no upload endpoint, ask again this much later (a deployment may be upgraded). */
const REPROBE_MS = 5 * 60_000;

/**
 * Photos for reports and steps (`POST /api/v1/attachments`, then the id in `attachmentIds`). A photo whose step
 * was refused (a conflict, say) is kept for that person's next step of the same kind, so failed steps do not pile
 * up unattached uploads (the API caps them per person).
 */
export class PhotoUploads {
  private unavailableUntil = 0;
  /** one unused upload per person and kind */
  private readonly spare = new Map<string, string>();

  constructor(private readonly ctx: SimContext) {}

  /** An uploaded photo's id for this person's step, or null when photos cannot be uploaded now. */
  async take(username: string, kind: PhotoKind, categoryCode: string, seed: string): Promise<string | null> {
    const key = `${username}:${kind}`;
    const kept = this.spare.get(key);
    if (kept) {
      this.spare.delete(key);
      return kept;
    }
    if (this.ctx.now().getTime() < this.unavailableUntil) return null;
    const file = { field: 'file', name: `${kind}.png`, type: 'image/png', data: photoPng(kind, categoryCode, seed) };
    const res = await this.ctx.sessions.upload<AttachmentView>(username, '/api/v1/attachments', { kind }, file);
    if (!res) return null;
    if (res.status === 200 || res.status === 201) return res.body.id;
    if (res.status === 404) {
      this.unavailableUntil = this.ctx.now().getTime() + REPROBE_MS;
      this.ctx.log('this deployment has no photo uploads (POST /api/v1/attachments: 404); steps go without photos');
      return null;
    }
    this.ctx.stats.errors++;
    this.ctx.log(`photo upload as ${username}: HTTP ${res.status} ${errorText(res.body)}`);
    return null;
  }

  /** The step did not happen: keep the photo for the next one. */
  giveBack(username: string, kind: PhotoKind, id: string): void {
    this.spare.set(`${username}:${kind}`, id);
  }
}
