/**
 * The AI package's text processing at scale.
 *  (1) chunking: 10,000 deterministic Markdown documents of ~5 KB (headings, paragraphs of
 *      sentences drawn from a seeded word list), 256-token chunks with 32 tokens of overlap:
 *      documents/s, chunks/s and MB/s on one core;
 *  (2) near-duplicates: 100,000 documents of ~150 words, of which ~5% are near-duplicates of an
 *      earlier one (2–3 words changed) and ~2% exact copies, through findNearDuplicates at
 *      0.85: seconds, peak RSS, confirmed pairs, and the recall of the planted duplicates.
 *
 *   npm run build && node bench/text-bench.mjs [--quick]     (--quick: a tenth of the sizes, for CI)
 *
 * Targets on one core: (1) ≥ 200 documents/s; (2) under 60 s, with memory to spare.
 */
const { chunkDocument, countTokens, findNearDuplicates } = await import('../dist/ai/text/index.js');

const quick = process.argv.includes('--quick');
const scale = quick ? 10 : 1;
const fmt = (n) => Math.round(n).toLocaleString('en-US');
const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

let seed = 42;
const random = () => ((seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
// A Zipf-ish vocabulary: a few very common short words, a long tail of made-up ones.
const common = ['the', 'a', 'to', 'of', 'and', 'in', 'is', 'for', 'on', 'with', 'it', 'that', 'as', 'by', 'from'];
const syllables = ['ka', 'lo', 'mi', 'ner', 'tu', 'sa', 'po', 're', 'vin', 'da', 'el', 'or', 'qu', 'ist', 'an', 'eb', 'ul', 'ing', 'ment', 'tion'];
const vocabulary = Array.from({ length: 20000 }, (_, i) => {
  if (i < 300) return common[i % common.length];
  let word = '';
  for (let k = 1 + Math.floor(random() * 3); k > 0; k--) word += syllables[Math.floor(random() * syllables.length)];
  return word;
});
const word = () => vocabulary[Math.floor(random() ** 2 * vocabulary.length)];
const sentence = () => {
  const words = Array.from({ length: 6 + Math.floor(random() * 18) }, word);
  words[0] = words[0][0].toUpperCase() + words[0].slice(1);
  return `${words.join(' ')}${['.', '.', '.', '?', '!'][Math.floor(random() * 5)]}`;
};

function markdownDocument(bytes) {
  const parts = [`# ${word()} ${word()}`];
  let size = parts[0].length;
  while (size < bytes) {
    const r = random();
    const part =
      r < 0.12 ? `${'#'.repeat(2 + Math.floor(random() * 2))} ${word()} ${word()}`
      : r < 0.18 ? Array.from({ length: 2 + Math.floor(random() * 4) }, () => `- ${sentence()}`).join('\n')
      : Array.from({ length: 2 + Math.floor(random() * 6) }, sentence).join(' ');
    parts.push(part);
    size += part.length + 2;
  }
  return parts.join('\n\n');
}

// (1) Chunking.
{
  const documents = Array.from({ length: 10000 / scale }, () => markdownDocument(5000));
  const megabytes = documents.reduce((n, d) => n + d.length, 0) / 1e6;
  for (const text of documents.slice(0, 200)) chunkDocument(text, { maxTokens: 256, overlapTokens: 32 }); // warm up the JIT
  let chunks = 0;
  let tokens = 0;
  const started = performance.now();
  for (const text of documents) {
    for (const chunk of chunkDocument(text, { maxTokens: 256, overlapTokens: 32 })) {
      chunks++;
      tokens += chunk.tokenCount;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const counted = performance.now();
  for (const text of documents.slice(0, 1000 / scale)) countTokens(text);
  const countOnce = (documents.slice(0, 1000 / scale).length / ((performance.now() - counted) / 1000));
  console.log(
    `(1) chunking: ${fmt(documents.length)} documents (${megabytes.toFixed(1)} MB, ~${fmt((megabytes * 1e6) / documents.length)} chars) into ${fmt(chunks)} chunks ` +
      `(avg ${(tokens / chunks).toFixed(0)} tokens) in ${seconds.toFixed(2)} s: ${fmt(documents.length / seconds)} documents/s, ${fmt(chunks / seconds)} chunks/s, ` +
      `${(megabytes / seconds).toFixed(2)} MB/s, one core (counting each document's tokens once, nothing else: ${fmt(countOnce)} documents/s)`,
  );
}

// (2) Near-duplicates.
{
  const originals = 93000 / scale;
  const items = Array.from({ length: originals }, (_, i) => ({ id: `d${i}`, text: Array.from({ length: 120 + Math.floor(random() * 60) }, word).join(' ') }));
  const near = [];
  for (let i = 0; i < 5000 / scale; i++) {
    const source = Math.floor(random() * originals);
    const words = items[source].text.split(' ');
    for (let k = 2 + Math.floor(random() * 2); k > 0; k--) words[Math.floor(random() * words.length)] = word();
    near.push([`near${i}`, `d${source}`]);
    items.push({ id: `near${i}`, text: words.join(' ') });
  }
  const exact = [];
  for (let i = 0; i < 2000 / scale; i++) {
    const source = Math.floor(random() * originals);
    exact.push([`copy${i}`, `d${source}`]);
    items.push({ id: `copy${i}`, text: items[source].text });
  }
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const { duplicateOf, pairs } = findNearDuplicates(items, { threshold: 0.85 });
  const seconds = (performance.now() - started) / 1000;
  const peak = Math.max(process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
  // A planted duplicate is found when it lands in its source's group.
  const groupOf = (id) => duplicateOf.get(id) ?? id;
  const recall = (planted) => planted.filter(([id, source]) => duplicateOf.has(id) && groupOf(id) === groupOf(source)).length / planted.length;
  const falsePositives = [...duplicateOf.keys()].filter((id) => id.startsWith('d')).length;
  // The estimate is noisy (±0.03 at 128 hashes): of the planted pairs truly at or above the
  // threshold (exact Jaccard of 3-word shingles), how many were found.
  const textOf = new Map(items.map((item) => [item.id, item.text]));
  const shingles = (text) => {
    const w = text.split(' ');
    return new Set(w.slice(0, -2).map((_, i) => `${w[i]} ${w[i + 1]} ${w[i + 2]}`));
  };
  const jaccard = (a, b) => {
    const [x, y] = [shingles(a), shingles(b)];
    let shared = 0;
    for (const s of x) if (y.has(s)) shared++;
    return shared / (x.size + y.size - shared);
  };
  const above = near.filter(([id, source]) => jaccard(textOf.get(id), textOf.get(source)) >= 0.85);
  console.log(
    `(2) near-duplicates at 0.85: ${fmt(items.length)} documents in ${seconds.toFixed(2)} s (goal < 60 s); RSS ${mb(rssBefore)} before with the corpus, peak ${mb(peak)}; ` +
      `${fmt(pairs.length)} pairs confirmed, ${fmt(duplicateOf.size)} marked duplicate; recall ${(100 * recall(near)).toFixed(1)}% of ${fmt(near.length)} near-duplicates ` +
      `(2–3 words changed; ${(100 * recall(above)).toFixed(1)}% of the ${fmt(above.length)} truly at Jaccard ≥ 0.85), ${(100 * recall(exact)).toFixed(1)}% of ${fmt(exact.length)} exact copies; ${falsePositives} originals flagged`,
  );
}
