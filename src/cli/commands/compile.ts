import { join } from 'node:path';
import type { Command } from 'commander';
import { describe } from '../commandTable.js';
import { nodeSqlPath, writeFileIfChanged, type SeenFolders } from '../../artifacts/nodePaths.js';
import { blankNode } from '../../compile/parseProject.js';
import type { CompiledNode } from '../../compile/compileNode.js';
import { openAdapter, type Session } from '../../compile/session.js';
import { needsWarehouse } from '../../jinja/runtime.js';
import type { ManifestNode } from '../../project/nodes.js';
import { addGlobalOptions, outputFor, selectedIds, sessionFor, type GlobalOptions } from '../common.js';
import { writeSessionManifest } from './parse.js';

/** Write a node's compiled SQL where dbt would: target/compiled/<package>/<file path>. */
export function writeCompiled(session: Session, node: ManifestNode, sql: string, folders?: SeenFolders): string {
  const path = nodeSqlPath(session.targetDir, 'compiled', node);
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
    await openAdapter(session, session.project.profile.target.threads);
    return session.compiler.compile(node);
  } finally {
    runtime.connectOnDemand = false;
  }
}

/** Compile the given nodes (seeds and sources have nothing to compile) into the manifest and target/compiled/. */
export async function compileNodes(session: Session, ids: Iterable<string>): Promise<number> {
  let count = 0;
  const folders: SeenFolders = new Map();
  for (const id of ids) {
    const node = session.manifest.nodes[id];
    if (!node || node.resource_type === 'seed') continue;
    const compiled = await compileConnecting(session, node);
    node.compiled_code = compiled.sql;
    node.compiled = true;
    node.extra_ctes = compiled.ctes;
    writeCompiled(session, node, compiled.sql, folders);
    count++;
  }
  return count;
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
    const session = await sessionFor(options, output, { WHICH: 'compile' });
    if (options.inline !== undefined) {
      const node = inlineNode(session, options.inline);
      output.result((await compileConnecting(session, node)).sql.trim());
      return;
    }
    const ids = selectedIds(session, options, output, ['model', 'test', 'snapshot', 'analysis', 'seed']);
    const count = await compileNodes(session, ids);
    writeSessionManifest(session, true);
    output.info(`Compiled ${count} nodes into ${join(session.targetDir, 'compiled')}`);
  });
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
