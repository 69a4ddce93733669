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
