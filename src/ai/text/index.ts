/** Text processing for AI data: normalizing, HTML to text, PII redaction, BPE tokens, chunking, near-duplicates. */
export { normalizeText, stripHtml, decodeEntities } from './normalize.js';
export { redactPii, luhnValid, PII_KINDS, type PiiKind, type Redaction } from './pii.js';
export { countTokens, encodeTokens, decodeTokens } from './tokens.js';
export { chunkDocument, type Chunk, type ChunkOptions } from './chunk.js';
export {
  minhashSignature,
  jaccardEstimate,
  findNearDuplicates,
  rowsPerBand,
  type MinHashOptions,
  type NearDuplicateOptions,
  type NearDuplicatePair,
  type NearDuplicates,
} from './minhash.js';
