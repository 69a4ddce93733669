/**
 * Near-duplicate detection in sub-quadratic time: MinHash signatures of word shingles,
 * banded for locality-sensitive hashing, so only texts that agree on a whole band are ever
 * compared; those candidates are confirmed on their signatures' estimated Jaccard similarity.
 *
 * Shingles are 3 consecutive words (lower-cased, punctuation dropped) by default: a changed
 * word breaks only the 3 shingles it is in (5 with 5-word shingles), so a 150-word text with 3
 * words changed keeps a Jaccard similarity near 0.89 (near 0.82 with 5-word shingles, under a
 * 0.85 threshold), while two unrelated texts still share almost no 3-word sequence.
 *
 * Hashes: FNV-1a of each word, words combined and mixed with murmur3's finalizer into one
 * 32-bit shingle hash, then one cheap permutation per signature position, x → m ^ (m >>> 15)
 * with m = (x ^ bᵢ) · aᵢ mod 2³² (aᵢ odd, aᵢ and bᵢ from a fixed seed, so signatures are stable
 * across runs and machines).
 */
import { fmix32 } from '../hash.js';

export interface MinHashOptions {
  /** Signature positions (default 128): more estimate similarity more precisely, and cost more. */
  numHashes?: number;
  /** Words per shingle (default 3). A text with fewer words is one shingle of all of them. */
  shingleSize?: number;
}

export interface NearDuplicateOptions extends MinHashOptions {
  /** Estimated Jaccard similarity at or above which two texts are near-duplicates (default 0.85). */
  threshold?: number;
  /**
   * LSH bands (default: chosen from the threshold, see `rowsPerBand`). Each band is
   * numHashes / bands rows; more rows per band mean fewer false candidates to check and a lower
   * chance of catching a pair near the threshold.
   */
  bands?: number;
}

export interface NearDuplicatePair { a: string; b: string; similarity: number }

export interface NearDuplicates {
  /** Each duplicate's id → the id of the first item (in input order) of its group; first items are not keys. */
  duplicateOf: Map<string, string>;
  /** Every confirmed pair, `a` before `b` in input order, sorted by the positions of `a` then `b`. */
  pairs: NearDuplicatePair[];
}

const DEFAULT_HASHES = 128;
const DEFAULT_SHINGLE = 3;
const DEFAULT_THRESHOLD = 0.85;
/** Probability that a pair exactly at the threshold shares at least one band. */
const TARGET_RECALL = 0.99;
/**
 * The most recent members of an LSH bucket a newcomer is compared with. Members of one bucket
 * are mostly copies of each other, so a few are enough to join a cluster; a bucket that many
 * texts share (boilerplate, empty texts) then costs a bounded number of comparisons, not a quadratic one.
 */
const BUCKET_PEERS = 16;

let familyA = new Int32Array(0);
let familyB = new Int32Array(0);

/** The permutation family's multipliers (odd) and offsets, from a fixed seed, grown on demand. */
function family(size: number): void {
  if (familyA.length >= size) return;
  const a = new Int32Array(Math.max(size, 256));
  const b = new Int32Array(a.length);
  let state = 0x2545f491;
  const next = () => (state = fmix32((state + 0x9e3779b9) | 0));
  for (let i = 0; i < a.length; i++) {
    a[i] = next() | 1;
    b[i] = next();
  }
  familyA = a;
  familyB = b;
}


const WORD = /[\p{L}\p{N}]+/gu;

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
}

/** One 32-bit hash per shingle; a text with fewer words than `size` is a single shingle. */
function shingleHashes(text: string, size: number): Int32Array {
  const words = text.toLowerCase().match(WORD);
  if (!words) return Int32Array.of(fmix32(fnv1a(text.trim().toLowerCase())));
  const wordHashes = new Int32Array(words.length);
  for (let w = 0; w < words.length; w++) wordHashes[w] = fnv1a(words[w]!);
  const count = Math.max(1, words.length - size + 1);
  const out = new Int32Array(count);
  for (let s = 0; s < count; s++) {
    let h = 0x9747b28c ^ size;
    for (let w = s, end = Math.min(s + size, words.length); w < end; w++) h = fmix32((Math.imul(h, 31) + wordHashes[w]!) | 0);
    out[s] = h;
  }
  return out;
}

function checkedHashes(numHashes: number | undefined): number {
  const n = numHashes ?? DEFAULT_HASHES;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`numHashes must be a positive integer (got ${numHashes})`);
  family(n);
  return n;
}

function checkedShingle(shingleSize: number | undefined): number {
  const n = shingleSize ?? DEFAULT_SHINGLE;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`shingleSize must be a positive integer (got ${shingleSize})`);
  return n;
}

/** Writes the signature of `text` into `out[offset .. offset + numHashes)`. */
function fillSignature(text: string, size: number, numHashes: number, out: Uint32Array, offset: number): void {
  const shingles = shingleHashes(text, size);
  const a = familyA;
  const b = familyB;
  for (let i = 0; i < numHashes; i++) {
    const ai = a[i]!;
    const bi = b[i]!;
    let min = 0xffffffff;
    for (let s = 0; s < shingles.length; s++) {
      let v = Math.imul(shingles[s]! ^ bi, ai);
      v = (v ^ (v >>> 15)) >>> 0;
      if (v < min) min = v;
    }
    out[offset + i] = min;
  }
}

