import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KilnError } from '../../../../src/errors.js';
import { OpenAiCompatibleEmbedder, parseRetryAfter, type OpenAiCompatibleEmbedderOptions } from '../../../../src/ai/embeddings/openai.js';
import { createEmbeddingProvider } from '../../../../src/ai/embeddings/index.js';
import type { EmbedConfig } from '../../../../src/ai/embeddings/types.js';
import { startLoopbackServer, vectorFor, type LoopbackServer } from './loopbackServer.js';

const KEY = 'sk-test-secret-0123456789';
const ENV = { KILN_TEST_EMBED_KEY: KEY };
let server: LoopbackServer;

beforeAll(async () => {
  server = await startLoopbackServer({ dimensions: 4 });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => server.reset());

function embedder(config: Partial<EmbedConfig> = {}, options: OpenAiCompatibleEmbedderOptions = {}): OpenAiCompatibleEmbedder {
  return new OpenAiCompatibleEmbedder(
    { model: 'text-embedding-test', dimensions: 4, maxRetries: 3, timeoutS: 5, baseUrl: server.baseUrl, apiKeyEnv: 'KILN_TEST_EMBED_KEY', ...config },
    { env: ENV, backoffBaseMs: 1, backoffCapMs: 2000, ...options },
  );
}

async function rejection(promise: Promise<unknown>): Promise<KilnError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KilnError);
  return error as KilnError;
}

