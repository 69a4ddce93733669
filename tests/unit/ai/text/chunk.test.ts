import { describe, expect, it } from 'vitest';
import { chunkDocument, countTokens, type Chunk } from '../../../../src/ai/text/index.js';

/** The properties every chunking must have: exact slices, exact counts, within budget, in order, covering all text. */
function expectWellFormed(text: string, chunks: Chunk[], maxTokens: number): void {
  chunks.forEach((chunk, i) => {
    expect(chunk.index).toBe(i);
    expect(text.slice(chunk.startChar, chunk.endChar)).toBe(chunk.text);
    expect(chunk.tokenCount).toBe(countTokens(chunk.text));
    expect(chunk.tokenCount).toBeLessThanOrEqual(maxTokens);
    expect(chunk.text).toBe(chunk.text.trim());
    if (i > 0) {
      expect(chunk.startChar).toBeGreaterThan(chunks[i - 1]!.startChar);
      const gap = text.slice(chunks[i - 1]!.endChar, chunk.startChar);
      expect(chunk.startChar <= chunks[i - 1]!.endChar || gap.trim() === '').toBe(true);
    }
  });
  if (text.trim()) {
    expect(chunks[0]!.startChar).toBe(text.length - text.trimStart().length);
    expect(chunks.at(-1)!.endChar).toBe(text.trimEnd().length);
  }
}

function seeded(seed: number): () => number {
  return () => ((seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
}
const WORDS = 'the index search server backup token user source document plan query page team result setting update disk memory worker limit café naïve 東京 emoji🙂'.split(' ');

function generated(seed: number): string {
  const random = seeded(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
  const sentence = () => Array.from({ length: 3 + Math.floor(random() * 25) }, () => pick(WORDS)).join(' ') + pick(['.', '!', '?', '.']);
  const parts: string[] = [];
  for (let s = 0; s < 1 + random() * 6; s++) {
    parts.push(`${'#'.repeat(1 + Math.floor(random() * 3))} ${pick(WORDS)} ${s}`);
    for (let p = 0; p < random() * 5; p++) parts.push(Array.from({ length: 1 + Math.floor(random() * 12) }, sentence).join(random() < 0.2 ? '\n' : ' '));
    if (random() < 0.2) parts.push('```\n# not a heading\ncode();\n```');
  }
  return parts.join('\n\n') + (random() < 0.5 ? '\n' : '');
}

describe('chunkDocument', () => {
  it('keeps a small Markdown document per section, with its heading path', () => {
    const text = '# Lumen\n\nIntro.\n\n## Install\n\nRun it.\n\n### On Linux\n\nUse apt.\n\n## Upgrade\n\nRead the notes.\n';
    const chunks = chunkDocument(text, { maxTokens: 100, format: 'markdown' });
    expect(chunks.map((c) => [c.text, c.headingPath])).toEqual([
      ['# Lumen\n\nIntro.', ['Lumen']],
      ['## Install\n\nRun it.', ['Lumen', 'Install']],
      ['### On Linux\n\nUse apt.', ['Lumen', 'Install', 'On Linux']],
      ['## Upgrade\n\nRead the notes.', ['Lumen', 'Upgrade']],
    ]);
    expectWellFormed(text, chunks, 100);
  });

  it('joins a heading with nothing under it to the next section, and ignores # inside fenced code', () => {
    const text = '# Guide\n## Part\n\n```sh\n# a comment, not a heading\nls\n```\nAfter the code.';
    const chunks = chunkDocument(text, { maxTokens: 100 });
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toMatchObject({ text, headingPath: ['Guide', 'Part'] });
  });

  it('splits a long section at paragraphs before sentences, within the budget', () => {
    const paragraph = (n: number) => Array.from({ length: 6 }, (_, i) => `Paragraph ${n} sentence ${i} talks about backups and restores.`).join(' ');
    const text = `## Backups\n\n${[1, 2, 3, 4].map(paragraph).join('\n\n')}`;
    const chunks = chunkDocument(text, { maxTokens: 120 });
    expectWellFormed(text, chunks, 120);
    expect(chunks.length).toBeGreaterThan(1);
    // Every cut falls at a paragraph break: each chunk ends a paragraph.
    for (const chunk of chunks) expect(chunk.text).toMatch(/sentence 5 talks about backups and restores\.$/);
  });

  it('overlaps consecutive chunks of a section by whole sentences, never more than asked', () => {
    const text = Array.from({ length: 40 }, (_, i) => `Sentence number ${i} is about the search index.`).join(' ');
    const chunks = chunkDocument(text, { maxTokens: 60, overlapTokens: 20, format: 'text' });
    expectWellFormed(text, chunks, 60);
    for (let i = 1; i < chunks.length; i++) {
      const shared = text.slice(chunks[i]!.startChar, chunks[i - 1]!.endChar);
      expect(shared.length).toBeGreaterThan(0);
      expect(countTokens(shared)).toBeLessThanOrEqual(20);
      expect(shared).toMatch(/^Sentence number \d+ .*\.$/);
    }
    const without = chunkDocument(text, { maxTokens: 60, format: 'text' });
    for (let i = 1; i < without.length; i++) expect(without[i]!.startChar).toBeGreaterThan(without[i - 1]!.endChar);
  });

  it('cuts text without spaces by tokens as a last resort', () => {
    const text = `# Key\n\n${'x9Fq2'.repeat(400)}`;
    const chunks = chunkDocument(text, { maxTokens: 50 });
    expectWellFormed(text, chunks, 50);
    expect(chunks.length).toBeGreaterThan(5);
  });

  it('does not look for headings in text format, and returns nothing for blank text', () => {
    expect(chunkDocument('# not a heading\n\nbody', { maxTokens: 50, format: 'text' })).toEqual([
      { index: 0, text: '# not a heading\n\nbody', tokenCount: countTokens('# not a heading\n\nbody'), startChar: 0, endChar: 21, headingPath: [] },
    ]);
    expect(chunkDocument(' \n\t ', { maxTokens: 50 })).toEqual([]);
    expect(() => chunkDocument('x', { maxTokens: 0 })).toThrow(/maxTokens/);
  });

  it('holds its properties on 300 generated documents of every shape', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const text = generated(seed);
      const maxTokens = 16 + (seed % 7) * 24;
      const chunks = chunkDocument(text, { maxTokens, overlapTokens: seed % 3 === 0 ? 0 : Math.floor(maxTokens / 4), format: seed % 5 === 0 ? 'text' : 'markdown' });
      expectWellFormed(text, chunks, maxTokens);
    }
  });
});
