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
 * with its exact token count. Counting every candidate concatenation would be slow, so each
 * piece is counted once, and pieces are summed with what joining them adds, itself counted
 * exactly on the few words around the junction (see `exactJoin`): the sum is then the count of
 * the chunk. Where a junction cannot be counted so (a one-word piece, a cut inside a word) the
 * sum is an estimate, the chunk is counted once, and shortened in the rare case it is over.
 * Sections and paragraphs that will clearly not fit are split without being counted whole
 * (`Counter` learns the document's characters per token), so most text is encoded about once.
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
  /** Tokens that joining this piece to the one before adds: exact once `exact`, an estimate before. */
  join: number;
  exact: boolean;
  /** Where the exactly counted junction with the piece before starts. */
  joinFrom: number;
  /** The junction has been looked at (counted exactly, or found not countable so). */
  settled: boolean;
}

/**
 * Counts tokens, and learns the document's characters per token as it goes, so a range that
 * clearly cannot fit is split without being counted first (its parts are counted anyway; if
 * the guess is wrong and it would have fit, packing puts the parts back together).
 */
class Counter {
  // A prior of 4 characters a token (English), worth a few words of evidence.
  private chars = 40;
  private tokens = 10;

  count(text: string): number {
    const tokens = countTokens(text);
    this.chars += text.length;
    this.tokens += tokens;
    return tokens;
  }

  /** The likely token count of `chars` characters of this document. */
  guess(chars: number): number {
    return (chars * this.tokens) / this.chars;
  }
}

/**
 * Count a section whole first when it likely fits. Count a paragraph whole when it very likely
 * fits (else its sentences are counted, and summed exactly); any other piece when it might.
 */
