/** `sources:` entries of property files → source definitions in the manifest. */
import { KilnError } from '../errors.js';
import { mergeConfig, projectLevelConfig } from '../project/configMerge.js';
import type { FreshnessRule, SourceDefinition } from '../project/nodes.js';
import type { PackageFiles } from '../project/types.js';
import { columnsFromYaml, type ProjectParser } from './parseProject.js';
import type { SourcePatch } from './properties.js';

type Yaml = Record<string, unknown>;

function freshnessOf(...levels: unknown[]): FreshnessRule | null {
  let rule: FreshnessRule | null = null;
  for (const level of levels) {
    if (level === undefined) continue;
    if (level === null) {
      rule = null;
      continue;
    }
    rule = { ...(rule ?? {}), ...(level as FreshnessRule) };
  }
  return rule;
}

export function buildSources(parser: ProjectParser, pkg: PackageFiles, patches: SourcePatch[]): void {
  const target = parser.project.profile.target;
  const dialect = parser.runtime.dialect;
  for (const { source, file, line } of patches) {
    const tables = (source['tables'] as Yaml[] | undefined) ?? [];
    for (const table of tables) {
      const tableName = String(table['name']);
      const uniqueId = `source.${pkg.name}.${source.name}.${tableName}`;
      if (parser.manifest.sources[uniqueId]) {
        throw new KilnError(`source table '${source.name}.${tableName}' is declared twice`, { file: file.relPath, line, hint: 'remove one of the declarations' });
      }
      const fqn = [pkg.name, ...file.pathInResource.split('/').slice(0, -1), source.name, tableName];
      const projectConfig = projectLevelConfig('sources', [pkg.name, source.name, tableName], pkg.config, parser.project.config);
      const config = mergeConfig(mergeConfig(mergeConfig({ enabled: true }, projectConfig), (source['config'] as Yaml) ?? {}), (table['config'] as Yaml) ?? {});
      const database = String(table['database'] ?? source['database'] ?? target.database);
      const schema = String(table['schema'] ?? source['schema'] ?? source.name);
      const identifier = String(table['identifier'] ?? tableName);
      const quoting = { ...((source['quoting'] as Yaml) ?? {}), ...((table['quoting'] as Yaml) ?? {}) } as Record<string, boolean>;
      const definition: SourceDefinition = {
        unique_id: uniqueId,
        resource_type: 'source',
        package_name: pkg.name,
        name: tableName,
        source_name: source.name,
        identifier,
        database,
        schema,
        loader: String(source['loader'] ?? ''),
        description: String(table['description'] ?? ''),
        source_description: String(source['description'] ?? ''),
        columns: columnsFromYaml(table['columns']),
        meta: { ...((source['meta'] as Yaml) ?? {}), ...((table['meta'] as Yaml) ?? {}) },
        source_meta: (source['meta'] as Yaml) ?? {},
        tags: [...new Set([...((source['tags'] as string[]) ?? []), ...((table['tags'] as string[]) ?? []), ...((config['tags'] as string[]) ?? [])])],
        config: { ...config, enabled: config['enabled'] !== false },
        loaded_at_field: (table['loaded_at_field'] ?? source['loaded_at_field'] ?? config['loaded_at_field'] ?? null) as string | null,
        freshness: freshnessOf(config['freshness'], source['freshness'], table['freshness']),
        quoting,
        path: file.relPath,
        original_file_path: file.relPath,
        abs_path: file.absPath,
        line,
        fqn,
        relation_name: dialect.renderRelation({ database, schema, identifier }, quoting),
        external: table['external'],
      };
      if (!definition.config.enabled) {
        (parser.manifest.disabled[uniqueId] ??= []).push(definition);
        continue;
      }
      parser.manifest.sources[uniqueId] = definition;
    }
  }
}
