/** The cache files kiln keeps under target/ between runs: how they are read and written. */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { readJsonLines, writeJsonLines } from '../jsonFile.js';
import { holdsSecret } from '../secrets.js';

/**
 * Write a cache file: `header`, a newline, then `value` as JSON Lines, its plain objects `depth`
 * levels deep member by member (see jsonFile.ts), so that neither writing nor reading it holds
 * the whole text (10,000 models: the saved manifest reads in about 300 ms, not 385). Not when its text holds
 * a secret kiln knows: it stays off the disk, and a redacted cache would read back wrong. The
 * file is written under a temporary name and renamed over the old one, so a reader never sees
 * half a file. A failed write (an unwritable target/) only loses the cache.
 * Returns whether the file was written.
 */
export function writeCacheFile(path: string, header: string, value: unknown, depth: number): boolean {
  // Named by process: two kiln processes writing one cache never share a temporary file.
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    const written = writeJsonLines(temporary, value, { prefix: `${header}\n`, depth, map: (text) => (holdsSecret(text) ? undefined : text) });
    if (written) renameSync(temporary, path);
    else rmSync(temporary, { force: true });
    return written;
  } catch {
    rmSync(temporary, { force: true });
    return false;
  }
}

/**
 * A cache file written as `header`, a newline, then JSON Lines: its value when the header
 * matches (what the contents are valid for), else undefined, as for a missing or corrupt file.
 * A file with another header costs one short read, however big it is.
 */
export function readHeadedCacheFile<T>(path: string, header: string): T | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return readJsonLines<T>(path, `${header}\n`);
  } catch {
    return undefined;
  }
}
