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

describe('chunkDocument: structure', () => {
  it('gives each chunk the stack of headings it sits under', () => {
    const text = '# Lumen\n\nA search server.\n\n## Install\n### On Linux\n\nUse apt.\n\n### On macOS ###\n\nUse brew.\n\n## C#\n\nBindings.\n\n# Appendix\n\nNotes.';
    const chunks = chunkDocument(text, { maxTokens: 64 });
    expect(chunks.map((c) => c.headingPath)).toEqual([['Lumen'], ['Lumen', 'Install', 'On Linux'], ['Lumen', 'Install', 'On macOS'], ['Lumen', 'C#'], ['Appendix']]);
    expect(chunks[1]!.text).toBe('## Install\n### On Linux\n\nUse apt.');
    expectWellFormed(text, chunks, 64);
  });

  it('keeps text before the first heading as its own chunk with an empty heading path', () => {
    const chunks = chunkDocument('Preamble line.\n\n# Title\n\nBody.', { maxTokens: 64 });
    expect(chunks.map((c) => [c.text, c.headingPath])).toEqual([['Preamble line.', []], ['# Title\n\nBody.', ['Title']]]);
  });

  it('never starts a section inside fenced code, for ``` and ~~~ fences', () => {
    const text = '# Setup\n\n```bash\n# install\napt install lumen\n## still code\n```\n\n~~~\n# more code\n~~~\n\nText.\n\n## Next\n\nMore.';
    const chunks = chunkDocument(text, { maxTokens: 200 });
    expect(chunks.map((c) => c.headingPath)).toEqual([['Setup'], ['Setup', 'Next']]);
    expect(chunks[0]!.text).toContain('## still code');
  });

  it('keeps a paragraph that fits whole rather than filling the chunk with half of it', () => {
    const sentences = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `The ${tag} sentence ${i} describes restores in detail.`).join(' ');
    const first = sentences(8, 'first'); // about 90 tokens
    const second = sentences(14, 'second'); // about 160 tokens
    const text = `${first}\n\n${second}`;
    const chunks = chunkDocument(text, { maxTokens: 200, format: 'text' });
    expect(chunks.map((c) => c.text)).toEqual([first, second]);
  });

  it('cuts a huge paragraph without sentence breaks at word boundaries', () => {
    const words = Array.from({ length: 3000 }, (_, i) => `word${i % 97}`);
    const text = words.join(' ');
    const chunks = chunkDocument(text, { maxTokens: 100, format: 'text' });
    expectWellFormed(text, chunks, 100);
    expect(chunks.length).toBeGreaterThan(20);
    for (const chunk of chunks) {
      expect(chunk.startChar === 0 || text[chunk.startChar - 1] === ' ').toBe(true);
      expect(chunk.endChar === text.length || text[chunk.endChar] === ' ').toBe(true);
      expect(chunk.tokenCount).toBeGreaterThan(80); // packed, not one word a chunk
    }
  });

  it('cuts by tokens without gaps when there is no space at all, and never splits a character', () => {
    let s = 17;
    const blob = Array.from({ length: 6000 }, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'[(s = (s * 1103515245 + 12345) >>> 0) % 64]).join('');
    const chunks = chunkDocument(blob, { maxTokens: 64, overlapTokens: 16, format: 'text' });
    expectWellFormed(blob, chunks, 64);
    for (let i = 1; i < chunks.length; i++) expect(chunks[i]!.startChar).toBe(chunks[i - 1]!.endChar);
    expect(chunks.reduce((n, c) => n + c.tokenCount, 0)).toBeLessThan(countTokens(blob) + chunks.length * 2);

    const emoji = '👋🏽🎉東京'.repeat(200);
    const small = chunkDocument(emoji, { maxTokens: 4, format: 'text' });
    expectWellFormed(emoji, small, 4);
    expect(small.map((c) => c.text).join('')).toBe(emoji);
    for (const chunk of small) expect(chunk.text).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
  });
});

