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

export class CompiledCache {
  private entries: Record<string, Entry> = {};
  private changed = false;

  /** The file is `environment`, a newline, then the entries: one of another environment costs one short read. */
  constructor(
    private readonly path: string,
    private readonly environment: string,
  ) {
    // A missing, stale or corrupt file only means compiling again.
    this.entries = readHeadedCacheFile<Record<string, Entry>>(path, environment) ?? {};
  }

  /** A node's definition as the key of its compiled SQL (left out: what compiling writes into the node, and how parsing went). */
  keyOf(node: ManifestNode, mode: string): string {
    const { compiled_code: _code, compiled: _compiled, extra_ctes: _ctes, parsed_statically: _static, ...definition } = node;
    return sha256(JSON.stringify([mode, definition]));
  }

  lookup(id: string, key: string): Entry | undefined {
    const entry = this.entries[id];
    return entry?.key === key ? entry : undefined;
  }

  store(id: string, key: string, refs: ResolvedRef[], sql: string): void {
    this.entries[id] = { key, refs, sql };
    this.changed = true;
  }

  /** Write the file when something new was compiled, keeping only nodes that still exist. */
  save(nodeIds: (id: string) => boolean): void {
    if (!this.changed) return;
    const entries = Object.fromEntries(Object.entries(this.entries).filter(([id]) => nodeIds(id)));
    if (writeCacheFile(this.path, `${this.environment}\n${JSON.stringify(entries)}`)) this.changed = false;
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('base64');
}
