/**
 * Embedding throughput.
 *  (a) the local provider (kiln-hash-v1) on 100,000 synthetic chunks of ~300 tokens, through
 *      embedInBatches as a model would use it (batch 512, one onBatch that drops the vectors);
 *  (b) the OpenAI-compatible provider against an in-process loopback server that answers each
 *      request after 50 ms, batch 64, concurrency 4 and 8, against the ideal
 *      concurrency × batch / 0.05 s, with 1536- and 384-float vectors sent as JSON floats (the
 *      default) and as base64. The server runs in a worker thread; decoding the answers is
 *      where the client's CPU goes.
 *
 *   npx tsc -p tsconfig.json && node bench/embeddings-bench.mjs [--chunks N]
 *
 * Target on a 2-core machine: (a) ≥ 20,000 chunks/s on one core; (b) ratio close to 1.
 */
import { Worker } from 'node:worker_threads';

const { LocalHashEmbedder, OpenAiCompatibleEmbedder, embedInBatches } = await import('../dist/ai/embeddings/index.js');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const CHUNKS = arg('--chunks', 100_000);
const fmt = (n) => Math.round(n).toLocaleString('en-US');

/** Deterministic chunks: ~300 words of a Zipf-ish 5,000-word vocabulary, with sentence breaks. */
function makeChunks(count, seed = 42) {
  let s = seed >>> 0;
  const random = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const syllables = ['ka', 'lo', 'mi', 'ner', 'tu', 'sa', 'po', 're', 'vin', 'da', 'el', 'or', 'qu', 'ist', 'an', 'eb', 'ul', 'ing', 'ment', 'tion'];
  const vocabulary = Array.from({ length: 5000 }, () => {
    let word = '';
    for (let k = 1 + Math.floor(random() * 3); k > 0; k--) word += syllables[Math.floor(random() * syllables.length)];
    return word;
  });
  const chunks = new Array(count);
  for (let c = 0; c < count; c++) {
    const words = new Array(300);
    for (let w = 0; w < 300; w++) {
      const r = random();
      let word = vocabulary[Math.floor(r * r * vocabulary.length)];
      if (w % 17 === 0) word = word[0].toUpperCase() + word.slice(1);
      words[w] = random() < 0.07 ? `${word}.` : word;
    }
    chunks[c] = { id: c, text: words.join(' ') };
  }
  return chunks;
}

// (a) local
{
  const chunks = makeChunks(CHUNKS);
  const chars = chunks.reduce((sum, chunk) => sum + chunk.text.length, 0) / chunks.length;
  const provider = new LocalHashEmbedder();
  provider.embedSync(chunks.slice(0, 2000).map((c) => c.text)); // warm up the JIT
  let checksum = 0;
  const result = await embedInBatches(provider, chunks, {
    batchSize: 512,
    concurrency: 1,
    onBatch: (_items, vectors) => {
      checksum += vectors[0][0];
    },
  });
  console.log(`(a) local ${provider.model}, ${provider.dimensions} dims: ${fmt(result.embedded)} chunks of ~300 tokens (${fmt(chars)} chars avg) in ${result.seconds.toFixed(2)} s = ${fmt(result.embedded / result.seconds)} chunks/s (one thread; checksum ${checksum.toFixed(3)})`);
}

// (b) OpenAI-compatible over loopback. The server runs in a worker thread (the machine has
// two cores), so its JSON encoding does not count against the client being measured.
const LATENCY_MS = 50;
const BATCH = 64;

const SERVER_SOURCE = `
const { createServer } = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const { dims, latencyMs } = workerData;
let s = 12345;
const random = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
const values = Array.from({ length: dims }, () => (random() - 0.5) / 10);
// OpenAI's float format has 9-10 significant digits; base64 is little-endian float32.
const asFloat = '[' + values.map((v) => v.toPrecision(9)).join(',') + ']';
const asBase64 = JSON.stringify(Buffer.from(new Float32Array(values).buffer).toString('base64'));
const bodies = new Map();
const bodyFor = (n, format) => {
  const key = n + format;
  if (!bodies.has(key)) {
    const vector = format === 'base64' ? asBase64 : asFloat;
    const data = Array.from({ length: n }, (_, index) => '{"object":"embedding","index":' + index + ',"embedding":' + vector + '}');
    bodies.set(key, Buffer.from('{"object":"list","data":[' + data.join(',') + '],"model":"bench","usage":{"prompt_tokens":0,"total_tokens":0}}'));
  }
  return bodies.get(key);
};
let inFlight = 0, peak = 0;
const server = createServer((req, res) => {
  inFlight++;
  peak = Math.max(peak, inFlight);
  const parts = [];
  req.on('data', (part) => parts.push(part));
  req.on('end', () => {
    const request = JSON.parse(Buffer.concat(parts).toString('utf8'));
    const body = bodyFor(request.input.length, request.encoding_format);
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
      res.end(body);
      inFlight--;
    }, latencyMs);
  });
});
parentPort.on('message', (m) => {
  if (m === 'peak') { parentPort.postMessage({ peak }); peak = 0; }
  if (m === 'close') server.close(() => process.exit(0));
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
`;

async function startServer(dims) {
  const worker = new Worker(SERVER_SOURCE, { eval: true, workerData: { dims, latencyMs: LATENCY_MS } });
  const next = () => new Promise((resolve) => worker.once('message', resolve));
  const { port } = await next();
  return {
    url: `http://127.0.0.1:${port}/v1`,
    peak: async () => {
      const reply = next();
      worker.postMessage('peak');
      return (await reply).peak;
    },
    close: async () => {
      worker.postMessage('close');
      await new Promise((resolve) => worker.once('exit', resolve));
    },
  };
}

const chunks = makeChunks(BATCH * 8 * 25, 7);
for (const dims of [1536, 384]) {
  const server = await startServer(dims);
  for (const encodingFormat of ['float', 'base64']) {
    for (const concurrency of [4, 8]) {
      const provider = new OpenAiCompatibleEmbedder({ model: 'bench', dimensions: dims, maxRetries: 0, timeoutS: 30, baseUrl: server.url }, { env: {}, encodingFormat });
      const items = chunks.slice(0, BATCH * concurrency * 25);
      await embedInBatches(provider, items.slice(0, BATCH * concurrency * 2), { batchSize: BATCH, concurrency, onBatch: () => undefined }); // warm-up: connections, JIT
      await server.peak();
      const result = await embedInBatches(provider, items, { batchSize: BATCH, concurrency, onBatch: () => undefined });
      const rate = result.embedded / result.seconds;
      const ideal = (concurrency * BATCH) / (LATENCY_MS / 1000);
      console.log(
        `(b) openai-compatible, ${dims} dims, ${encodingFormat.padEnd(6)}, batch ${BATCH}, concurrency ${concurrency}: ${fmt(result.embedded)} texts, ${result.requests} requests in ${result.seconds.toFixed(2)} s = ${fmt(rate)} texts/s; ideal ${fmt(ideal)} texts/s; ratio ${(rate / ideal).toFixed(2)} (server saw ≤ ${await server.peak()} in flight)`,
      );
    }
  }
  await server.close();
}