const SECTION_SLACK = 1.1;
const PARAGRAPH_LIKELY_FITS = 0.8;
const PIECE_SLACK = 1.3;

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
  const counter = new Counter();
  const sections: Section[] = options.format === 'text' ? [{ start: 0, end: text.length, headingPath: [] }] : markdownSections(text);
  for (const section of sections) {
    const [start, end] = trimRange(text, section.start, section.end);
    if (start >= end) continue;
    const emit = (from: number, to: number, tokens: number) =>
      chunks.push({ index: chunks.length, text: text.slice(from, to), tokenCount: tokens, startChar: from, endChar: to, headingPath: section.headingPath.slice() });
    if (counter.guess(end - start) <= maxTokens * SECTION_SLACK) {
      const whole = counter.count(text.slice(start, end));
      if (whole <= maxTokens) {
        emit(start, end, whole);
        continue;
      }
    }
    pack(text, counter, splitSection(text, counter, start, end, maxTokens), maxTokens, overlap, emit);
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

/** A section too big for one chunk, as pieces that each fit, every piece counted exactly. */
function splitSection(text: string, counter: Counter, start: number, end: number, maxTokens: number): Piece[] {
  const pieces: Piece[] = [];
  const push = (from: number, to: number, tokens: number, before: Boundary) => {
    const previous = pieces[pieces.length - 1];
    let join = 0;
    if (previous && previous.end < from) {
      // The estimate until the junction is counted: a line break is a token of its own; so is
      // a space before a digit (digits never take it).
      join = hasNewline(text, previous.end, from) ? 1 : isDigit(text.charCodeAt(from)) ? 1 : 0;
    }
    pieces.push({ start: from, end: to, tokens, before: previous ? before : Boundary.Paragraph, join, exact: false, joinFrom: -1, settled: false });
  };
  const add = (from: number, to: number, before: Boundary, unit: Boundary) => {
    [from, to] = trimRange(text, from, to);
    if (from >= to) return;
    // Count a range whole when it likely fits. Otherwise split it, and if it was not counted,
    // put the parts back together when their exact sum fits after all: a paragraph that fits
    // stays whole, for about the price of counting it once.
    const guess = counter.guess(to - from);
    const counted = guess <= maxTokens * (unit === Boundary.Paragraph ? PARAGRAPH_LIKELY_FITS : PIECE_SLACK);
    if (counted) {
      const tokens = counter.count(text.slice(from, to));
      if (tokens <= maxTokens) return push(from, to, tokens, before);
    }
    const first = pieces.length;
    if (unit === Boundary.Paragraph) splitAt(from, to, SENTENCE_BREAK, Boundary.Sentence, before);
    else if (unit === Boundary.Sentence) splitAt(from, to, WORD_BREAK, Boundary.Word, before);
    else return hardCut(from, to, before);
    if (!counted && guess <= maxTokens * PIECE_SLACK) rejoin(first, before);
  };
  const rejoin = (first: number, before: Boundary) => {
    const count = pieces.length - first;
    if (count < 2) return;
    let total = 0;
    for (let i = first; i < pieces.length; i++) total += pieces[i]!.tokens;
    // A junction takes away at most a token (" word" can be one token where "word" is two).
    if (total - (count - 1) > maxTokens) return;
    total = pieces[first]!.tokens;
    for (let i = first + 1; i < pieces.length && total <= maxTokens; i++) {
      const junction = exactJoin(text, counter, pieces[i - 1]!, pieces[i]!, pieces[i + 1]);
      if (!junction) {
        total = counter.count(text.slice(pieces[first]!.start, pieces[pieces.length - 1]!.end));
        break;
      }
      total += junction.join + pieces[i]!.tokens;
    }
    if (total > maxTokens) return;
    const from = pieces[first]!.start;
    const to = pieces[pieces.length - 1]!.end;
    pieces.length = first;
    push(from, to, total, before);
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
        push(from + charsBefore, to, counter.count(text.slice(from + charsBefore, to)), boundary);
        return;
      }
      let last = k + 1;
      while (last + 1 < tokenEnds.length && tokenEnds[last + 1]! - tokensBefore <= maxTokens) last++;
      let tokens = counter.count(text.slice(from + charsBefore, from + charEnds[last]!));
      // Re-encoded on its own, a slice can take a token or two more than it did in place.
      while (tokens > maxTokens && last > k + 1) tokens = counter.count(text.slice(from + charsBefore, from + charEnds[--last]!));
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

/**
 * The exact number of tokens that joining `next` to `previous` adds to their counts alone.
 *
 * cl100k splits text into pre-tokens by a regular expression and encodes each on its own, so
 * a count is a sum over pre-tokens. A whitespace character right after a letter or digit is
 * always where a pre-token starts, whatever comes before or after (no pattern runs from a
 * letter or digit into whitespace). Between the last such point in `previous` (l) and the
 * first in `next` (r), the joined text is encoded as `text[l, r)` alone, so joining adds
 * count(l..r) − count(l..previous end) − count(next start..r). Null when either point is
 * missing (a one-word piece, a cut inside a word): then the chunk is counted instead.
 */
function exactJoin(text: string, counter: Counter, previous: Piece, next: Piece, after: Piece | undefined): { join: number; from: number } | null {
  const gap = next.start > previous.end;
  const l = gap && isWordChar(text, previous.end - 1) ? previous.end : lastCut(text, previous.start, previous.end);
  if (l < 0) return null;
  let r = firstCut(text, next.start, next.end);
  // The end of `next` is such a point too if whitespace follows it (or nothing does).
  if (r < 0 && isWordChar(text, next.end - 1) && (!after || after.start > next.end)) r = next.end;
  if (r < 0) return null;
  const right = r === next.end ? next.tokens : counter.count(text.slice(next.start, r));
  const left = l === previous.end ? 0 : counter.count(text.slice(l, previous.end));
  return { join: counter.count(text.slice(l, r)) - left - right, from: l };
}

function firstCut(text: string, from: number, to: number): number {
  for (let q = from + 1; q < to; q++) if (isSpace(text.charCodeAt(q)) && isWordChar(text, q - 1)) return q;
  return -1;
}

function lastCut(text: string, from: number, to: number): number {
  for (let q = to - 1; q > from; q--) if (isSpace(text.charCodeAt(q)) && isWordChar(text, q - 1)) return q;
  return -1;
}

const WORD_CHAR = /^[\p{L}\p{N}]$/u;

/** Whether the character ending at `i` is a letter or a digit, as cl100k's pattern sees them. */
function isWordChar(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code < 128) return (code >= 48 && code <= 57) || ((code | 32) >= 97 && (code | 32) <= 122);
  if (code >= 0xdc00 && code <= 0xdfff && i > 0) return WORD_CHAR.test(String.fromCodePoint(text.codePointAt(i - 1)!));
  return WORD_CHAR.test(text[i]!);
}

function pack(text: string, counter: Counter, pieces: Piece[], maxTokens: number, overlap: number, emit: (from: number, to: number, tokens: number) => void): void {
  /** The tokens joining piece `m` to the one before adds: exact once its junction is counted, if it can be. */
  const joinOf = (m: number): number => {
    const piece = pieces[m]!;
    if (!piece.settled) {
      piece.settled = true;
      const junction = m > 0 ? exactJoin(text, counter, pieces[m - 1]!, piece, pieces[m + 1]) : null;
      if (junction) {
        piece.join = junction.join;
        piece.exact = true;
        piece.joinFrom = junction.from;
      }
    }
    return piece.join;
  };
  let i = 0;
  let tail: { start: number; tokens: number } | null = null;
  while (i < pieces.length) {
    const first = pieces[i]!;
    let start = tail ? tail.start : first.start;
    let estimate = tail ? tail.tokens + joinOf(i) + first.tokens : first.tokens;
    let j = i;
    while (j + 1 < pieces.length) {
      const next = pieces[j + 1]!;
      const added = joinOf(j + 1) + next.tokens;
      if (estimate + added > maxTokens) break;
      estimate += added;
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
          estimate = kept;
          if (best === Boundary.Paragraph) break;
        }
      }
    }
    // Every junction counted exactly: the sum is the count. Otherwise count the chunk.
    let exact = !tail || (first.exact && first.joinFrom >= tail.start);
    for (let m = i + 1; m <= k && exact; m++) exact = pieces[m]!.exact;
    let end = pieces[k]!.end;
    let tokens = exact ? estimate : counter.count(text.slice(start, end));
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
      tokens = counter.count(text.slice(start, end));
    }
    emit(start, end, tokens);
    i = k + 1;
    tail = null;
    if (overlap > 0 && i < pieces.length) {
      // Leave room for the next piece (and a token of slack for the estimate).
      const budget = Math.min(overlap, maxTokens - pieces[i]!.tokens - joinOf(i) - 1);
      if (budget >= 1) tail = overlapTail(text, counter, start, end, tokens, budget);
    }
  }
}

