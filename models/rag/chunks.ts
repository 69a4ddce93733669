/**
 * Embedding-ready chunks of the landed documents: split on heading, paragraph and sentence
 * boundaries before any hard cut, sized and overlapped in BPE tokens (vars
 * `kiln_ai_chunk_tokens`, default 256, and `kiln_ai_chunk_overlap`, default 32). Incremental:
 * only documents whose content hash changed are chunked again, and the chunks of documents
 * that are gone disappear. The embedding
 * post-hook keeps `chunks_embeddings` in step.
 */
import { createHash } from 'node:crypto';
import type { ModelContext } from 'kiln';
import { chunkDocument } from 'kiln/ai';

export const config = {
  materialized: 'incremental',
  unique_key: 'document_id',
  tags: ['kiln_ai', 'rag'],
  embed: { text: 'text', id: 'chunk_id' },
};

interface Document { document_id: string; source_uri: string; format: string; title: string | null; text: string; content_hash: string }

const STRUCTURED = new Set(['markdown', 'html', 'docx']);

export default async function* chunks(ctx: ModelContext) {
  const maxTokens = Number(ctx.var('kiln_ai_chunk_tokens', 256));
  const overlapTokens = Number(ctx.var('kiln_ai_chunk_overlap', 32));
  for await (const doc of ctx.ref<Document>('documents').changed()) {
    const position = codePointOffsets(doc.text);
    for (const chunk of chunkDocument(doc.text, { maxTokens, overlapTokens, format: STRUCTURED.has(doc.format) ? 'markdown' : 'text' })) {
      yield {
        chunk_id: `${doc.document_id}#${chunk.index}`,
        document_id: doc.document_id,
        source_uri: doc.source_uri,
        chunk_index: chunk.index,
        text: chunk.text,
        token_count: chunk.tokenCount,
        start_char: position(chunk.startChar),
        end_char: position(chunk.endChar),
        heading_path: chunk.headingPath.join(' > '),
        title: doc.title,
        content_hash: createHash('sha256').update(chunk.text).digest('hex'),
      };
    }
  }
}

/**
 * Offsets in characters as SQL counts them (code points), not JavaScript's UTF-16 units, so
 * `substr(text, start_char + 1, end_char - start_char)` is the chunk in the warehouse too.
 */
function codePointOffsets(text: string): (utf16: number) => number {
  if (!/[\uD800-\uDFFF]/.test(text)) return (utf16) => utf16;
  const before = new Uint32Array(text.length + 1);
  for (let i = 0, points = 0; i <= text.length; i++) {
    before[i] = points;
    const code = text.charCodeAt(i);
    if (!(code >= 0xdc00 && code <= 0xdfff && i > 0 && text.charCodeAt(i - 1) >= 0xd800 && text.charCodeAt(i - 1) <= 0xdbff)) points++;
  }
  return (utf16) => before[utf16]!;
}
