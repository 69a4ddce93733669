/**
 * GoogleSQL → DuckDB SQL, token by token, for the emulator: backtick paths become
 * double-quoted ones, strings single-quoted, GoogleSQL's type names DuckDB's, query parameters
 * typed literals, and the functions whose names or arguments differ are rewritten (date parts
 * as bare words, `date_diff(a, b, DAY)`, `SAFE_CAST`, `[OFFSET(i)]`, `* EXCEPT`, …). Clauses
 * DuckDB has no use for (PARTITION BY, CLUSTER BY, OPTIONS of a CREATE) are dropped.
 * INFORMATION_SCHEMA and __TABLES__ become the emulator's table macros (functions.ts).
 */
import { isOp, isWord, SqlSyntaxError, type Token } from './tokens.js';

export interface QueryParameter {
  name?: string;
  parameterType: ParamType;
  parameterValue?: ParamValue;
}
interface ParamType {
  type: string;
  arrayType?: ParamType;
  structTypes?: { name: string; type: ParamType }[];
}
interface ParamValue {
  value?: string | null;
  arrayValues?: ParamValue[];
  structValues?: Record<string, ParamValue>;
}

export interface TranslateContext {
  params: QueryParameter[];
  /** The project a dataset-only path (`dataset.INFORMATION_SCHEMA.X`) belongs to. */
  project: string;
  /** Next positional parameter. */
  position: number;
}

const SCALAR_TYPES: Record<string, string> = {
  INT64: 'BIGINT', INTEGER: 'BIGINT', INT: 'BIGINT', SMALLINT: 'BIGINT', BIGINT: 'BIGINT', TINYINT: 'BIGINT', BYTEINT: 'BIGINT',
  FLOAT64: 'DOUBLE', FLOAT: 'DOUBLE', STRING: 'VARCHAR', BOOL: 'BOOLEAN', BOOLEAN: 'BOOLEAN', NUMERIC: 'DECIMAL(38,9)', DECIMAL: 'DECIMAL(38,9)',
  BIGNUMERIC: 'DECIMAL(38,9)', BIGDECIMAL: 'DECIMAL(38,9)', BYTES: 'BLOB', DATETIME: 'TIMESTAMP', TIMESTAMP: 'TIMESTAMP', DATE: 'DATE', TIME: 'TIME', JSON: 'JSON', INTERVAL: 'INTERVAL', GEOGRAPHY: 'VARCHAR',
};

const DATE_PARTS = new Set(['MICROSECOND', 'MILLISECOND', 'SECOND', 'MINUTE', 'HOUR', 'DAY', 'DAYOFWEEK', 'DAYOFYEAR', 'WEEK', 'ISOWEEK', 'MONTH', 'QUARTER', 'YEAR', 'ISOYEAR', 'DATE', 'TIME', 'DATETIME']);