/**
 * The end of a chunk for the next one to begin with: at most `budget` tokens from a word start,
 * as many as fit, or from a sentence start after that word if it keeps at least half the
 * budget. The start is first guessed from the chunk's characters per token, then moved a
 * word or a few at a time: a handful of small counts rather than a search.
 */
function overlapTail(text: string, counter: Counter, chunkStart: number, chunkEnd: number, chunkTokens: number, budget: number): { start: number; tokens: number } | null {
  const perToken = (chunkEnd - chunkStart) / Math.max(1, chunkTokens);
  const from = Math.max(chunkStart + 1, chunkEnd - Math.ceil(budget * perToken * 2) - 16);
  const starts: number[] = [];
  for (let q = from; q < chunkEnd; q++) if (isSpace(text.charCodeAt(q - 1)) && !isSpace(text.charCodeAt(q))) starts.push(q);
  if (!starts.length) return null;
  const tokensFrom = (i: number) => counter.count(text.slice(starts[i]!, chunkEnd));
  /** The first start at or after `position`, but no earlier than `atLeast`. */
  const startAt = (position: number, atLeast: number) => {
    let i = atLeast;
    while (i < starts.length - 1 && starts[i]! < position) i++;
    return i;
  };
  let i = startAt(chunkEnd - budget * perToken, 0);
  let tokens = tokensFrom(i);
  // Too much: move later, by about the excess, until it fits.
  while (tokens > budget) {
    if (i === starts.length - 1) return null;
    i = startAt(starts[i]! + (tokens - budget) * perToken, i + 1);
    tokens = tokensFrom(i);
  }
  // Room left: take earlier words while they fit (a few steps; the guess is usually close).
  for (let step = 0; step < 4 && i > 0 && tokens < budget; step++) {
    const slack = Math.max(1, Math.floor((budget - tokens) * perToken * 0.8));
    let j = i - 1;
    while (j > 0 && starts[j - 1]! >= starts[i]! - slack) j--;
    let more = tokensFrom(j);
    if (more > budget && j < i - 1) more = tokensFrom((j = i - 1));
    if (more > budget) break;
    i = j;
    tokens = more;
  }
  for (let s = i; s < starts.length; s++) {
    if (!startsSentence(text, starts[s]!)) continue;
    if (s === i || (chunkEnd - starts[s]!) / perToken < budget / 2) break;
    const fromSentence = tokensFrom(s);
    if (fromSentence * 2 >= budget) return { start: starts[s]!, tokens: fromSentence };
    break;
  }
  return { start: starts[i]!, tokens };
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

function hasNewline(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (text.charCodeAt(i) === 10) return true;
  return false;
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
