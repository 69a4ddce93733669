/**
 * Landing raw documents: every file a glob names, read as it is (bytes hashed, text extracted,
 * nothing else changed). A file that cannot be read is an error naming it, never a silent gap.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import { KilnError } from '../../errors.js';
import { shownPath } from '../paths.js';
import { extractText } from './extract.js';
import { formatOf, listDocumentFiles, type DocumentFormat } from './files.js';

export { listDocumentFiles, formatOf, type DocumentFormat, type DocumentFiles } from './files.js';

export interface LandedDocument {
  /** Relative to the project folder when inside it (forward slashes), else absolute. */
  path: string;
  uri: string;
  fileName: string;
  /** SHA-256 of the file's bytes. */
  contentHash: string;
  size: number;
  modifiedAt: Date;
  format: DocumentFormat;
  title: string | null;
  text: string;
  metadata: Record<string, unknown>;
}

/** Files read at once: enough to overlap disk and PDF parsing, few enough to bound memory. */
const CONCURRENCY = 8;

export async function landDocument(file: string, projectDir: string, known?: ReadonlyMap<string, KnownText>): Promise<LandedDocument> {
  const path = shownPath(file, projectDir);
  const format = formatOf(file);
  if (!format) throw new KilnError(`cannot land ${path}: kiln reads .md, .txt, .html, .pdf and .docx files`, { file: path, hint: 'narrow the documents glob (var kiln_ai_documents) to those files' });
  const [bytes, info] = await Promise.all([readFile(file), stat(file)]);
  const contentHash = createHash('sha256').update(bytes).digest('hex');
  let extracted = known?.get(contentHash);
  try {
    extracted ??= await extractText(bytes, format);
  } catch (error) {
    throw new KilnError(`cannot read ${path} as ${format}: ${(error as Error).message}`, {
      file: path,
      hint: `the file is damaged or not really ${format}; fix or remove it, or leave it out of the var kiln_ai_documents`,
      cause: error,
    });
  }
  return {
    path,
    uri: pathToFileURL(file).href,
    fileName: basename(file),
    contentHash,
    size: bytes.length,
    modifiedAt: info.mtime,
    format,
    ...extracted,
  };
}

/** What extraction produced for a file's bytes, to reuse when the bytes are the same. */
export interface KnownText {
  title: string | null;
  text: string;
  metadata: Record<string, unknown>;
}

export interface LandOptions {
  /** Extracted text by content hash (say, from the last build): a file with these bytes is not parsed again. */
  known?: ReadonlyMap<string, KnownText>;
  /** Told the matched files kiln does not read (other extensions), so a model can log them. */
  onSkipped?: (files: string[]) => void;
}

/** Every supported file `pattern` matches, landed in path order. */
export async function* landDocuments(pattern: string, projectDir: string, options: LandOptions = {}): AsyncGenerator<LandedDocument> {
  const { files, skipped } = await listDocumentFiles(pattern, projectDir);
  if (skipped.length) options.onSkipped?.(skipped.map((file) => shownPath(file, projectDir)));
  for (let start = 0; start < files.length; start += CONCURRENCY) {
    yield* await Promise.all(files.slice(start, start + CONCURRENCY).map((file) => landDocument(file, projectDir, options.known)));
  }
}
