/**
 * Where a node's SQL goes under target/compiled/ and target/run/: its file's path, as dbt
 * lays it out; nodes declared in YAML (generic tests, unit tests, YAML snapshots) go in a
 * folder named after the YAML file.
 */
import { join } from 'node:path';
import type { ManifestNode } from '../project/nodes.js';

export function nodeSqlPath(targetDir: string, folder: 'compiled' | 'run', node: ManifestNode): string {
  const file = node.original_file_path;
  let relative = file;
  if (node.test_metadata) relative = join(file, node.path);
  else if (node.resource_type === 'unit_test') relative = join(file, node.unit_test?.model ?? '', `${node.name}.sql`);
  else if (/\.ya?ml$/.test(file)) relative = join(file, `${node.name}.sql`);
  return join(targetDir, folder, node.package_name, relative);
}
