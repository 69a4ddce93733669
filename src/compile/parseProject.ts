/**
 * Stage "parse": every file of every package becomes a manifest node. SQL files are
 * read by the static fast path when they only use ref/source/config with literal
 * arguments, and rendered with a parse-time context (`execute` false) otherwise.
 */
import { basename, dirname } from 'node:path';
import type { AdapterDialect } from '../adapters/types.js';
import { KilnError, KilnErrors, isKilnError } from '../errors.js';
import { mergeConfig, normalizeHooks, projectLevelConfig } from '../project/configMerge.js';
import { isGenericTestFile, macroFilesOf } from '../project/files.js';
import type { ColumnInfo, DocBlock, Manifest, ManifestNode, NodeConfig } from '../project/nodes.js';
import { loadValidators, validateConfigMap, type CheckedYaml } from '../project/schemas/index.js';
import { ModuleNotLoaded } from '../lazyModules.js';
import type { ConfigMap, PackageFiles, Project, ResourceType, SourceFile } from '../project/types.js';
import { findBlocks } from '../jinja/blocks.js';
import { JinjaRuntime } from '../jinja/runtime.js';
import { scanStatically } from '../jinja/staticScan.js';
import { scanTypeScriptModel } from '../tsmodels/scan.js';
import { blankNode, defaultNodeConfig } from './blankNode.js';
import { buildGenericTests } from './genericTests.js';
import { renderNativeJinja } from './nestedJinja.js';
import { makeVersionNode, versionFiles, type ModelVersion } from './modelVersions.js';
import { assignRelationNames } from './nodeNames.js';
import { readPackageProperties, type PackageProperties, type Patch } from './properties.js';
import { buildSources } from './sources.js';
import { buildYamlResources } from './yamlResources.js';
import { linkManifest } from './linkManifest.js';
import { unusedConfigPaths } from './unusedConfigPaths.js';
import type { ManifestSnapshot, ParseCache } from './parseCache.js';
import type { TemplateCodeStore } from '../jinja/compat/index.js';

export interface ParseOptions {
  project: Project;
  dialect: AdapterDialect;
  flags?: Record<string, unknown>;
  invocationId?: string;
  log?: (message: string, level: 'info' | 'debug' | 'warn') => void;
  cache?: ParseCache;
  /** The manifest of an unchanged project, saved by the last parse: used as is. */
  snapshot?: ManifestSnapshot;
  /** Where compiled template code is kept between runs. */
  templateCode?: TemplateCodeStore;
  /** Property YAML files seen valid before: not validated again. */
  checkedProperties?: CheckedYaml;
}

export interface ParseResult {
  manifest: Manifest;
  runtime: JinjaRuntime;
  warnings: string[];
  stats: { nodes: number; staticallyParsed: number; rendered: number; cached: number };
}

/** What a TypeScript model can be built as. */
const MODULE_MATERIALIZATIONS = new Set(['table', 'incremental']);

const SEED_CHECKSUM_LIMIT = 1024 * 1024;

/** Resources that are built into a warehouse relation (dbt's relation_name). */
const HAS_RELATION = new Set<ResourceType>(['model', 'seed', 'snapshot']);

const CONFIG_TREE_OF: Record<string, string> = { model: 'models', seed: 'seeds', snapshot: 'snapshots', test: 'tests', analysis: 'analyses', unit_test: 'unit_tests' };
const PATCH_KIND_OF: Record<string, string> = { model: 'models', seed: 'seeds', snapshot: 'snapshots', analysis: 'analyses' };

/** Normalise a merged config map into a NodeConfig (hooks as lists, tags as a list). */
export function finalizeConfig(merged: ConfigMap): NodeConfig {
  const config = { ...merged } as NodeConfig;
  config.tags = [...new Set((Array.isArray(config.tags) ? config.tags : config.tags ? [config.tags] : []).map(String))];
  config.pre_hook = normalizeHooks(config.pre_hook);
  config.post_hook = normalizeHooks(config.post_hook);
  config.enabled = config.enabled !== false && (config.enabled as unknown) !== 'false';
  config.meta = (config.meta as Record<string, unknown>) ?? {};
  // dbt accepts any case for severity and stores it upper-case.
  if (typeof config['severity'] === 'string') config['severity'] = config['severity'].toUpperCase();
  return config;
}

