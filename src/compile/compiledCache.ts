/**
 * Each node's compiled SQL from earlier runs, reused while nothing it was compiled from has
 * changed: the node's own definition, the project (its macros, configs, vars, target and flags:
 * the environment) and the relation each of its ref()/source() calls resolved to. Only renders
 * the Jinja runtime saw to be repeatable are kept: one that queried the warehouse or read
 * env_var, the time, the graph or a file, or logged, is compiled again every run (REPEATABLE_NAMES
 * in src/jinja/runtime.ts).
 */
import { createHash } from 'node:crypto';
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

/**
 * The cache file: the entries of each render mode by node id (`kiln compile` renders in one mode,
 * `kiln build` in another, and neither should push the other's out), and the parse under which
 * the compile mode's entries were complete.
 */
interface CacheContents {
  /** Set by a compile of the whole project that found or stored every node's SQL here, under that parse. */
  complete?: CompleteCompile;
  entries: Record<string, Record<string, Entry>>;
}

/** What a compile of the whole project left, for the next compile of the same parse to repeat without the manifest. */
export interface CompleteCompile {
  /** The parse it was complete for. */
  fingerprint: string;
  /** The body key of the manifest.json it wrote (manifestBodyKey). */
  bodyKey: string;
  /** The parse's warnings, printed again. */
  warnings: string[];
  /** Each node it compiled, with its file under the target folder: `[id, path from target/]`. */
  files: [string, string][];
}

/** The first line of the file: its format and the environment its entries hold for. */
const headerOf = (environment: string) => `5 ${environment}`;

/** The mode `kiln compile` renders in: the one whose entries can be complete. */
const COMPILE_MODE = 'compile';

export class CompiledCache {
  private entries: Record<string, Record<string, Entry>>;
  private complete: CompleteCompile | undefined;
  private changed = false;
  /** The nodes whose compile-mode SQL this run took from or put into the cache. */
  private readonly served = new Set<string>();

  /** A file of another environment costs one short read. */
  constructor(
    private readonly path: string,
    private readonly environment: string,
  ) {
    // A missing, stale or corrupt file only means compiling again.
    const contents = readHeadedCacheFile<CacheContents>(path, headerOf(environment));
    this.entries = contents?.entries ?? {};
    this.complete = contents?.complete;
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
    this.changed = true;
    if (mode !== COMPILE_MODE) return;
    // Entries of another parse are now mixed in: complete again only once a whole compile says so.
    this.complete = undefined;
    this.served.add(id);
  }

  /** The node's SQL came from this cache (a hit whose refs still resolve), or needs none (TypeScript). */
  noteServed(id: string, mode: string): void {
    if (mode === COMPILE_MODE) this.served.add(id);
  }

  /**
   * After a compile of the manifest parsed as `complete.fingerprint`: when each of `ids` (every
   * node with SQL to compile) was served from or into the cache by this run, the next compile of
   * that same parse may take all their SQL as it is (readCompleteCompile), without the Jinja engine.
   */
  markComplete(complete: CompleteCompile, ids: Iterable<string>): void {
    for (const id of ids) if (!this.served.has(id)) return;
    if (this.complete && JSON.stringify(this.complete) === JSON.stringify(complete)) return;
    this.complete = complete;
    this.changed = true;
  }

  /** Write the file when something changed, keeping only nodes that still exist. */
  save(nodeIds: (id: string) => boolean): void {
    if (!this.changed) return;
    const entries = Object.fromEntries(Object.entries(this.entries).map(([mode, byId]) => [mode, Object.fromEntries(Object.entries(byId).filter(([id]) => nodeIds(id)))]));
    const contents: CacheContents = { complete: this.complete, entries };
    if (writeCacheFile(this.path, headerOf(this.environment), contents, 3)) this.changed = false;
  }
}

/**
 * What the last compile left and every node's compiled SQL by id, when the file is complete for
 * the parse `fingerprint` in `environment`: the last compile of exactly this manifest found or
 * stored each node's SQL, so compiling again would give the same. Undefined otherwise.
 */
export function readCompleteCompile(path: string, environment: string, fingerprint: string): { complete: CompleteCompile; sqlOf: Map<string, string> } | undefined {
  const contents = readHeadedCacheFile<CacheContents>(path, headerOf(environment));
  if (!contents?.complete || contents.complete.fingerprint !== fingerprint) return undefined;
  return { complete: contents.complete, sqlOf: new Map(Object.entries(contents.entries[COMPILE_MODE] ?? {}).map(([id, entry]) => [id, entry.sql])) };
}

/** What compiling a TypeScript model gives: the JavaScript kiln runs, as parsing left it (no template to render). */
export function typescriptCompiled(node: ManifestNode): { sql: string; ctes: [] } {
  return { sql: node.compiled_code ?? node.raw_code, ctes: [] };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('base64');
}