export function quoteName(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function stringLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A GoogleSQL parameter type as a DuckDB type name. */
export function duckTypeOf(type: ParamType): string {
  if (type.type === 'ARRAY') return `${duckTypeOf(type.arrayType!)}[]`;
  if (type.type === 'STRUCT') return `STRUCT(${(type.structTypes ?? []).map((f) => `${quoteName(f.name)} ${duckTypeOf(f.type)}`).join(', ')})`;
  return SCALAR_TYPES[type.type] ?? type.type;
}

/** A bound parameter as a typed DuckDB literal (the emulator's way of binding it). */
export function parameterLiteral(type: ParamType, value: ParamValue | undefined): string {
  const duck = duckTypeOf(type);
  if (type.type === 'ARRAY') {
    if (!value?.arrayValues) return value?.value === null || !value ? `CAST(NULL AS ${duck})` : `CAST([] AS ${duck})`;
    return `CAST([${value.arrayValues.map((v) => parameterLiteral(type.arrayType!, v)).join(', ')}] AS ${duck})`;
  }
  if (type.type === 'STRUCT') {
    if (!value?.structValues) return `CAST(NULL AS ${duck})`;
    return `struct_pack(${(type.structTypes ?? []).map((f) => `${quoteName(f.name)} := ${parameterLiteral(f.type, value.structValues![f.name])}`).join(', ')})`;
  }
  const raw = value?.value as unknown;
  if (raw === null || raw === undefined) return `CAST(NULL AS ${duck})`;
  const text = String(raw);
  if (type.type === 'BOOL') return text.toLowerCase() === 'true' ? 'TRUE' : 'FALSE';
  if (type.type === 'BYTES') return `from_base64(${stringLiteral(text)})`;
  if (type.type === 'STRING') return stringLiteral(text);
  return `CAST(${stringLiteral(text)} AS ${duck})`;
}

/** Index of the next non-whitespace, non-comment token at or after `i`. */
function next(tokens: Token[], i: number): number {
  while (i < tokens.length && (tokens[i]!.kind === 'ws' || tokens[i]!.kind === 'comment')) i++;
  return i;
}

function previous(tokens: Token[], i: number): number {
  i--;
  while (i >= 0 && (tokens[i]!.kind === 'ws' || tokens[i]!.kind === 'comment')) i--;
  return i;
}

/** Index of the bracket closing the one at `open`. */
function closing(tokens: Token[], open: number, pair: [string, string] = ['(', ')']): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (isOp(tokens[i], pair[0])) depth++;
    else if (isOp(tokens[i], pair[1])) {
      depth--;
      if (depth === 0) return i;
    }
  }
  throw new SqlSyntaxError(`Syntax error: Unclosed "${pair[0]}"`, tokens[open]!.at);
}

/** Top-level comma-separated ranges between `from` and `to` (exclusive). */
function splitArgs(tokens: Token[], from: number, to: number): [number, number][] {
  const args: [number, number][] = [];
  let depth = 0;
  let start = from;
  for (let i = from; i < to; i++) {
    const t = tokens[i]!;
    if (isOp(t, '(') || isOp(t, '[')) depth++;
    else if (isOp(t, ')') || isOp(t, ']')) depth--;
    else if (depth === 0 && isOp(t, ',')) {
      args.push([start, i]);
      start = i + 1;
    }
  }
  if (next(tokens, start) < to || args.length) args.push([start, to]);
  return args;
}

export function translate(tokens: Token[], ctx: TranslateContext): string {
  return new Translator(tokens, ctx).range(0, tokens.length);
}

class Translator {
  constructor(
    private readonly t: Token[],
    private readonly ctx: TranslateContext,
  ) {}

  range(from: number, to: number): string {
    let out = '';
    for (let i = from; i < to; ) {
      const [text, end] = this.one(i, to);
      out += text;
      i = end;
    }
    return out;
  }

  private word(i: number): string {
    return this.t[i]?.kind === 'word' ? this.t[i]!.text.toUpperCase() : '';
  }

  private arg(range: [number, number]): string {
    return this.range(range[0], range[1]).trim();
  }

  /** Translate the construct starting at `i`; returns its text and where the next one starts. */
  private one(i: number, to: number): [string, number] {
    const t = this.t[i]!;
    switch (t.kind) {
      case 'ws':
        return [t.text, i + 1];
      case 'comment':
        return [t.text.startsWith('#') ? `--${t.text.slice(1)}` : t.text, i + 1];
      case 'string':
        return [stringLiteral(t.text), i + 1];
      case 'bytes':
        return [`encode(${stringLiteral(t.text)})`, i + 1];
      case 'number':
        return [t.text, i + 1];
      case 'param': {
        const param = this.ctx.params.find((p) => p.name === t.text) ?? this.ctx.params.find((p) => p.name?.toLowerCase() === t.text.toLowerCase());
        if (!param) throw new SqlSyntaxError(`Query parameter '${t.text}' not found`, t.at);
        return [parameterLiteral(param.parameterType, param.parameterValue), i + 1];
      }
      case 'qmark': {
        const param = this.ctx.params[this.ctx.position++];
        if (!param) throw new SqlSyntaxError('Not enough positional query parameters', t.at);
        return [parameterLiteral(param.parameterType, param.parameterValue), i + 1];
      }
      case 'op':
        return this.op(i, to);
      case 'qident':
      case 'word':
        return this.name(i, to);
    }
  }

