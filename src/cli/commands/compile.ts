import { randomUUID } from 'node:crypto';
import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { describe } from '../commandTable.js';
import { nodeSqlPath, writeFileIfChanged, type SeenFolders } from '../../artifacts/nodePaths.js';
import { blankNode } from '../../compile/blankNode.js';
import type { CompiledNode } from '../../compile/compileNode.js';
import { compiledEnvironment, compiledFile, readCompiledSql, readCompleteCompile, stillAsMarked, typescriptCompiled, writeCompleteCompile, type CompleteCompile } from '../../compile/compiledCache.js';
import { redact } from '../../secrets.js';
import type { OpenedProject } from '../../compile/openProject.js';
import type { Session } from '../../compile/session.js';
import { needsWarehouse } from '../../jinja/warehouseNeeded.js';
import type { ManifestNode } from '../../project/nodes.js';
import { addGlobalOptions, outputFor, projectFor, selectedIds, sessionFor, type GlobalOptions } from '../common.js';
import type { Output } from '../output.js';
import { manifestMetadata, writeSessionManifest } from './parse.js';
import { manifestBodyKey, writeManifestFromBody } from '../../artifacts/manifestJson.js';

/** What `kiln compile` selects from (seeds have nothing to compile, but `-s +seed` reaches through them). */
const COMPILED_TYPES = ['model', 'test', 'snapshot', 'analysis', 'seed'];

/**
 * Write a node's compiled SQL where dbt would: target/compiled/<package>/<file path>. Not when
 * the compiled-SQL cache vouches that the file already holds it (CompiledCache.holdsCompiled),
 * unless redacting would change it (a secret kiln knows now and did not then).
 */
export function writeCompiled(session: Pick<Session, 'targetDir' | 'compiledSql'>, node: ManifestNode, sql: string, folders?: SeenFolders): string {
  const path = nodeSqlPath(session.targetDir, 'compiled', node);
  if (session.compiledSql?.holdsCompiled(node.unique_id, relative(session.targetDir, path)) && redact(sql) === sql) return path;
  writeFileIfChanged(path, sql, folders);
  return path;
}

/**
 * Compile one node; when its templates query the warehouse (run_query, statement,
 * adapter.get_relation …) and no connection is open, connect and compile it again, as
 * dbt's compile would have connected from the start.
 */
export async function compileConnecting(session: Session, node: ManifestNode): Promise<CompiledNode> {
  const runtime = session.parse.runtime;
  runtime.connectOnDemand = !runtime.adapter;
  try {
    return session.compiler.compile(node);
  } catch (error) {
    if (!needsWarehouse(error)) throw error;
    runtime.connectOnDemand = false;
    const { openAdapter } = await import('../../compile/session.js');
    await openAdapter(session, session.project.profile.target.threads);
    return session.compiler.compile(node);
  } finally {
    runtime.connectOnDemand = false;
  }
}

/** Put a node's compiled SQL on it (for manifest.json) and under target/compiled/. */
function recordCompiled(target: Pick<Session, 'targetDir'>, node: ManifestNode, compiled: CompiledNode, folders: SeenFolders): void {
  node.compiled_code = compiled.sql;
  node.compiled = true;
  node.extra_ctes = compiled.ctes;
  writeCompiled(target, node, compiled.sql, folders);
}

/** Compile the given nodes (seeds and sources have nothing to compile) into the manifest and target/compiled/; returns those compiled. */
export async function compileNodes(session: Session, ids: Iterable<string>): Promise<ManifestNode[]> {
  const compiled: ManifestNode[] = [];
  const folders: SeenFolders = new Map();
  for (const id of ids) {
    const node = session.manifest.nodes[id];
    if (!node || node.resource_type === 'seed') continue;
    recordCompiled(session, node, await compileConnecting(session, node), folders);
    compiled.push(node);
  }
  return compiled;
}

interface CompileOptions extends GlobalOptions {
  inline?: string;
}

export function registerCompile(program: Command): void {
  const command = program
    .command('compile')
    .description(describe('compile'))
    .option('--inline <sql>', 'compile this SQL (with Jinja) and print it');
  addGlobalOptions(command, { selection: true }).action(async (options: CompileOptions) => {
    const output = outputFor(options);
    const flags = { WHICH: 'compile' };
    const opened = await projectFor(options, output, flags);
    if (options.inline === undefined && compileFromCache(opened, options, output)) return;
    const session = await sessionFor(options, output, flags, false, opened);
    if (options.inline !== undefined) {
      const node = inlineNode(session, options.inline);
      output.result((await compileConnecting(session, node)).sql.trim());
      return;
    }
    const ids = selectedIds(session, options, output, COMPILED_TYPES);
    const written = await compileNodes(session, ids);
    const fingerprint = session.manifestFingerprint;
    const bodyKey = fingerprint ? manifestBodyKey(fingerprint, session.manifest) : undefined;
    // Every node compiled from or into the cache: the next compile of this same parse needs no rendering.
    if (fingerprint && bodyKey) {
      const { manifest, targetDir } = session;
      const compilable = Object.values(manifest.nodes).filter((node) => node.resource_type !== 'seed');
      session.compiledSql?.markComplete(compilable.map((node) => node.unique_id), () => ({
        fingerprint,
        bodyKey,
        warnings: session.parse.warnings,
        files: written.map((node) => compiledFile(targetDir, node.unique_id, relative(targetDir, nodeSqlPath(targetDir, 'compiled', node)))),
      }));
    }
    writeSessionManifest(session, true, bodyKey);
    reportCompiled(output, written.length, session.targetDir);
  });
}

