import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname, resolve, sep } from 'node:path';
import { assertStorageKey, type AttachmentStorage } from './attachment-storage';

/**
 * Attachments in a folder on the local disk (UPLOAD_DIR). Several api instances share it only on one machine or on
 * a shared volume; beyond that, implement AttachmentStorage over object storage.
 */
export class LocalFolderStorage implements AttachmentStorage {
  private readonly root: string;

  constructor(dir: string) {
    this.root = resolve(dir);
  }

  /** Keys have a fixed shape (no `..`, no absolute paths); the resolved path is checked to stay inside the root too. */
  private pathOf(key: string): string {
    assertStorageKey(key);
    const path = resolve(this.root, key);
    if (!path.startsWith(this.root + sep)) throw new Error('storage key escapes the upload folder');
    return path;
  }

  async put(key: string, data: Buffer): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    // write then rename: a reader never sees half a file, and a crash leaves only a temp file behind
    const temp = `${path}.${randomBytes(6).toString('hex')}.part`;
    await writeFile(temp, data, { flag: 'wx', mode: 0o640 });
    try {
      await rename(temp, path);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
  }

  async get(key: string): Promise<{ stream: ReturnType<typeof createReadStream>; size: number } | null> {
    const path = this.pathOf(key);
    try {
      const s = await stat(path);
      if (!s.isFile()) return null;
      return { stream: createReadStream(path), size: s.size };
    } catch (err) {
      if ((err as { code?: string }).code === 'ENOENT') return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}
