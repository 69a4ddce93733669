// The AI package's text processing at scale (issue 11): documents chunked per second (10,000
// generated Markdown documents of ~5 KB, 256-token chunks with 32 tokens of overlap), and
// near-duplicate detection on 100,000 documents (time, peak memory, and how many of the
// planted near-duplicates it finds). Goal: near-duplicates under a minute on 2 cores.
// Usage: npm run build && node bench/text-bench.mjs [--quick]   (--quick: a tenth of the sizes)
import { chunkDocument, countTokens, findNearDuplicates } from '../dist/ai/public.js';

const quick = process.argv.includes('--quick');
const scale = quick ? 10 : 1;

let seed = 42;
const random = () => ((seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
const vocabulary = Array.from({ length: 20000 }, (_, i) => (i < 300 ? ['the', 'a', 'to', 'of', 'and', 'in', 'is', 'for', 'on', 'with'][i % 10] : `${'bcdfghjklmnprstvw'[i % 17]}${'aeiou'[i % 5]}${(i * 7919).toString(36).slice(0, 3 + (i % 4))}`));
const word = () => vocabulary[Math.floor(random() ** 2 * vocabulary.length)];
const sentence = () => { const w = Array.from({ length: 6 + Math.floor(random() * 18) }, word); w[0] = w[0][0].toUpperCase() + w[0].slice(1); return `${w.join(' ')}.`; };

function markdownDocument(bytes) {
  const parts = [`# ${word()} ${word()}`];
  let size = 0;
  while (size < bytes) {
    const part = random() < 0.15 ? `## ${word()} ${word()}` : Array.from({ length: 2 + Math.floor(random() * 6) }, sentence).join(' ');
    parts.push(part);
    size += part.length + 2;
  }
  return parts.join('\n\n');
}

// 1. Chunking.
const documents = Array.from({ length: 10000 / scale }, () => markdownDocument(5000));
countTokens('warm up the vocabulary');
const megabytes = documents.reduce((n, d) => n + d.length, 0) / 1e6;
let started = performance.now();
let chunks = 0;
let tokens = 0;
for (const text of documents) for (const chunk of chunkDocument(text, { maxTokens: 256, overlapTokens: 32 })) (chunks++, (tokens += chunk.tokenCount));
let seconds = (performance.now() - started) / 1000;
console.log(`chunking: ${documents.length} documents (${megabytes.toFixed(1)} MB) into ${chunks} chunks (avg ${(tokens / chunks).toFixed(0)} tokens) in ${seconds.toFixed(2)} s: ${(documents.length / seconds).toFixed(0)} documents/s, ${(megabytes / seconds).toFixed(2)} MB/s, one core`);

// 2. Near-duplicates: 100,000 documents of ~150 words, 5% near-duplicates (two words changed), 2% exact copies.
const originals = Array.from({ length: 93000 / scale }, () => Array.from({ length: 150 }, word));
const items = originals.map((words, i) => ({ id: `d${i}`, text: words.join(' ') }));
const planted = [];
for (let i = 0; i < 5000 / scale; i++) {
  const source = Math.floor(random() * originals.length);
  const words = [...originals[source]];
  for (let k = 0; k < 2; k++) words[Math.floor(random() * words.length)] = word();
  planted.push([`near${i}`, source]);
  items.push({ id: `near${i}`, text: words.join(' ') });
}
for (let i = 0; i < 2000 / scale; i++) {
  const source = Math.floor(random() * originals.length);
  planted.push([`copy${i}`, source]);
  items.push({ id: `copy${i}`, text: items[source].text });
}
const rssBefore = process.memoryUsage().rss;
let peak = rssBefore;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
started = performance.now();
// Yield to the sampler once before the synchronous run, so the baseline is recorded.
await new Promise((resolve) => setTimeout(resolve, 60));
started = performance.now();
const { duplicateOf, pairs } = findNearDuplicates(items, { threshold: 0.8 });
seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
const found = planted.filter(([id]) => duplicateOf.has(id)).length;
const wrong = [...duplicateOf.keys()].filter((id) => id.startsWith('d')).length;
console.log(`near-duplicates: ${items.length} documents in ${seconds.toFixed(2)} s (goal < 60 s), peak RSS ${(peak / 2 ** 20).toFixed(0)} MB; ${pairs.length} pairs confirmed; found ${found} of ${planted.length} planted (${((100 * found) / planted.length).toFixed(1)}%), ${wrong} originals flagged`);