export function columnsFromYaml(columns: unknown): Record<string, ColumnInfo> {
  const out: Record<string, ColumnInfo> = {};
  if (!Array.isArray(columns)) return out;
  for (const column of columns as Record<string, unknown>[]) {
    const name = String(column['name']);
    out[name] = {
      name,
      description: String(column['description'] ?? ''),
      meta: (column['meta'] as Record<string, unknown>) ?? {},
      data_type: (column['data_type'] as string | undefined) ?? undefined,
      constraints: (column['constraints'] as unknown[]) ?? [],
      quote: column['quote'] as boolean | undefined,
      tags: (column['tags'] as string[]) ?? [],
    };
  }
  return out;
}

/**
 * The fields dbt's model nodes carry, null when unset, so templates reading the graph see
 * dbt's values (`rejectattr('time_spine', 'none')`, `access == 'public'`).
 */
function settleModelFields(node: ManifestNode, patch: Patch | undefined): void {
  const entry = (patch?.entry ?? {}) as Record<string, unknown>;
  node.access = String(node.config['access'] ?? entry['access'] ?? 'protected');
  node.group = (node.config['group'] as string | undefined) ?? (entry['group'] as string | undefined) ?? null;
  node.version ??= null;
  node.latest_version ??= null;
  node.constraints ??= [];
  const extra = node as unknown as Record<string, unknown>;
  extra['deprecation_date'] = entry['deprecation_date'] ?? null;
  extra['time_spine'] = entry['time_spine'] ?? null;
}

class ProjectParser {
  readonly runtime: JinjaRuntime;
  readonly manifest: Manifest;
  readonly warnings: string[] = [];
  readonly errors: KilnError[] = [];
  readonly stats = { nodes: 0, staticallyParsed: 0, rendered: 0, cached: 0 };
  private readonly properties = new Map<string, PackageProperties>();

  constructor(private readonly options: ParseOptions) {
    this.runtime = new JinjaRuntime({ project: options.project, dialect: options.dialect, flags: options.flags, invocationId: options.invocationId, log: options.log, templateCode: options.templateCode });
    this.manifest = {
      nodes: {}, sources: {}, macros: {}, docs: {}, exposures: {}, semantic_models: {}, metrics: {}, saved_queries: {}, groups: {}, unit_tests: {},
      parent_map: {}, child_map: {}, disabled: {},
    };
    const { project } = options;
    for (const pkg of project.packages) {
      for (const file of macroFilesOf(pkg)) {
        this.collect(() => this.runtime.registry.addFile(pkg.name, file));
      }
      for (const file of pkg.docs) this.collect(() => this.addDocs(pkg, file));
    }
    for (const macro of this.runtime.registry.all()) this.manifest.macros[macro.unique_id] = macro;
  }

