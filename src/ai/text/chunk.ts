/**
 * Documents → chunks for embedding, sized in cl100k tokens.
 *
 * A Markdown document is first cut into sections at its ATX headings (outside fenced code);
 * a section that fits the budget is one chunk, and no chunk spans two sections. A bigger
 * section is cut into paragraphs (blank lines), a paragraph too big into sentences, a sentence
 * too big into words, and a word too big by tokens; the pieces are packed greedily, except
 * that a chunk that would end mid-paragraph (or mid-sentence) ends at the last paragraph (or
 * sentence) break in its second half instead. Consecutive chunks of a section share up to
 * `overlapTokens` tokens: the end of one chunk, from a sentence start (or a word start when a
 * sentence is too long), begins the next.
 *
 * Each chunk is an exact, trimmed slice of the document (`text.slice(startChar, endChar)`)
 * with its exact token count. Tokens are counted once per piece and summed while packing (the
 * sum plus a token per line break is close to, and usually not under, the count of the joined
 * text); each chunk is then counted once, and shortened in the rare case the count is over.
 */
import { countTokens, tokenCutPoints } from './tokens.js';

export interface ChunkOptions {
  /** The budget of a chunk in cl100k tokens; at least 4 guarantees it even for a lone emoji. */
  maxTokens: number;
  /** Tokens the next chunk of a section repeats from the end of the one before (default 0). */
  overlapTokens?: number;
  /** `markdown` (the default) splits on `#` headings first; `text` does not look for headings. */
  format?: 'markdown' | 'text';
}

export interface Chunk {
  index: number;
  text: string;
  tokenCount: number;
  startChar: number;
  endChar: number;
  /** The titles of the headings the chunk sits under, outermost first. */
  headingPath: string[];
}

interface Section { start: number; end: number; headingPath: string[] }

/** How strongly a piece is separated from the one before it: the higher, the better a place to cut. */
const enum Boundary { Hard = 0, Word = 1, Sentence = 2, Paragraph = 3 }

interface Piece {
  start: number;
  end: number;
  tokens: number;
  before: Boundary;
  /** Tokens that joining this piece to the one before adds: the line break's, or a space before a digit. */
  join: number;
}

/**
 * English averages over 4 characters a token: a section that short is counted whole first,
 * as it likely fits. A range longer than 6 characters per token of budget is not counted at
 * all before it is split: it will not fit (and if it did, packing its parts puts it back together).
 */
const LIKELY_FITS_CHARS_PER_TOKEN = 4;
const NEVER_FITS_CHARS_PER_TOKEN = 6;

