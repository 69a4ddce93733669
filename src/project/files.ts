import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { PackageFiles, SourceFile } from './types.js';

const SKIP_DIRS = new Set(['node_modules', '.git', 'target', 'dbt_packages', 'logs']);

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/**
 * A project file whose text is read, and hashed, only when something asks for it:
 * an unchanged project is recognised from file sizes and modification times alone.
 */
class ProjectFile implements SourceFile {
  private text: string | undefined;
  private hash: string | undefined;
  constructor(
    readonly absPath: string,
    readonly relPath: string,
    readonly pathInResource: string,
    readonly resourceRoot: string,
    readonly size: number,
    readonly mtimeMs: number,
  ) {}
  get contents(): string {
    return (this.text ??= readFileSync(this.absPath, 'utf8'));
  }
  get checksum(): string {
    return (this.hash ??= sha256(this.contents));
  }
}

/**
 * Every file under `resourceRoot` (relative to `projectRoot`) whose name ends in one of `extensions`.
 * Sorted so that parse order, and so manifest order, is stable across machines.
 */
export function findFiles(projectRoot: string, resourceRoot: string, extensions: string[]): SourceFile[] {
  const base = join(projectRoot, resourceRoot);
  if (!existsSync(base) || !statSync(base).isDirectory()) return [];
  const found: SourceFile[] = [];
  const rootPrefix = toPosix(relative(projectRoot, base));
  const resource = toPosix(resourceRoot);
  // `inResource` is the folder's path below `base`, posix, with a trailing slash (or empty).
  const walk = (dir: string, inResource: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      // `dir` is already normal: joining by hand skips path.join's normalising (a third of the walk).
      const abs = dir.endsWith(sep) ? dir + entry.name : `${dir}${sep}${entry.name}`;
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) walk(abs, `${inResource}${entry.name}/`);
      } else if (extensions.some((ext) => entry.name.endsWith(ext))) {
        const pathInResource = `${inResource}${entry.name}`;
        const stat = statSync(abs);
        found.push(new ProjectFile(abs, rootPrefix ? `${rootPrefix}/${pathInResource}` : pathInResource, pathInResource, resource, stat.size, stat.mtimeMs));
      }
    }
  };
  walk(base, '');
  return found;
}

/** Files under several roots, each root searched once even if listed twice. */
export function findFilesUnder(projectRoot: string, roots: string[], extensions: string[]): SourceFile[] {
  const seen = new Set<string>();
  const out: SourceFile[] = [];
  for (const root of roots) {
    for (const file of findFiles(projectRoot, root, extensions)) {
      if (seen.has(file.absPath)) continue;
      seen.add(file.absPath);
      out.push(file);
    }
  }
  return out;
}

/** dbt reads `{% test %}` blocks under tests/generic/ as macros, not as singular tests. */
export function isGenericTestFile(file: SourceFile): boolean {
  return /(^|\/)generic\//.test(file.pathInResource);
}

/** Every file of a package that defines macros: macro paths and generic-test folders. */
export function macroFilesOf(pkg: PackageFiles): SourceFile[] {
  return [...pkg.macros, ...pkg.tests.filter(isGenericTestFile)];
}
