/**
 * Generic tests declared in property YAML (`data_tests:` / `tests:` on models,
 * seeds, snapshots, sources and their columns) become test nodes named as dbt
 * names them (`not_null_orders_order_id`, with a hash when too long), so that
 * `--select` and `result:` selection behave as users expect.
 */
import { createHash } from 'node:crypto';
import { dirname } from 'node:path';
import { KilnError } from '../errors.js';
import { didYouMean } from '../project/suggest.js';
import { mergeConfig, projectLevelConfig } from '../project/configMerge.js';
import type { ManifestNode, RefCall } from '../project/nodes.js';
import type { ConfigMap, PackageFiles, SourceFile } from '../project/types.js';
import { defaultNodeConfig } from './blankNode.js';
import { finalizeConfig, type ProjectParser } from './parseProject.js';
import { refsInYaml } from './refsInYaml.js';
import type { PackageProperties, Patch } from './properties.js';
import { versionFiles } from './modelVersions.js';
import { INTERNAL_PACKAGE } from '../jinja/internalMacros.js';

type Yaml = Record<string, unknown>;

/** Keys of a test entry that configure the test rather than pass it an argument (dbt's CONFIG_ARGS). */
const TEST_CONFIG_ARGS = new Set(['severity', 'tags', 'enabled', 'where', 'limit', 'warn_if', 'error_if', 'fail_calc', 'store_failures', 'store_failures_as', 'meta', 'database', 'schema', 'alias']);

interface TestTarget {
  /** `ref('orders')` or `source('raw', 'orders')` as written in the test's model argument. */
  expression: string;
  /** Name used in the test's name: the model name, or `source_<source>_<table>`. */
  nameInTest: string;
  attachedNode: string;
  ref?: RefCall;
  source?: [string, string];
  file: SourceFile;
  fileKey: string;
}

const md5 = (text: string): string => createHash('md5').update(text).digest('hex');

/** dbt's synthesize_generic_test_names: (short name for files, full name for the id). */
export function synthesizeTestNames(testType: string, targetName: string, args: Yaml): { shortName: string; fullName: string } {
  const flat: string[] = [];
  for (const key of Object.keys(args).sort()) {
    if (key === 'model') continue;
    const value = args[key];
    const parts = value && typeof value === 'object' ? (Array.isArray(value) ? value : Object.values(value)) : [value];
    flat.push(...parts.map(pythonStr));
  }
  const unique = flat.map((arg) => arg.replace(/[^0-9a-zA-Z_]+/g, '_')).join('__');
  const identifier = `${testType}_${targetName}`;
  const fullName = `${identifier}_${unique}`;
  const shortName = fullName.length >= 64 ? `${identifier.slice(0, 30)}_${md5(fullName)}` : fullName;
  return { shortName, fullName };
}

