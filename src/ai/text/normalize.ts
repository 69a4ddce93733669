/**
 * Text made comparable and fit to train on: Unicode compatibility forms folded (NFKC),
 * invisible characters dropped, whitespace collapsed; and HTML turned into the text a reader
 * sees, with headings, list items and preformatted blocks kept as Markdown so the chunker can
 * still split on them (and does not take a `#` comment in a code block for a heading).
 */

// Zero-width and bidi-format characters, soft hyphens, BOMs, and C0/C1 controls other than
// tab and newline: invisible to a reader, but they split words for a tokenizer or a hash.
const INVISIBLE = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]/g;

export function normalizeText(text: string): string {
  return (
    text
      // Line breaks first: \v, \f (page breaks in extracted PDFs) and the Unicode separators
      // end a line, they must not glue two words together when controls are dropped.
      .replace(/\r\n?|[\v\f\u0085\u2028\u2029]/g, '\n')
      .normalize('NFKC')
      .replace(INVISIBLE, '')
      // NFKC has already folded most Unicode spaces to U+0020; \p{Zs} catches the rest.
      .replace(/[\t\p{Zs}]+/gu, ' ')
      .replace(/ +\n/g, '\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
  );
}

const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00A0',
  ndash: '–', mdash: '—', hellip: '…', copy: '©', reg: '®', trade: '™', deg: '°', middot: '·', bull: '•',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«', raquo: '»', euro: '€', pound: '£', yen: '¥', cent: '¢', times: '×',
};

/** `&amp;`, `&#39;`, `&#x27;` and the common named entities; anything unknown is left as written. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(?:#[xX]([0-9a-fA-F]{1,6})|#([0-9]{1,7})|([a-zA-Z]{2,8}));/g, (whole, hex?: string, dec?: string, name?: string) => {
    if (name !== undefined) return NAMED[name] ?? NAMED[name.toLowerCase()] ?? whole;
    const code = hex !== undefined ? parseInt(hex, 16) : parseInt(dec!, 10);
    // NUL, lone surrogates and out-of-range code points are what HTML parsers turn into U+FFFD.
    return code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? '\uFFFD' : String.fromCodePoint(code);
  });
}

// Elements whose content is not text a reader sees.
const HIDDEN = new Set(['script', 'style', 'noscript', 'template', 'head', 'svg', 'math', 'object', 'iframe', 'canvas']);
// Elements that start and end a paragraph.
const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'center', 'details', 'dialog', 'dir', 'div', 'dl', 'fieldset',
  'figcaption', 'figure', 'footer', 'form', 'frameset', 'header', 'hgroup', 'hr', 'html', 'legend', 'main', 'menu', 'nav', 'ol',
  'p', 'search', 'section', 'summary', 'table', 'tbody', 'tfoot', 'thead', 'ul',
]);
// Elements that end a line.
const LINE = new Set(['dt', 'dd', 'option']);
// Every other HTML element: dropped, its text kept. A `<word>` that is not an element name
// (`List<String>`, `a <b and c> d` aside) is text, not markup.
const INLINE = new Set([
  'a', 'abbr', 'acronym', 'area', 'img', 'label', 'audio', 'b', 'base', 'basefont', 'bdi', 'bdo', 'big', 'button', 'cite', 'code', 'col',
  'colgroup', 'data', 'datalist', 'del', 'dfn', 'em', 'embed', 'font', 'frame', 'i', 'input', 'ins', 'kbd', 'link', 'map',
  'mark', 'meta', 'meter', 'nobr', 'noframes', 'optgroup', 'output', 'param', 'picture', 'progress', 'q', 'rp', 'rt', 'ruby',
  's', 'samp', 'select', 'slot', 'small', 'source', 'span', 'strike', 'strong', 'sub', 'sup', 'textarea', 'time', 'title',
  'track', 'tt', 'u', 'var', 'video', 'wbr', 'marquee', 'applet',
]);
const isElement = (name: string) =>
  BLOCK.has(name) || LINE.has(name) || INLINE.has(name) || HIDDEN.has(name) || /^(?:h[1-6]|li|br|pre|tr|td|th)$/.test(name) || /[-:]/.test(name);

// A comment, CDATA, a doctype or processing instruction, or a start/end tag (attributes may
// quote `>`). An unquoted `<` ends a would-be tag, so text full of `<` is scanned in linear time.
const MARKUP = /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[([\s\S]*?)(?:\]\]>|$)|<[!?][^<>]*>|<(\/?)([A-Za-z][\w:-]*)((?:[^<>"']|"[^"]*"|'[^']*')*)>/g;

/**
 * The visible text of an HTML fragment or page. Source whitespace collapses as a browser
 * collapses it; paragraphs become blank-line separated, `h1`–`h6` become `#` lines, `li`
 * become `- ` items (indented when nested), `pre` becomes a fenced block, table cells are
 * joined by ` | `. Text without any markup comes back as it was, entities decoded.
 */
