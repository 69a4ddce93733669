/**
 * `kiln/ai`: what the AI package's TypeScript models (and yours) import: landing documents,
 * reading JSONL, and text processing (normalizing, PII redaction, BPE token counts, chunking,
 * near-duplicate detection).
 */
export * from './text/index.js';
export * from './landing/index.js';
export { readJsonLines, requiredString, type JsonLine } from './jsonl.js';
