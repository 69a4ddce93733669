/**
 * What parsing learned about each SQL file (its refs, sources, config() calls and
 * macros), keyed by file checksum, saved in target/ between runs. An entry is only
 * trusted while everything else a render could depend on is unchanged: macros,
 * vars, the target and kiln itself (the environment key).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { RefCall } from '../project/nodes.js';
import type { ConfigMap } from '../project/types.js';

export interface CapturedParse {
  refs: RefCall[];
  sources: [string, string][];
  config: ConfigMap;
  macros: string[];
}

interface CacheFile {
  version: 1;
  environmentKey: string;
  entries: Record<string, { checksum: string; captured: CapturedParse }>;
}

export class ParseCache {
  private entries: CacheFile['entries'] = {};
  private dirty = false;

  constructor(private readonly path: string, private readonly environmentKey: string) {
    if (!existsSync(path)) return;
    try {
      const file = JSON.parse(readFileSync(path, 'utf8')) as CacheFile;
      if (file.version === 1 && file.environmentKey === environmentKey) this.entries = file.entries;
    } catch {
      // A corrupt cache is just a cold parse.
    }
  }

  lookup(uniqueId: string, checksum: string, code: string): CapturedParse | undefined {
    const entry = this.entries[uniqueId];
    return entry && entry.checksum === checksumOf(checksum, code) ? entry.captured : undefined;
  }

  store(uniqueId: string, checksum: string, code: string, captured: CapturedParse): void {
    this.entries[uniqueId] = { checksum: checksumOf(checksum, code), captured };
    this.dirty = true;
  }

  save(): void {
    if (!this.dirty) return;
    mkdirSync(dirname(this.path), { recursive: true });
    const file: CacheFile = { version: 1, environmentKey: this.environmentKey, entries: this.entries };
    writeFileSync(this.path, JSON.stringify(file));
    this.dirty = false;
  }
}

/** Snapshot blocks share one file; the code's length tells them apart cheaply. */
function checksumOf(fileChecksum: string, code: string): string {
  return `${fileChecksum}:${code.length}`;
}
