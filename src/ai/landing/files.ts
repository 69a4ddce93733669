/**
 * Which files a documents glob names: the glob is relative to the project folder or absolute;
 * kiln walks only the glob's static base (so `docs/**\/*` never reads the rest of the
 * project), skips dot-folders and node_modules, and returns the supported files in path order.
 */
import { existsSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { extname, isAbsolute, join, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { KilnError } from '../../errors.js';

export type DocumentFormat = 'markdown' | 'text' | 'html' | 'pdf' | 'docx';

const FORMATS: Record<string, DocumentFormat> = {
  '.md': 'markdown', '.markdown': 'markdown', '.mdx': 'markdown',
  '.txt': 'text', '.text': 'text',
  '.html': 'html', '.htm': 'html',
  '.pdf': 'pdf',
  '.docx': 'docx',
};

export function formatOf(path: string): DocumentFormat | undefined {
  return FORMATS[extname(path).toLowerCase()];
}

export interface DocumentFiles {
  files: string[];
  /** Matched files kiln cannot read (unknown extension), so the caller can say so. */
  skipped: string[];
}

/** Absolute paths of the files `pattern` matches, with forward slashes in the match. */
export async function listDocumentFiles(pattern: string, projectDir: string, varName = 'kiln_ai_documents'): Promise<DocumentFiles> {
  const absolute = toPosix(isAbsolute(pattern) ? pattern : resolve(projectDir, pattern));
  const { base, isGlob } = picomatch.scan(absolute);
  if (!isGlob) {
    if (!existsSync(absolute)) throw missing(pattern, varName);
    if (statSync(absolute).isFile()) return split([absolute]);
    return listDocumentFiles(`${absolute}/**/*`, projectDir, varName);
  }
  const root = base || '/';
  if (!existsSync(root) || !statSync(root).isDirectory()) throw missing(pattern, varName, root);
  const isMatch = picomatch(absolute, { dot: false });
  const matched: string[] = [];
  for (const file of await walk(root)) if (isMatch(toPosix(file))) matched.push(file);
  return split(matched.sort());
}

function split(paths: string[]): DocumentFiles {
  const files: string[] = [];
  const skipped: string[] = [];
  for (const path of paths) (formatOf(path) ? files : skipped).push(path);
  return { files, skipped };
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

function missing(pattern: string, varName: string, base?: string): KilnError {
  return new KilnError(`documents glob '${pattern}' names ${base ? `the folder ${base}, which does not exist` : 'no file or folder'}`, {
    hint: `set the var ${varName} to a glob of your documents, relative to the project folder or absolute, e.g. --vars '{${varName}: "docs/**/*"}'`,
  });
}

const toPosix = (path: string) => (sep === '/' ? path : path.split(sep).join('/'));