describe('chunkDocument: overlap', () => {
  const section = (title: string, n: number) =>
    `## ${title}\n\n` + Array.from({ length: n }, (_, i) => `In ${title} step ${i} the worker copies one more shard to the backup disk.`).join(' ');

  it('shares about overlapTokens of text from a sentence or word start, within a section only', () => {
    const text = `${section('Alpha', 40)}\n\n${section('Beta', 40)}`;
    const chunks = chunkDocument(text, { maxTokens: 128, overlapTokens: 32 });
    expectWellFormed(text, chunks, 128);
    let overlaps = 0;
    for (let i = 1; i < chunks.length; i++) {
      const [previous, chunk] = [chunks[i - 1]!, chunks[i]!];
      if (chunk.headingPath.join() !== previous.headingPath.join()) {
        expect(chunk.startChar).toBeGreaterThan(previous.endChar); // no overlap across a heading
        expect(chunk.text.startsWith('## Beta')).toBe(true);
        continue;
      }
      const shared = countTokens(text.slice(chunk.startChar, previous.endChar));
      expect(shared).toBeLessThanOrEqual(32);
      expect(shared).toBeGreaterThanOrEqual(16);
      expect(text[chunk.startChar - 1]).toMatch(/\s/);
      overlaps++;
    }
    expect(overlaps).toBeGreaterThan(4);
  });

  it('falls back to a word start when the last sentence is longer than the overlap', () => {
    const sentence = (i: number) => `Sentence ${i} ` + Array.from({ length: 30 }, (_, w) => `w${(i * 31 + w) % 50}`).join(' ') + '.';
    const text = Array.from({ length: 12 }, (_, i) => sentence(i)).join(' ');
    const chunks = chunkDocument(text, { maxTokens: 120, overlapTokens: 10, format: 'text' });
    expectWellFormed(text, chunks, 120);
    for (let i = 1; i < chunks.length; i++) {
      const shared = text.slice(chunks[i]!.startChar, chunks[i - 1]!.endChar);
      expect(countTokens(shared)).toBeLessThanOrEqual(10);
      expect(countTokens(shared)).toBeGreaterThanOrEqual(5);
    }
  });

  it('never lets the overlap push a chunk past maxTokens, even with overlap close to it', () => {
    const text = section('Gamma', 60);
    for (const [maxTokens, overlapTokens] of [[40, 39], [64, 60], [20, 100]] as const) {
      const chunks = chunkDocument(text, { maxTokens, overlapTokens });
      expectWellFormed(text, chunks, maxTokens);
      for (let i = 1; i < chunks.length; i++) {
        expect(chunks[i]!.endChar).toBeGreaterThan(chunks[i - 1]!.endChar); // always progress
        if (chunks[i]!.startChar < chunks[i - 1]!.endChar) expect(countTokens(text.slice(chunks[i]!.startChar, chunks[i - 1]!.endChar))).toBeLessThanOrEqual(overlapTokens);
      }
    }
  });
});

describe('chunkDocument: properties over generated documents', () => {
  /** Documents with everything that trips chunkers: CRLF, lists, code, emoji, CJK, long runs without spaces or stops. */
  function messy(seed: number): string {
    const random = seeded(seed * 7919);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
    const words = ['alpha', 'beta', 'Gamma', 'delta', '42', '3.14', 'naïve', 'Ünïcode', '東京都', '😀', 'e.g.', '(see', 'note)', '"quoted"', 'don\'t', '—', 'x=y+1;', '#tag', 'C#', '1,000'];
    const sentence = () => Array.from({ length: 1 + Math.floor(random() * 30) }, () => pick(words)).join(pick([' ', ' ', ' ', '  ', '\t'])) + pick(['.', '!', '?', '', '。', '…']);
    const blocks: string[] = [];
    const n = 1 + Math.floor(random() * 12);
    for (let b = 0; b < n; b++) {
      const r = random();
      if (r < 0.2) blocks.push(`${'#'.repeat(1 + Math.floor(random() * 6))} ${sentence()}`);
      else if (r < 0.3) blocks.push('```\n# comment\n' + sentence() + '\n```');
      else if (r < 0.4) blocks.push(Array.from({ length: 2 + Math.floor(random() * 6) }, () => `- ${sentence()}`).join('\n'));
      else if (r < 0.45) blocks.push(Array.from({ length: 50 + Math.floor(random() * 800) }, () => pick(['ab', 'Z9', '+/', '😀', '東'])).join(''));
      else if (r < 0.5) blocks.push(Array.from({ length: 100 + Math.floor(random() * 400) }, () => pick(words)).join(' '));
      else blocks.push(Array.from({ length: 1 + Math.floor(random() * 10) }, sentence).join(pick([' ', '\n'])));
    }
    const text = blocks.join(pick(['\n\n', '\n\n\n', '\r\n\r\n', '\n \n']));
    return pick(['', ' ', '\n\n  ']) + text + pick(['', '\n', '   \n\t']);
  }

  it('keeps every invariant on 400 messy documents, with and without overlap', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const text = messy(seed);
      const maxTokens = [4, 8, 16, 50, 128, 256, 512][seed % 7]!;
      const overlapTokens = seed % 4 === 0 ? 0 : Math.floor(maxTokens * [0.1, 0.25, 0.5, 0.9][seed % 4]!);
      const format = seed % 6 === 0 ? 'text' : 'markdown';
      const chunks = chunkDocument(text, { maxTokens, overlapTokens, format });
      expectWellFormed(text, chunks, maxTokens);
      for (let i = 1; i < chunks.length; i++) {
        const [previous, chunk] = [chunks[i - 1]!, chunks[i]!];
        expect(chunk.endChar).toBeGreaterThan(previous.endChar);
        if (chunk.startChar < previous.endChar) {
          expect(overlapTokens).toBeGreaterThan(0);
          expect(chunk.headingPath).toEqual(previous.headingPath);
          expect(countTokens(text.slice(chunk.startChar, previous.endChar))).toBeLessThanOrEqual(overlapTokens);
        }
      }
      if (format === 'text') for (const chunk of chunks) expect(chunk.headingPath).toEqual([]);
    }
  });
});
