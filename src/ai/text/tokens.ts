/**
 * Token counts in the BPE vocabulary of OpenAI's embedding and GPT-4-class models
 * (cl100k_base). Special tokens such as `<|endoftext|>` in a document are counted and encoded
 * as the plain text they are: a document is data, and must not throw or end a sequence.
 */
import { countTokens as count, decode, encode } from 'gpt-tokenizer/encoding/cl100k_base';

const PLAIN = { disallowedSpecial: new Set<string>() };

export function encodeTokens(text: string): number[] {
  return text ? encode(text, PLAIN) : [];
}

export function decodeTokens(tokens: Iterable<number>): string {
  return decode(tokens);
}

export function countTokens(text: string): number {
  return text ? count(text, PLAIN) : 0;
}
