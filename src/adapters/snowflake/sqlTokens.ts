/**
 * A small lexer for Snowflake SQL text: enough to tell strings ('…' with `''` and backslash
 * escapes, $$…$$), quoted identifiers ("…"), comments (--, //, /* *\/) and bind markers
 * apart from everything else. The connection uses it to turn kiln's `$1` placeholders into
 * Snowflake's `:1` and to split a text of several statements; the test emulator uses it to
 * fold unquoted identifiers to upper case as Snowflake does.
 */

export type TokenKind = 'space' | 'comment' | 'string' | 'dollarString' | 'quoted' | 'word' | 'number' | 'bind' | 'placeholder' | 'symbol';

export interface Token {
  kind: TokenKind;
  text: string;
}

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
const TWO_CHAR_SYMBOLS = new Set(['::', '||', '<=', '>=', '<>', '!=', '=>', '->']);

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, end: number) => {
    tokens.push({ kind, text: sql.slice(i, end) });
    i = end;
  };
  while (i < sql.length) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (/\s/.test(c)) {
      let end = i + 1;
      while (end < sql.length && /\s/.test(sql[end]!)) end++;
      push('space', end);
    } else if ((c === '-' && next === '-') || (c === '/' && next === '/')) {
      const end = sql.indexOf('\n', i);
      push('comment', end === -1 ? sql.length : end);
    } else if (c === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      push('comment', end === -1 ? sql.length : end + 2);
    } else if (c === "'") {
      let end = i + 1;
      while (end < sql.length) {
        if (sql[end] === '\\') end += 2;
        else if (sql[end] === "'" && sql[end + 1] === "'") end += 2;
        else if (sql[end] === "'") break;
        else end++;
      }
      push('string', Math.min(end + 1, sql.length));
    } else if (c === '$' && next === '$') {
      const end = sql.indexOf('$$', i + 2);
      push('dollarString', end === -1 ? sql.length : end + 2);
    } else if (c === '"') {
      let end = i + 1;
      while (end < sql.length) {
        if (sql[end] === '"' && sql[end + 1] === '"') end += 2;
        else if (sql[end] === '"') break;
        else end++;
      }
      push('quoted', Math.min(end + 1, sql.length));
    } else if (c === '$' && next !== undefined && /\d/.test(next)) {
      let end = i + 1;
      while (end < sql.length && /\d/.test(sql[end]!)) end++;
      push('placeholder', end);
    } else if (c === ':' && next !== undefined && /\d/.test(next) && tokens[tokens.length - 1]?.text !== ':') {
      let end = i + 1;
      while (end < sql.length && /\d/.test(sql[end]!)) end++;
      push('bind', end);
    } else if (c === '?') {
      push('bind', i + 1);
    } else if (WORD_START.test(c)) {
      let end = i + 1;
      while (end < sql.length && WORD_PART.test(sql[end]!)) end++;
      push('word', end);
    } else if (/\d/.test(c) || (c === '.' && next !== undefined && /\d/.test(next))) {
      let end = i + 1;
      while (end < sql.length && /[\d.]/.test(sql[end]!)) end++;
      if (/[eE]/.test(sql[end] ?? '') && /[\d+-]/.test(sql[end + 1] ?? '')) {
        end += 2;
        while (end < sql.length && /\d/.test(sql[end]!)) end++;
      }
      push('number', end);
    } else if (TWO_CHAR_SYMBOLS.has(c + (next ?? ''))) {
      push('symbol', i + 2);
    } else {
      push('symbol', i + 1);
    }
  }
  return tokens;
}

/** The text of several statements split at top-level semicolons; empty statements are dropped. */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current = '';
  let meaningful = false;
  for (const token of tokenize(sql)) {
    if (token.kind === 'symbol' && token.text === ';') {
      if (meaningful) statements.push(current.trim());
      current = '';
      meaningful = false;
      continue;
    }
    current += token.text;
    if (token.kind !== 'space' && token.kind !== 'comment') meaningful = true;
  }
  if (meaningful) statements.push(current.trim());
  return statements;
}

/** kiln's `$1` placeholders as Snowflake's `:1` binds (strings, identifiers and comments untouched). */
export function placeholdersToBinds(sql: string): string {
  if (!sql.includes('$')) return sql;
  return tokenize(sql)
    .map((token) => (token.kind === 'placeholder' ? `:${token.text.slice(1)}` : token.text))
    .join('');
}

/**
 * The table a `CREATE [OR REPLACE] [TRANSIENT|TEMPORARY] TABLE name … AS …` statement fills, as
 * written (`"DB"."S"."T"`), or undefined for any other statement.
 */
export function createdTableName(sql: string): string | undefined {
  const tokens = tokenize(sql).filter((t) => t.kind !== 'space' && t.kind !== 'comment');
  const word = (i: number) => (tokens[i]?.kind === 'word' ? tokens[i]!.text.toUpperCase() : undefined);
  let i = 0;
  if (word(i++) !== 'CREATE') return undefined;
  if (word(i) === 'OR' && word(i + 1) === 'REPLACE') i += 2;
  while (['TRANSIENT', 'TEMPORARY', 'TEMP', 'LOCAL', 'GLOBAL', 'VOLATILE'].includes(word(i) ?? '')) i++;
  if (word(i++) !== 'TABLE') return undefined;
  if (word(i) === 'IF' && word(i + 1) === 'NOT' && word(i + 2) === 'EXISTS') i += 3;
  const parts: string[] = [];
  for (;;) {
    const token = tokens[i];
    if (!token || (token.kind !== 'word' && token.kind !== 'quoted')) return undefined;
    parts.push(token.text);
    if (tokens[i + 1]?.text !== '.') break;
    i += 2;
  }
  // Only a CREATE … AS (a query fills it): a column list or a CLONE makes no rows to count.
  const rest = tokens.slice(i + 1).map((t) => (t.kind === 'word' ? t.text.toUpperCase() : t.text));
  const as = rest.indexOf('AS');
  if (as === -1 || rest.slice(0, as).includes('(')) return undefined;
  return parts.join('.');
}
