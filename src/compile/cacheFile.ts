/** The cache files kiln keeps under target/ between runs: how they are read and written. */
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { holdsSecret } from '../secrets.js';

const pendingWrites = new Set<Promise<void>>();
let writesStarted = 0;

/**
 * Write a cache file, unless its text holds a secret kiln knows: it stays off the disk, and a
 * redacted cache would read back wrong. The write itself goes on libuv's thread pool while the
 * command goes on (a 10,000-model manifest snapshot is 19 MB), into a temporary file renamed
 * over the old one, so a reader never sees half a file. A failed write (an unwritable target/)
 * only loses the cache.
 * Returns whether the file is being written; cacheWritesDone() waits for all of them.
 */
export function writeCacheFile(path: string, text: string): boolean {
  if (holdsSecret(text)) return false;
  // One temporary file per write: two writes of one cache never share one.
  const temporary = `${path}.${process.pid}.${++writesStarted}.tmp`;
  const write = mkdir(dirname(path), { recursive: true })
    .then(() => writeFile(temporary, text))
    .then(() => rename(temporary, path))
    .catch(() => rm(temporary, { force: true }))
    .finally(() => pendingWrites.delete(write));
  pendingWrites.add(write);
  return true;
}

/** Wait for every cache file being written (kiln does before the command returns). */
export async function cacheWritesDone(): Promise<void> {
  while (pendingWrites.size) await Promise.all(pendingWrites);
}

/**
 * A cache file written as `header`, a newline, then JSON: its value when the header matches
 * (what the contents are valid for), else undefined, as for a missing or corrupt file. A file
 * with another header costs one short read, however big it is.
 */
export function readHeadedCacheFile<T>(path: string, header: string): T | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const expected = Buffer.from(`${header}\n`);
    const head = Buffer.alloc(expected.length);
    const fd = openSync(path, 'r');
    try {
      readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
    if (!head.equals(expected)) return undefined;
    return JSON.parse(readFileSync(path, 'utf8').slice(header.length + 1)) as T;
  } catch {
    return undefined;
  }
}
