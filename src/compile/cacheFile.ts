/** The cache files kiln keeps under target/ between runs: how they are read and written. */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { holdsSecret } from '../secrets.js';

/**
 * Write a cache file, unless its text holds a secret kiln knows: it stays off the disk, and a
 * redacted cache would read back wrong. Throws what the file system throws.
 */
export function writeCacheFile(path: string, text: string): boolean {
  if (holdsSecret(text)) return false;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return true;
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
