/**
 * Big JSON documents written to a file piece by piece through one reused buffer, and read back
 * the same way: a 10,000-model manifest is 19 MB, and as one string plus its UTF-8 copy it cost
 * more than stringifying or parsing it (fresh memory is slow to first touch: on the 2-core VM,
 * 64 MB take 175 ms).
 *
 * - writeJsonFile writes exactly JSON.stringify's bytes (manifest.json).
 * - writeJsonLines writes JSON Lines that readJsonLines builds the same value back from, one
 *   line at a time, so reading never holds the whole text either (kiln's caches under target/).
 */
import { closeSync, openSync, readSync, writeSync } from 'node:fs';

const buffer = Buffer.allocUnsafe(1 << 20);

export interface JsonFileOptions {
  /** Text before the JSON (a cache file's header line). */
  prefix?: string;
  /** How many levels of plain objects are written member by member; below that each value is one JSON.stringify. */
  depth: number;
  /** Every piece of text passes through this before it is written (redaction); undefined abandons the write. */
  map?: (text: string) => string | undefined;
}

type Put = (piece: string) => boolean;

/** Write `value` to `path` as JSON.stringify would. False when `map` abandoned the write, leaving the file incomplete (write to a temporary file when that matters). */
export function writeJsonFile(path: string, value: unknown, options: JsonFileOptions): boolean {
  const emit = (put: Put, member: unknown, depth: number): boolean => {
    if (depth === 0 || !isPlainObject(member)) return put(JSON.stringify(member));
    if (!put('{')) return false;
    let first = true;
    for (const [key, inner] of writtenMembers(member)) {
      if (!put(`${first ? '' : ','}${JSON.stringify(key)}:`) || !emit(put, inner, depth - 1)) return false;
      first = false;
    }
    return put('}');
  };
  return writePieces(path, options, (put) => emit(put, value, options.depth));
}

/**
 * Write `value` to `path` as JSON Lines: each member `depth` levels down (or above, where an
 * object ends sooner) is one line, `[key, …, key, member]`, the keys leading to it from the top.
 * A value that is not a plain object is the one line `[value]`. Same return as writeJsonFile.
 */
export function writeJsonLines(path: string, value: unknown, options: JsonFileOptions): boolean {
  // `keys` is the line's start as JSON: `[` then each key and a comma.
  const emit = (put: Put, member: unknown, keys: string, depth: number): boolean => {
    if (depth > 0 && isPlainObject(member)) {
      const members = writtenMembers(member);
      if (members.length) return members.every(([key, inner]) => emit(put, inner, `${keys}${JSON.stringify(key)},`, depth - 1));
    }
    return put(`${keys}${JSON.stringify(member)}]\n`);
  };
  return writePieces(path, options, (put) => emit(put, value, '[', options.depth));
}

/**
 * The value writeJsonLines wrote to `path` after `prefix`, or undefined when the file does not
 * start with `prefix` (one read of at most a megabyte, however big the file). Throws on a file
 * that is not such JSON Lines (cut short, say).
 */
export function readJsonLines<T>(path: string, prefix: string): T | undefined {
  const fd = openSync(path, 'r');
  try {
    const expected = Buffer.from(prefix);
    let chunk = buffer;
    let held = readFully(fd, chunk, 0);
    if (held < expected.length || !chunk.subarray(0, expected.length).equals(expected)) return undefined;
    const root: { value?: unknown } = {};
    let start = expected.length;
    for (;;) {
      let end: number;
      while ((end = chunk.indexOf(10, start)) !== -1 && end < held) {
        place(root, JSON.parse(chunk.toString('utf8', start, end)) as unknown);
        start = end + 1;
      }
      // Keep the unfinished line, at the front of a buffer big enough to finish it.
      const rest = held - start;
      if (rest === chunk.length) {
        const bigger = Buffer.allocUnsafe(chunk.length * 2);
        chunk.copy(bigger, 0, start, held);
        chunk = bigger;
      } else chunk.copy(chunk, 0, start, held);
      start = 0;
      const read = readFully(fd, chunk, rest);
      if (read === rest) {
        if (rest > 0) throw new Error(`${path} ends in the middle of a line`);
        return root.value as T;
      }
      held = read;
    }
  } finally {
    closeSync(fd);
  }
}

/** Put one line's member where its keys lead, making the objects on the way. */
function place(root: { value?: unknown }, line: unknown): void {
  if (!Array.isArray(line) || line.length === 0) throw new Error('not a line of keys and a value');
  let into = root as Record<string, unknown>;
  let key = 'value';
  for (let i = 0; i < line.length - 1; i++) {
    into = (Object.hasOwn(into, key) ? into[key] : setOwn(into, key, {})) as Record<string, unknown>;
    key = line[i] as string;
    if (typeof key !== 'string' || typeof into !== 'object' || into === null) throw new Error('not a line of keys and a value');
  }
  setOwn(into, key, line[line.length - 1]);
}

/** `object[key] = value`, as JSON.parse would: an own member even when the key is `__proto__`. */
function setOwn(object: Record<string, unknown>, key: string, value: unknown): unknown {
  if (key === '__proto__') Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  else object[key] = value;
  return value;
}

/** Read from `fd` into `into` after its first `from` bytes until it is full or the file ends: how many bytes it then holds. */
function readFully(fd: number, into: Buffer, from: number): number {
  let held = from;
  for (let read; held < into.length && (read = readSync(fd, into, held, into.length - held, null)) > 0; ) held += read;
  return held;
}

/** Open `path`, write `options.prefix` and what `write` puts, through the shared buffer. */
function writePieces(path: string, options: JsonFileOptions, write: (put: Put) => boolean): boolean {
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
    } else used += buffer.write(text, used);
    return true;
  };
  try {
    const written = (options.prefix === undefined || put(options.prefix)) && write(put);
    if (written) flush();
    return written;
  } finally {
    closeSync(fd);
  }
}

/** The members JSON.stringify writes: not those undefined, functions or symbols. */
function writtenMembers(object: Record<string, unknown>): [string, unknown][] {
  return Object.entries(object).filter(([, inner]) => inner !== undefined && typeof inner !== 'function' && typeof inner !== 'symbol');
}

/** An object JSON.stringify writes member by member (not an array, nor one with toJSON such as a Date). */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}
