import { describe, expect, it } from 'vitest';
import { findNearDuplicates, jaccardEstimate, minhashSignature, rowsPerBand } from '../../../../src/ai/text/index.js';

const BASE = 'Our Lumen server stopped starting after the weekend. The log says address already in use and then it exits. Nothing was changed on our side as far as I know, and the other services on the machine are fine.';

function exactJaccard(a: string, b: string): number {
  const shingles = (t: string) => { const w = t.toLowerCase().match(/[\p{L}\p{N}]+/gu)!; return new Set(w.slice(0, -2).map((_, i) => w.slice(i, i + 3).join(' '))); };
  const [x, y] = [shingles(a), shingles(b)];
  return [...x].filter((s) => y.has(s)).length / new Set([...x, ...y]).size;
}

describe('minhashSignature', () => {
  it('estimates the Jaccard similarity of word shingles', () => {
    const edited = BASE.replace('weekend', 'holidays');
    const estimate = jaccardEstimate(minhashSignature(BASE), minhashSignature(edited));
    expect(Math.abs(estimate - exactJaccard(BASE, edited))).toBeLessThan(0.12);
    expect(jaccardEstimate(minhashSignature(BASE), minhashSignature(BASE.toUpperCase().replace(/\./g, '!')))).toBe(1);
    expect(jaccardEstimate(minhashSignature(BASE), minhashSignature('Completely unrelated words about sailing boats, bread and the weather in spring.'))).toBeLessThan(0.1);
  });

  it('is stable across calls and sized as asked', () => {
    expect(minhashSignature('a b c d', { numHashes: 16 })).toEqual(minhashSignature('a b c d', { numHashes: 16 }));
    expect(minhashSignature('short', { numHashes: 16 })).toHaveLength(16);
  });
});