const PARAGRAPH_BREAK = /\n\s*\n\s*/g;
// Sentences end at . ! ? … (then closing quotes or brackets) before whitespace, at line ends,
// and after CJK full stops, which no space follows.
const SENTENCE_BREAK = /(?<=[.!?…][)"'’”\]»]*)\s+|\s*\n\s*|(?<=[。！？])\s*/g;
const WORD_BREAK = /\s+/g;

export function chunkDocument(text: string, options: ChunkOptions): Chunk[] {
  const maxTokens = Math.floor(options.maxTokens);
  if (!(maxTokens >= 1)) throw new RangeError(`maxTokens must be at least 1 (got ${options.maxTokens})`);
  const overlap = Math.max(0, Math.min(Math.floor(options.overlapTokens ?? 0) || 0, maxTokens - 1));
  const chunks: Chunk[] = [];
  const sections: Section[] = options.format === 'text' ? [{ start: 0, end: text.length, headingPath: [] }] : markdownSections(text);
  for (const section of sections) {
    const [start, end] = trimRange(text, section.start, section.end);
    if (start >= end) continue;
    const emit = (from: number, to: number, tokens: number) =>
      chunks.push({ index: chunks.length, text: text.slice(from, to), tokenCount: tokens, startChar: from, endChar: to, headingPath: section.headingPath.slice() });
    if (end - start <= maxTokens * LIKELY_FITS_CHARS_PER_TOKEN) {
      const whole = countTokens(text.slice(start, end));
      if (whole <= maxTokens) {
        emit(start, end, whole);
        continue;
      }
    }
    pack(text, splitSection(text, start, end, maxTokens), maxTokens, overlap, emit);
  }
  return chunks;
}

/** Sections at ATX headings. A heading with nothing under it but deeper headings starts the section they are in. */
function markdownSections(text: string): Section[] {
  const sections: Section[] = [];
  const stack: { level: number; title: string }[] = [];
  let current: Section = { start: 0, end: text.length, headingPath: [] };
  let currentLevel = 0;
  let hasBody = false;
  let fence: string | null = null;
  for (let pos = 0; pos < text.length; ) {
    const newline = text.indexOf('\n', pos);
    const lineEnd = newline < 0 ? text.length : newline;
    const next = newline < 0 ? text.length : newline + 1;
    let first = pos;
    while (first < lineEnd && first - pos < 3 && text.charCodeAt(first) === 32) first++;
    const code = text.charCodeAt(first);
    if (fence !== null) {
      // Inside fenced code nothing is a heading, until a fence of the same kind, at least as long.
      if (code === fence.charCodeAt(0)) {
        const close = /^(`{3,}|~{3,})\s*$/.exec(text.slice(first, lineEnd))?.[1];
        if (close && close[0] === fence[0] && close.length >= fence.length) fence = null;
      }
    } else if (code === 96 || code === 126) {
      const open = /^(`{3,}|~{3,})(.*)$/.exec(text.slice(first, lineEnd));
      // A backtick fence's info string cannot hold a backtick (that is inline code).
      if (open && !(open[1]![0] === '`' && open[2]!.includes('`'))) fence = open[1]!;
      hasBody = true;
    } else if (code === 35) {
      const heading = /^(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*\r?$/.exec(text.slice(first, lineEnd));
      if (heading) {
        const level = heading[1]!.length;
        if (hasBody || (currentLevel > 0 && level <= currentLevel)) {
          current.end = pos;
          sections.push(current);
          current = { start: pos, end: text.length, headingPath: [] };
          hasBody = false;
        }
        while (stack.length && stack[stack.length - 1]!.level >= level) stack.pop();
        stack.push({ level, title: (heading[2] ?? '').trim() });
        current.headingPath = stack.filter((h) => h.title).map((h) => h.title);
        currentLevel = level;
      } else {
        hasBody = true;
      }
    } else if (!hasBody && first < lineEnd && !isBlank(text, first, lineEnd)) {
      hasBody = true;
    }
    pos = next;
  }
  current.end = text.length;
  sections.push(current);
  return sections;
}

/** A section too big for one chunk, as pieces that each fit, every piece counted once. */
function splitSection(text: string, start: number, end: number, maxTokens: number): Piece[] {
  const pieces: Piece[] = [];
  const push = (from: number, to: number, tokens: number, before: Boundary) => {
    const previous = pieces[pieces.length - 1];
    let join = 0;
    if (previous && previous.end < from) {
      // A line break is a token of its own; a space before a digit too (digits never take it).
      join = text.lastIndexOf('\n', from - 1) >= previous.end ? 1 : isDigit(text.charCodeAt(from)) ? 1 : 0;
    }
    pieces.push({ start: from, end: to, tokens, before: previous ? before : Boundary.Paragraph, join });
  };
  const add = (from: number, to: number, before: Boundary, unit: Boundary) => {
    [from, to] = trimRange(text, from, to);
    if (from >= to) return;
    if (to - from <= maxTokens * NEVER_FITS_CHARS_PER_TOKEN) {
      const tokens = countTokens(text.slice(from, to));
      if (tokens <= maxTokens) return push(from, to, tokens, before);
    }
    if (unit === Boundary.Paragraph) splitAt(from, to, SENTENCE_BREAK, Boundary.Sentence, before);
    else if (unit === Boundary.Sentence) splitAt(from, to, WORD_BREAK, Boundary.Word, before);
    else hardCut(from, to, before);
  };
  const splitAt = (from: number, to: number, separator: RegExp, unit: Boundary, before: Boundary) => {
    let last = from;
    let boundary = before;
    separator.lastIndex = from;
    for (let match = separator.exec(text); match && match.index < to; match = separator.exec(text)) {
      if (match[0].length === 0) separator.lastIndex++;
      if (match.index > last) {
        add(last, match.index, boundary, unit);
        boundary = unit;
      }
      last = Math.max(last, Math.min(to, match.index + match[0].length));
    }
    add(last, to, boundary, unit);
  };
  const hardCut = (from: number, to: number, before: Boundary) => {
    // The last resort, for a "word" bigger than the budget: cut after as many tokens as fit,
    // never inside a character.
    const { tokenEnds, charEnds } = tokenCutPoints(text.slice(from, to));
    let boundary = before;
    let tokensBefore = 0;
    let charsBefore = 0;
    let k = -1;
    while (charsBefore < to - from) {
      if (k + 1 >= tokenEnds.length) {
        // Decoding did not account for every character (it always should): keep the rest whole.
        push(from + charsBefore, to, countTokens(text.slice(from + charsBefore, to)), boundary);
        return;
      }
      let last = k + 1;
      while (last + 1 < tokenEnds.length && tokenEnds[last + 1]! - tokensBefore <= maxTokens) last++;
      let tokens = countTokens(text.slice(from + charsBefore, from + charEnds[last]!));
      // Re-encoded on its own, a slice can take a token or two more than it did in place.
      while (tokens > maxTokens && last > k + 1) tokens = countTokens(text.slice(from + charsBefore, from + charEnds[--last]!));
      push(from + charsBefore, from + charEnds[last]!, tokens, boundary);
      boundary = Boundary.Hard;
      k = last;
      tokensBefore = tokenEnds[last]!;
      charsBefore = charEnds[last]!;
    }
  };
  splitAt(start, end, PARAGRAPH_BREAK, Boundary.Paragraph, Boundary.Paragraph);
  return pieces;
}

function pack(text: string, pieces: Piece[], maxTokens: number, overlap: number, emit: (from: number, to: number, tokens: number) => void): void {
  let i = 0;
  let tail: { start: number; tokens: number } | null = null;
  while (i < pieces.length) {
    const first = pieces[i]!;
    let start = tail ? tail.start : first.start;
    let estimate = tail ? tail.tokens + first.join + first.tokens : first.tokens;
    let j = i;
    while (j + 1 < pieces.length) {
      const next = pieces[j + 1]!;
      if (estimate + next.join + next.tokens > maxTokens) break;
      estimate += next.join + next.tokens;
      j++;
    }
    let k = j;
    if (j + 1 < pieces.length && pieces[j + 1]!.before < Boundary.Paragraph) {
      // Rather than end mid-paragraph (mid-sentence), end at the last stronger break in the second half.
      let best = pieces[j + 1]!.before;
      let kept = estimate;
      for (let m = j; m > i; m--) {
        kept -= pieces[m]!.join + pieces[m]!.tokens;
        if (kept < maxTokens / 2) break;
        if (pieces[m]!.before > best) {
          best = pieces[m]!.before;
          k = m - 1;
          if (best === Boundary.Paragraph) break;
        }
      }
    }
    let end = pieces[k]!.end;
    let tokens = countTokens(text.slice(start, end));
    while (tokens > maxTokens) {
      if (k > i) {
        // Drop pieces from the end, as many as the excess is worth (at least one).
        let excess = tokens - maxTokens;
        while (excess > 0 && k > i) {
          excess -= pieces[k]!.join + pieces[k]!.tokens;
          k--;
        }
      } else if (tail) {
        start = first.start;
        tail = null;
      } else {
        break; // one piece alone: counted exactly, so over only for a character bigger than the budget
      }
      end = pieces[k]!.end;
      tokens = countTokens(text.slice(start, end));
    }
    emit(start, end, tokens);
    i = k + 1;
    tail = null;
    if (overlap > 0 && i < pieces.length) {
      // Leave room for the next piece (and a token of slack for the estimate).
      const budget = Math.min(overlap, maxTokens - pieces[i]!.tokens - pieces[i]!.join - 1);
      if (budget >= 1) tail = overlapTail(text, start, end, budget);
    }
  }
}

/**
 * The end of a chunk for the next one to begin with: at most `budget` tokens, from the earliest
 * word start that fits, or from a sentence start after it if that keeps at least half the budget.
 */
function overlapTail(text: string, chunkStart: number, chunkEnd: number, budget: number): { start: number; tokens: number } | null {
  const from = Math.max(chunkStart + 1, chunkEnd - budget * 10 - 16);
  const starts: number[] = [];
  for (let q = from; q < chunkEnd; q++) if (isSpace(text.charCodeAt(q - 1)) && !isSpace(text.charCodeAt(q))) starts.push(q);
  // Fewer tokens the later the start: the earliest start that fits, by halving.
  let low = 0;
  let high = starts.length - 1;
  let found = -1;
  let foundTokens = 0;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const tokens = countTokens(text.slice(starts[mid]!, chunkEnd));
    if (tokens <= budget) {
      found = mid;
      foundTokens = tokens;
      high = mid - 1;
    } else {
      low = mid + 1;
    }
  }
  if (found < 0) return null;
  for (let s = found; s < starts.length; s++) {
    if (!startsSentence(text, starts[s]!)) continue;
    if (s === found) break;
    const tokens = countTokens(text.slice(starts[s]!, chunkEnd));
    if (tokens * 2 >= budget) return { start: starts[s]!, tokens };
    break;
  }
  return { start: starts[found]!, tokens: foundTokens };
}

/** Whether the word at `at` (just after whitespace) begins a sentence or a line. */
function startsSentence(text: string, at: number): boolean {
  let p = at - 1;
  for (; p >= 0 && isSpace(text.charCodeAt(p)); p--) if (text.charCodeAt(p) === 10) return true;
  while (p >= 0 && ')"\'’”]»'.includes(text[p]!)) p--;
  return p >= 0 && '.!?…'.includes(text[p]!);
}

function trimRange(text: string, start: number, end: number): [number, number] {
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return [start, end];
}

function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!isSpace(text.charCodeAt(i))) return false;
  return true;
}

/** Exactly the characters of JavaScript's `\s`, so trimming agrees with `String.prototype.trim`. */
function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

const isDigit = (code: number) => code >= 48 && code <= 57;
