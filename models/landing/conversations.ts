/**
 * Support tickets and chat conversations, landed from the JSONL file the var
 * `kiln_ai_conversations` names (default: the shipped sample). Schema-on-read: the known
 * fields become columns, every other field of a line goes into `metadata`.
 */
import { fileURLToPath } from 'node:url';
import type { ModelContext } from 'kiln';
import { readJsonLines, requiredString } from 'kiln/ai';

export const config = { materialized: 'table', tags: ['kiln_ai', 'landing'] };

const SHIPPED_CONVERSATIONS = fileURLToPath(new URL('../../data/corpus/conversations.jsonl', import.meta.url));
const KNOWN = new Set(['conversation_id', 'channel', 'created_at', 'customer', 'messages']);

export default async function* conversations(ctx: ModelContext) {
  const path = ctx.var<string | null>('kiln_ai_conversations', null) ?? SHIPPED_CONVERSATIONS;
  for await (const entry of readJsonLines(path, ctx.projectDir, 'kiln_ai_conversations')) {
    const { value } = entry;
    const metadata = Object.fromEntries(Object.entries(value).filter(([key]) => !KNOWN.has(key)));
    const messages = Array.isArray(value['messages']) ? value['messages'] : [];
    yield {
      conversation_id: requiredString(entry, 'conversation_id', path),
      channel: typeof value['channel'] === 'string' ? value['channel'] : null,
      created_at: typeof value['created_at'] === 'string' ? new Date(value['created_at']) : null,
      customer: (value['customer'] as object | undefined) ?? {},
      messages,
      metadata,
      source_line: entry.line,
    };
  }
}