describe('OpenAiCompatibleEmbedder against a loopback server', () => {
  it('sends the batch and orders the answer by index', async () => {
    server.script({ kind: 'ok', reverse: true });
    const texts = ['alpha', 'beta beta', 'gamma gamma gamma'];
    const vectors = await embedder().embed(texts);
    expect(vectors.map((v) => Array.from(v))).toEqual(texts.map((t) => Array.from(new Float32Array(vectorFor(t, 4)))));
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe('/v1/embeddings');
    expect(request!.body).toEqual({ model: 'text-embedding-test', input: texts, encoding_format: 'float' });
  });

  it('sends the key from the configured environment variable as a Bearer token', async () => {
    await embedder().embed(['x']);
    expect(server.requests[0]!.headers['authorization']).toBe(`Bearer ${KEY}`);
    expect(server.requests[0]!.headers['content-type']).toBe('application/json');
  });

  it('sends dimensions only when asked to', async () => {
    await embedder({}, { sendDimensions: true }).embed(['x']);
    expect(server.requests[0]!.body.dimensions).toBe(4);
  });

  it('asks for and decodes base64 vectors when told to', async () => {
    server.script({ kind: 'ok', reverse: true });
    const texts = ['one', 'two two'];
    const vectors = await embedder({}, { encodingFormat: 'base64' }).embed(texts);
    expect(server.requests[0]!.body.encoding_format).toBe('base64');
    expect(vectors.map((v) => Array.from(v))).toEqual(texts.map((t) => Array.from(new Float32Array(vectorFor(t, 4)))));
  });

  it('quotes a non-ASCII error message intact', async () => {
    server.script({ kind: 'status', status: 422, body: { detail: 'Eingabe ungültig: zu lang — 9000 Token' } });
    const error = await rejection(embedder().embed(['x']));
    expect(error.message).toContain('status 422 (Eingabe ungültig: zu lang — 9000 Token)');
  });

  it('needs no key on loopback and sends no Authorization header then', async () => {
    const provider = new OpenAiCompatibleEmbedder({ model: 'm', dimensions: 4, maxRetries: 0, timeoutS: 5, baseUrl: server.baseUrl, apiKeyEnv: 'KILN_TEST_UNSET' }, { env: {} });
    await provider.embed(['x']);
    expect(server.requests[0]!.headers['authorization']).toBeUndefined();
  });

  it('refuses a remote base_url without a key, naming the variable', () => {
    const make = (): unknown =>
      createEmbeddingProvider(
        { text: 't', id: 'i', provider: 'openai', model: 'm', dimensions: 4, batchSize: 1, concurrency: 1, maxRetries: 0, timeoutS: 1, baseUrl: 'https://embeddings.example.com/v1', apiKeyEnv: 'KILN_TEST_UNSET' },
        {},
      );
    expect(make).toThrow(KilnError);
    expect(make).toThrow('environment variable KILN_TEST_UNSET is not set');
  });

  it('gives an empty text the zero vector without sending it', async () => {
    const vectors = await embedder().embed(['', 'word', '']);
    expect(server.requests[0]!.body.input).toEqual(['word']);
    expect(Array.from(vectors[0]!)).toEqual([0, 0, 0, 0]);
    expect(vectors[1]![0]).toBe(4);
    expect(await embedder().embed([])).toEqual([]);
  });

  it('retries a request that times out', async () => {
    server.script({ kind: 'ok', delayMs: 1500 });
    const provider = embedder({ timeoutS: 0.2 });
    const vectors = await provider.embed(['slow']);
    expect(vectors[0]![0]).toBe(4);
    expect(provider.counters).toEqual({ requests: 2, retries: 1 });
  });

  it('reports a timeout when retries run out', async () => {
    server.outage = { kind: 'ok', delayMs: 1500 };
    const error = await rejection(embedder({ timeoutS: 0.1, maxRetries: 1 }).embed(['slow']));
    expect(error.message).toBe(`embedding request to ${server.baseUrl}/embeddings failed after 2 attempts: last error: timeout after 0.1s`);
    expect(error.hint).toMatch(/max_retries: \(now 1\).*timeout_s: \(now 0.1\)/);
  });

  it('waits for Retry-After on a 429, then succeeds', async () => {
    server.script({ kind: 'status', status: 429, headers: { 'retry-after': '1' }, body: { error: { message: 'Rate limit reached' } } });
    const provider = embedder();
    const started = performance.now();
    await provider.embed(['x']);
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(provider.counters).toEqual({ requests: 2, retries: 1 });
  });

  it('caps a long Retry-After at the backoff cap', async () => {
    server.script({ kind: 'status', status: 429, headers: { 'retry-after': '120' } }, { kind: 'status', status: 503, headers: { 'retry-after-ms': '90000' } });
    const started = performance.now();
    await embedder({}, { backoffCapMs: 30 }).embed(['x']);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('gives up on repeated 500s with the endpoint and last status, and never shows the key', async () => {
    server.outage = { kind: 'status', status: 500, body: { error: { message: `upstream exploded while using ${KEY}` } } };
    const provider = embedder({ maxRetries: 2 });
    const error = await rejection(provider.embed(['x']));
    expect(error.message).toBe(`embedding request to ${server.baseUrl}/embeddings failed after 3 attempts: last status 500 (upstream exploded while using ***)`);
    expect(error.format()).not.toContain(KEY);
    expect(server.requests).toHaveLength(3);
    expect(provider.counters).toEqual({ requests: 3, retries: 2 });
  });

  it('retries a reset connection and a dropped one', async () => {
    server.script({ kind: 'reset' }, { kind: 'destroy' });
    const provider = embedder();
    const vectors = await provider.embed(['again']);
    expect(vectors[0]![0]).toBe(5);
    expect(provider.counters).toEqual({ requests: 3, retries: 2 });
  });

  it('retries a refused connection and says so when retries run out', async () => {
    const port = await closedPort();
    const error = await rejection(embedder({ baseUrl: `http://127.0.0.1:${port}/v1`, maxRetries: 1 }).embed(['x']));
    expect(error.message).toMatch(new RegExp(`^embedding request to http://127.0.0.1:${port}/v1/embeddings failed after 2 attempts: last error: .*ECONNREFUSED`));
  });

  it('does not retry a 401 and quotes the service message', async () => {
    server.script({ kind: 'status', status: 401, body: { error: { message: `Incorrect API key provided: ${KEY}` } } });
    const error = await rejection(embedder().embed(['x']));
    expect(error.message).toBe(`embedding request to ${server.baseUrl}/embeddings failed: status 401 (Incorrect API key provided: ***)`);
    expect(error.hint).toContain('KILN_TEST_EMBED_KEY');
    expect(error.format()).not.toContain(KEY);
    expect(server.requests).toHaveLength(1);
  });

  it('does not retry a 400 and truncates a long body', async () => {
    server.script({ kind: 'status', status: 400, body: 'x'.repeat(5000) });
    const error = await rejection(embedder().embed(['x']));
    expect(error.message.length).toBeLessThan(400);
    expect(server.requests).toHaveLength(1);
  });

  it('names the dimensions the model really returns', async () => {
    server.script({ kind: 'ok', dimensions: 8 });
    const error = await rejection(embedder().embed(['x']));
    expect(error.message).toBe("embedding model 'text-embedding-test' returned 8 dimensions, but the embed: config says 4");
    expect(error.hint).toContain('set dimensions: 8');
  });

  it('stops waiting between retries when the caller aborts', async () => {
    server.outage = { kind: 'status', status: 503 };
    const controller = new AbortController();
    const started = performance.now();
    const pending = embedder({ maxRetries: 10 }, { backoffBaseMs: 5000, backoffCapMs: 5000, random: () => 1 }).embed(['x'], controller.signal);
    setTimeout(() => controller.abort(new Error('stop')), 100);
    await expect(pending).rejects.toThrow('stop');
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('0.5', now)).toBe(500);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:03 GMT', now)).toBe(3000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

/** A port on 127.0.0.1 that nothing listens on (bound, read, released). */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