function reportCompiled(output: Output, count: number, targetDir: string): void {
  output.info(`Compiled ${count} nodes into ${join(targetDir, 'compiled')}`);
}

/**
 * Compile without a session when nothing changed since a compile that took or stored every
 * node's SQL in target/partial_parse_compiled.json (CompiledCache.markComplete): the same
 * parse gives the same SQL, so neither the Jinja engine nor the parser loads. Returns whether
 * it did; otherwise the command compiles as usual.
 */
function compileFromCache(opened: OpenedProject, options: GlobalOptions, output: Output): boolean {
  const { saved, project, targetDir } = opened;
  if (!saved) return false;
  const environment = compiledEnvironment(project, saved.environment);
  const complete = readCompleteCompile(targetDir, environment, saved.fingerprint);
  if (!complete) return false;
  if (repeatWholeCompile(opened, options, output, complete, environment)) return true;
  if (!saved.snapshot) return false;
  const sqlOf = readCompiledSql(targetDir, environment);
  const { manifest, warnings } = saved.snapshot;
  const view = { ...opened, manifest };
  const nodes: [ManifestNode, CompiledNode][] = [];
  for (const warning of warnings) output.warn(warning);
  for (const id of selectedIds(view, options, output, COMPILED_TYPES)) {
    const node = manifest.nodes[id];
    if (!node || node.resource_type === 'seed') continue;
    const sql = node.language === 'typescript' ? typescriptCompiled(node).sql : sqlOf.get(id);
    if (sql === undefined) return false; // not expected of a complete file; compiling as usual is always right
    nodes.push([node, { sql, ctes: [] }]);
  }
  const folders: SeenFolders = new Map();
  for (const [node, compiled] of nodes) recordCompiled(opened, node, compiled, folders);
  writeSessionManifest({ ...view, invocationId: randomUUID(), startedAt: new Date(), manifestFingerprint: saved.fingerprint }, true);
  reportCompiled(output, nodes.length, targetDir);
  return true;
}

/**
 * Without a selection, repeat the complete compile exactly: keep each file it wrote that is as it
 * left it, write again from its stored SQL any other, and write manifest.json from the body it
 * left, without reading the saved manifest at all (2.3 MB at 1,000 models, 19 MB at 10,000) or
 * selecting. Returns whether it did: not when a selection narrows the compile, a changed file's
 * SQL is not in the cache (TypeScript models), or manifest.json is no longer the one that compile wrote.
 */
function repeatWholeCompile({ project, targetDir }: OpenedProject, options: GlobalOptions, output: Output, complete: CompleteCompile, environment: string): boolean {
  const narrowed = options.select?.length || options.exclude?.length || options.selector !== undefined || options.state !== undefined || Boolean(project.selectors);
  if (narrowed) return false;
  // A stamp, not the contents: 1,135 files are stated in about 10 ms, and read in about 35.
  const changed = complete.files.filter((file) => !stillAsMarked(targetDir, file));
  const sqlOf = changed.length ? readCompiledSql(targetDir, environment) : new Map<string, string>();
  if (changed.some(([id]) => !sqlOf.has(id))) return false;
  // manifest.json first: when its body cannot be reused, the compile as usual writes the files.
  if (!writeManifestFromBody(targetDir, manifestMetadata({ project, invocationId: randomUUID(), startedAt: new Date() }), complete.bodyKey)) return false;
  if (changed.length) {
    const folders: SeenFolders = new Map();
    for (const [id, path] of changed) writeFileIfChanged(join(targetDir, path), sqlOf.get(id)!, folders);
    const again = new Set(changed);
    writeCompleteCompile(targetDir, environment, { ...complete, files: complete.files.map((file) => (again.has(file) ? compiledFile(targetDir, file[0], file[1]) : file)) });
  }
  for (const warning of complete.warnings) output.warn(warning);
  reportCompiled(output, complete.files.length, targetDir);
  return true;
}

/** A throwaway node for `--inline` SQL and `kiln show --inline`. */
export function inlineNode(session: Session, sql: string): ManifestNode {
  const { name: project } = session.project.config;
  const node = blankNode({
    unique_id: `sql_operation.${project}.inline_query`,
    resource_type: 'operation',
    package_name: project,
    name: 'inline_query',
    path: 'inline_query.sql',
    original_file_path: '--inline',
    abs_path: '--inline',
    fqn: [project, 'inline_query'],
    raw_code: sql,
    checksum: '',
  });
  node.database = session.project.profile.target.database;
  node.schema = session.project.profile.target.schema;
  return node;
}