  private op(i: number, to: number): [string, number] {
    const t = this.t[i]!;
    // expr[OFFSET(i)] / [SAFE_OFFSET(i)] / [ORDINAL(i)]: DuckDB lists are 1-based and give NULL out of range.
    if (t.text === '[') {
      const inner = next(this.t, i + 1);
      const kind = this.word(inner);
      if (['OFFSET', 'SAFE_OFFSET', 'ORDINAL', 'SAFE_ORDINAL'].includes(kind) && isOp(this.t[next(this.t, inner + 1)], '(')) {
        const open = next(this.t, inner + 1);
        const close = closing(this.t, open);
        const end = closing(this.t, i, ['[', ']']);
        const index = this.range(open + 1, close).trim();
        return [kind.endsWith('OFFSET') ? `[(${index}) + 1]` : `[${index}]`, end + 1];
      }
    }
    // SELECT * EXCEPT (…) → * EXCLUDE (…)
    if (t.text === '*') {
      const after = next(this.t, i + 1);
      if (this.word(after) === 'EXCEPT' && isOp(this.t[next(this.t, after + 1)], '(')) return ['* EXCLUDE', after + 1];
    }
    return [t.text, i + 1];
  }

  /** A name: a keyword, a type, a function call or a (possibly dotted) path. */
  private name(i: number, to: number): [string, number] {
    const parts: Token[] = [this.t[i]!];
    let end = i + 1;
    // A path a.b.c (no spaces around the dots; BigQuery allows `a.b.c` in one pair of backticks).
    while (isOp(this.t[end], '.') && (this.t[end + 1]?.kind === 'word' || this.t[end + 1]?.kind === 'qident')) {
      parts.push(this.t[end + 1]!);
      end += 2;
    }
    const names = parts.flatMap((p) => (p.kind === 'qident' ? p.text.split('.') : [p.text]));
    const upper = names.map((n) => n.toUpperCase());
    const schemaAt = upper.indexOf('INFORMATION_SCHEMA');
    if (schemaAt >= 0) return [this.informationSchema(names, schemaAt, i), end];
    if (upper[upper.length - 1] === '__TABLES__') {
      const [project, dataset] = names.length >= 3 ? [names[0]!, names[1]!] : [this.ctx.project, names[0]!];
      return [`bq_tables_meta(${stringLiteral(project)}, ${stringLiteral(dataset)})`, end];
    }
    const after = next(this.t, end);
    // `CREATE TABLE t (…)`, `INSERT INTO t (…)`: a relation and its columns, not a call.
    const relationName = isWord(this.t[previous(this.t, i)], 'TABLE', 'INTO', 'VIEW', 'EXISTS', 'INSERT', 'MERGE', 'UPDATE');
    const call = isOp(this.t[after], '(') && parts.every((p) => p.kind === 'word') && !relationName;
    if (call) return this.call(names, i, after);
    if (parts.length === 1 && parts[0]!.kind === 'word') return this.keyword(i, to);
    // Backtick parts are quoted; plain words stay as written (DuckDB folds them as BigQuery does columns).
    const quoted = parts.some((p) => p.kind === 'qident');
    return [quoted ? names.map(quoteName).join('.') : names.join('.'), end];
  }

  private informationSchema(names: string[], at: number, i: number): string {
    const view = (names[at + 1] ?? '').toUpperCase();
    const scope = names.slice(0, at).filter((n) => !/^region-/i.test(n));
    const [project, dataset] = scope.length >= 2 ? [scope[0]!, scope[1]!] : scope.length === 1 ? [this.ctx.project, scope[0]!] : [this.ctx.project, ''];
    const macro = { TABLES: 'bq_info_tables', COLUMNS: 'bq_info_columns', VIEWS: 'bq_info_views', SCHEMATA: 'bq_info_schemata' }[view];
    if (!macro) throw new SqlSyntaxError(`INFORMATION_SCHEMA.${view} is not emulated`, this.t[i]!.at);
    return `${macro}(${stringLiteral(project)}, ${stringLiteral(dataset)})`;
  }

