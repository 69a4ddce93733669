/**
 * Where a node's SQL goes under target/compiled/ and target/run/: its file's path, as dbt
 * lays it out; nodes declared in YAML (generic tests, unit tests, YAML snapshots) go in a
 * folder named after the YAML file.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ManifestNode } from '../project/nodes.js';
import { redact } from '../secrets.js';

export function nodeSqlPath(targetDir: string, folder: 'compiled' | 'run', node: ManifestNode): string {
  const file = node.original_file_path;
  let relative = file;
  if (node.test_metadata) relative = join(file, node.path);
  else if (node.resource_type === 'unit_test') relative = join(file, node.unit_test?.model ?? '', `${node.name}.sql`);
  else if (/\.ya?ml$/.test(file)) relative = join(file, `${node.name}.sql`);
  return join(targetDir, folder, node.package_name, relative);
}

/**
 * Write `text` to `path` unless the file already holds exactly it. A rebuild mostly
 * produces the same SQL, and reading a small file is far cheaper than truncating and
 * rewriting it (1,200 unchanged run files: about 100 ms → 7 ms). `madeFolders`
 * remembers the folders already created across calls.
 */
export function writeFileIfChanged(path: string, sql: string, madeFolders?: Set<string>): void {
  const text = redact(sql);
  let current: string | undefined;
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    // missing: written below
  }
  if (current === text) return;
  const folder = dirname(path);
  if (!madeFolders?.has(folder)) {
    mkdirSync(folder, { recursive: true });
    madeFolders?.add(folder);
  }
  writeFileSync(path, text);
}
