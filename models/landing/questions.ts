/**
 * Question/answer pairs for evaluating retrieval, from the JSONL file the var
 * `kiln_ai_questions` names (default: the shipped sample): one {"question", "answer",
 * "source"} a line, `source` the file name of the document that answers it.
 */
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { ModelContext } from 'kiln';
import { readJsonLines, requiredString } from 'kiln/ai';

export const config = { materialized: 'table', tags: ['kiln_ai', 'landing'] };

const SHIPPED_QUESTIONS = fileURLToPath(new URL('../../data/corpus/questions.jsonl', import.meta.url));
const KNOWN = new Set(['question', 'answer', 'source']);

export default async function* questions(ctx: ModelContext) {
  const path = ctx.var<string | null>('kiln_ai_questions', null) ?? SHIPPED_QUESTIONS;
  for await (const entry of readJsonLines(path, ctx.projectDir, 'kiln_ai_questions')) {
    const question = requiredString(entry, 'question', path);
    yield {
      question_id: `q-${createHash('sha256').update(question).digest('hex').slice(0, 12)}`,
      question,
      answer: requiredString(entry, 'answer', path),
      source: requiredString(entry, 'source', path),
      metadata: Object.fromEntries(Object.entries(entry.value).filter(([key]) => !KNOWN.has(key))),
      source_line: entry.line,
    };
  }
}
