import type { AttachmentView } from '@gridops/contracts';

/**
 * Task photos for offline viewing (#15 item 13), in the page's Cache Storage (`gridops-field-photos`). The api gives
 * photos out as signed URLs (`?exp=…&sig=…`, valid about an hour, docs/attachments.md): a photo is saved under its
 * path alone (`/api/v1/attachments/<id>` and `…/thumb`), so one entry serves every later signature of the same photo
 * and an offline screen finds it with the (expired) URL it saved. Cleared with the saved tasks at sign-out and
 * sign-in.
 */
export const PHOTO_CACHE = 'gridops-field-photos';

const available = () => typeof caches !== 'undefined';

/** the cache key of a photo URL: its path, without the signature */
export function photoKey(url: string): string {
  const u = new URL(url, window.location.origin);
  return `${u.origin}${u.pathname}`;
}

const photoPath = /^\/api\/v1\/attachments\/[^/]+(\/thumb)?$/;

/** Saves the thumbnails and photos not saved yet (one request each, once); failures are left for the next time. */
export async function savePhotos(attachments: readonly AttachmentView[]): Promise<void> {
  if (!available() || attachments.length === 0) return;
  const cache = await caches.open(PHOTO_CACHE);
  for (const a of attachments) {
    for (const url of [a.thumbUrl, a.url]) {
      const key = photoKey(url);
      if (!photoPath.test(new URL(key).pathname) || (await cache.match(key))) continue;
      try {
        const res = await fetch(url);
        if (res.ok) await cache.put(key, res);
      } catch {
        return; // offline again: the rest waits for the next listing
      }
    }
  }
}

/** The saved photo as a Blob, or undefined. */
export async function savedPhoto(url: string): Promise<Blob | undefined> {
  if (!available()) return undefined;
  const res = await (await caches.open(PHOTO_CACHE)).match(photoKey(url));
  return res ? res.blob() : undefined;
}

export async function deleteSavedPhotos(): Promise<void> {
  if (available()) await caches.delete(PHOTO_CACHE);
}
