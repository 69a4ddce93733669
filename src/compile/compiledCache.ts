/**
 * Each node's compiled SQL from earlier runs, reused while nothing it was compiled from has
 * changed: the node's own definition, the project (its macros, configs, vars, target and flags:
 * the environment) and the relation each of its ref()/source() calls resolved to. Only renders
 * the Jinja runtime saw to be repeatable are kept: one that queried the warehouse or read
 * env_var, the time, the graph or a file, or logged, is compiled again every run (REPEATABLE_NAMES
 * in src/jinja/runtime.ts).
 */
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { hasStamp, stampOf } from '../artifacts/fileStamp.js';
import type { ManifestNode } from '../project/nodes.js';
import type { Project } from '../project/types.js';
import { readHeadedCacheFile, writeCacheFile } from './cacheFile.js';

/** One ref()/source() call a render made: `['ref', call as JSON, relation]` or `['source', source, table, relation]`. */
export type ResolvedRef = string[];

interface Entry {
  key: string;
  refs: ResolvedRef[];
  sql: string;
}

/** What every node's compiled SQL may depend on besides the node: the parse environment and the whole project and target configuration. */
export function compiledEnvironment(project: Project, environmentKey: string): string {
  return sha256(JSON.stringify([environmentKey, project.profile.target, project.config, project.packages.map((p) => p.config)]));
}

/** The cache file: the entries of each render mode by node id (`kiln compile` renders in one mode, `kiln build` in another, and neither should push the other's out). */
type Entries = Record<string, Record<string, Entry>>;

/**
 * What a compile of the whole project left, for the next compile of the same parse to repeat
 * without the manifest: kept in a file of its own, so that repeating it reads no SQL unless a
 * compiled file has changed since.
 */
export interface CompleteCompile {
  /** The parse it was complete for. */
  fingerprint: string;
  /** The body key of the manifest.json it wrote (manifestBodyKey). */
  bodyKey: string;
  /** The parse's warnings, printed again. */
  warnings: string[];
  /** Each node it compiled, with its file under the target folder as that compile left it. */
  files: CompiledFile[];
}

/** `[node id, path from target/, size, mtimeMs]` (see FileStamp). */
export type CompiledFile = [string, string, number, number];

/** Node `id`'s compiled file at `path` (from target/) as it is now on disk, for the complete mark. */
export function compiledFile(targetDir: string, id: string, path: string): CompiledFile {
  const { size, mtimeMs } = stampOf(join(targetDir, path)) ?? { size: -1, mtimeMs: -1 };
  return [id, path, size, mtimeMs];
}

/** Whether a compiled file the mark lists still has the stamp the mark recorded. */
export function stillAsMarked(targetDir: string, [, path, size, mtimeMs]: CompiledFile): boolean {
  return hasStamp(join(targetDir, path), { size, mtimeMs });
}

const ENTRIES_FILE = 'partial_parse_compiled.json';
const COMPLETE_FILE = 'partial_parse_compiled_complete.json';

/** The first line of each file: its format and the environment it holds for. */
const headerOf = (environment: string) => `6 ${environment}`;

/** The mode `kiln compile` renders in: the one whose entries can be complete. */
const COMPILE_MODE = 'compile';

export class CompiledCache {
  private readonly entries: Entries;
  private complete: CompleteCompile | undefined;
  private entriesChanged = false;
  private completeChanged = false;
  /** The nodes whose compile-mode SQL this run took from or put into the cache. */
  private readonly served = new Set<string>();
  /** The nodes whose compile-mode SQL this run took from the cache. */
  private readonly hits = new Set<string>();
  /** The complete mark as this run found it, by node: its files were written from the entries as they then were. */
  private markedFiles: Map<string, CompiledFile> | undefined;

  /** Files of another environment cost one short read each. */
  constructor(
    private readonly targetDir: string,
    private readonly environment: string,
  ) {
    // A missing, stale or corrupt file only means compiling again.
    this.entries = readHeadedCacheFile<Entries>(join(targetDir, ENTRIES_FILE), headerOf(environment)) ?? {};
    this.complete = readHeadedCacheFile<CompleteCompile>(join(targetDir, COMPLETE_FILE), headerOf(environment));
    if (this.complete) this.markedFiles = new Map(this.complete.files.map((file) => [file[0], file]));
  }

  /**
   * A node's definition as the key of its compiled SQL (left out: what compiling writes into the
   * node, and how parsing went). SHA-1 is enough to tell definitions apart, and a third of
   * SHA-256's time here (10,000 nodes: 24 against 87 ms).
   */
  keyOf(node: ManifestNode): string {
    const { compiled_code: _code, compiled: _compiled, extra_ctes: _ctes, parsed_statically: _static, ...definition } = node;
    return createHash('sha1').update(JSON.stringify(definition)).digest('base64');
  }

