/**
 * One invocation's view of a project: load → parse → manifest, plus the compiler.
 * The CLI commands start from here; nothing here prints.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createAdapter } from '../adapters/registry.js';
import type { Adapter, AdapterDialect } from '../adapters/types.js';
import type { Manifest } from '../project/nodes.js';
import type { Project } from '../project/types.js';
import { CheckedYaml } from '../project/schemas/checkedYaml.js';
import { withLazyModules } from '../lazyModules.js';
import { NodeCompiler } from './compileNode.js';
import { openProject, type OpenedProject, type SessionOptions } from './openProject.js';
import { CompiledCache, compiledEnvironment } from './compiledCache.js';
import { ParseCache, saveManifestSnapshot } from './parseCache.js';
import { loadParseDependencies, parseProject, type ParseResult } from './parseProject.js';
import { TemplateCodeCache } from './templateCodeCache.js';

export type { SessionOptions } from './openProject.js';

export interface Session {
  project: Project;
  dialect: AdapterDialect;
  manifest: Manifest;
  parse: ParseResult;
  compiler: NodeCompiler;
  targetDir: string;
  invocationId: string;
  startedAt: Date;
  /** The connection started during parse, when `connect` was asked for. */
  adapter?: Promise<Adapter>;
  lockWaitSeconds?: number;
  /** Compiled template code and compiled SQL kept in target/ for the next run (saved when the session closes). */
  templateCode?: TemplateCodeCache;
  compiledSql?: CompiledCache;
  /** What the parsed manifest is a function of (files and environment); absent with --no-partial-parse. */
  manifestFingerprint?: string;
}

export async function openSession(options: SessionOptions, opened?: OpenedProject): Promise<Session> {
  const { project, dialect, targetDir, saved } = opened ?? (await openProject(options));
  const invocationId = randomUUID();
  const startedAt = new Date();
  // The connection's worker starts (≈150 ms for DuckDB) on its own thread while parsing runs on this one.
  const adapter = options.connect ? createAdapter(project.profile.target, { threads: project.profile.target.threads, projectRoot: project.root, lockWaitSeconds: options.lockWaitSeconds }) : undefined;
  adapter?.catch(() => undefined); // awaited later; a failure surfaces there
  // The caches under target/ go with partial parsing: --no-partial-parse starts from nothing.
  const templateCode = saved && new TemplateCodeCache(join(targetDir, 'partial_parse_templates.json'));
  let parse: ParseResult;
  try {
    parse = await parseWithCache({ project, dialect, targetDir, saved }, options, invocationId, templateCode);
  } catch (error) {
    await adapter?.then((a) => a.close(), () => undefined);
    throw error;
  }
  const compiledSql = saved && new CompiledCache(targetDir, compiledEnvironment(project, saved.environment));
  const compiler = new NodeCompiler(parse.manifest, parse.runtime, project.config.name, compiledSql);
  parse.runtime.graph = graphContext(parse.manifest);
  return { project, dialect, manifest: parse.manifest, parse, compiler, targetDir, invocationId, startedAt, adapter, lockWaitSeconds: options.lockWaitSeconds, templateCode, compiledSql, manifestFingerprint: saved?.fingerprint };
}

/**
 * Parse, reusing what the last parse saved in target/: the whole manifest when no file
 * changed (same names, sizes and times, same environment), else each unchanged file's
 * parse results. `--no-partial-parse` skips both.
 */
async function parseWithCache({ project, dialect, targetDir, saved }: OpenedProject, options: SessionOptions, invocationId: string, templateCode?: TemplateCodeCache): Promise<ParseResult> {
  const parseOptions = { project, dialect, flags: options.flags, invocationId, log: options.log, templateCode };
  if (!saved) {
    await loadParseDependencies();
    return parseProject(parseOptions);
  }
  if (saved.snapshot) return parseProject({ ...parseOptions, snapshot: saved.snapshot });
  const cache = new ParseCache(join(targetDir, 'partial_parse.json'), saved.environment);
  // Property files apart from the project's own YAML: only a parse reads them.
  const checkedProperties = new CheckedYaml(join(targetDir, 'partial_parse_properties.json'));
  // With an earlier parse to reuse, the validators load only if a file is new to the caches (after one
  // model is edited, often none is). Loading them midway runs the parse again, so a cold one loads them first.
  if (cache.empty) await loadParseDependencies();
  const parse = await withLazyModules(() => parseProject({ ...parseOptions, cache, checkedProperties }));
  cache.save();
  checkedProperties.save();
  saveManifestSnapshot(saved.path, saved.fingerprint, { manifest: parse.manifest, warnings: parse.warnings });
  return parse;
}

/**
 * The session's warehouse connection — the one started while parsing, else a new one kept on
 * the session (so it is closed with it) — handed to the templates too.
 */
export async function openAdapter(session: Session, threads: number): Promise<Adapter> {
  session.adapter ??= createAdapter(session.project.profile.target, { threads, projectRoot: session.project.root, lockWaitSeconds: session.lockWaitSeconds });
  const adapter = await session.adapter;
  session.parse.runtime.adapter = adapter;
  return adapter;
}

/** `graph` as templates see it. */
export function graphContext(manifest: Manifest): Record<string, unknown> {
  return {
    nodes: manifest.nodes,
    sources: manifest.sources,
    exposures: manifest.exposures,
    metrics: manifest.metrics,
    semantic_models: manifest.semantic_models,
    saved_queries: manifest.saved_queries,
    groups: manifest.groups,
    unit_tests: manifest.unit_tests,
  };
}
