#!/usr/bin/env node
/**
 * Writes kiln's sample corpus, data/corpus/, for the built-in AI package: the documentation of
 * "Lumen", a fictional search product (Markdown, HTML, text, a PDF and a DOCX, with one exact and
 * one near-duplicate page in docs/archive/), support conversations with planted PII, duplicates
 * and low-quality ones, and question/answer pairs citing the page that answers them.
 * Deterministic: the same bytes on every run. Run `node scripts/generate-corpus.mjs`.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { conversations } from './corpus/conversations.mjs';
import { guides } from './corpus/docs-guides.mjs';
import { reference } from './corpus/docs-reference.mjs';
import { other } from './corpus/docs-other.mjs';
import { html, onboarding, text, whitepaper } from './corpus/docs-files.mjs';
import { makeDocx, makePdf } from './lib/office-files.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'corpus');
const docs = join(root, 'docs');
rmSync(root, { recursive: true, force: true });

const questions = [];
const written = new Map();
function write(path, content, visibleText, pageQuestions = []) {
  const file = join(docs, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
  if (written.has(basename(path))) throw new Error(`two documents named ${basename(path)}`);
  written.set(basename(path), path);
  for (const q of pageQuestions) {
    if (!squash(visibleText).includes(squash(q.answer))) throw new Error(`${path}: the answer "${q.answer}" is not in the page`);
    questions.push({ question: q.question, answer: q.answer, source: basename(path) });
  }
}
const squash = (s) => (s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).join(' ');
const visibleHtml = (s) => s.replace(/<(script|style)[\s\S]*?<\/\1>/g, '').replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&');

for (const page of [...guides, ...reference, ...other, ...text]) write(page.path, page.text, page.text, page.questions);
for (const page of html) write(page.path, page.text, visibleHtml(page.text), page.questions);
write(whitepaper.path, makePdf(whitepaper), whitepaper.pages.flat().join('\n'), whitepaper.questions);
write(onboarding.path, makeDocx(onboarding), onboarding.paragraphs.map((p) => p.text).join('\n'), onboarding.questions);

// An old copy kept in the archive (exact), and an older revision of a page (near-duplicate).
const linux = guides.find((p) => p.path === 'guides/install-linux.md');
write('archive/install-linux-copy.md', linux.text, linux.text);
const backups = guides.find((p) => p.path === 'guides/backups.md');
const revised = backups.text.replace('Schedule it nightly with a systemd timer or cron.', 'Schedule it every night with cron.').replace('keep at least one copy outside the server', 'keep one copy off the server');
if (revised === backups.text) throw new Error('the near-duplicate page did not change');
write('archive/backups-3.2.md', revised, revised);

const { lines, planted } = conversations();
const seen = new Map();
for (const line of lines) {
  const key = JSON.stringify(line.messages);
  if (seen.has(key) && !planted.exact.some((pair) => pair.startsWith(`${line.conversation_id}=`))) throw new Error(`${line.conversation_id} repeats ${seen.get(key)} by accident`);
  seen.set(key, line.conversation_id);
}
writeFileSync(join(root, 'conversations.jsonl'), lines.map((line) => JSON.stringify(line)).join('\n') + '\n');
writeFileSync(join(root, 'questions.jsonl'), questions.map((q) => JSON.stringify(q)).join('\n') + '\n');

console.log(`data/corpus: ${written.size} documents, ${lines.length} conversations, ${questions.length} questions`);
console.log(`planted: PII in ${planted.pii.length}, HTML in ${planted.html.length}, exact duplicates ${planted.exact.join(' ')}, near-duplicates ${planted.near.join(' ')}, low quality ${planted.lowQuality.join(' ')}, extra fields in ${planted.extraFields.length}`);