export function stripHtml(html: string): string {
  if (!html.includes('<')) return decodeEntities(html);
  const out = new Output();
  let sawMarkup = false;
  let pre = 0;
  let lists = 0;
  let cell = 0;
  let heading = false;
  let last = 0;
  let preStart = false;
  const text = (raw: string) => {
    if (!pre) return out.text(decodeEntities(raw));
    // As in a browser, a newline right after `<pre>` is not part of its content.
    if (preStart && raw.startsWith('\n')) raw = raw.slice(1);
    else if (preStart && raw.startsWith('\r\n')) raw = raw.slice(2);
    preStart = false;
    out.raw(decodeEntities(raw));
  };
  MARKUP.lastIndex = 0;
  for (let match = MARKUP.exec(html); match; match = MARKUP.exec(html)) {
    const [whole, cdata, closing, rawName] = match;
    const name = rawName?.toLowerCase();
    if (name !== undefined && !isElement(name)) continue; // text: emitted with what follows
    if (match.index > last) text(html.slice(last, match.index));
    last = match.index + whole.length;
    sawMarkup = true;
    if (cdata !== undefined) text(cdata);
    if (name === undefined) continue;
    if (HIDDEN.has(name)) {
      if (!closing && !/\/\s*$/.test(match[4] ?? '')) {
        // Skip to the matching end tag (raw text: whatever looks like a tag inside is not one).
        const end = new RegExp(`</${name}\\s*>`, 'ig');
        end.lastIndex = last;
        const found = end.exec(html);
        last = found ? found.index + found[0].length : html.length;
        MARKUP.lastIndex = last;
      }
      continue;
    }
    const level = /^h([1-6])$/.exec(name)?.[1];
    if (level) {
      out.newBlock(2);
      if (!closing) out.prefix(`${'#'.repeat(Number(level))} `);
      heading = !closing;
    } else if (name === 'li') {
      if (!closing) {
        out.newBlock(1);
        out.prefix(`${'  '.repeat(Math.max(0, lists - 1))}- `);
      }
    } else if (name === 'br') {
      if (heading) out.text(' ');
      else if (pre) out.raw('\n');
      else out.lineBreak();
    } else if (name === 'pre') {
      out.newBlock(2);
      if (!closing) {
        if (pre++ === 0) out.raw('```\n');
        preStart = true;
      } else if (pre > 0 && --pre === 0) {
        out.endPre();
      }
    } else if (name === 'td' || name === 'th') {
      if (!closing && cell++ > 0) out.text(' | ');
    } else if (name === 'tr') {
      out.newBlock(1);
      cell = 0;
    } else if (BLOCK.has(name)) {
      if (name === 'ul' || name === 'ol' || name === 'menu' || name === 'dir') lists = Math.max(0, lists + (closing ? -1 : 1));
      // A nested list is part of its item: a line break around it, not a paragraph break.
      // So is a paragraph inside a list item.
      const isList = name === 'ul' || name === 'ol' || name === 'menu' || name === 'dir';
      out.newBlock((isList ? (closing ? lists > 0 : lists > 1) : lists > 0) ? 1 : 2);
    } else if (LINE.has(name)) {
      out.newBlock(1);
    }
  }
  if (!sawMarkup) return decodeEntities(html);
  if (last < html.length) text(html.slice(last));
  if (pre > 0) out.endPre();
  return out.done();
}

/** Builds the text: breaks asked for between blocks are held until more text comes, so none dangle. */
class Output {
  private parts: string[] = [];
  private pendingBreak = 0;
  /** The last part ends a line (or nothing is written yet): leading spaces are dropped. */
  private atLineStart = true;
  /** A list marker or heading prefix was just written: the block inside it must not break the line. */
  private afterPrefix = false;

  text(value: string): void {
    let collapsed = value.replace(/\s+/g, ' ');
    if (collapsed === ' ' || collapsed === '') {
      if (collapsed && !this.atLineStart && !this.pendingBreak) this.push(' ');
      return;
    }
    if (this.pendingBreak) this.flushBreak();
    if (this.atLineStart && collapsed.startsWith(' ')) collapsed = collapsed.slice(1);
    if (collapsed.startsWith(' ') && this.endsWithSpace()) collapsed = collapsed.slice(1);
    this.push(collapsed);
  }

  raw(value: string): void {
    if (this.pendingBreak) this.flushBreak();
    this.push(value.replace(/\r\n?/g, '\n'));
  }

  prefix(value: string): void {
    this.flushBreak();
    this.push(value);
    this.atLineStart = true;
    this.afterPrefix = true;
  }

  newBlock(lines: 1 | 2): void {
    if (this.afterPrefix) return;
    this.trimTrailingSpace();
    if (this.parts.length) this.pendingBreak = Math.max(this.pendingBreak, lines);
  }

  lineBreak(): void {
    if (this.afterPrefix) return;
    this.trimTrailingSpace();
    this.flushBreak();
    this.push('\n');
    this.atLineStart = true;
  }

  endPre(): void {
    this.pendingBreak = 0;
    const last = this.parts.length ? this.parts[this.parts.length - 1]! : '';
    this.push(last.endsWith('\n') ? '```' : '\n```');
    this.pendingBreak = 2;
  }

  done(): string {
    return this.parts.join('').replace(/[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n').trim();
  }

  private push(value: string): void {
    if (!value) return;
    this.parts.push(value);
    this.atLineStart = value.endsWith('\n');
    this.afterPrefix = false;
  }

  private flushBreak(): void {
    if (this.pendingBreak && this.parts.length) {
      this.parts.push('\n'.repeat(this.pendingBreak));
      this.atLineStart = true;
    }
    this.pendingBreak = 0;
  }

  private endsWithSpace(): boolean {
    const last = this.parts[this.parts.length - 1];
    return last !== undefined && /\s$/.test(last);
  }

  private trimTrailingSpace(): void {
    const i = this.parts.length - 1;
    if (i >= 0 && / $/.test(this.parts[i]!)) this.parts[i] = this.parts[i]!.replace(/ +$/, '');
  }
}
