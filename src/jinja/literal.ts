/**
 * A reader for the Python-style literals that appear in `ref()`, `source()` and
 * `config()` calls: strings, numbers, True/False/None, lists, tuples, dicts, and
 * keyword arguments. Anything else makes it give up (returns undefined), and the
 * caller falls back to rendering the template.
 */

export interface CallArguments {
  args: unknown[];
  kwargs: Record<string, unknown>;
}

class GiveUp extends Error {}

class LiteralReader {
  private pos = 0;
  constructor(private readonly text: string) {}

  private skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }
  private peek(): string {
    this.skipSpace();
    return this.text[this.pos] ?? '';
  }
  private expect(ch: string): void {
    if (this.peek() !== ch) throw new GiveUp();
    this.pos++;
  }
  atEnd(): boolean {
    return this.peek() === '';
  }

  value(): unknown {
    const ch = this.peek();
    if (ch === "'" || ch === '"') return this.string();
    if (ch === '[') return this.sequence('[', ']');
    if (ch === '(') return this.sequence('(', ')');
    if (ch === '{') return this.dict();
    const word = /^(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|True|False|None|true|false|none)\b/.exec(this.text.slice(this.pos));
    if (!word) throw new GiveUp();
    this.pos += word[0].length;
    const w = word[0];
    if (w === 'True' || w === 'true') return true;
    if (w === 'False' || w === 'false') return false;
    if (w === 'None' || w === 'none') return null;
    return Number(w);
  }

  private string(): string {
    const quote = this.text[this.pos]!;
    this.pos++;
    let out = '';
    while (this.pos < this.text.length) {
      const ch = this.text[this.pos++]!;
      if (ch === quote) {
        // Adjacent literals concatenate, as in Python.
        const next = this.peek();
        if (next === "'" || next === '"') return out + this.string();
        return out;
      }
      if (ch === '\\') {
        const esc = this.text[this.pos++];
        out += esc === 'n' ? '\n' : esc === 't' ? '\t' : esc ?? '';
      } else out += ch;
    }
    throw new GiveUp();
  }

  private sequence(open: string, close: string): unknown[] {
    this.expect(open);
    const items: unknown[] = [];
    while (this.peek() !== close) {
      items.push(this.value());
      if (this.peek() === ',') this.pos++;
      else break;
    }
    this.expect(close);
    return items;
  }

  private dict(): Record<string, unknown> {
    this.expect('{');
    const out: Record<string, unknown> = {};
    while (this.peek() !== '}') {
      const key = this.value();
      if (typeof key !== 'string' && typeof key !== 'number') throw new GiveUp();
      this.expect(':');
      out[String(key)] = this.value();
      if (this.peek() === ',') this.pos++;
      else break;
    }
    this.expect('}');
    return out;
  }

  /** `a, 'b', key=value, …` up to the end of the text. */
  callArguments(): CallArguments {
    const args: unknown[] = [];
    const kwargs: Record<string, unknown> = {};
    while (!this.atEnd()) {
      this.skipSpace();
      const kw = /^([A-Za-z_]\w*)\s*=(?!=)/.exec(this.text.slice(this.pos));
      if (kw) {
        this.pos += kw[0].length;
        kwargs[kw[1]!] = this.value();
      } else {
        if (Object.keys(kwargs).length) throw new GiveUp();
        args.push(this.value());
      }
      if (this.peek() === ',') this.pos++;
      else if (!this.atEnd()) throw new GiveUp();
    }
    return { args, kwargs };
  }
}

/** The arguments of a call whose arguments are all literals, or undefined. */
export function readLiteralArguments(text: string): CallArguments | undefined {
  try {
    return new LiteralReader(text).callArguments();
  } catch (error) {
    if (error instanceof GiveUp) return undefined;
    throw error;
  }
}
