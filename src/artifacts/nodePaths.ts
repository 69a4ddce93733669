/**
 * Where a node's SQL goes under target/compiled/ and target/run/: its file's path, as dbt
 * lays it out; nodes declared in YAML (generic tests, unit tests, YAML snapshots) go in a
 * folder named after the YAML file.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
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

/** Write `sql` to `path` unless the file already holds exactly it (see FileWrites, for many files). */
export function writeFileIfChanged(path: string, sql: string): void {
  const text = redact(sql);
  if (currentText(path) === text) return;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** Writes in flight at once: enough to keep libuv's thread pool busy, few enough for any fd limit. */
const LANES = 16;

/**
 * Writes many SQL files (target/compiled/, target/run/). A file that already holds exactly its
 * text is left alone, checked here and now: a rebuild mostly produces the same SQL, and reading
 * a small file is far cheaper than rewriting it. New and changed files are written on libuv's
 * thread pool while the caller goes on, so creating 1,000 files overlaps with rendering the next
 * nodes instead of following it. A path always goes to the same lane, so a path written twice
 * ends with the later text. `done()` waits for every write and throws the first failure.
 */
export class FileWrites {
  private readonly lanes: Promise<void>[] = Array.from({ length: LANES }, () => Promise.resolve());
  /** Folders made or found so far: true for those this run created, whose files cannot exist yet. */
  private readonly folders = new Map<string, boolean>();
  private queued = 0;
  private failure: { error: unknown } | undefined;

  /** Queue a write; every few writes this yields to the event loop so finished I/O moves on. */
  async add(path: string, sql: string): Promise<void> {
    const text = redact(sql);
    if (!this.folderIsNew(dirname(path)) && currentText(path) === text) return;
    const lane = laneOf(path);
    this.lanes[lane] = this.lanes[lane]!.then(() => writeFile(path, text)).catch((error: unknown) => {
      this.failure ??= { error };
    });
    if (++this.queued % LANES === 0) await new Promise(setImmediate);
  }

  async done(): Promise<void> {
    await Promise.all(this.lanes);
    if (this.failure) throw this.failure.error;
  }

  private folderIsNew(path: string): boolean {
    let made = this.folders.get(path);
    if (made === undefined) this.folders.set(path, (made = mkdirSync(path, { recursive: true }) !== undefined));
    return made;
  }
}

function currentText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // missing
  }
}

function laneOf(path: string): number {
  let hash = 0;
  for (let i = 0; i < path.length; i++) hash = (hash * 31 + path.charCodeAt(i)) | 0;
  return Math.abs(hash) % LANES;
}