  private collect(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      if (error instanceof KilnErrors) this.errors.push(...error.errors);
      else if (isKilnError(error)) this.errors.push(error);
      else throw error;
    }
  }

  private addDocs(pkg: PackageFiles, file: SourceFile): void {
    for (const block of findBlocks(file.contents, file.relPath)) {
      if (block.kind !== 'docs') continue;
      const doc: DocBlock = { unique_id: `doc.${pkg.name}.${block.name}`, name: block.name, package_name: pkg.name, block_contents: block.body.trim(), original_file_path: file.relPath };
      this.manifest.docs[doc.unique_id] = doc;
      this.runtime.docs.set(`${pkg.name}.${block.name}`, doc.block_contents);
    }
  }

  parse(): ParseResult {
    const { project, snapshot } = this.options;
    if (snapshot) return this.reuse(snapshot);
    for (const pkg of project.packages) this.collect(() => this.properties.set(pkg.name, readPackageProperties(pkg, this.options.checkedProperties)));
    if (this.errors.length) throw new KilnErrors(this.errors);
    for (const pkg of project.packages) {
      const props = this.properties.get(pkg.name)!;
      for (const file of pkg.models) {
        this.collect(() => (file.pathInResource.endsWith('.sql') ? this.parseSqlFile(pkg, file, 'model', props) : this.parseModule(pkg, file, props)));
      }
      for (const file of pkg.analyses) this.collect(() => this.parseSqlFile(pkg, file, 'analysis', props));
      for (const file of pkg.tests) {
        if (isGenericTestFile(file)) continue;
        this.collect(() => this.parseSqlFile(pkg, file, 'test', props));
      }
      for (const file of pkg.seeds) this.collect(() => this.parseSeed(pkg, file, props));
      for (const file of pkg.snapshots) this.collect(() => this.parseSnapshotFile(pkg, file, props));
      this.collect(() => this.parseYamlSnapshots(pkg, props));
      this.collect(() => buildSources(this, pkg, props.sources));
      this.collect(() => buildYamlResources(this, pkg, props));
      this.applyMacroPatches(pkg, props);
    }
    for (const pkg of project.packages) this.collect(() => buildGenericTests(this, pkg, this.properties.get(pkg.name)!));
    this.collect(() => this.renderDescriptions());
    if (this.errors.length) throw new KilnErrors(this.errors);
    this.collect(() => linkManifest(this.manifest, project.config.name));
    if (this.errors.length) throw new KilnErrors(this.errors);
    const unused = unusedConfigPaths(project.config, this.manifest);
    if (unused.length) {
      this.warnings.push(
        `${project.config.file}: ${unused.length} configuration path(s) apply to no resource (check the folder names):\n${unused.map((p) => `  - ${p}`).join('\n')}`,
      );
    }
    this.stats.nodes = Object.keys(this.manifest.nodes).length;
    return { manifest: this.manifest, runtime: this.runtime, warnings: this.warnings, stats: this.stats };
  }

  /** Descriptions may use Jinja, mostly `{{ doc('name') }}`: rendered once, at parse time, as dbt does. */
  private renderDescriptions(): void {
    const render = (text: string, file: string, node?: ManifestNode): string =>
      text.includes('{{') || text.includes('{%') ? this.runtime.render(text, { mode: 'parse', file, node }).sql : text;
    const members: { description: string; columns: Record<string, { description: string }>; original_file_path: string; patch_path?: string | null }[] = [
      ...Object.values(this.manifest.nodes),
      ...Object.values(this.manifest.sources),
    ];
    for (const member of members) {
      const file = member.patch_path ? member.patch_path.replace(/^[^:]+:\/\//, '') : member.original_file_path;
      const node = 'raw_code' in member ? (member as ManifestNode) : undefined;
      member.description = render(member.description, file, node);
      for (const column of Object.values(member.columns)) column.description = render(column.description, file, node);
    }
  }

  /** An unchanged project: the saved manifest, with macros and docs as registered just now. */
  private reuse(snapshot: ManifestSnapshot): ParseResult {
    if (this.errors.length) throw new KilnErrors(this.errors);
    const manifest: Manifest = { ...snapshot.manifest, macros: this.manifest.macros, docs: this.manifest.docs };
    const nodes = Object.keys(manifest.nodes).length;
    return { manifest, runtime: this.runtime, warnings: snapshot.warnings, stats: { nodes, staticallyParsed: 0, rendered: 0, cached: nodes } };
  }

  get project(): Project {
    return this.options.project;
  }

  private applyMacroPatches(pkg: PackageFiles, props: PackageProperties): void {
    for (const [name, patch] of props.patches['macros']!) {
      const macro = this.manifest.macros[`macro.${pkg.name}.${name}`];
      if (!macro) {
        this.warnings.push(`${patch.file.relPath}: macro '${name}' is described but not defined`);
        continue;
      }
      macro.description = String(patch.entry['description'] ?? '');
      macro.meta = (patch.entry['meta'] as Record<string, unknown>) ?? {};
      if (Array.isArray(patch.entry['arguments'])) macro.arguments = patch.entry['arguments'] as typeof macro.arguments;
    }
  }

  /** fqn = package, folders under the resource path, name. */
  fqnOf(pkg: PackageFiles, file: SourceFile, name: string): string[] {
    const dir = dirname(file.pathInResource);
    return [pkg.name, ...(dir === '.' ? [] : dir.split('/')), name];
  }

  newNode(pkg: PackageFiles, file: SourceFile, resourceType: ResourceType, name: string, rawCode: string, fqn: string[]): ManifestNode {
    return blankNode({
      unique_id: `${resourceType}.${pkg.name}.${name}`,
      resource_type: resourceType,
      package_name: pkg.name,
      name,
      path: file.pathInResource,
      original_file_path: file.relPath,
      abs_path: file.absPath,
      fqn,
      raw_code: rawCode,
      checksum: file.checksum,
    });
  }

  /** Config from defaults, the project file and the node's property YAML. */
  baseConfig(node: ManifestNode, pkg: PackageFiles, patch: Patch | undefined): ConfigMap {
    const kind = CONFIG_TREE_OF[node.resource_type] ?? 'models';
    const fromProject = this.renderConfigValues(projectLevelConfig(kind, node.fqn, pkg.config, this.project.config), node, pkg.config.file);
    let config: ConfigMap = mergeConfig(defaultNodeConfig(node.resource_type), fromProject);
    if (patch) {
      const yamlConfig = (patch.entry['config'] as ConfigMap | undefined) ?? {};
      const topLevel: ConfigMap = {};
      for (const key of ['tags', 'meta', 'docs', 'access', 'group']) if (patch.entry[key] !== undefined) topLevel[key] = patch.entry[key];
      config = mergeConfig(mergeConfig(config, topLevel), this.renderConfigValues(yamlConfig, node, patch.file.relPath));
    }
    return config;
  }

  /**
   * Jinja inside config values in the project file and property YAML (`+schema: "{{ target.name }}"`)
   * is rendered at parse time, natively as dbt does (`"{{ false }}"` is a boolean); hooks are
   * rendered later, when they run.
   */
  renderConfigValues(config: ConfigMap, node: ManifestNode, file: string): ConfigMap {
    // Nested values too (a seed's `column_types: {amount: "{{ 'double' if … }}"}`), as dbt renders them.
    const render = (text: string): string => this.runtime.render(text, { mode: 'parse', file, node }).sql;
    const out: ConfigMap = {};
    for (const [key, value] of Object.entries(config)) {
      const hook = key === 'pre_hook' || key === 'post_hook' || key === 'pre-hook' || key === 'post-hook';
      out[key] = hook ? value : renderNativeJinja(value, render);
    }
    return out;
  }

  applyPatch(node: ManifestNode, patch: Patch | undefined): void {
    if (!patch) return;
    node.description = String(patch.entry['description'] ?? '');
    node.columns = columnsFromYaml(patch.entry['columns']);
    // A contract's types may be Jinja (`"{{ 'UInt8' if target.type == 'clickhouse' else 'int' }}"`), rendered as dbt does.
    for (const column of Object.values(node.columns)) {
      if (column.data_type?.includes('{{')) column.data_type = this.runtime.render(column.data_type, { mode: 'parse', file: patch.file.relPath, node }).sql.trim();
    }
    node.patch_path = `${patch.packageName}://${patch.file.relPath}`;
    if (patch.entry['docs']) node.docs = { show: true, ...(patch.entry['docs'] as object) };
    if (patch.entry['constraints']) node.constraints = patch.entry['constraints'] as unknown[];
  }

  /** Render or statically scan `code`, then settle config, names and the node's place in the manifest. */
  finishSqlNode(node: ManifestNode, pkg: PackageFiles, patch: Patch | undefined, code: string, file: SourceFile): void {
    this.applyPatch(node, patch);
    const base = this.baseConfig(node, pkg, patch);
    const cached = this.options.cache?.lookup(node.unique_id, file.checksum, code);
    let captured: { refs: ManifestNode['refs']; sources: ManifestNode['sources']; config: ConfigMap; macros: string[] };
    if (cached) {
      captured = cached;
      this.stats.cached++;
    } else {
      const scan = this.runtime.staticPathAllowed ? scanStatically(code) : undefined;
      if (scan) {
        captured = { ...scan, macros: [] };
        node.parsed_statically = true;
        this.stats.staticallyParsed++;
      } else {
        node.config = finalizeConfig(base);
        const { capture } = this.runtime.render(code, { mode: 'parse', file: file.relPath, node, bindings: { baseConfig: base } });
        captured = { refs: capture.refs, sources: capture.sources, config: capture.config, macros: [...capture.macros] };
        this.stats.rendered++;
      }
      // Checked before it is kept: what the cache gives back was valid when it was stored.
      const kind = (CONFIG_TREE_OF[node.resource_type] ?? 'models') as Parameters<typeof validateConfigMap>[1];
      const problems = validateConfigMap(captured.config, kind, { file: file.relPath, line: 1 });
      if (problems.length) throw new KilnErrors(problems);
      this.options.cache?.store(node.unique_id, file.checksum, code, captured);
    }
    node.config = finalizeConfig(mergeConfig(base, captured.config));
    node.refs = captured.refs;
    node.sources = captured.sources;
    node.depends_on.macros = captured.macros;
    node.tags = node.config.tags;
    node.meta = node.config.meta;
    if (node.config['docs'] && typeof node.config['docs'] === 'object') node.docs = { ...node.docs, ...(node.config['docs'] as object) };
    if (node.resource_type === 'snapshot' && node.config['target_schema']) {
      node.schema = String(node.config['target_schema']);
      node.database = String(node.config['target_database'] ?? this.project.profile.target.database);
      node.alias = String(node.config['alias'] ?? node.name);
    } else {
      assignRelationNames(node, this.runtime, this.project.profile.target);
    }
    const contract = node.config['contract'] as { enforced?: boolean } | undefined;
    node.contract = { enforced: Boolean(contract?.enforced), alias_types: true, checksum: null };
    if (node.resource_type === 'model') settleModelFields(node, patch);
    this.addNode(node, file);
  }

  addNode(node: ManifestNode, file: { relPath: string }): void {
    // The embedding step's config is checked now, so a typo fails the parse and not the build's last step.
    if (node.resource_type === 'model' && node.config['embed'] !== undefined) {
      loadedEmbedConfig().resolveEmbedConfig(node.config['embed'], this.runtime.varValue(node.package_name, 'kiln_ai_embedding'), { file: node.original_file_path, model: node.name });
    }
    if (HAS_RELATION.has(node.resource_type) && node.config.materialized !== 'ephemeral') {
      node.relation_name = this.runtime.dialect.renderRelation({ database: node.database, schema: node.schema, identifier: node.alias });
    }
    if (!node.config.enabled) {
      (this.manifest.disabled[node.unique_id] ??= []).push(node);
      return;
    }
    const existing = this.manifest.nodes[node.unique_id];
    if (existing) {
      throw new KilnError(`two ${node.resource_type}s are named '${node.name}' in package '${node.package_name}'`, {
        file: file.relPath,
        hint: `the other is ${existing.original_file_path}; rename one of the files (names must be unique per package), or disable one with enabled: false`,
      });
    }
    this.manifest.nodes[node.unique_id] = node;
  }

  private parseSqlFile(pkg: PackageFiles, file: SourceFile, resourceType: ResourceType, props: PackageProperties): void {
    const name = basename(file.pathInResource, '.sql');
    const node = this.newNode(pkg, file, resourceType, name, file.contents, this.fqnOf(pkg, file, name));
    const patchKind = PATCH_KIND_OF[resourceType];
    const version = resourceType === 'model' ? this.versionFilesOf(pkg, props).get(name) : undefined;
    if (version) makeVersionNode(node, version);
    const patch = version ? version.patch : patchKind ? props.patches[patchKind]!.get(name) : undefined;
    this.finishSqlNode(node, pkg, patch, file.contents, file);
  }

  private readonly versionFiles = new Map<string, Map<string, ModelVersion>>();
  private versionFilesOf(pkg: PackageFiles, props: PackageProperties): Map<string, ModelVersion> {
    let files = this.versionFiles.get(pkg.name);
    if (!files) this.versionFiles.set(pkg.name, (files = versionFiles(props.patches['models']!)));
    return files;
  }

  /**
   * A TypeScript or JavaScript model, read statically: its `config` literal and its
   * literal ref()/source() calls. A module that exports no model function is a helper
   * that models import, and is no node.
   */
  private parseModule(pkg: PackageFiles, file: SourceFile, props: PackageProperties): void {
    const scanned = scanTypeScriptModel(file.contents, file.relPath);
    if (!scanned.isModel) return;
    const name = basename(file.pathInResource).replace(/\.(ts|mts|mjs)$/, '');
    const node = this.newNode(pkg, file, 'model', name, file.contents, this.fqnOf(pkg, file, name));
    node.language = 'typescript';
    const version = this.versionFilesOf(pkg, props).get(name);
    if (version) makeVersionNode(node, version);
    const patch = version ? version.patch : props.patches['models']!.get(name);
    this.applyPatch(node, patch);
    const base = this.baseConfig(node, pkg, patch);
    const problems = validateConfigMap(scanned.config, 'models', { file: file.relPath, line: 1 });
    if (problems.length) throw new KilnErrors(problems);
    // A folder-wide `+materialized: view` (or the view default) does not apply: a TypeScript model builds a table.
    if (scanned.config['materialized'] === undefined && !MODULE_MATERIALIZATIONS.has(String(base['materialized']))) base['materialized'] = 'table';
    node.config = finalizeConfig(mergeConfig(base, scanned.config));
    if (!MODULE_MATERIALIZATIONS.has(node.config.materialized)) {
      throw new KilnError(`a TypeScript model is materialized as 'table' or 'incremental', not '${node.config.materialized}'`, { file: file.relPath, hint: "set materialized: 'table' or 'incremental' in its config" });
    }
    node.refs = scanned.refs;
    node.sources = scanned.sources;
    node.tags = node.config.tags;
    node.meta = node.config.meta;
    node.compiled_code = scanned.javascript;
    assignRelationNames(node, this.runtime, this.project.profile.target);
    node.contract = { enforced: Boolean((node.config['contract'] as { enforced?: boolean } | undefined)?.enforced), alias_types: true, checksum: null };
    settleModelFields(node, patch);
    this.addNode(node, file);
  }

  private parseSeed(pkg: PackageFiles, file: SourceFile, props: PackageProperties): void {
    const name = basename(file.pathInResource, '.csv');
    const node = this.newNode(pkg, file, 'seed', name, '', this.fqnOf(pkg, file, name));
    const patch = props.patches['seeds']!.get(name);
    this.applyPatch(node, patch);
    node.config = finalizeConfig(this.baseConfig(node, pkg, patch));
    node.tags = node.config.tags;
    node.meta = node.config.meta;
    // Seeds are checksummed by content, but a seed over 1 MiB by its path (as dbt does), so a
    // big CSV is not read at parse time; the CSV itself is loaded at run time.
    node.checksum = file.size > SEED_CHECKSUM_LIMIT ? { name: 'path', checksum: file.relPath } : { name: 'sha256', checksum: file.checksum };
    assignRelationNames(node, this.runtime, this.project.profile.target);
    this.addNode(node, file);
  }

  private parseSnapshotFile(pkg: PackageFiles, file: SourceFile, props: PackageProperties): void {
    const blocks = findBlocks(file.contents, file.relPath).filter((b) => b.kind === 'snapshot');
    for (const block of blocks) {
      const node = this.newNode(pkg, file, 'snapshot', block.name, file.contents, this.fqnOf(pkg, file, block.name));
      node.block_body = block.body;
      // Keep line numbers of the block body true to the file.
      const openTag = block.source.slice(0, block.source.lastIndexOf('{%') - block.body.length);
      const padded = '\n'.repeat(block.line - 1) + openTag.replace(/[^\n]/g, '') + block.body;
      this.finishSqlNode(node, pkg, props.patches['snapshots']!.get(block.name), padded, file);
    }
  }

  /** dbt 1.9's YAML snapshots: `relation: source('raw', 'orders')` and a config, no SQL file. */
  private parseYamlSnapshots(pkg: PackageFiles, props: PackageProperties): void {
    for (const [name, patch] of props.patches['snapshots']!) {
      const relation = patch.entry['relation'];
      if (typeof relation !== 'string') continue;
      if (this.manifest.nodes[`snapshot.${pkg.name}.${name}`]) {
        throw new KilnError(`snapshot '${name}' is defined both in YAML (relation:) and as a {% snapshot %} block`, { file: patch.file.relPath, line: patch.line, hint: 'keep one of the two' });
      }
      const expression = /^\s*\{\{[\s\S]*\}\}\s*$/.test(relation) ? relation.trim() : `{{ ${relation.trim()} }}`;
      const code = `select * from ${expression}`;
      const node = this.newNode(pkg, patch.file, 'snapshot', name, code, this.fqnOf(pkg, patch.file, name));
      node.block_body = code;
      this.finishSqlNode(node, pkg, patch, code, patch.file);
    }
  }
}

let embedConfig: typeof import('../ai/embeddings/config.js') | undefined;

/**
 * What parsing files (not reusing a saved manifest) needs besides this module: the YAML and
 * config validators and the embedding config's checks, both built on zod. Loaded on demand, so a
 * run that reuses the saved manifest never loads them.
 */
export async function loadParseDependencies(): Promise<void> {
  await loadValidators();
  await loadEmbedConfig();
}

async function loadEmbedConfig(): Promise<void> {
  embedConfig ??= await import('../ai/embeddings/config.js');
}

function loadedEmbedConfig(): typeof import('../ai/embeddings/config.js') {
  if (!embedConfig) throw new ModuleNotLoaded('the embedding config checks', loadEmbedConfig);
  return embedConfig;
}

/**
 * Parse the project. Unless `options.snapshot` is given, the validators and the embedding checks
 * must be loaded: `await loadParseDependencies()` first, or run it in `withLazyModules` to load
 * them only if a file needs them (an unchanged file from the parse cache does not).
 */
export function parseProject(options: ParseOptions): ParseResult {
  return new ProjectParser(options).parse();
}

export type { ProjectParser };
