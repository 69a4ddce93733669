/**
 * The offline default provider, `kiln-hash-v1`. It is lexical, not semantic: texts
 * that share words, word pairs and word pieces get close vectors; synonyms do not.
 * It exists so that a project can build, test and search its embedding models with
 * no service, no key and no downloaded weights, and swap in a neural model later.
 *
 * Features (all lowercased): word unigrams, word bigrams, and character trigrams of
 * each word padded with a space on both sides ("cat" → " ca", "cat", "at "). Each
 * feature is hashed into one of `dimensions` buckets with a sign taken from the hash
 * (feature hashing), buckets are damped with log(1 + |x|), and the vector is
 * L2-normalised. Hashes are 32-bit FNV-1a over UTF-16 code units followed by the
 * murmur3 finaliser, so vectors are the same on every run and machine.
 */
import { KilnError } from '../../errors.js';
import type { EmbeddingProvider } from './types.js';
import { fmix32 } from '../hash.js';

export const LOCAL_MODEL = 'kiln-hash-v1';
export const LOCAL_DEFAULT_DIMENSIONS = 384;

// Feature weights: a shared word is the strongest evidence, a shared word pair adds
// word order, trigrams catch inflections (embed / embedding) at a lower weight since
// a word yields several of them.
const WEIGHT_UNIGRAM = 1;
const WEIGHT_BIGRAM = 0.6;
const WEIGHT_TRIGRAM = 0.3;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
// Distinct seeds keep the unigram "ab", the bigram of "a b" and a trigram apart.
const SEED_UNIGRAM = 0x2f6b1c3d;
const SEED_BIGRAM = 0x5bd1e995;
const SEED_TRIGRAM = 0x1b873593;
const SPACE = 32;


/** Code unit → lowercased code unit, or 0 for a separator. ASCII is built eagerly. */
const ASCII_FOLD = new Uint16Array(128);
for (let c = 0; c < 128; c++) {
  if (c >= 65 && c <= 90) ASCII_FOLD[c] = c + 32;
  else if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95) ASCII_FOLD[c] = c;
}

let bmpFold: Uint16Array | undefined;
/**
 * The same for the whole BMP, built on the first non-ASCII character (a few ms).
 * Letters, digits and marks are word characters; surrogates are kept as they are, so
 * an emoji or a rare CJK character is part of the word it touches.
 */
function nonAsciiFold(): Uint16Array {
  if (bmpFold) return bmpFold;
  const table = new Uint16Array(65536);
  table.set(ASCII_FOLD);
  const word = /^[\p{L}\p{N}\p{M}]$/u;
  for (let c = 128; c < 65536; c++) {
    if (c >= 0xd800 && c <= 0xdfff) {
      table[c] = c;
      continue;
    }
    const ch = String.fromCharCode(c);
    if (!word.test(ch)) continue;
    const lower = ch.toLowerCase();
    table[c] = lower.length === 1 ? lower.charCodeAt(0) : c;
  }
  return (bmpFold = table);
}

export interface LocalHashEmbedderOptions {
  dimensions?: number;
  model?: string;
  /** Damp repeated features with log(1 + |bucket|); on by default. */
  sublinear?: boolean;
}

export class LocalHashEmbedder implements EmbeddingProvider {
  readonly name = 'local';
  readonly model: string;
  readonly dimensions: number;
  readonly counters = { requests: 0, retries: 0 };
  private readonly sublinear: boolean;
  /** Reused accumulator: one allocation per output vector, none per feature. */
  private readonly acc: Float64Array;
  /** Maps a 31-bit hash to a bucket by its high bits: (h >>> 1) * scale. */
  private readonly scale: number;

  constructor(options: LocalHashEmbedderOptions = {}) {
    this.model = options.model ?? LOCAL_MODEL;
    this.dimensions = options.dimensions ?? LOCAL_DEFAULT_DIMENSIONS;
    if (this.model !== LOCAL_MODEL) throw new KilnError(`the local embedding provider has one model, '${LOCAL_MODEL}', got '${this.model}'`);
    if (!Number.isInteger(this.dimensions) || this.dimensions < 1) throw new KilnError(`embedding dimensions must be a positive integer, got ${this.dimensions}`);
    this.sublinear = options.sublinear ?? true;
    this.acc = new Float64Array(this.dimensions);
    this.scale = this.dimensions / 2 ** 31;
  }

