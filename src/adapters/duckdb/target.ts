/**
 * The DuckDB target: what a `type: duckdb` profile output may say, validated and
 * resolved against the project root, plus the target kiln uses when a project has
 * no profile at all.
 */
import path from 'node:path';
import { KilnError } from '../../errors.js';

export const IN_MEMORY_PATH = ':memory:';

/** The target used when a project has no profile: an embedded database file under target/. */
export const DEFAULT_DUCKDB_TARGET = {
  type: 'duckdb',
  path: 'target/kiln.duckdb',
  schema: 'main',
  database: 'kiln',
  threads: 4,
} as const;

export interface DuckDbAttachment {
  /** Absolute path of the other DuckDB file (or `:memory:`). */
  path: string;
  alias: string;
  readOnly: boolean;
}

export type DuckDbSettingValue = string | number | boolean;

export interface DuckDbTarget {
  /** Absolute path of the database file, or `:memory:`. */
  path: string;
  /** DuckDB's catalog name for the main database: the file name without extension, `memory` in memory. */
  catalog: string;
  /** Database names that mean the main catalog: the catalog itself and the profile's `database`. */
  catalogAliases: string[];
  schema: string;
  attach: DuckDbAttachment[];
  settings: Record<string, DuckDbSettingValue>;
  extensions: string[];
}

/** Catalog name DuckDB gives a database file: `target/kiln.duckdb` → `kiln`. */
export function catalogNameForPath(databasePath: string): string {
  if (databasePath === IN_MEMORY_PATH || databasePath === '') return 'memory';
  const base = path.basename(databasePath);
  const dot = base.indexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

/** The names that refer to the main catalog, lower-cased (DuckDB compares names case-insensitively). */
export function mainCatalogAliases(target: Record<string, unknown>): string[] {
  const catalog = catalogNameForPath(stringField(target, 'path') ?? IN_MEMORY_PATH);
  const database = stringField(target, 'database');
  return [...new Set([catalog, database].filter((name): name is string => !!name).map((name) => name.toLowerCase()))];
}

export function readDuckDbTarget(target: Record<string, unknown>, projectRoot: string): DuckDbTarget {
  const rawPath = stringField(target, 'path') ?? IN_MEMORY_PATH;
  const databasePath = resolveDatabasePath(rawPath, projectRoot);
  return {
    path: databasePath,
    catalog: catalogNameForPath(databasePath),
    catalogAliases: mainCatalogAliases(target),
    schema: stringField(target, 'schema') ?? 'main',
    attach: readAttachments(target.attach, projectRoot),
    settings: readSettings(target.settings),
    extensions: readExtensions(target.extensions),
  };
}

function resolveDatabasePath(rawPath: string, projectRoot: string): string {
  if (rawPath === IN_MEMORY_PATH || rawPath === '') return IN_MEMORY_PATH;
  return path.resolve(projectRoot, rawPath);
}

function readAttachments(value: unknown, projectRoot: string): DuckDbAttachment[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw targetError('`attach` must be a list of {path, alias, read_only}.');
  return value.map((entry: unknown, index) => {
    if (typeof entry !== 'object' || entry === null) throw targetError(`attach[${index}] must be a mapping with a path.`);
    const record = entry as Record<string, unknown>;
    const rawPath = stringField(record, 'path');
    if (!rawPath) throw targetError(`attach[${index}] needs a path.`);
    const attachedPath = resolveDatabasePath(rawPath, projectRoot);
    const alias = stringField(record, 'alias') ?? catalogNameForPath(attachedPath);
    return { path: attachedPath, alias, readOnly: record.read_only === true || record.readOnly === true };
  });
}

const SETTING_NAME = /^[A-Za-z_][A-Za-z0-9_.]*$/;

function readSettings(value: unknown): Record<string, DuckDbSettingValue> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw targetError('`settings` must be a mapping of setting name to value.');
  const settings: Record<string, DuckDbSettingValue> = {};
  for (const [name, setting] of Object.entries(value)) {
    if (!SETTING_NAME.test(name)) throw targetError(`"${name}" is not a DuckDB setting name.`);
    if (typeof setting !== 'string' && typeof setting !== 'number' && typeof setting !== 'boolean') {
      throw targetError(`The DuckDB setting "${name}" must be a string, number or boolean.`);
    }
    settings[name] = setting;
  }
  return settings;
}

const EXTENSION_NAME = /^[A-Za-z0-9_]+$/;

function readExtensions(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw targetError('`extensions` must be a list of extension names.');
  return value.map((name: unknown) => {
    if (typeof name !== 'string' || !EXTENSION_NAME.test(name)) throw targetError(`"${String(name)}" is not a DuckDB extension name.`);
    return name;
  });
}

function stringField(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' ? value : undefined;
}

function targetError(message: string): KilnError {
  return new KilnError(`Invalid DuckDB target: ${message}`, { hint: 'Check the duckdb output in profiles.yml.' });
}
