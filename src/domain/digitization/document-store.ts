import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Where the bytes of digitized documents and electronic results live, addressed by their
 * SHA-256: the same bytes are stored once however many dossiers hold them (a reused document
 * adds a row, never a file), and a key names its content, so a file can be checked against it.
 */
export interface DocumentStore {
  /** Stores the bytes (once) and returns their SHA-256, lowercase hex. */
  put(bytes: Buffer): Promise<string>;
  /** The bytes stored under this SHA-256, or null when there are none. */
  get(sha256: string): Promise<Buffer | null>;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function isSha256Hex(value: string): boolean {
  return SHA256_HEX.test(value);
}

export function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The store on the local filesystem: `<root>/<aa>/<sha256>` (`aa` the first two hex digits, so
 * that no folder holds millions of files). A file is written to a temporary name in the same
 * folder and renamed into place: a reader never sees half a file, and two processes storing the
 * same bytes at once both end with the one complete file. A file under its key is never changed;
 * a file left by a transaction that rolled back is harmless (content-addressed, picked up again
 * by the next put of the same bytes).
 */
export class FsDocumentStore implements DocumentStore {
  constructor(private readonly root: string) {}

  async put(bytes: Buffer): Promise<string> {
    const sha256 = sha256Of(bytes);
    const path = this.pathOf(sha256);
    if (await exists(path)) return sha256;
    const dir = join(this.root, sha256.slice(0, 2));
    await mkdir(dir, { recursive: true });
    const temp = join(dir, `.${sha256}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await writeFile(temp, bytes, { mode: 0o640 });
      await rename(temp, path);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
    return sha256;
  }

  async get(sha256: string): Promise<Buffer | null> {
    if (!isSha256Hex(sha256)) return null;
    try {
      return await readFile(this.pathOf(sha256));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  private pathOf(sha256: string): string {
    return join(this.root, sha256.slice(0, 2), sha256);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