export function minhashSignature(text: string, options: MinHashOptions = {}): Uint32Array {
  const numHashes = checkedHashes(options.numHashes);
  const signature = new Uint32Array(numHashes);
  fillSignature(text, checkedShingle(options.shingleSize), numHashes, signature, 0);
  return signature;
}

/** The share of positions where two signatures agree: an estimate of the texts' Jaccard similarity. */
export function jaccardEstimate(a: Uint32Array, b: Uint32Array): number {
  if (a.length !== b.length) throw new RangeError(`signatures of different lengths (${a.length} and ${b.length})`);
  if (a.length === 0) return 1;
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

/**
 * Rows per LSH band for a threshold: the most rows (fewest false candidates) for which a pair
 * whose similarity is exactly the threshold still shares a band with probability ≥ 99%,
 * 1 − (1 − tʳ)^⌊n/r⌋ ≥ 0.99. With 128 hashes: 8 rows × 16 bands at 0.85 (a pair at 0.85 is a
 * candidate 99.4% of the time, one at 0.5 only 6%), 6 × 21 at 0.8, 4 × 32 at 0.7.
 */
export function rowsPerBand(threshold: number, numHashes: number): number {
  let best = 1;
  for (let rows = 1; rows <= numHashes; rows++) {
    const bands = Math.floor(numHashes / rows);
    if (1 - Math.pow(1 - Math.pow(threshold, rows), bands) >= TARGET_RECALL) best = rows;
  }
  return best;
}

export function findNearDuplicates(items: readonly { id: string; text: string }[], options: NearDuplicateOptions = {}): NearDuplicates {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  if (!(threshold > 0 && threshold <= 1)) throw new RangeError(`threshold must be in (0, 1] (got ${threshold})`);
  const numHashes = checkedHashes(options.numHashes);
  const size = checkedShingle(options.shingleSize);
  if (options.bands !== undefined && !(Number.isInteger(options.bands) && options.bands >= 1 && options.bands <= numHashes)) {
    throw new RangeError(`bands must be an integer between 1 and numHashes (${numHashes}) (got ${options.bands})`);
  }
  const rows = options.bands ? Math.floor(numHashes / options.bands) : rowsPerBand(threshold, numHashes);
  const bands = options.bands ?? Math.floor(numHashes / rows);
  const n = items.length;

  // All signatures in one buffer: 512 bytes a text at 128 hashes, no object per text.
  const signatures = new Uint32Array(n * numHashes);
  for (let doc = 0; doc < n; doc++) fillSignature(items[doc]!.text, size, numHashes, signatures, doc * numHashes);

  // A candidate is confirmed when at most this many positions differ; counting stops past it.
  const maxMismatches = Math.floor((1 - threshold) * numHashes + 1e-9);
  const similarity = (x: number, y: number): number => {
    let mismatches = 0;
    for (let i = x * numHashes, j = y * numHashes, end = i + numHashes; i < end; i++, j++) {
      if (signatures[i] !== signatures[j] && ++mismatches > maxMismatches) return -1;
    }
    return (numHashes - mismatches) / numHashes;
  };

  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };

  // Confirmed pairs only: a dissimilar candidate that collides again is just checked again (rare, cheap).
  const confirmed = new Set<number>();
  const found: { a: number; b: number; similarity: number }[] = [];
  const buckets = new Map<number, number>();
  const previousInBucket = new Int32Array(n);
  for (let band = 0; band < bands; band++) {
    buckets.clear();
    const first = band * rows;
    for (let doc = 0; doc < n; doc++) {
      let key = fmix32(band + 0x3c6ef372);
      for (let r = doc * numHashes + first, end = r + rows; r < end; r++) key = fmix32(Math.imul(key ^ signatures[r]!, 0x01000193));
      const head = buckets.get(key);
      previousInBucket[doc] = head ?? -1;
      buckets.set(key, doc);
      for (let other = head ?? -1, seen = 0; other >= 0 && seen < BUCKET_PEERS; other = previousInBucket[other]!, seen++) {
        const pairKey = other * n + doc;
        if (confirmed.has(pairKey)) continue;
        const s = similarity(other, doc);
        if (s < threshold) continue;
        confirmed.add(pairKey);
        found.push({ a: other, b: doc, similarity: s });
        const x = root(other);
        const y = root(doc);
        // The earlier root stays the root, so every group is named after its first item.
        if (x < y) parent[y] = x;
        else if (y < x) parent[x] = y;
      }
    }
  }

  const duplicateOf = new Map<string, string>();
  for (let doc = 0; doc < n; doc++) {
    const first = root(doc);
    if (first !== doc) duplicateOf.set(items[doc]!.id, items[first]!.id);
  }
  found.sort((p, q) => p.a - q.a || p.b - q.b);
  const pairs = found.map((p) => ({ a: items[p.a]!.id, b: items[p.b]!.id, similarity: p.similarity }));
  return { duplicateOf, pairs };
}
