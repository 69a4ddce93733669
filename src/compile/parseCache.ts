/**
 * What parsing learned about each SQL file (its refs, sources, config() calls and
 * macros), keyed by file checksum, saved in target/ between runs. An entry is only
 * trusted while everything else a render could depend on is unchanged: macros,
 * vars, the target and kiln itself (the environment key).
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createHash } from 'node:crypto';
import { macroFilesOf, sha256 } from '../project/files.js';
import type { Manifest, RefCall } from '../project/nodes.js';
import type { ConfigMap, Project } from '../project/types.js';
import { kilnBuild, KILN_VERSION } from '../version.js';
import { holdsSecret } from '../secrets.js';

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
    const file: CacheFile = { version: 1, environmentKey: this.environmentKey, entries: this.entries };
    const text = JSON.stringify(file);
    // A cache that would hold a secret is not written (a redacted one would parse wrongly next time).
    if (holdsSecret(text)) return;
    mkdirSync(dirname(this.path), { recursive: true });
    writeFileSync(this.path, text);
    this.dirty = false;
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
  if (!existsSync(path)) return undefined;
  try {
    // The fingerprint line alone first: a stale snapshot (megabytes) is not read.
    const head = Buffer.alloc(fingerprint.length + 1);
    const fd = openSync(path, 'r');
    try {
      readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
    if (head.toString('utf8') !== `${fingerprint}\n`) return undefined;
    const text = readFileSync(path, 'utf8');
    return JSON.parse(text.slice(fingerprint.length + 1)) as ManifestSnapshot;
  } catch {
    return undefined; // a corrupt snapshot is just a parse
  }
}

export function saveManifestSnapshot(path: string, fingerprint: string, snapshot: ManifestSnapshot): void {
  const text = JSON.stringify(snapshot);
  if (holdsSecret(text)) return; // as for the file cache: never on disk, and never redacted into a wrong manifest
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${fingerprint}\n${text}`);
}
