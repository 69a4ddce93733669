/**
 * Near-duplicate detection in sub-quadratic time: each text becomes a MinHash signature of its
 * word shingles (3 consecutive words, lower-cased, punctuation dropped: one changed word
 * breaks only 3 shingles, so a lightly edited copy still scores high), signatures are banded
 * for locality-sensitive hashing, and only texts sharing a band are compared. Rows per band
 * are chosen from the threshold so a pair at the threshold becomes a candidate with
 * probability ≥ 99%; candidates are confirmed on the signatures' estimated Jaccard similarity.
 */

export interface MinHashOptions {
  /** Hash functions in a signature (default 128): more is more precise and slower. */
  numHashes?: number;
  /** Words per shingle (default 3). */
  shingleSize?: number;
}

export interface NearDuplicateOptions extends MinHashOptions {
  /** Estimated Jaccard similarity at or above which two texts are near-duplicates (default 0.8). */
  threshold?: number;
}

export interface NearDuplicates {
  /** Each duplicate's id → the id of the first item (in input order) of its group. */
  duplicateOf: Map<string, string>;
  /** The confirmed pairs that joined groups, `a` before `b` in input order. */
  pairs: { a: string; b: string; similarity: number }[];
}

const DEFAULT_HASHES = 128;
const EMPTY = 0xffffffff;
/** Members of an LSH bucket a newcomer is compared with: enough for clusters, never quadratic. */
const BUCKET_PEERS = 8;

// Per-position multipliers and offsets of the hash family, from a fixed seed so signatures are stable.
const family = (() => {
  const a = new Uint32Array(1024);
  const b = new Uint32Array(1024);
  let state = 0x2545f491;
  const next = () => ((state = fmix32((state + 0x9e3779b9) >>> 0)), state);
  for (let i = 0; i < a.length; i++) (a[i] = next() | 1), (b[i] = next());
  return { a, b };
})();

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function wordHashes(text: string): number[] {
  const out: number[] = [];
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    let h = 0x811c9dc5;
    for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
    out.push(h >>> 0);
  }
  return out;
}

export function minhashSignature(text: string, options: MinHashOptions = {}): Uint32Array {
  const numHashes = options.numHashes ?? DEFAULT_HASHES;
  const size = Math.max(1, options.shingleSize ?? 3);
  if (numHashes < 1 || numHashes > family.a.length) throw new RangeError(`numHashes must be between 1 and ${family.a.length}`);
  const signature = new Uint32Array(numHashes).fill(EMPTY);
  const words = wordHashes(text);
  const shingles = Math.max(words.length - size + 1, words.length ? 1 : 0);
  for (let s = 0; s < shingles; s++) {
    let h = 0x9747b28c;
    for (let w = s; w < Math.min(s + size, words.length); w++) h = fmix32((Math.imul(h, 31) + words[w]!) >>> 0);
    for (let i = 0; i < numHashes; i++) {
      let v = Math.imul(h ^ family.b[i]!, family.a[i]!);
      v = (v ^ (v >>> 15)) >>> 0;
      if (v < signature[i]!) signature[i] = v;
    }
  }
  return signature;
}

/** The share of positions where two signatures agree: an estimate of the texts' Jaccard similarity. */
export function jaccardEstimate(a: Uint32Array, b: Uint32Array): number {
  if (a.length !== b.length) throw new RangeError('signatures of different lengths');
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return a.length ? same / a.length : 1;
}

/** Rows per band: the most (fewest false candidates) that still catch a pair at `threshold` 99% of the time. */
export function rowsPerBand(threshold: number, numHashes: number): number {
  let best = 1;
  for (let rows = 1; rows <= numHashes; rows++) {
    const bands = Math.floor(numHashes / rows);
    if (1 - Math.pow(1 - Math.pow(threshold, rows), bands) >= 0.99) best = rows;
  }
  return best;
}

export function findNearDuplicates(items: readonly { id: string; text: string }[], options: NearDuplicateOptions = {}): NearDuplicates {
  const threshold = options.threshold ?? 0.8;
  if (!(threshold > 0 && threshold <= 1)) throw new RangeError(`threshold must be in (0, 1] (got ${threshold})`);
  const numHashes = options.numHashes ?? DEFAULT_HASHES;
  const signatures = items.map((item) => minhashSignature(item.text, options));
  const rows = rowsPerBand(threshold, numHashes);
  const bands = Math.floor(numHashes / rows);

  const parent = Int32Array.from(items, (_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const pairs: NearDuplicates['pairs'] = [];
  const checked = new Set<number>();
  const buckets = new Map<number, number[]>();
  for (let band = 0; band < bands; band++) {
    buckets.clear();
    for (let doc = 0; doc < items.length; doc++) {
      const signature = signatures[doc]!;
      let key = band;
      for (let r = band * rows; r < (band + 1) * rows; r++) key = fmix32((Math.imul(key, 0x01000193) ^ signature[r]!) >>> 0);
      const members = buckets.get(key);
      if (!members) {
        buckets.set(key, [doc]);
        continue;
      }
      for (let m = Math.max(0, members.length - BUCKET_PEERS); m < members.length; m++) {
        const other = members[m]!;
        const pairKey = other * items.length + doc;
        if (checked.has(pairKey)) continue;
        checked.add(pairKey);
        if (root(other) === root(doc)) continue;
        const similarity = jaccardEstimate(signatures[other]!, signature);
        if (similarity < threshold) continue;
        pairs.push({ a: items[other]!.id, b: items[doc]!.id, similarity });
        const [keep, join] = [root(other), root(doc)].sort((x, y) => x - y) as [number, number];
        parent[join] = keep;
      }
      if (members.length < BUCKET_PEERS * 4) members.push(doc);
    }
  }
  const duplicateOf = new Map<string, string>();
  for (let doc = 0; doc < items.length; doc++) {
    const first = root(doc);
    if (first !== doc) duplicateOf.set(items[doc]!.id, items[first]!.id);
  }
  return { duplicateOf, pairs };
}
