/**
 * The raw documents, landed as they are: one row per file matched by the var
 * `kiln_ai_documents` (a glob relative to the project folder, or absolute; default: the
 * corpus shipped with kiln), with the text extracted from Markdown, text, HTML, PDF and DOCX.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModelContext } from 'kiln';
import { landDocuments, type KnownText } from 'kiln/ai';

export const config = { materialized: 'table', tags: ['kiln_ai', 'landing'] };

const SHIPPED_DOCUMENTS = join(fileURLToPath(new URL('../../data/corpus/', import.meta.url)), 'docs', '**', '*');

export default async function* documents(ctx: ModelContext) {
  const pattern = ctx.var<string | null>('kiln_ai_documents', null) ?? SHIPPED_DOCUMENTS;
  const onSkipped = (files: string[]) => ctx.log(`skipped ${files.length} file(s) that are not .md, .txt, .html, .pdf or .docx: ${files.slice(0, 5).join(', ')}${files.length > 5 ? ', …' : ''}`);
  // Text already extracted from the same bytes last time is reused: an unchanged PDF is not parsed again.
  const known = new Map<string, KnownText>();
  const previous = ctx.previous<{ content_hash: string; title: string | null; text: string; metadata: unknown }>();
  try {
    for await (const row of previous?.select('content_hash', 'title', 'text', 'metadata') ?? []) {
      known.set(row.content_hash, { title: row.title, text: row.text, metadata: typeof row.metadata === 'string' ? JSON.parse(row.metadata) : ((row.metadata as Record<string, unknown>) ?? {}) });
    }
  } catch (error) {
    ctx.log(`extracting every file again: the last build's table could not be read (${(error as Error).message})`);
    known.clear();
  }
  for await (const doc of landDocuments(pattern, ctx.projectDir, { onSkipped, known })) {
    yield {
      document_id: doc.path,
      path: doc.path,
      source_uri: doc.uri,
      file_name: doc.fileName,
      content_hash: doc.contentHash,
      size: doc.size,
      modified_at: doc.modifiedAt,
      format: doc.format,
      title: doc.title,
      text: doc.text,
      metadata: doc.metadata,
    };
  }
}
