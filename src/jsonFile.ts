/**
 * Big JSON documents written to a file piece by piece through one reused buffer: a
 * 10,000-model manifest is 19 MB, and as one string plus its UTF-8 copy it cost more than
 * stringifying it (fresh memory is slow to first touch: on the 2-core VM, 64 MB take 175 ms).
 * The bytes written are exactly JSON.stringify's.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

const buffer = Buffer.allocUnsafe(1 << 20);

export interface JsonFileOptions {
  /** Text before the JSON (a cache file's header line). */
  prefix?: string;
  /** How many levels of plain objects are written member by member; below that each value is one JSON.stringify. */
  depth: number;
  /** Every piece of text passes through this before it is written (redaction); undefined abandons the write. */
  map?: (text: string) => string | undefined;
}

/** Write `value` to `path`. False when `map` abandoned the write, leaving the file incomplete (write to a temporary file when that matters). */
export function writeJsonFile(path: string, value: unknown, options: JsonFileOptions): boolean {
  const fd = openSync(path, 'w');
  let used = 0;
  // writeSync may write less than it was given: go on until all is written.
  const writeAll = (bytes: Buffer, length: number): void => {
    for (let at = 0; at < length; ) at += writeSync(fd, bytes, at, length - at);
  };
  const flush = (): void => {
    writeAll(buffer, used);
    used = 0;
  };
  const put = (piece: string): boolean => {
    const text = options.map ? options.map(piece) : piece;
    if (text === undefined) return false;
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    if (used + text.length * 3 > buffer.length) flush();
    if (text.length * 3 > buffer.length) {
      const bytes = Buffer.from(text);
      writeAll(bytes, bytes.length);
    }
    else used += buffer.write(text, used);
    return true;
  };
  const emit = (member: unknown, depth: number): boolean => {
    if (depth === 0 || !isPlainObject(member)) return put(JSON.stringify(member));
    if (!put('{')) return false;
    let first = true;
    for (const key of Object.keys(member)) {
      const inner = member[key];
      // JSON.stringify leaves these members out.
      if (inner === undefined || typeof inner === 'function' || typeof inner === 'symbol') continue;
      if (!put(`${first ? '' : ','}${JSON.stringify(key)}:`) || !emit(inner, depth - 1)) return false;
      first = false;
    }
    return put('}');
  };
  try {
    const written = (options.prefix === undefined || put(options.prefix)) && emit(value, options.depth);
    if (written) flush();
    return written;
  } finally {
    closeSync(fd);
  }
}

/** An object JSON.stringify writes member by member (not an array, nor one with toJSON such as a Date). */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}
