/**
 * Documents → chunks for embedding. A Markdown document is first cut into sections at its
 * headings (outside fenced code); a section that fits the token budget is one chunk. A bigger
 * one is cut into sentences (or words, or token-sized slices for text without spaces), packed
 * greedily up to the budget and cut at the strongest boundary near the end — a paragraph break
 * before a sentence break before a space. Consecutive chunks of a section share up to
 * `overlapTokens` of whole sentences. A chunk is always an exact, trimmed slice of the
 * document (`text.slice(startChar, endChar)`), with its exact token count.
 */
import { countTokens } from './tokens.js';

export interface ChunkOptions {
  maxTokens: number;
  overlapTokens?: number;
  /** `markdown` splits on `#` headings first; `text` does not look for headings. */
  format?: 'markdown' | 'text';
}

export interface Chunk {
  index: number;
  text: string;
  tokenCount: number;
  startChar: number;
  endChar: number;
  /** The headings the chunk sits under, outermost first. */
  headingPath: string[];
}

interface Section { start: number; end: number; headingPath: string[] }

/** Where a piece may be cut from the one before it: the higher, the better a place to cut. */
const enum Boundary { Hard = 0, Word = 1, Sentence = 2, Paragraph = 3 }

interface Piece { start: number; end: number; tokens: number; before: Boundary }

export function chunkDocument(text: string, options: ChunkOptions): Chunk[] {
  const maxTokens = Math.floor(options.maxTokens);
  if (!(maxTokens >= 1)) throw new RangeError(`maxTokens must be at least 1 (got ${options.maxTokens})`);
  const overlap = Math.max(0, Math.min(Math.floor(options.overlapTokens ?? 0), maxTokens - 1));
  const chunks: Chunk[] = [];
  const sections = options.format === 'text' ? [{ start: 0, end: text.length, headingPath: [] }] : markdownSections(text);
  for (const section of sections) {
    const [start, end] = trimRange(text, section.start, section.end);
    if (start >= end) continue;
    const emit = (from: number, to: number, tokens: number) =>
      chunks.push({ index: chunks.length, text: text.slice(from, to), tokenCount: tokens, startChar: from, endChar: to, headingPath: section.headingPath });
    const whole = countTokens(text.slice(start, end));
    if (whole <= maxTokens) emit(start, end, whole);
    else packPieces(text, pieces(text, start, end, maxTokens), maxTokens, overlap, emit);
  }
  return chunks;
}

/** Sections at ATX headings; a heading with nothing under it joins the section that follows. */
function markdownSections(text: string): Section[] {
  const sections: Section[] = [];
  const stack: { level: number; title: string }[] = [];
  let current: Section = { start: 0, end: text.length, headingPath: [] };
  let fence: string | null = null;
  let hasBody = false;
  const lineRe = /[^\n]*(?:\n|$)/g;
  for (let match = lineRe.exec(text); match && match[0]; match = lineRe.exec(text)) {
    const line = match[0];
    const at = match.index;
    const fenceMark = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (fenceMark && fenceMark[0] === fence[0] && fenceMark.length >= fence.length) fence = null;
      hasBody = true;
      continue;
    }
    if (fenceMark) { fence = fenceMark; hasBody = true; continue; }
    const heading = /^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*\r?\n?$/.exec(line);
    if (!heading) {
      if (line.trim()) hasBody = true;
      continue;
    }
    const level = heading[1]!.length;
    while (stack.length && stack[stack.length - 1]!.level >= level) stack.pop();
    stack.push({ level, title: heading[2]!.trim() });
    if (hasBody) {
      current.end = at;
      sections.push(current);
      current = { start: at, end: text.length, headingPath: [] };
    }
    current.headingPath = stack.map((h) => h.title);
    hasBody = false;
  }
  sections.push(current);
  return sections;
}

