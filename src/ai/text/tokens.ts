/**
 * Token counts in the BPE vocabulary of OpenAI's embedding and GPT-4-class models
 * (cl100k_base). Special tokens such as `<|endoftext|>` in a document are counted and encoded
 * as the plain text they are: a document is data, and must not throw or end a sequence.
 */
import { createRequire } from 'node:module';

// The vocabulary takes ~180 ms to load, so it loads on the first use, not on import: models
// that import `kiln/ai` for something else (reading JSONL, landing files) never pay for it.
type Encoding = typeof import('gpt-tokenizer/encoding/cl100k_base');
let encoding: Encoding | undefined;
const cl100k = (): Encoding => (encoding ??= createRequire(import.meta.url)('gpt-tokenizer/encoding/cl100k_base') as Encoding);

const PLAIN = { disallowedSpecial: new Set<string>() };

export function encodeTokens(text: string): number[] {
  return text ? cl100k().encode(text, PLAIN) : [];
}

export function decodeTokens(tokens: Iterable<number>): string {
  return cl100k().decode(tokens);
}

export function countTokens(text: string): number {
  return text ? cl100k().countTokens(text, PLAIN) : 0;
}

/**
 * Where `text` can be cut between tokens: after the first `tokenEnds[k]` tokens of its
 * encoding, exactly the first `charEnds[k]` UTF-16 units are covered. A token that ends inside
 * a character (an emoji spans several byte-level tokens) is not a cut point. For the chunker's
 * last resort, a cut by tokens through text with no spaces. Internal: not re-exported.
 */
export function tokenCutPoints(text: string): { tokenEnds: number[]; charEnds: number[] } {
  const tokens = encodeTokens(text);
  const tokenEnds: number[] = [];
  const charEnds: number[] = [];
  let consumed = 0;
  // decodeGenerator yields only whole characters; counting what it has pulled tells how many
  // tokens each yielded piece took.
  function* counted(): Generator<number> {
    for (const token of tokens) {
      consumed++;
      yield token;
    }
  }
  let chars = 0;
  for (const part of cl100k().decodeGenerator(counted())) {
    chars += part.length;
    tokenEnds.push(consumed);
    charEnds.push(chars);
  }
  return { tokenEnds, charEnds };
}
