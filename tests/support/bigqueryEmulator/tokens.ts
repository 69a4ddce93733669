/**
 * A GoogleSQL tokenizer for the emulator: strings in every form BigQuery writes them
 * ('…', "…", triple-quoted, r'…' raw, b'…' bytes) decoded to their text, backtick names
 * unescaped, `#`, `--` and block comments, @params, ? placeholders, numbers and operators.
 */
export type TokenKind = 'ws' | 'comment' | 'string' | 'bytes' | 'qident' | 'word' | 'number' | 'param' | 'qmark' | 'op';

export interface Token {
  kind: TokenKind;
  /** Source text (for strings: the decoded value; for qident: the unescaped name; for param: the name). */
  text: string;
  /** Offset in the source, for error locations. */
  at: number;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', a: '\x07', '0': '\0', '\\': '\\', "'": "'", '"': '"', '`': '`', '?': '?' };

function unescape(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/gs, (_, e: string) => {
    if (e[0] === 'x' && e.length === 3) return String.fromCharCode(parseInt(e.slice(1), 16));
    if ((e[0] === 'u' || e[0] === 'U') && e.length > 1) return String.fromCodePoint(parseInt(e.slice(1), 16));
    if (/^[0-7]{3}$/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return ESCAPES[e] ?? e;
  });
}

export class SqlSyntaxError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, text: string, at: number) => tokens.push({ kind, text, at });
  while (i < sql.length) {
    const c = sql[i]!;
    const at = i;
    if (/\s/.test(c)) {
      let j = i;
      while (j < sql.length && /\s/.test(sql[j]!)) j++;
      push('ws', sql.slice(i, j), at);
      i = j;
    } else if (c === '#' || (c === '-' && sql[i + 1] === '-')) {
      let j = sql.indexOf('\n', i);
      if (j < 0) j = sql.length;
      push('comment', sql.slice(i, j), at);
      i = j;
    } else if (c === '/' && sql[i + 1] === '*') {
      const j = sql.indexOf('*/', i + 2);
      if (j < 0) throw new SqlSyntaxError('Unclosed comment', at);
      push('comment', sql.slice(i, j + 2), at);
      i = j + 2;
    } else if (/[rRbB]/.test(c) && /['"]/.test(sql[i + 1] ?? '') || /^(rb|br)['"]/i.test(sql.slice(i, i + 3))) {
      const prefix = /^[rRbB]{1,2}/.exec(sql.slice(i))![0].toLowerCase();
      const { value, end } = readString(sql, i + prefix.length, prefix.includes('r'));
      push(prefix.includes('b') ? 'bytes' : 'string', value, at);
      i = end;
    } else if (c === "'" || c === '"') {
      const { value, end } = readString(sql, i, false);
      push('string', value, at);
      i = end;
    } else if (c === '`') {
      let j = i + 1;
      let name = '';
      while (j < sql.length && sql[j] !== '`') {
        if (sql[j] === '\\') {
          name += unescape(sql.slice(j, j + 2));
          j += 2;
        } else name += sql[j++];
      }
      if (j >= sql.length) throw new SqlSyntaxError('Unclosed identifier literal', at);
      push('qident', name, at);
      i = j + 1;
    } else if (c === '@' && sql[i + 1] === '@') {
      const m = /^@@[\w.]+/.exec(sql.slice(i))!;
      push('word', m[0], at);
      i += m[0].length;
    } else if (c === '@') {
      const m = /^@(`[^`]+`|\w+)/.exec(sql.slice(i));
      if (!m) throw new SqlSyntaxError('Unexpected "@"', at);
      push('param', m[1]!.replace(/`/g, ''), at);
      i += m[0].length;
    } else if (c === '?') {
      push('qmark', '?', at);
      i++;
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
      const m = /^(0[xX][0-9a-fA-F]+|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)/.exec(sql.slice(i))!;
      push('number', m[0], at);
      i += m[0].length;
    } else if (/[A-Za-z_\u00C0-\uFFFF]/.test(c)) {
      const m = /^[\w\u00C0-\uFFFF]+/.exec(sql.slice(i))!;
      push('word', m[0], at);
      i += m[0].length;
    } else {
      const m = /^(::|<=|>=|<>|!=|\|\||<<|>>|=>|->)/.exec(sql.slice(i, i + 2));
      const op = m ? m[0] : c;
      push('op', op, at);
      i += op.length;
    }
  }
  return tokens;
}

function readString(sql: string, start: number, raw: boolean): { value: string; end: number } {
  const quote = sql[start]!;
  const triple = sql.slice(start, start + 3) === quote.repeat(3);
  const close = triple ? quote.repeat(3) : quote;
  let j = start + close.length;
  while (j < sql.length) {
    if (sql[j] === '\\') j += 2;
    else if (sql.startsWith(close, j)) break;
    else if (!triple && sql[j] === '\n') throw new SqlSyntaxError('Unclosed string literal', start);
    else j++;
  }
  if (j >= sql.length) throw new SqlSyntaxError('Unclosed string literal', start);
  const body = sql.slice(start + close.length, j);
  return { value: raw ? body : unescape(body), end: j + close.length };
}

/** Line and column (1-based) of an offset, as BigQuery's `at [l:c]`. */
export function lineColumn(sql: string, offset: number): string {
  const before = sql.slice(0, offset).split('\n');
  return `${before.length}:${before[before.length - 1]!.length + 1}`;
}

export const isWord = (token: Token | undefined, ...words: string[]): boolean => token?.kind === 'word' && words.includes(token.text.toUpperCase());
export const isOp = (token: Token | undefined, op: string): boolean => token?.kind === 'op' && token.text === op;

/** Statements of a script, split on top-level semicolons (ws/comments dropped at the ends). */
export function splitStatements(tokens: Token[]): Token[][] {
  const statements: Token[][] = [];
  let current: Token[] = [];
  let depth = 0;
  for (const t of tokens) {
    if (isOp(t, '(')) depth++;
    if (isOp(t, ')')) depth--;
    if (depth === 0 && isOp(t, ';')) {
      if (current.some((x) => x.kind !== 'ws' && x.kind !== 'comment')) statements.push(current);
      current = [];
      continue;
    }
    current.push(t);
  }
  if (current.some((x) => x.kind !== 'ws' && x.kind !== 'comment')) statements.push(current);
  return statements;
}