  async embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]> {
    signal?.throwIfAborted();
    return this.embedSync(texts);
  }

  /** The same vectors without a promise: CPU-bound work gains nothing from one. */
  embedSync(texts: readonly string[]): Float32Array[] {
    const out = new Array<Float32Array>(texts.length);
    for (let i = 0; i < texts.length; i++) out[i] = this.embedText(texts[i]!);
    return out;
  }

  embedText(text: string): Float32Array {
    const acc = this.acc;
    const scale = this.scale;
    let fold: Uint16Array = ASCII_FOLD;
    let inWord = false;
    let hasPrevious = false;
    let previous = 0;
    let wordHash = 0;
    let p2 = -1;
    let p1 = SPACE;
    let h = 0;
    let bucket = 0;
    const n = text.length;
    // Inlined by hand: a per-feature function call costs ~25% here.
    for (let i = 0; i <= n; i++) {
      let f = 0;
      if (i < n) {
        const c = text.charCodeAt(i);
        if (c >= 128 && fold === ASCII_FOLD) fold = nonAsciiFold();
        f = fold[c]!;
      }
      if (f !== 0) {
        if (!inWord) {
          inWord = true;
          wordHash = FNV_OFFSET;
          p2 = -1;
          p1 = SPACE;
        }
        wordHash = Math.imul(wordHash ^ f, FNV_PRIME);
        if (p2 >= 0) {
          h = fmix32(Math.imul(Math.imul(Math.imul(SEED_TRIGRAM ^ p2, FNV_PRIME) ^ p1, FNV_PRIME) ^ f, FNV_PRIME));
          bucket = ((h >>> 1) * scale) | 0;
          acc[bucket]! += h & 1 ? -WEIGHT_TRIGRAM : WEIGHT_TRIGRAM;
        }
        p2 = p1;
        p1 = f;
        continue;
      }
      if (!inWord) continue;
      inWord = false;
      // The word's closing trigram ("at "), the word, and the pair it ends.
      if (p2 >= 0) {
        h = fmix32(Math.imul(Math.imul(Math.imul(SEED_TRIGRAM ^ p2, FNV_PRIME) ^ p1, FNV_PRIME) ^ SPACE, FNV_PRIME));
        bucket = ((h >>> 1) * scale) | 0;
        acc[bucket]! += h & 1 ? -WEIGHT_TRIGRAM : WEIGHT_TRIGRAM;
      }
      h = fmix32(wordHash ^ SEED_UNIGRAM);
      bucket = ((h >>> 1) * scale) | 0;
      acc[bucket]! += h & 1 ? -WEIGHT_UNIGRAM : WEIGHT_UNIGRAM;
      if (hasPrevious) {
        h = fmix32(Math.imul(previous ^ SEED_BIGRAM, FNV_PRIME) ^ wordHash);
        bucket = ((h >>> 1) * scale) | 0;
        acc[bucket]! += h & 1 ? -WEIGHT_BIGRAM : WEIGHT_BIGRAM;
      }
      previous = wordHash;
      hasPrevious = true;
    }
    return this.normalise();
  }

  /** Damps, L2-normalises and clears the accumulator; no words gives the zero vector. */
  private normalise(): Float32Array {
    const acc = this.acc;
    const dims = this.dimensions;
    const out = new Float32Array(dims);
    let sum = 0;
    for (let d = 0; d < dims; d++) {
      let v = acc[d]!;
      if (v === 0) continue;
      if (this.sublinear) v = v < 0 ? -Math.log1p(-v) : Math.log1p(v);
      acc[d] = v;
      sum += v * v;
    }
    if (sum > 0) {
      const inv = 1 / Math.sqrt(sum);
      for (let d = 0; d < dims; d++) out[d] = acc[d]! * inv;
    }
    acc.fill(0);
    return out;
  }
}