describe('findNearDuplicates', () => {
  const items = [
    { id: 'a', text: BASE },
    { id: 'b', text: 'A different ticket about single sign-on with Okta and enforcing it for all staff next month.' },
    { id: 'c', text: BASE.replace('weekend', 'holidays') },
    { id: 'd', text: BASE },
    { id: 'e', text: BASE.replace('Nothing', 'Really nothing') },
    { id: 'f', text: 'Yet another question, on invoices being paid twice after a bank timeout this month.' },
  ];

  it('groups near and exact duplicates under the first item of the group', () => {
    const { duplicateOf, pairs } = findNearDuplicates(items, { threshold: 0.8 });
    expect(Object.fromEntries(duplicateOf)).toEqual({ c: 'a', d: 'a', e: 'a' });
    expect(pairs.every((p) => p.similarity >= 0.8 && items.findIndex((i) => i.id === p.a) < items.findIndex((i) => i.id === p.b))).toBe(true);
  });

  it('finds nothing above a threshold no pair reaches', () => {
    const { duplicateOf } = findNearDuplicates(items.filter((i) => i.id !== 'd'), { threshold: 0.99 });
    expect(duplicateOf.size).toBe(0);
  });

  it('finds planted near-duplicates among 5,000 documents without comparing them all', () => {
    const random = (() => { let s = 7; return () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32); })();
    const vocabulary = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}`);
    const docs = Array.from({ length: 5000 }, (_, i) => ({ id: `d${i}`, text: Array.from({ length: 80 }, () => vocabulary[Math.floor(random() * vocabulary.length)]).join(' ') }));
    for (let i = 0; i < 50; i++) {
      const words = docs[i]!.text.split(' ');
      words[40] = 'changed';
      docs.push({ id: `copy${i}`, text: words.join(' ') });
    }
    const { duplicateOf } = findNearDuplicates(docs, { threshold: 0.8 });
    expect(duplicateOf.size).toBe(50);
    for (let i = 0; i < 50; i++) expect(duplicateOf.get(`copy${i}`)).toBe(`d${i}`);
  });

  it('chooses bands so a pair at the threshold is caught 99% of the time', () => {
    for (const threshold of [0.5, 0.7, 0.8, 0.9]) {
      const rows = rowsPerBand(threshold, 128);
      expect(1 - (1 - threshold ** rows) ** Math.floor(128 / rows)).toBeGreaterThanOrEqual(0.99);
      expect(1 - (1 - threshold ** (rows + 1)) ** Math.floor(128 / (rows + 1))).toBeLessThan(0.99);
    }
    expect(() => findNearDuplicates([], { threshold: 0 })).toThrow(/threshold/);
  });
});

describe('minhash: behaviour in detail', () => {
  const random = (() => { let s = 99; return () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32); })();
  const vocabulary = Array.from({ length: 3000 }, (_, i) => `v${i}`);
  const text = (n: number) => Array.from({ length: n }, () => vocabulary[Math.floor(random() * vocabulary.length)]).join(' ');
  const change = (t: string, positions: number[]) => { const w = t.split(' '); for (const p of positions) w[p] = `changed${p}`; return w.join(' '); };

  it('gives identical texts identical signatures (similarity 1), 128 positions by default', () => {
    const t = text(120);
    expect(minhashSignature(t)).toBeInstanceOf(Uint32Array);
    expect(minhashSignature(t)).toHaveLength(128);
    expect(jaccardEstimate(minhashSignature(t), minhashSignature(` ${t}  `))).toBe(1);
    expect(() => jaccardEstimate(minhashSignature(t), minhashSignature(t, { numHashes: 64 }))).toThrow(/lengths/);
  });

  it('estimates Jaccard similarity without bias across many pairs', () => {
    let absolute = 0;
    let signed = 0;
    for (let k = 0; k < 60; k++) {
      const base = text(150);
      const edited = change(base, Array.from({ length: k % 30 }, () => Math.floor(random() * 150)));
      const error = jaccardEstimate(minhashSignature(base), minhashSignature(edited)) - exactJaccard(base, edited);
      absolute += Math.abs(error);
      signed += error;
    }
    expect(absolute / 60).toBeLessThan(0.05); // 128 hashes: standard error about 0.04 at J = 0.5
    expect(Math.abs(signed / 60)).toBeLessThan(0.025);
  });

  it('treats a text shorter than the shingle size as one shingle of all its words', () => {
    expect(jaccardEstimate(minhashSignature('Hello there'), minhashSignature('hello, THERE!'))).toBe(1);
    expect(jaccardEstimate(minhashSignature('Hello there'), minhashSignature('hello world'))).toBeLessThan(0.1);
    expect(jaccardEstimate(minhashSignature('one two three four five six'), minhashSignature('one two three four five six', { shingleSize: 10 }))).toBeLessThan(0.1);
  });

  it('catches a near-duplicate with a few words changed at 0.8, and not texts that share less', () => {
    const base = text(100);
    const near = change(base, [10, 50, 90]);
    const far = change(base, Array.from({ length: 25 }, (_, i) => i * 4));
    const unrelated = text(100);
    expect(jaccardEstimate(minhashSignature(base), minhashSignature(near))).toBeGreaterThanOrEqual(0.8);
    const { duplicateOf, pairs } = findNearDuplicates(
      [{ id: 'base', text: base }, { id: 'near', text: near }, { id: 'far', text: far }, { id: 'unrelated', text: unrelated }],
      { threshold: 0.8 },
    );
    expect([...duplicateOf]).toEqual([['near', 'base']]);
    expect(pairs).toHaveLength(1);
    expect(pairs[0]).toMatchObject({ a: 'base', b: 'near' });
    expect(pairs[0]!.similarity).toBeGreaterThanOrEqual(0.8);
  });

  it('maps every member of a cluster to its earliest item, even when joined through a later one', () => {
    const a = text(150);
    const b = change(a, [20, 21, 22]); // near a
    const c = change(b, [100, 101, 102]); // near b, a little further from a
    const items = [
      { id: 'x', text: text(150) },
      { id: 'c', text: c },
      { id: 'a', text: a },
      { id: 'y', text: text(150) },
      { id: 'b', text: b },
      { id: 'c2', text: c },
    ];
    const { duplicateOf, pairs } = findNearDuplicates(items, { threshold: 0.8 });
    expect(Object.fromEntries(duplicateOf)).toEqual({ a: 'c', b: 'c', c2: 'c' });
    const order = new Map(items.map((item, i) => [item.id, i]));
    for (const pair of pairs) expect(order.get(pair.a)!).toBeLessThan(order.get(pair.b)!);
    expect(pairs.map((p) => `${p.a}-${p.b}`)).toContain('c-c2');
    expect(pairs.find((p) => p.a === 'c' && p.b === 'c2')!.similarity).toBe(1);
  });

  it('uses 0.85 by default and honours explicit bands', () => {
    const base = text(150);
    const items = [{ id: 'a', text: base }, { id: 'b', text: change(base, [75]) }, { id: 'c', text: change(base, Array.from({ length: 12 }, (_, i) => i * 12)) }];
    expect([...findNearDuplicates(items).duplicateOf]).toEqual([['b', 'a']]);
    expect([...findNearDuplicates(items, { bands: 32 }).duplicateOf]).toEqual([['b', 'a']]);
    expect([...findNearDuplicates(items, { threshold: 0.5, numHashes: 64 }).duplicateOf]).toEqual([['b', 'a'], ['c', 'a']]);
    expect(rowsPerBand(0.85, 128)).toBe(8);
    expect(() => findNearDuplicates(items, { bands: 0 })).toThrow(/bands/);
    expect(() => minhashSignature('x', { numHashes: 0 })).toThrow(/numHashes/);
  });
});
