/**
 * What parsing learned about each SQL file (its refs, sources, config() calls and
 * macros), keyed by file checksum, saved in target/ between runs. An entry is only
 * trusted while everything else a render could depend on is unchanged: macros,
 * vars, the target and kiln itself (the environment key).
 */
import { createHash } from 'node:crypto';
import { macroFilesOf, sha256 } from '../project/files.js';
import type { Manifest, RefCall } from '../project/nodes.js';
import type { ConfigMap, Project } from '../project/types.js';
import { kilnBuild, KILN_VERSION } from '../version.js';
import { readHeadedCacheFile, writeCacheFile } from './cacheFile.js';

export interface CapturedParse {
  refs: RefCall[];
  sources: [string, string][];
  config: ConfigMap;
  macros: string[];
}

type Entries = Record<string, { checksum: string; captured: CapturedParse }>;

export class ParseCache {
  private readonly entries: Entries;
  private dirty = false;
  /** The file's first line: its format and the environment its entries hold for. */
  private readonly header: string;

  constructor(private readonly path: string, environmentKey: string) {
    this.header = `1 ${environmentKey}`;
    // A missing, stale or corrupt cache is just a cold parse.
    this.entries = readHeadedCacheFile<Entries>(path, this.header) ?? {};
  }

  /** No earlier parse to reuse (first run, another environment). */
  get empty(): boolean {
    return Object.keys(this.entries).length === 0;
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
    if (writeCacheFile(this.path, this.header, this.entries, 1)) this.dirty = false;
  }
}

/** Snapshot blocks share one file; the code's length tells them apart cheaply. */
function checksumOf(fileChecksum: string, code: string): string {
  return `${fileChecksum}:${code.length}`;
}

/**
 * Everything besides a file's own text that a render at parse time could depend on:
 * macros, vars, flags, the target, project-file configs, and kiln itself.
 */
export function environmentKey(project: Project, flags: Record<string, unknown> = {}): string {
  const { WHICH: _which, ...parseFlags } = flags;
  const target = project.profile.target;
  return sha256(
    JSON.stringify([
      project.cliVars,
      project.config.vars,
      parseFlags,
      [target.name, target.type, target.database, target.schema],
      project.packages.map((p) => [p.name, p.config.configTrees, macroFilesOf(p).map((f) => f.checksum)]),
      KILN_VERSION,
      kilnBuild(),
    ]),
  );
}

/** Names, sizes and modification times of every file, under the environment key: "nothing changed" in one hash. */
export function projectFingerprint(project: Project, environment: string): string {
  const hash = createHash('sha256').update(environment);
  for (const pkg of project.packages) {
    for (const file of [...pkg.models, ...pkg.seeds, ...pkg.snapshots, ...pkg.macros, ...pkg.tests, ...pkg.analyses, ...pkg.docs, ...pkg.propertyFiles]) {
      hash.update(`${file.relPath}\0${file.size}\0${file.mtimeMs}\n`);
    }
  }
  return hash.digest('hex');
}

export interface ManifestSnapshot {
  manifest: Manifest;
  warnings: string[];
}

/**
 * The whole parsed manifest, saved with the fingerprint of the project it came from.
 * The fingerprint is the file's first line, so a stale snapshot costs one short read.
 */
export function loadManifestSnapshot(path: string, fingerprint: string): ManifestSnapshot | undefined {
  return readHeadedCacheFile<ManifestSnapshot>(path, fingerprint); // a stale or corrupt snapshot is just a parse
}

export function saveManifestSnapshot(path: string, fingerprint: string, snapshot: ManifestSnapshot): void {
  writeCacheFile(path, fingerprint, snapshot, 3);
}
