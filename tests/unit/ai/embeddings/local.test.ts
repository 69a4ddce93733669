import { describe, expect, it } from 'vitest';
import { KilnError } from '../../../../src/errors.js';
import { LocalHashEmbedder } from '../../../../src/ai/embeddings/local.js';

const cosine = (a: Float32Array, b: Float32Array): number => {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot;
};
const norm = (v: Float32Array): number => Math.sqrt(cosine(v, v));

describe('LocalHashEmbedder', () => {
  const embedder = new LocalHashEmbedder();

  it('is kiln-hash-v1 with 384 dimensions unless told otherwise', async () => {
    expect([embedder.name, embedder.model, embedder.dimensions]).toEqual(['local', 'kiln-hash-v1', 384]);
    const [vector] = await embedder.embed(['hello']);
    expect(vector).toBeInstanceOf(Float32Array);
    expect(vector).toHaveLength(384);
    expect(new LocalHashEmbedder({ dimensions: 64 }).embedText('hello')).toHaveLength(64);
    expect(new LocalHashEmbedder({ dimensions: 1 }).embedText('hello')).toHaveLength(1);
  });

  it('returns unit vectors, and the zero vector for a text without words', () => {
    for (const text of ['a', 'The quick brown fox jumps over the lazy dog.', 'x'.repeat(10_000), 'ünïcödé ТЕКСТ 文字 🙂']) {
      expect(norm(embedder.embedText(text))).toBeCloseTo(1, 5);
    }
    for (const text of ['', '   ', '!?., -- ()']) expect(embedder.embedText(text).every((v) => v === 0)).toBe(true);
  });

  it('is deterministic: across calls, instances and (pinned values) machines', () => {
    const text = 'Kiln builds SQL models and embeds their text.';
    const a = embedder.embedText(text);
    expect(Array.from(embedder.embedText(text))).toEqual(Array.from(a));
    expect(Array.from(new LocalHashEmbedder().embedText(text))).toEqual(Array.from(a));
    // Golden values: changing the features or the hash changes every stored vector, so it needs a new model name.
    const golden = new LocalHashEmbedder({ dimensions: 16 }).embedText('hello world');
    expect(Array.from(golden, (v) => Math.round(v * 1e4) / 1e4 + 0)).toEqual(GOLDEN_HELLO_WORLD_16);
  });

  it('ignores case and punctuation between words', () => {
    expect(Array.from(embedder.embedText('Hello, WORLD!'))).toEqual(Array.from(embedder.embedText('hello world')));
    expect(Array.from(embedder.embedText('STRASSE Über'))).toEqual(Array.from(embedder.embedText('strasse über')));
  });

  it('puts related texts closer than unrelated ones', () => {
    const cases: [query: string, related: string, unrelated: string][] = [
      ['how do I reset my account password', 'reset the password of your account from the login page', 'quarterly revenue grew in europe and asia'],
      ['duckdb incremental model merge strategy', 'an incremental model can use the merge strategy on duckdb', 'the cat slept on the warm windowsill all afternoon'],
      ['embedding vectors for semantic search', 'semantic search ranks documents by their embeddings', 'invoice overdue, please pay within thirty days'],
      ['shipping delayed order refund', 'refund requested because the order shipping was delayed', 'photosynthesis converts light into chemical energy'],
    ];
    for (const [query, related, unrelated] of cases) {
      const [q, r, u] = embedder.embedSync([query, related, unrelated]);
      expect(cosine(q!, r!), `${query} ~ ${related}`).toBeGreaterThan(cosine(q!, u!) + 0.1);
    }
  });

  it('sees shared word pieces (character trigrams) and word order (bigrams)', () => {
    const [base, inflected, other] = embedder.embedSync(['embedding', 'embeddings', 'tractor']);
    expect(cosine(base!, inflected!)).toBeGreaterThan(0.4);
    expect(cosine(base!, inflected!)).toBeGreaterThan(cosine(base!, other!) + 0.3);
    const [ordered, same, reversed] = embedder.embedSync(['new york city', 'new york city', 'city york new']);
    expect(cosine(ordered!, same!)).toBeCloseTo(1, 6);
    expect(cosine(ordered!, reversed!)).toBeLessThan(0.99);
  });

  it('rejects a model name it does not have', () => {
    expect(() => new LocalHashEmbedder({ model: 'all-MiniLM-L6-v2' })).toThrow(KilnError);
    expect(() => new LocalHashEmbedder({ dimensions: 0 })).toThrow(KilnError);
  });

  it('honours an aborted signal and counts no requests', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(embedder.embed(['x'], controller.signal)).rejects.toThrow('stop');
    expect(embedder.counters).toEqual({ requests: 0, retries: 0 });
  });
});

const GOLDEN_HELLO_WORLD_16 = [0.5751, 0, 0.3245, -0.1811, 0, -0.1811, 0.1811, -0.1811, 0.1811, 0.1811, -0.1811, -0.3245, 0, 0, 0, -0.4786];