  /** A bare word: types, INTERVAL, IN UNNEST, DISTINCT set operations, CURRENT_*. */
  private keyword(i: number, to: number): [string, number] {
    const w = this.word(i);
    const after = next(this.t, i + 1);
    if (w === 'ARRAY' && isOp(this.t[after], '<')) {
      const [type, end] = this.type(i);
      const literal = next(this.t, end);
      if (isOp(this.t[literal], '[')) {
        const close = closing(this.t, literal, ['[', ']']);
        return [`CAST(${this.range(literal, close + 1)} AS ${type})`, close + 1];
      }
      return [type, end];
    }
    if (w === 'STRUCT' && isOp(this.t[after], '<')) return this.type(i);
    if (w === 'INTERVAL' && this.t[after]?.kind !== 'string') {
      // INTERVAL <expr> <PART>: DuckDB wants the expression in parentheses.
      let depth = 0;
      for (let j = after; j < to; j++) {
        if (isOp(this.t[j], '(')) depth++;
        if (isOp(this.t[j], ')')) depth--;
        if (depth === 0 && j > after && DATE_PARTS.has(this.word(j))) return [`(INTERVAL (${this.range(after, j).trim()}) ${this.word(j)})`, j + 1];
      }
    }
    if (w === 'IN' && this.word(after) === 'UNNEST') {
      const open = next(this.t, after + 1);
      const close = closing(this.t, open);
      return [`IN (SELECT UNNEST(${this.range(open + 1, close)}))`, close + 1];
    }
    if ((w === 'EXCEPT' || w === 'INTERSECT' || w === 'UNION') && this.word(after) === 'DISTINCT') return [w, after + 1];
    if (w === 'CURRENT_TIMESTAMP' || w === 'CURRENT_DATETIME') return ['CAST(now() AS TIMESTAMP)', i + 1];
    if (w === 'DELETE' && this.word(after) !== 'FROM') return ['DELETE FROM', i + 1];
    if (w === 'INSERT' && this.word(after) !== 'INTO') return ['INSERT INTO', i + 1];
    if (SCALAR_TYPES[w] && !['DATE', 'TIME', 'TIMESTAMP', 'INTERVAL', 'JSON'].includes(w) && this.isTypeContext(i)) return this.type(i);
    return [this.t[i]!.text, i + 1];
  }

  /** A type name after AS, in a column list, or in ARRAY<…>: not a column that happens to be called `string`. */
  private isTypeContext(i: number): boolean {
    const before = this.t[previous(this.t, i)];
    if (isWord(before, 'AS')) return true;
    if (before && (before.kind === 'word' || before.kind === 'qident') && !isWord(before, 'SELECT', 'BY', 'AND', 'OR', 'ON', 'WHERE', 'THEN', 'ELSE', 'WHEN', 'NOT', 'DISTINCT', 'FROM', 'JOIN', 'SET')) return true;
    return isOp(before, '<') || isOp(before, ',') && this.insideTypeList(i);
  }

  private insideTypeList(i: number): boolean {
    for (let j = i - 1, depth = 0; j >= 0; j--) {
      if (isOp(this.t[j], '>')) depth++;
      if (isOp(this.t[j], '<')) {
        if (depth === 0) return isWord(this.t[previous(this.t, j)], 'STRUCT', 'ARRAY');
        depth--;
      }
      if (isOp(this.t[j], '(') || isOp(this.t[j], ';')) return false;
    }
    return false;
  }

  /** ARRAY<T> → T[], STRUCT<a T, …> → STRUCT(a T, …), a scalar type → DuckDB's name. */
  private type(i: number): [string, number] {
    const w = this.word(i);
    const after = next(this.t, i + 1);
    if ((w === 'ARRAY' || w === 'STRUCT') && isOp(this.t[after], '<')) {
      let depth = 0;
      let close = after;
      for (; close < this.t.length; close++) {
        if (isOp(this.t[close], '<')) depth++;
        if (isOp(this.t[close], '>')) depth--;
        if (isOp(this.t[close], '>>')) depth -= 2;
        if (depth <= 0) break;
      }
      const innerEnd = isOp(this.t[close], '>>') && depth < 0 ? close : close;
      if (w === 'ARRAY') {
        const [inner] = this.type(next(this.t, after + 1));
        return [`${inner}[]`, innerEnd + 1];
      }
      const fields = splitArgs(this.t, after + 1, innerEnd).map(([a, b]) => {
        const nameAt = next(this.t, a);
        const [type] = this.type(next(this.t, nameAt + 1));
        return `${quoteName(this.t[nameAt]!.text)} ${type}`;
      });
      return [`STRUCT(${fields.join(', ')})`, innerEnd + 1];
    }
    const open = next(this.t, i + 1);
    // Parameterised types (STRING(10), NUMERIC(10, 2)) lose their parameters: DuckDB checks none of them.
    const end = isOp(this.t[open], '(') ? closing(this.t, open) + 1 : i + 1;
    return [SCALAR_TYPES[w] ?? this.t[i]!.text, end];
  }