/** The section cut into sentences (words, token slices where a sentence is too big), each counted once. */
function pieces(text: string, start: number, end: number, maxTokens: number): Piece[] {
  const out: Piece[] = [];
  const add = (from: number, to: number, before: Boundary, level: Boundary) => {
    [from, to] = trimRange(text, from, to);
    if (from >= to) return;
    const tokens = countTokens(text.slice(from, to));
    if (tokens <= maxTokens) out.push({ start: from, end: to, tokens, before: out.length ? before : Boundary.Paragraph });
    else if (level === Boundary.Sentence) splitAt(from, to, /\s+/g, Boundary.Word, before);
    else hardCut(from, to, before);
  };
  const splitAt = (from: number, to: number, separator: RegExp, level: Boundary, first: Boundary) => {
    let last = from;
    let boundary = first;
    for (const match of text.slice(from, to).matchAll(separator)) {
      const cut = from + match.index! + match[0].length;
      add(last, cut - match[0].length, boundary, level);
      last = cut;
      boundary = /\n[ \t]*\n/.test(match[0]) ? Boundary.Paragraph : level;
    }
    add(last, to, boundary, level);
  };
  const hardCut = (from: number, to: number, before: Boundary) => {
    // The longest prefix within the budget, found by halving: the last resort, for text without spaces.
    let boundary = before;
    while (from < to) {
      let low = from + 1;
      let high = to;
      while (low < high) {
        const mid = (low + high + 1) >> 1;
        if (countTokens(text.slice(from, mid)) <= maxTokens) low = mid;
        else high = mid - 1;
      }
      if (low < to && isLowSurrogate(text.charCodeAt(low)) && low - 1 > from) low--;
      out.push({ start: from, end: low, tokens: countTokens(text.slice(from, low)), before: out.length ? boundary : Boundary.Paragraph });
      boundary = Boundary.Hard;
      from = low;
    }
  };
  // Sentences end at . ! ? (and closing quotes or brackets) before whitespace, and at line ends.
  splitAt(start, end, /(?<=[.!?]['")\]]*)[ \t]+|[ \t]*\n\s*/g, Boundary.Sentence, Boundary.Paragraph);
  return out;
}

function packPieces(text: string, all: Piece[], maxTokens: number, overlap: number, emit: (from: number, to: number, tokens: number) => void): void {
  // Joining pieces costs at most about a token per break (BPE folds a single space into the next word).
  const cost = (piece: Piece, first: boolean) => piece.tokens + (first ? 0 : piece.before === Boundary.Paragraph ? 1 : piece.before === Boundary.Hard ? 0 : 0.5);
  let i = 0;
  while (i < all.length) {
    let total = cost(all[i]!, true);
    let j = i;
    while (j + 1 < all.length && total + cost(all[j + 1]!, false) <= maxTokens) total += cost(all[++j]!, false);
    let k = j;
    if (j + 1 < all.length) {
      // Cut at the strongest break in the second half of the chunk.
      let best = all[j + 1]!.before;
      let running = total;
      for (let m = j; m > i && running >= maxTokens / 2; m--) {
        if (all[m]!.before > best) {
          best = all[m]!.before;
          k = m - 1;
        }
        running -= cost(all[m]!, false);
      }
    }
    let tokens = countTokens(text.slice(all[i]!.start, all[k]!.end));
    while (tokens > maxTokens && k > i) tokens = countTokens(text.slice(all[i]!.start, all[--k]!.end));
    emit(all[i]!.start, all[k]!.end, tokens);
    if (k + 1 >= all.length) return;
    // The next chunk starts with whole sentences from the end of this one, as long as they fit.
    let next = k + 1;
    let shared = 0;
    const room = maxTokens - cost(all[k + 1]!, true) - 1;
    while (next - 1 > i && all[next]!.before !== Boundary.Hard) {
      const add = cost(all[next - 1]!, false);
      if (shared + add > overlap || shared + add > room) break;
      shared += add;
      next--;
    }
    i = next;
  }
}

function trimRange(text: string, start: number, end: number): [number, number] {
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return [start, end];
}

const isSpace = (code: number) => code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0x3000 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0xfeff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;
