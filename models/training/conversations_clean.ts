/**
 * Conversations made fit to train on: HTML stripped, Unicode and whitespace normalized, PII
 * redacted (counted per row), exact duplicates (equal after normalizing) and near-duplicates
 * (MinHash similarity above the var `kiln_ai_near_duplicate_threshold`) marked with the
 * conversation they repeat, and quality problems named. `training_set` keeps the good ones.
 */
import { createHash } from 'node:crypto';
import type { ModelContext } from 'kiln';
import { countTokens, findNearDuplicates, normalizeText, redactPii, stripHtml } from 'kiln/ai';

export const config = { materialized: 'table', tags: ['kiln_ai', 'training'] };

interface Message { role: string; content: string }
interface Conversation { conversation_id: string; channel: string | null; created_at: string | null; messages: string }

/** Canned replies that carry nothing to learn from on their own. */
const BOILERPLATE = [/^thank you for contacting .{0,40}support/i, /^(hi|hello|test|testing|asdf|\.|ok)[.!]*$/i, /^this is an automated (message|reply)/i];

export default async function conversationsClean(ctx: ModelContext) {
  const threshold = Number(ctx.var('kiln_ai_near_duplicate_threshold', 0.8));
  const minChars = Number(ctx.var('kiln_ai_min_chars', 40));
  const maxChars = Number(ctx.var('kiln_ai_max_chars', 20000));
  const rows = (await ctx.ref<Conversation>('conversations').all()).sort((a, b) => a.conversation_id.localeCompare(b.conversation_id));

  const cleaned = rows.map((row) => {
    const counts = { email: 0, phone: 0, credit_card: 0 };
    const parsed = JSON.parse(row.messages) as Partial<Message>[];
    const messages: Message[] = parsed.map((message) => {
      const redacted = redactPii(normalizeText(stripHtml(String(message.content ?? ''))));
      counts.email += redacted.counts.email;
      counts.phone += redacted.counts.phone;
      counts.credit_card += redacted.counts.credit_card;
      return { role: String(message.role ?? 'user'), content: redacted.text };
    });
    const text = messages.map((m) => `${m.role}: ${m.content}`).join('\n');
    const exactKey = createHash('sha256').update(text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()).digest('hex');
    return { row, messages, text, counts, exactKey };
  });

  // Exact duplicates point at the first conversation with the same normalized text.
  const firstByKey = new Map<string, string>();
  const exactOf = new Map<string, string>();
  for (const c of cleaned) {
    const first = firstByKey.get(c.exactKey);
    if (first) exactOf.set(c.row.conversation_id, first);
    else firstByKey.set(c.exactKey, c.row.conversation_id);
  }
  const unique = cleaned.filter((c) => !exactOf.has(c.row.conversation_id));
  const near = findNearDuplicates(unique.map((c) => ({ id: c.row.conversation_id, text: c.text })), { threshold });
  const similarity = new Map<string, number>();
  for (const pair of near.pairs) for (const id of [pair.a, pair.b]) similarity.set(id, Math.max(similarity.get(id) ?? 0, pair.similarity));

  return cleaned.map((c) => {
    const id = c.row.conversation_id;
    const users = c.messages.filter((m) => m.role === 'user').length;
    const assistants = c.messages.filter((m) => m.role === 'assistant').length;
    const duplicateOf = exactOf.get(id) ?? near.duplicateOf.get(id) ?? null;
    const quality =
      users === 0 || assistants === 0 ? 'one-sided'
      : c.text.length < minChars ? 'too short'
      : c.text.length > maxChars ? 'too long'
      : c.messages.every((m) => m.role !== 'assistant' || BOILERPLATE.some((re) => re.test(m.content))) || c.messages.every((m) => m.role !== 'user' || BOILERPLATE.some((re) => re.test(m.content))) ? 'boilerplate'
      : null;
    return {
      conversation_id: id,
      channel: c.row.channel,
      created_at: c.row.created_at,
      messages: c.messages,
      text: c.text,
      message_count: c.messages.length,
      char_count: c.text.length,
      token_count: countTokens(c.text),
      pii_redacted: c.counts.email + c.counts.phone + c.counts.credit_card,
      pii_emails: c.counts.email,
      pii_phones: c.counts.phone,
      pii_cards: c.counts.credit_card,
      duplicate_of: duplicateOf,
      duplicate_kind: exactOf.has(id) ? 'exact' : duplicateOf ? 'near' : null,
      near_duplicate_similarity: duplicateOf && !exactOf.has(id) ? (similarity.get(id) ?? null) : null,
      quality_issue: quality,
    };
  });
}