  /** A function call `name(args)`; `open` is the index of its `(`. */
  private call(names: string[], at: number, open: number): [string, number] {
    const close = closing(this.t, open);
    const end = close + 1;
    const fn = names.map((n) => n.toUpperCase()).filter((n) => n !== 'SAFE').join('.');
    // STRING(10), NUMERIC(10, 2) as column or CAST types.
    if (names.length === 1 && SCALAR_TYPES[fn] && !['DATE', 'DATETIME', 'TIMESTAMP', 'TIME'].includes(fn) && this.isTypeContext(at)) return this.type(at);
    const ranges = splitArgs(this.t, open + 1, close);
    const args = () => ranges.map((r) => this.arg(r));
    const part = (k: number) => this.range(ranges[k]![0], ranges[k]![1]).trim().toLowerCase();
    const plain = (name: string) => [`${name}(${this.range(open + 1, close)})`, end] as [string, number];
    switch (fn) {
      case 'SAFE_CAST':
        return plain('TRY_CAST');
      case 'CAST':
        return plain('CAST');
      case 'DATE_DIFF':
      case 'DATETIME_DIFF':
      case 'TIMESTAMP_DIFF': {
        const [a, b] = args();
        return [`date_diff('${part(2)}', ${b}, ${a})`, end];
      }
      case 'DATE_TRUNC': {
        const [a] = args();
        return [`CAST(date_trunc('${part(1)}', ${a}) AS DATE)`, end];
      }
      case 'TIMESTAMP_TRUNC':
      case 'DATETIME_TRUNC': {
        const [a] = args();
        return [`CAST(date_trunc('${part(1)}', ${a}) AS TIMESTAMP)`, end];
      }
      case 'DATE_ADD':
      case 'DATE_SUB': {
        const [a, b] = args();
        return [`CAST((${a}) ${fn === 'DATE_ADD' ? '+' : '-'} ${b} AS DATE)`, end];
      }
      case 'DATETIME_ADD':
      case 'TIMESTAMP_ADD':
      case 'DATETIME_SUB':
      case 'TIMESTAMP_SUB': {
        const [a, b] = args();
        return [`CAST((${a}) ${fn.endsWith('ADD') ? '+' : '-'} ${b} AS TIMESTAMP)`, end];
      }
      case 'EXTRACT': {
        const text = this.range(open + 1, close).trim();
        const m = /^(\w+)\s+FROM\s+([\s\S]+)$/i.exec(text);
        if (m && m[1]!.toUpperCase() === 'DAYOFWEEK') return [`(extract(dow FROM ${m[2]}) + 1)`, end];
        if (m && m[1]!.toUpperCase() === 'DATE') return [`CAST(${m[2]} AS DATE)`, end];
        return plain('extract');
      }
      case 'DATE': {
        const a = args();
        return [a.length === 3 ? `make_date(${a.join(', ')})` : `CAST(${a[0]} AS DATE)`, end];
      }
      case 'DATETIME':
      case 'TIMESTAMP': {
        const a = args();
        return [a.length >= 3 ? `make_timestamp(${a.join(', ')})` : `CAST(${a[0]} AS TIMESTAMP)`, end];
      }
      case 'CURRENT_TIMESTAMP':
      case 'CURRENT_DATETIME':
        return ['CAST(now() AS TIMESTAMP)', end];
      case 'CURRENT_DATE':
        return ['current_date', end];
      case 'GENERATE_ARRAY':
        return plain('generate_series');
      case 'ARRAY_LENGTH':
        return plain('len');
      case 'ARRAY_CONCAT':
        return [args().reduce((acc, a) => `list_concat(${acc}, ${a})`), end];
      case 'SPLIT': {
        const a = args();
        return [`string_split(${a[0]}, ${a[1] ?? "','"})`, end];
      }
      case 'SAFE_DIVIDE': {
        const [a, b] = args();
        return [`(CASE WHEN (${b}) = 0 THEN NULL ELSE (${a}) / (${b}) END)`, end];
      }
      case 'IEEE_DIVIDE': {
        const [a, b] = args();
        return [`((${a}) / (${b}))`, end];
      }
      case 'DIV': {
        const [a, b] = args();
        return [`((${a}) // (${b}))`, end];
      }
      case 'LOG': {
        const a = args();
        return [a.length === 2 ? `(ln(${a[0]}) / ln(${a[1]}))` : `ln(${a[0]})`, end];
      }
      case 'LOGICAL_OR':
        return plain('bool_or');
      case 'LOGICAL_AND':
        return plain('bool_and');
      case 'COUNTIF':
        return plain('count_if');
      case 'REGEXP_CONTAINS':
        return plain('regexp_matches');
      case 'REGEXP_REPLACE':
        // GoogleSQL replaces every match.
        return [`regexp_replace(${args().join(', ')}, 'g')`, end];
      case 'JSON_VALUE_ARRAY':
        return [`CAST(json_extract_string(${args()[0]}, ${args()[1] ?? "'$'"} || '[*]') AS VARCHAR[])`, end];
      case 'JSON_QUERY_ARRAY':
        return [`CAST(json_extract(${args()[0]}, ${args()[1] ?? "'$'"} || '[*]') AS VARCHAR[])`, end];
      case 'MD5':
      case 'SHA256':
        return [`unhex(${fn.toLowerCase()}(${this.range(open + 1, close)}))`, end];
      case 'TO_HEX':
        return [`lower(hex(${this.range(open + 1, close)}))`, end];
      case 'FARM_FINGERPRINT':
        return [`CAST(hash(${this.range(open + 1, close)}) >> 1 AS BIGINT)`, end];
      case 'FORMAT':
        return plain('printf');
      case 'PARSE_DATE': {
        const [f, s] = args();
        return [`CAST(strptime(${s}, ${f}) AS DATE)`, end];
      }
      case 'PARSE_TIMESTAMP':
      case 'PARSE_DATETIME': {
        const [f, s] = args();
        return [`CAST(strptime(${s}, ${f}) AS TIMESTAMP)`, end];
      }
      case 'FORMAT_DATE':
      case 'FORMAT_TIMESTAMP':
      case 'FORMAT_DATETIME': {
        const [f, d] = args();
        return [`strftime(${d}, ${f})`, end];
      }
      case 'LAST_DAY':
        return [`last_day(${args()[0]})`, end];
      case 'JSON_EXTRACT_SCALAR':
      case 'JSON_VALUE':
        return plain('json_extract_string');
      case 'JSON_EXTRACT':
      case 'JSON_QUERY':
        return plain('json_extract');
      case 'TO_JSON_STRING':
        return [`CAST(to_json(${this.range(open + 1, close)}) AS VARCHAR)`, end];
      case 'PARSE_JSON':
        return [`CAST(${this.range(open + 1, close)} AS JSON)`, end];
      case 'UNIX_SECONDS':
        return [`CAST(epoch(${this.range(open + 1, close)}) AS BIGINT)`, end];
      case 'UNIX_MILLIS':
        return plain('epoch_ms');
      case 'TIMESTAMP_SECONDS':
        return [`CAST(to_timestamp(${this.range(open + 1, close)}) AS TIMESTAMP)`, end];
      case 'RAND':
        return ['random()', end];
      case 'COSINE_DISTANCE': {
        const [a, b] = args();
        return [`(1 - list_cosine_similarity(${a}, ${b}))`, end];
      }
      case 'EUCLIDEAN_DISTANCE':
        return plain('list_distance');
      case 'ML.DISTANCE': {
        const [a, b, kind] = args();
        return [/COSINE/i.test(kind ?? "'EUCLIDEAN'") ? `(1 - list_cosine_similarity(${a}, ${b}))` : `list_distance(${a}, ${b})`, end];
      }
      case 'ARRAY':
        return plain('ARRAY');
      case 'UNNEST': {
        // FROM UNNEST(x) AS v: BigQuery names the value v; DuckDB names the table, so the column is named too.
        const before = this.t[previous(this.t, at)];
        const asAt = next(this.t, end);
        const aliasAt = isWord(this.t[asAt], 'AS') ? next(this.t, asAt + 1) : asAt;
        const alias = this.t[aliasAt];
        const fromClause = isWord(before, 'FROM', 'JOIN') || isOp(before, ',');
        // UNNEST(x) AS v WITH OFFSET AS i: the values and their 0-based positions, zipped.
        const withAt = next(this.t, aliasAt + 1);
        if (fromClause && alias && isWord(this.t[withAt], 'WITH') && isWord(this.t[next(this.t, withAt + 1)], 'OFFSET')) {
          const offsetAs = next(this.t, next(this.t, withAt + 1) + 1);
          const offsetAt = isWord(this.t[offsetAs], 'AS') ? next(this.t, offsetAs + 1) : offsetAs;
          const array = this.range(open + 1, close);
          const named = this.t[offsetAt]?.kind === 'word' || this.t[offsetAt]?.kind === 'qident';
          const offsetName = named ? this.t[offsetAt]!.text : 'offset';
          return [`(SELECT UNNEST(${array}) AS ${quoteName(alias.text)}, UNNEST(range(len(${array}))) AS ${quoteName(offsetName)}) AS ${quoteName(`${alias.text}__unnest`)}`, named ? offsetAt + 1 : next(this.t, withAt + 1) + 1];
        }
        if (fromClause && alias && (alias.kind === 'qident' || (alias.kind === 'word' && !isWord(alias, 'WITH', 'ON', 'WHERE', 'JOIN', 'LEFT', 'CROSS', 'INNER', 'GROUP', 'ORDER', 'LIMIT', 'UNION', 'EXCEPT', 'INTERSECT')))) {
          const name = quoteName(alias.text);
          return [`UNNEST(${this.range(open + 1, close)}) AS ${quoteName(`${alias.text}__unnest`)}(${name})`, aliasAt + 1];
        }
        return plain('UNNEST');
      }
      case 'STRING_AGG': {
        // STRING_AGG(x, d ORDER BY … LIMIT n): DuckDB has no LIMIT inside an aggregate.
        const text = this.range(open + 1, close).replace(/\s+LIMIT\s+\d+\s*$/i, '');
        return [`string_agg(${text})`, end];
      }
      default:
        return [`${this.t.slice(at, open).map((t) => t.text).join('')}(${this.range(open + 1, close)})`, end];
    }
  }
}

