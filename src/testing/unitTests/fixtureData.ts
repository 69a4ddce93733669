/**
 * Turn a `given` entry or `expect` into rows (format `dict` or `csv`) or a SELECT
 * (format `sql`), reading `fixture:` files from `<test-path>/fixtures/` (dbt's
 * `tests/fixtures/<name>.csv|.sql`, searched recursively).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { KilnError } from '../../errors.js';
import { csvTable } from './csvText.js';
import type { FixtureData } from './types.js';

export interface FixtureSpec {
  rows?: unknown;
  format: 'dict' | 'csv' | 'sql';
  fixture?: string;
}

export interface FixtureContext {
  /** `given ref('orders')` or `expect`, for messages. */
  what: string;
  /** The unit test's name and YAML file, for messages. */
  testName: string;
  file: string;
  /** Folders to look for fixture files in (each `<test-path>/fixtures`), absolute. */
  fixtureDirs: string[];
  projectRoot: string;
}

export function readFixtureData(spec: FixtureSpec, context: FixtureContext): FixtureData {
  const fail = (message: string, hint?: string) => new KilnError(`unit test '${context.testName}': ${context.what}: ${message}`, { file: context.file, hint });
  const format = spec.format ?? 'dict';
  if (!['dict', 'csv', 'sql'].includes(format)) throw fail(`unknown format '${String(format)}'`, 'format is one of dict, csv, sql');
  if (spec.fixture !== undefined && spec.rows !== undefined) throw fail('give either rows or fixture, not both');
  if (spec.fixture !== undefined) {
    if (format === 'dict') throw fail(`fixture '${spec.fixture}' needs format: csv or format: sql`, 'fixture files are .csv or .sql files under tests/fixtures/');
    const path = findFixtureFile(context.fixtureDirs, spec.fixture, format);
    if (!path) {
      const where = context.fixtureDirs.map((d) => relative(context.projectRoot, d) || '.').join(', ');
      throw fail(`no fixture file '${spec.fixture}.${format}'`, `put it under ${where || 'tests/fixtures'}`);
    }
    const text = readFileSync(path, 'utf8');
    return format === 'csv' ? csvData(text, (m) => fail(`${relative(context.projectRoot, path)}: ${m}`)) : { kind: 'sql', sql: text };
  }
  const rows = spec.rows ?? [];
  if (format === 'dict') return dictData(rows, fail);
  if (typeof rows !== 'string') {
    if (Array.isArray(rows) && rows.length === 0 && format === 'csv') return { kind: 'rows', columns: [], rows: [] };
    throw fail(`format: ${format} takes rows as text`, format === 'csv' ? 'write rows: |\n  id,name\n  1,gerda' : "write rows: |\n  select 1 as id, 'gerda' as name");
  }
  return format === 'csv' ? csvData(rows, (m) => fail(m)) : { kind: 'sql', sql: rows };
}

function dictData(rows: unknown, fail: (message: string, hint?: string) => KilnError): FixtureData {
  if (!Array.isArray(rows)) throw fail('rows must be a list of mappings', 'e.g. rows: [{id: 1, name: gerda}], or set format: csv / sql for text');
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const [index, row] of rows.entries()) {
    if (row === null || typeof row !== 'object' || Array.isArray(row)) throw fail(`row ${index + 1} is not a mapping of column names to values`, 'e.g. - {id: 1, name: gerda}');
    for (const key of Object.keys(row)) {
      if (seen.has(key.toLowerCase())) continue;
      seen.add(key.toLowerCase());
      columns.push(key);
    }
  }
  const values = rows.map((row: Record<string, unknown>) => {
    const byLower = new Map(Object.entries(row).map(([k, v]) => [k.toLowerCase(), v]));
    return columns.map((c) => byLower.get(c.toLowerCase()) ?? null);
  });
  return { kind: 'rows', columns, rows: values };
}

function csvData(text: string, fail: (message: string) => KilnError): FixtureData {
  const table = csvTable(text);
  if ('error' in table) throw fail(`the CSV is not valid: ${table.error}`);
  return { kind: 'rows', columns: table.columns, rows: table.rows };
}

export function findFixtureFile(dirs: string[], name: string, extension: string): string | undefined {
  const wanted = `${name}.${extension}`;
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    const direct = join(dir, wanted);
    if (existsSync(direct)) return direct;
    const stack = [dir];
    while (stack.length) {
      const current = stack.pop()!;
      for (const entry of readdirSync(current).sort()) {
        const path = join(current, entry);
        if (statSync(path).isDirectory()) stack.push(path);
        else if (entry === wanted) return path;
      }
    }
  }
  return undefined;
}