/** Python's str() of a YAML scalar, so names match dbt's (True, None). */
function pythonStr(value: unknown): string {
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Read one entry of a `data_tests:` list into (namespace, name, args, config). */
function readTestEntry(entry: unknown, where: { file: string }): { namespace: string | null; testName: string; args: Yaml; config: ConfigMap; customName?: string } {
  let fullName: string;
  let body: Yaml = {};
  if (typeof entry === 'string') fullName = entry;
  else if (entry && typeof entry === 'object' && !Array.isArray(entry)) {
    const obj = entry as Yaml;
    if (typeof obj['test_name'] === 'string') {
      fullName = obj['test_name'];
      body = obj;
    } else {
      const keys = Object.keys(obj);
      if (keys.length !== 1) {
        throw new KilnError(`a test entry must have exactly one key (the test's name), found: ${keys.join(', ')}`, {
          file: where.file,
          hint: "write it as `- unique` or `- accepted_values: {values: ['a', 'b']}`",
        });
      }
      fullName = keys[0]!;
      body = (obj[fullName] as Yaml) ?? {};
    }
  } else {
    throw new KilnError(`a test entry must be a name or a mapping, got ${JSON.stringify(entry)}`, { file: where.file });
  }
  const dot = fullName.lastIndexOf('.');
  const namespace = dot >= 0 ? fullName.slice(0, dot) : null;
  const testName = dot >= 0 ? fullName.slice(dot + 1) : fullName;
  const config: ConfigMap = { ...((body['config'] as ConfigMap) ?? {}) };
  const args: Yaml = {};
  const customName = typeof body['name'] === 'string' ? body['name'] : undefined;
  for (const [key, value] of Object.entries(body)) {
    if (key === 'config' || key === 'name' || key === 'test_name' || key === 'description') continue;
    if (key === 'arguments' && value && typeof value === 'object') Object.assign(args, value);
    else if (TEST_CONFIG_ARGS.has(key)) config[key] = value;
    else args[key] = value;
  }
  return { namespace, testName, args, config, customName };
}

function addTest(parser: ProjectParser, pkg: PackageFiles, target: TestTarget, entry: unknown, columnName: string | null, columnQuote: boolean | undefined): void {
  const { namespace, testName, args, config: entryConfig, customName } = readTestEntry(entry, { file: target.file.relPath });
  const kwargs: Yaml = { ...args };
  if (columnName !== null) kwargs['column_name'] = columnQuote ? parser.runtime.dialect.quoteIdentifier(columnName) : columnName;
  const macroName = `test_${testName}`;
  const known = namespace ? parser.runtime.registry.has(namespace, macroName) : Boolean(parser.runtime.findMacro(macroName, pkg.name));
  if (!known) {
    const candidates = parser.runtime.registry.packages().flatMap((p) => parser.runtime.registry.namesIn(p)).filter((n) => n.startsWith('test_')).map((n) => n.slice(5));
    throw new KilnError(`unknown generic test '${namespace ? `${namespace}.` : ''}${testName}'`, {
      file: target.file.relPath,
      hint: didYouMean(testName, candidates) || `define it with {% test ${testName}(model, column_name) %} in macros/ or tests/generic/`,
    });
  }
  const testType = namespace ? `${namespace}_${testName}` : testName;
  const names = synthesizeTestNames(testType, target.nameInTest, kwargs);
  const name = customName ?? names.fullName;
  const fileName = customName ?? names.shortName;
  kwargs['model'] = `{{ get_where_subquery(${target.expression}) }}`;
  const dir = dirname(target.file.pathInResource);
  const fqn = [pkg.name, ...(dir === '.' ? [] : dir.split('/')), name];
  const hash = md5(JSON.stringify([target.attachedNode, testType, kwargs, entryConfig])).slice(-10);
  const rawCode = `{{ ${namespace ? `${namespace}.` : ''}${macroName}(**_dbt_generic_test_kwargs) }}`;
  const node = parser.newNode(pkg, target.file, 'test', name, rawCode, fqn);
  node.unique_id = `test.${pkg.name}.${name}.${hash}`;
  node.path = `${fileName}.sql`;
  node.original_file_path = target.file.relPath;
  node.test_metadata = { name: testName, namespace, kwargs };
  node.column_name = columnName;
  node.attached_node = target.attachedNode;
  const extra = refsInYaml(args);
  node.refs = [...(target.ref ? [target.ref] : []), ...extra.refs];
  node.sources = [...(target.source ? [target.source] : []), ...extra.sources];
  const macroPackage = namespace ?? parser.runtime.findMacro(macroName, pkg.name)!.packageName;
  node.depends_on.macros = [`macro.${macroPackage}.${macroName}`, 'macro.dbt.get_where_subquery'];
  const projectConfig = projectLevelConfig('tests', fqn, pkg.config, parser.project.config);
  const base = mergeConfig(defaultNodeConfig('test'), projectConfig);
  // A package's test macro may set config itself (`{{ config(fail_calc=…) }}` in dbt_utils.equal_rowcount):
  // rendered once at parse time, as dbt does, under what the YAML entry sets.
  const fromMacro = macroPackage === INTERNAL_PACKAGE ? {} : testMacroConfig(parser, node, kwargs, base);
  const merged = mergeConfig(mergeConfig(base, fromMacro), parser.renderConfigValues(entryConfig, node, target.file.relPath));
  node.config = finalizeConfig(merged);
  node.tags = node.config.tags;
  node.meta = node.config.meta;
  node.description = typeof (entry as Yaml)?.['description'] === 'string' ? String((entry as Yaml)['description']) : '';
  const target_ = parser.project.profile.target;
  node.database = String(node.config.database ?? target_.database);
  node.schema = String(node.config.schema ? `${target_.schema}_${node.config.schema}` : `${target_.schema}_dbt_test__audit`);
  node.alias = String(node.config.alias ?? fileName);
  parser.addNode(node, target.file);
}

function testMacroConfig(parser: ProjectParser, node: ManifestNode, kwargs: Yaml, base: ConfigMap): ConfigMap {
  node.config = finalizeConfig(base);
  const { capture } = parser.runtime.render(node.raw_code, { mode: 'parse', file: node.original_file_path, node, bindings: { baseConfig: base, extra: { _dbt_generic_test_kwargs: kwargs } } });
  return capture.config;
}

function testsOf(entry: Yaml): unknown[] {
  return [...((entry['data_tests'] as unknown[]) ?? []), ...((entry['tests'] as unknown[]) ?? [])];
}

/** The tests a property entry declares on its resource and on each of its columns. */
function addEntryTests(parser: ProjectParser, pkg: PackageFiles, target: TestTarget, entry: Yaml): void {
  for (const test of testsOf(entry)) addTest(parser, pkg, target, test, null, undefined);
  for (const column of (entry['columns'] as Yaml[] | undefined) ?? []) {
    for (const test of testsOf(column)) addTest(parser, pkg, target, test, String(column['name']), column['quote'] as boolean | undefined);
  }
}

/** Each version of a versioned model gets the tests of its properties (the model's, laid over by the version's). */
function addVersionTests(parser: ProjectParser, pkg: PackageFiles, name: string, patch: Patch): void {
  const entries = new Map([...versionFiles(new Map([[name, patch]])).values()].map((v) => [String(v.version), v.patch.entry as Yaml]));
  const versions = Object.values(parser.manifest.nodes).filter((n) => n.resource_type === 'model' && n.package_name === pkg.name && n.name === name && n.version != null);
  for (const node of versions) {
    const version = JSON.stringify(node.version);
    const target: TestTarget = {
      expression: `ref('${name}', v=${version})`,
      nameInTest: `${name}_v${node.version}`,
      attachedNode: node.unique_id,
      ref: { name, version: node.version! },
      file: patch.file,
      fileKey: `models.${name}.v${node.version}`,
    };
    addEntryTests(parser, pkg, target, entries.get(String(node.version)) ?? patch.entry);
  }
}

export function buildGenericTests(parser: ProjectParser, pkg: PackageFiles, props: PackageProperties): void {
  for (const kind of ['models', 'seeds', 'snapshots'] as const) {
    for (const [name, patch] of props.patches[kind]!) {
      const resourceType = kind.slice(0, -1);
      const uniqueId = `${resourceType}.${pkg.name}.${name}`;
      if (kind === 'models' && Array.isArray(patch.entry['versions'])) {
        addVersionTests(parser, pkg, name, patch);
        continue;
      }
      if (!parser.manifest.nodes[uniqueId]) {
        if (!parser.manifest.disabled[uniqueId]) {
          const defined = Object.values(parser.manifest.nodes).filter((n) => n.resource_type === resourceType && n.package_name === pkg.name).map((n) => n.name);
          const suggestion = didYouMean(name, defined);
          const where = patch.line === undefined ? patch.file.relPath : `${patch.file.relPath}:${patch.line}`;
          parser.warnings.push(`${where}: ${resourceType} '${name}' is described but no ${resourceType} file defines it${suggestion ? ` (${suggestion})` : ''}`);
        }
        continue;
      }
      const target: TestTarget = {
        expression: `ref('${name}')`,
        nameInTest: name,
        attachedNode: uniqueId,
        ref: { name },
        file: patch.file,
        fileKey: `${kind}.${name}`,
      };
      addEntryTests(parser, pkg, target, patch.entry);
    }
  }
  for (const { source, file } of props.sources) {
    for (const table of (source['tables'] as Yaml[] | undefined) ?? []) {
      const tableName = String(table['name']);
      const uniqueId = `source.${pkg.name}.${source.name}.${tableName}`;
      if (!parser.manifest.sources[uniqueId]) continue;
      const target: TestTarget = {
        expression: `source('${source.name}', '${tableName}')`,
        nameInTest: `source_${source.name}_${tableName}`,
        attachedNode: uniqueId,
        source: [source.name, tableName],
        file,
        fileKey: `sources.${source.name}`,
      };
      addEntryTests(parser, pkg, target, table);
    }
  }
}