/** CREATE … PARTITION BY / CLUSTER BY / OPTIONS(…) clauses, which DuckDB has no use for, removed from a statement's tokens. */
export function dropCreateClauses(tokens: Token[]): { tokens: Token[]; options: string | undefined } {
  const first = next(tokens, 0);
  if (!isWord(tokens[first], 'CREATE', 'ALTER')) return { tokens, options: undefined };
  const out: Token[] = [];
  let options: string | undefined;
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (depth === 0 && isWord(t, 'OPTIONS') && isOp(tokens[next(tokens, i + 1)], '(')) {
      const close = closing(tokens, next(tokens, i + 1));
      options = tokens.slice(i, close + 1).map((x) => x.text).join('');
      i = close;
      continue;
    }
    if (depth === 0 && isWord(t, 'PARTITION', 'CLUSTER') && isWord(tokens[next(tokens, i + 1)], 'BY')) {
      let j = next(tokens, i + 1) + 1;
      let d = 0;
      for (; j < tokens.length; j++) {
        if (isOp(tokens[j], '(')) d++;
        if (isOp(tokens[j], ')')) d--;
        if (d === 0 && isWord(tokens[j], 'CLUSTER', 'OPTIONS', 'AS')) break;
      }
      i = j - 1;
      continue;
    }
    if (isOp(t, '(')) depth++;
    if (isOp(t, ')')) depth--;
    out.push(t);
  }
  return { tokens: out, options };
}
