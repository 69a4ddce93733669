/**
 * The loaded project (stage "load") and the parsed nodes (stage "parse").
 * Node objects use dbt's manifest field names (snake_case) on purpose: templates
 * read them (`model.config.materialized`, `graph.nodes`), and manifest.json is
 * written from them, so one shape serves the Jinja context, the artifacts and kiln.
 */

export type ResourceType =
  | 'model'
  | 'seed'
  | 'snapshot'
  | 'test'
  | 'analysis'
  | 'source'
  | 'exposure'
  | 'macro'
  | 'unit_test'
  | 'operation'
  | 'semantic_model'
  | 'metric'
  | 'saved_query';

export type Materialization =
  | 'view'
  | 'table'
  | 'incremental'
  | 'ephemeral'
  | 'seed'
  | 'snapshot'
  | 'test'
  | 'unit'
  | (string & {});

/** A folder-level or node-level config map, with dbt's keys (`materialized`, `unique_key`, …). */
export type ConfigMap = Record<string, unknown>;

/** One file found under a project path. */
export interface SourceFile {
  /** Absolute path. */
  absPath: string;
  /** Path relative to the project root (what dbt calls original_file_path). */
  relPath: string;
  /** Path relative to the resource path it was found under (e.g. models/). */
  pathInResource: string;
  /** The resource path root it was found under, relative to the project root. */
  resourceRoot: string;
  /** The text, read on first use. */
  readonly contents: string;
  /** sha256 of the text, computed on first use. */
  readonly checksum: string;
  /** Size and modification time: enough to tell that nothing changed since the last parse. */
  readonly size: number;
  readonly mtimeMs: number;
}

/** project.yml / dbt_project.yml after validation. */
export interface ProjectConfig {
  name: string;
  version: string;
  profile?: string;
  configVersion?: number;
  modelPaths: string[];
  seedPaths: string[];
  macroPaths: string[];
  testPaths: string[];
  snapshotPaths: string[];
  analysisPaths: string[];
  docsPaths: string[];
  targetPath: string;
  cleanTargets: string[];
  packagesInstallPath: string;
  vars: Record<string, unknown>;
  onRunStart: string[];
  onRunEnd: string[];
  /** Write-audit-publish by default (`audit: true`). */
  audit: boolean;
  dispatch: { macro_namespace: string; search_order: string[] }[];
  /** Config trees keyed by resource kind: models, seeds, snapshots, tests, sources, … */
  configTrees: Record<string, ConfigMap>;
  quoting: Record<string, boolean>;
  /** dbt's `flags:` (behaviour flags and invocation defaults), as written. */
  flags?: Record<string, unknown>;
  /** 'kiln' for project.yml, 'dbt' for dbt_project.yml. */
  flavor: 'kiln' | 'dbt';
  /** The file it came from, relative to the project root. */
  file: string;
}

/** A package (the root project or a vendored dependency). */
export interface PackageFiles {
  name: string;
  root: string;
  config: ProjectConfig;
  isRoot: boolean;
  models: SourceFile[];
  seeds: SourceFile[];
  snapshots: SourceFile[];
  macros: SourceFile[];
  tests: SourceFile[];
  analyses: SourceFile[];
  docs: SourceFile[];
  /** Every *.yml under model/seed/snapshot/macro/analysis/test paths. */
  propertyFiles: SourceFile[];
}

export interface TargetConfig {
  /** The output name in profiles.yml (`dev`, `prod`) — `target.name`. */
  name: string;
  type: string;
  /** Default schema for the target (`main` for DuckDB). */
  schema: string;
  database: string;
  threads: number;
  /** Everything else the profile said (path, account, keyfile, …). */
  [key: string]: unknown;
}

export interface ResolvedProfile {
  profileName: string;
  target: TargetConfig;
  /** Where the profile came from, or 'default' for the built-in embedded DuckDB target. */
  source: string;
}

export interface Project {
  root: string;
  /** The root package first, then dependencies. */
  packages: PackageFiles[];
  config: ProjectConfig;
  profile: ResolvedProfile;
  /** Command-line --vars, already parsed. */
  cliVars: Record<string, unknown>;
  selectors: unknown;
}
