/**
 * Where a node lands in the warehouse: database, schema and alias, computed by the
 * (overridable) generate_database_name / generate_schema_name / generate_alias_name
 * macros. When the project does not override them, the same rules run in TypeScript,
 * which is what keeps a 10,000-model parse fast.
 */
import type { ManifestNode } from '../project/nodes.js';
import type { TargetConfig } from '../project/types.js';
import type { JinjaRuntime } from '../jinja/runtime.js';

function macroString(runtime: JinjaRuntime, name: string, args: unknown[], node: ManifestNode): string {
  const value = runtime.withFrame({ mode: 'parse', file: node.original_file_path, node, packageName: node.package_name }, () => {
    const found = runtime.findMacro(name, node.package_name)!;
    return found.fn(...args);
  });
  return String(value ?? '').trim();
}

export function assignRelationNames(node: ManifestNode, runtime: JinjaRuntime, target: TargetConfig): void {
  const config = node.config;
  const customSchema = (config.schema as string | undefined) ?? null;
  const customDatabase = (config.database as string | undefined) ?? null;
  const customAlias = (config.alias as string | undefined) ?? null;
  const pkg = node.package_name;
  node.database = runtime.isOverridden('generate_database_name', pkg)
    ? macroString(runtime, 'generate_database_name', [customDatabase, node], node)
    : customDatabase ?? target.database;
  node.schema = runtime.isOverridden('generate_schema_name', pkg)
    ? macroString(runtime, 'generate_schema_name', [customSchema, node], node)
    : customSchema === null
      ? target.schema
      : `${target.schema}_${customSchema.trim()}`;
  node.alias = runtime.isOverridden('generate_alias_name', pkg)
    ? macroString(runtime, 'generate_alias_name', [customAlias, node], node)
    : customAlias
      ? customAlias.trim()
      : node.version !== undefined && node.version !== null
        ? `${node.name}_v${String(node.version).replace(/\./g, '_')}`
        : node.name;
}