  lookup(id: string, mode: string, key: string): Entry | undefined {
    const entry = this.entries[mode]?.[id];
    return entry?.key === key ? entry : undefined;
  }

  store(id: string, mode: string, key: string, refs: ResolvedRef[], sql: string): void {
    (this.entries[mode] ??= {})[id] = { key, refs, sql };
    this.entriesChanged = true;
    if (mode !== COMPILE_MODE) return;
    // Entries of another parse are now mixed in: complete again only once a whole compile says so.
    if (this.complete) this.completeChanged = true;
    this.complete = undefined;
    this.served.add(id);
  }

  /** The node's SQL came from this cache (`hit`: an entry whose refs still resolve), or needs none (TypeScript). */
  noteServed(id: string, mode: string, hit: boolean): void {
    if (mode !== COMPILE_MODE) return;
    this.served.add(id);
    if (hit) this.hits.add(id);
  }

  /**
   * Whether the compiled file of node `id` (`path` from target/) already holds the SQL this run
   * took from the cache for it, without reading it: the complete mark this run found lists the
   * file with the stamp it still has, and that mark was written from the entries as they are now
   * (a render stored since would have removed it). At 1,000 models a compile after one edit read
   * all 1,135 files to compare them: about 100 ms.
   */
  holdsCompiled(id: string, path: string): boolean {
    const file = this.hits.has(id) ? this.markedFiles?.get(id) : undefined;
    return file !== undefined && file[1] === path && stillAsMarked(this.targetDir, file);
  }

  /**
   * After a compile of the whole manifest: when each of `ids` (every node with SQL to compile) was
   * served from or into the cache by this run, the next compile of that same parse may take all
   * their SQL as it is (readCompleteCompile), without the Jinja engine. `complete` is asked only then.
   */
  markComplete(ids: Iterable<string>, complete: () => CompleteCompile): void {
    for (const id of ids) if (!this.served.has(id)) return;
    const mark = complete();
    if (this.complete && JSON.stringify(this.complete) === JSON.stringify(mark)) return;
    this.complete = mark;
    this.completeChanged = true;
  }

  /**
   * Write what changed, keeping only nodes that still exist. A mark that no longer holds goes
   * first, and a new one is written last, so that it never vouches for entries not on disk.
   */
  save(nodeIds: (id: string) => boolean): void {
    const completePath = join(this.targetDir, COMPLETE_FILE);
    if (this.completeChanged && !this.complete) rmSync(completePath, { force: true });
    if (this.entriesChanged) {
      const kept = Object.fromEntries(Object.entries(this.entries).map(([mode, byId]) => [mode, Object.fromEntries(Object.entries(byId).filter(([id]) => nodeIds(id)))]));
      if (!writeCacheFile(join(this.targetDir, ENTRIES_FILE), headerOf(this.environment), kept, 2)) return;
      this.entriesChanged = false;
    }
    if (this.completeChanged && this.complete) writeCompleteCompile(this.targetDir, this.environment, this.complete);
    this.completeChanged = false;
  }
}

/**
 * What the last compile left when it was complete for the parse `fingerprint` in `environment`:
 * the last compile of exactly this manifest found or stored each node's SQL, so compiling again
 * would give the same. Undefined otherwise. Reads only the mark, not the SQL.
 */
export function readCompleteCompile(targetDir: string, environment: string, fingerprint: string): CompleteCompile | undefined {
  const complete = readHeadedCacheFile<CompleteCompile>(join(targetDir, COMPLETE_FILE), headerOf(environment));
  return complete?.fingerprint === fingerprint ? complete : undefined;
}

/** Write the mark again, e.g. with new stamps for the files a repeat had to write again. */
export function writeCompleteCompile(targetDir: string, environment: string, complete: CompleteCompile): void {
  writeCacheFile(join(targetDir, COMPLETE_FILE), headerOf(environment), complete, 1);
}

/** Each node's compiled SQL by id, as `kiln compile` last stored it in `environment`. */
export function readCompiledSql(targetDir: string, environment: string): Map<string, string> {
  const entries = readHeadedCacheFile<Entries>(join(targetDir, ENTRIES_FILE), headerOf(environment));
  return new Map(Object.entries(entries?.[COMPILE_MODE] ?? {}).map(([id, entry]) => [id, entry.sql]));
}

/** What compiling a TypeScript model gives: the JavaScript kiln runs, as parsing left it (no template to render). */
export function typescriptCompiled(node: ManifestNode): { sql: string; ctes: [] } {
  return { sql: node.compiled_code ?? node.raw_code, ctes: [] };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('base64');
}
