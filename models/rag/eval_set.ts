/**
 * The RAG evaluation set: questions with reference answers and the ids of the chunks that
 * answer them. From `kiln_ai_questions` (a question's chunks are those of its source document
 * that contain the answer, else the one sharing most of its words), plus known-item questions
 * derived deterministically from chunks (var `kiln_ai_known_item_questions`, default 40: a
 * chunk's longest sentence, answered by that chunk). Versioned by a hash of its content, split
 * into dev and test by a hash of the question. Embedded into `eval_set_embeddings` so
 * `retrieval_eval` can rank chunks for each question.
 */
import { createHash } from 'node:crypto';
import type { ModelContext } from 'kiln';

export const config = { materialized: 'table', tags: ['kiln_ai', 'rag'], embed: { text: 'question', id: 'question_id' } };

interface Question { question_id: string; question: string; answer: string; source: string }
interface Chunk { chunk_id: string; document_id: string; text: string; token_count: number }
interface Document { document_id: string; file_name: string; path: string }

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const words = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
const squash = (text: string) => words(text).join(' ');

export default async function evalSet(ctx: ModelContext) {
  const knownItems = Number(ctx.var('kiln_ai_known_item_questions', 40));
  const [questions, documents, chunks] = await Promise.all([
    ctx.ref<Question>('questions').all(),
    ctx.ref<Document>('documents').select('document_id', 'file_name', 'path').all(),
    ctx.ref<Chunk>('chunks').select('chunk_id', 'document_id', 'text', 'token_count').all(),
  ]);
  const documentOf = new Map<string, string>();
  for (const doc of [...documents].sort((a, b) => a.path.localeCompare(b.path))) if (!documentOf.has(doc.file_name)) documentOf.set(doc.file_name, doc.document_id);
  const chunksOf = new Map<string, Chunk[]>();
  for (const chunk of chunks) (chunksOf.get(chunk.document_id) ?? chunksOf.set(chunk.document_id, []).get(chunk.document_id)!).push(chunk);

  const rows: { question_id: string; question: string; reference_answer: string; origin: string; source_document: string | null; relevant_chunk_ids: string[] }[] = [];
  let unanswerable = 0;
  for (const q of questions) {
    const documentId = documentOf.get(q.source);
    const candidates = documentId ? (chunksOf.get(documentId) ?? []) : [];
    const answer = squash(q.answer);
    let relevant = candidates.filter((c) => squash(c.text).includes(answer));
    if (!relevant.length && candidates.length) {
      const answerWords = new Set(words(q.answer));
      const score = (c: Chunk) => { const own = new Set(words(c.text)); let shared = 0; for (const w of answerWords) if (own.has(w)) shared++; return shared / Math.max(answerWords.size, 1); };
      const best = candidates.reduce((a, b) => (score(b) > score(a) ? b : a));
      relevant = score(best) >= 0.5 ? [best] : [];
    }
    if (!relevant.length) unanswerable++;
    rows.push({ question_id: q.question_id, question: q.question, reference_answer: q.answer, origin: 'questions', source_document: documentId ?? null, relevant_chunk_ids: relevant.map((c) => c.chunk_id).sort() });
  }
  if (unanswerable) ctx.log(`${unanswerable} question(s) have no chunk that answers them (source not landed, or the answer not in it): kept with no relevant chunks, left out of retrieval_eval`);

  // Known items: the longest sentence of a chunk asks for that chunk (and any chunk overlapping it that holds the sentence too).
  const picked = chunks.filter((c) => c.token_count >= 40).sort((a, b) => sha(a.chunk_id).localeCompare(sha(b.chunk_id))).slice(0, knownItems);
  for (const chunk of picked) {
    const sentence = (chunk.text.match(/[^.!?\n]+[.!?]/g) ?? []).map((s) => s.trim()).filter((s) => !s.startsWith('#')).sort((a, b) => b.length - a.length || a.localeCompare(b))[0];
    if (!sentence || words(sentence).length < 6) continue;
    const key = squash(sentence);
    const relevant = (chunksOf.get(chunk.document_id) ?? []).filter((c) => squash(c.text).includes(key)).map((c) => c.chunk_id).sort();
    rows.push({ question_id: `k-${sha(chunk.chunk_id).slice(0, 12)}`, question: sentence, reference_answer: sentence, origin: 'known_item', source_document: chunk.document_id, relevant_chunk_ids: relevant });
  }
  rows.sort((a, b) => a.question_id.localeCompare(b.question_id));
  const version = sha(rows.map((r) => `${r.question_id}:${r.question}:${r.relevant_chunk_ids.join(',')}`).join('\n')).slice(0, 12);
  return rows.map((row) => ({ ...row, eval_version: version, split: parseInt(sha(row.question_id).slice(0, 8), 16) % 2 === 0 ? 'dev' : 'test' }));
}
