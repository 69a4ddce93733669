/**
 * Snowflake SQL → DuckDB SQL, token by token (the adapter's lexer, so strings, quoted
 * identifiers and comments are never touched by mistake):
 *  - unquoted identifiers fold to upper case, as Snowflake stores them; quoted ones stay;
 *  - Snowflake string literals (backslash escapes, $$…$$) become DuckDB literals;
 *  - `?` and `:n` binds become DuckDB's `$n`;
 *  - types in type positions (CAST … AS, ::, column definitions) become DuckDB's:
 *    NUMBER(p,s), VARCHAR(n), TIMESTAMP_NTZ, VARIANT, VECTOR(FLOAT, n) → FLOAT[n] …;
 *  - TRANSIENT and COPY GRANTS go; `FROM VALUES (…)` gets DuckDB's parentheses and
 *    Snowflake's COLUMN1… names; DATEADD/DATEDIFF units are quoted; RENAME TO keeps the last part;
 *  - `<db>.INFORMATION_SCHEMA.TABLES|COLUMNS|SCHEMATA` become queries on DuckDB's catalog
 *    that answer with Snowflake's columns and type names.
 */
import { tokenize, type Token } from '../../../src/adapters/snowflake/sqlTokens.js';

export interface Translated {
  sql: string;
  /** What DuckDB accepted here that Snowflake would refuse (FILTER (WHERE …), DuckDB-only functions). */
  refusals: string[];
  /** How many bind markers the text has (DuckDB's $1…$n). */
  binds: number;
}

const INTEGER_TYPES = new Set(['INT', 'INTEGER', 'BIGINT', 'SMALLINT', 'TINYINT', 'BYTEINT']);
const FLOAT_TYPES = new Set(['FLOAT', 'FLOAT4', 'FLOAT8', 'DOUBLE', 'REAL']);
const TEXT_TYPES = new Set(['VARCHAR', 'STRING', 'TEXT', 'CHAR', 'CHARACTER', 'NCHAR', 'NVARCHAR', 'NVARCHAR2', 'CHAR_VARYING']);
const DATE_PART_FUNCTIONS = new Set(['DATEADD', 'DATEDIFF', 'TIMESTAMPADD', 'TIMESTAMPDIFF', 'TIMEADD', 'TIMEDIFF', 'DATE_PART', 'LAST_DAY']);
const CONSTRAINT_WORDS = new Set(['PRIMARY', 'UNIQUE', 'CONSTRAINT', 'FOREIGN', 'CHECK']);
/** DuckDB functions with no Snowflake function of that name: the emulator runs them, Snowflake would not. */
const DUCKDB_ONLY_FUNCTIONS = new Set(['REGEXP_MATCHES', 'REGEXP_EXTRACT_ALL', 'LIST_CONTAINS', 'LIST_TRANSFORM', 'LIST_SUM', 'LIST_FILTER', 'LEN', 'EPOCH', 'MD5_NUMBER', 'FROM_JSON', 'JSON_ARRAY_LENGTH', 'ARRAY_COSINE_SIMILARITY', 'STRFTIME', 'UNNEST', 'DATE_DIFF', 'STRING_SPLIT', 'RANGE', 'GENERATE_SERIES', 'STRING_AGG', 'LIST_VALUE']);

/** Decodes a Snowflake '…' literal (backslash escapes and '' both) into its text. */
export function decodeString(literal: string): string {
  const body = literal.slice(1, -1);
  const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '0': '\0', "'": "'", '"': '"', '\\': '\\' };
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\\' && i + 1 < body.length) out += escapes[body[++i]!] ?? body[i]!;
    else if (c === "'" && body[i + 1] === "'") (out += "'"), i++;
    else out += c;
  }
  return out;
}

const duckString = (text: string) => `'${text.replaceAll("'", "''")}'`;

export function translate(sql: string, currentDatabase: string | undefined): Translated {
  const tokens: Token[] = tokenize(sql).map((t) => (t.kind === 'comment' ? { kind: 'space', text: ' ' } : t));
  let binds = 0;
  for (const token of tokens) {
    if (token.kind === 'word') token.text = token.text.toUpperCase();
    else if (token.kind === 'string') token.text = duckString(decodeString(token.text));
    else if (token.kind === 'dollarString') (token.kind = 'string'), (token.text = duckString(token.text.slice(2, -2)));
    else if (token.kind === 'bind') {
      const n = token.text === '?' ? binds + 1 : Number(token.text.slice(1));
      binds = Math.max(binds, n);
      token.text = `$${n}`;
    }
  }
  const sig = tokens.map((t, i) => [t, i] as const).filter(([t]) => t.kind !== 'space').map(([, i]) => i);
  const at = (k: number): Token | undefined => (k < sig.length ? tokens[sig[k]!] : undefined);
  const word = (k: number): string | undefined => (at(k)?.kind === 'word' ? at(k)!.text : undefined);
  const sym = (k: number): string | undefined => (at(k)?.kind === 'symbol' ? at(k)!.text : undefined);
  const blank = (k: number) => {
    const token = at(k);
    if (token) token.text = '';
  };
  /** Index of the `)` closing the `(` at k. */
  const closing = (k: number): number => {
    let depth = 0;
    for (let j = k; j < sig.length; j++) {
      if (sym(j) === '(') depth++;
      else if (sym(j) === ')' && --depth === 0) return j;
    }
    return sig.length - 1;
  };

  /** How many arguments the call whose `(` is at k has. */
  const argumentCount = (k: number): number => {
    const close = closing(k);
    if (close === k + 1) return 0;
    let depth = 0;
    let count = 1;
    for (let j = k + 1; j < close; j++) {
      if (sym(j) === '(') depth++;
      else if (sym(j) === ')') depth--;
      else if (sym(j) === ',' && depth === 0) count++;
    }
    return count;
  };

  /** Rewrites the type starting at k; returns the index after it. */
  const rewriteType = (k: number): number => {
    const name = word(k);
    if (!name) return k + 1;
    let end = k + 1;
    let args: string[] = [];
    let base = name;
    if (name === 'DOUBLE' && word(k + 1) === 'PRECISION') (base = 'DOUBLE'), blank(k + 1), (end = k + 2);
    if ((name === 'CHAR' || name === 'CHARACTER') && word(k + 1) === 'VARYING') blank(k + 1), (end = k + 2);
    if (sym(end) === '(') {
      const close = closing(end);
      for (let j = end + 1; j < close; j++) if (at(j)!.kind !== 'symbol') args.push(at(j)!.text);
      for (let j = end; j <= close; j++) blank(j);
      end = close + 1;
    } else args = [];
    let replacement: string | undefined;
    if (['NUMBER', 'DECIMAL', 'NUMERIC'].includes(base)) replacement = args.length >= 2 && Number(args[1]) > 0 ? `DECIMAL(${Math.min(38, Number(args[0]))},${args[1]})` : 'BIGINT';
    else if (INTEGER_TYPES.has(base)) replacement = 'BIGINT';
    else if (FLOAT_TYPES.has(base)) replacement = 'DOUBLE';
    else if (TEXT_TYPES.has(base)) replacement = 'VARCHAR';
    else if (base === 'BINARY' || base === 'VARBINARY') replacement = 'BLOB';
    else if (base === 'TIMESTAMP' || base === 'TIMESTAMP_NTZ' || base === 'DATETIME') replacement = 'TIMESTAMP';
    else if (base === 'TIMESTAMP_LTZ' || base === 'TIMESTAMP_TZ') replacement = 'TIMESTAMPTZ';
    else if (base === 'VARIANT' || base === 'OBJECT' || base === 'ARRAY') replacement = 'JSON';
    else if (base === 'GEOGRAPHY' || base === 'GEOMETRY') replacement = 'VARCHAR';
    else if (base === 'VECTOR') replacement = `${args[0] === 'INT' ? 'INTEGER' : 'FLOAT'}[${args[1] ?? ''}]`;
    else replacement = args.length ? `${base}(${args.join(',')})` : base;
    at(k)!.text = replacement;
    return end;
  };

  const first = word(0);
  const refusals = new Set<string>();
  const functionOf: (string | undefined)[] = [];
  for (let k = 0; k < sig.length; k++) {
    const s = sym(k);
    const w = word(k);
    if (s === '(') functionOf.push(word(k - 1));
    else if (s === ')') functionOf.pop();
    if (w === 'FILTER' && sym(k + 1) === '(' && word(k + 2) === 'WHERE') refusals.add('FILTER (WHERE …) on an aggregate');
    if (w && DUCKDB_ONLY_FUNCTIONS.has(w) && sym(k + 1) === '(' && sym(k - 1) !== '.') refusals.add(`${w.toLowerCase()}()`);
    if (s === '::') k = rewriteType(k + 1) - 1;
    else if (w === 'AS' && (functionOf[functionOf.length - 1] === 'CAST' || functionOf[functionOf.length - 1] === 'TRY_CAST')) k = rewriteType(k + 1) - 1;
    else if (w === 'TRANSIENT' && (word(k - 1) === 'REPLACE' || word(k - 1) === 'CREATE')) blank(k);
    else if (w === 'COPY' && word(k + 1) === 'GRANTS') blank(k), blank(k + 1), k++;
    else if (w === 'CLUSTER' && word(k + 1) === 'BY' && sym(k + 2) === '(' && first === 'CREATE') {
      const close = closing(k + 2);
      for (let j = k; j <= close; j++) blank(j);
      k = close;
    }
    else if (w === 'LISTAGG' && sym(k + 1) === '(' && word(closing(k + 1) + 1) === 'WITHIN' && word(closing(k + 1) + 2) === 'GROUP') {
      // LISTAGG(x, d) WITHIN GROUP (ORDER BY o) is DuckDB's STRING_AGG(x, d ORDER BY o).
      const close = closing(k + 1);
      const groupOpen = close + 3;
      const groupClose = closing(groupOpen);
      at(k)!.text = 'STRING_AGG';
      const order = [];
      for (let j = groupOpen + 1; j < groupClose; j++) order.push(at(j)!.text);
      at(close)!.text = ` ${order.join(' ')})`;
      for (let j = close + 1; j <= groupClose; j++) blank(j);
    } else if (w === 'REGEXP_REPLACE' && sym(k + 1) === '(' && argumentCount(k + 1) === 3) at(closing(k + 1))!.text = ", 'g')"; // Snowflake replaces every match
    else if (w && DATE_PART_FUNCTIONS.has(w) && sym(k + 1) === '(' && word(k + 2) && sym(k + 3) === ',') at(k + 2)!.text = duckString(at(k + 2)!.text.toLowerCase());
    else if ((w === 'CURRENT_TIMESTAMP' || w === 'SYSDATE' || w === 'CURRENT_DATE' || w === 'LOCALTIMESTAMP') && sym(k + 1) === '(' && sym(k + 2) === ')') {
      if (w === 'SYSDATE') at(k)!.text = `CAST(timezone('UTC', CURRENT_TIMESTAMP) AS TIMESTAMP)`;
      blank(k + 1), blank(k + 2);
    } else if (w === 'VALUES' && word(k - 1) === 'FROM' && sym(k + 1) === '(') {
      // Snowflake's `FROM VALUES (…), (…)` names its columns COLUMN1…; DuckDB needs a subquery.
      let end = k + 1;
      let width = 0;
      const firstClose = closing(k + 1);
      let depth = 0;
      for (let j = k + 2; j < firstClose; j++) {
        if (sym(j) === '(') depth++;
        else if (sym(j) === ')') depth--;
        else if (sym(j) === ',' && depth === 0) width++;
      }
      width++;
      for (;;) {
        end = closing(end);
        if (sym(end + 1) === ',' && sym(end + 2) === '(') end += 2;
        else break;
      }
      at(k)!.text = '(VALUES';
      at(end)!.text = `)) AS KILN_VALUES(${Array.from({ length: width }, (_, i) => `COLUMN${i + 1}`).join(', ')})`;
      k = end;
    } else if (w === 'RENAME' && word(k + 1) === 'TO') {
      // DuckDB renames within the schema: keep the new name's last part.
      let j = k + 2;
      while (sym(j + 1) === '.') blank(j), blank(j + 1), (j += 2);
      k = j;
    } else if (w === 'INFORMATION_SCHEMA' && sym(k + 1) === '.' && word(k + 2)) {
      const view = word(k + 2)!;
      let database = currentDatabase ?? '';
      if (sym(k - 1) === '.' && at(k - 2)) {
        const part = at(k - 2)!;
        database = part.kind === 'quoted' ? part.text.slice(1, -1).replaceAll('""', '"') : part.text;
        blank(k - 2), blank(k - 1);
      }
      const replacement = informationSchemaView(view, database);
      if (replacement) {
        at(k)!.text = `(${replacement})`;
        blank(k + 1), blank(k + 2);
        // An alias-less use gets the view's name, so `INFORMATION_SCHEMA.TABLES.TABLE_NAME` style references keep working.
        if (!word(k + 3) || ['WHERE', 'ORDER', 'GROUP', 'JOIN', 'LEFT', 'INNER', 'ON', 'LIMIT'].includes(word(k + 3)!)) at(k)!.text += ` AS ${view}`;
      }
      k += 2;
    }
  }
  // Column definitions: CREATE [OR REPLACE] [TEMPORARY] TABLE name (col type, …).
  if (first === 'CREATE') {
    const tableAt = sig.findIndex((_, k) => word(k) === 'TABLE');
    if (tableAt > 0) {
      let k = tableAt + 1;
      if (word(k) === 'IF') k += 3;
      while (sym(k + 1) === '.') k += 2;
      if (sym(k + 1) === '(') {
        const close = closing(k + 1);
        let depth = 0;
        let expectColumn = true;
        for (let j = k + 2; j < close; j++) {
          if (sym(j) === '(') depth++;
          else if (sym(j) === ')') depth--;
          else if (sym(j) === ',' && depth === 0) expectColumn = true;
          else if (expectColumn && depth === 0) {
            expectColumn = false;
            if (!CONSTRAINT_WORDS.has(word(j) ?? '')) j = rewriteType(j + 1) - 1;
          }
        }
      }
    }
  }
  // ALTER TABLE t ADD [COLUMN] [IF NOT EXISTS] name type | ALTER [COLUMN] name [SET DATA] TYPE type.
  if (first === 'ALTER' && word(1) === 'TABLE') {
    for (let k = 2; k < sig.length; k++) {
      if (word(k) === 'ADD') {
        let j = k + 1;
        if (word(j) === 'COLUMN') j++;
        if (word(j) === 'IF') j += 3;
        rewriteType(j + 1);
        break;
      }
      if (word(k) === 'TYPE') {
        rewriteType(k + 1);
        break;
      }
    }
  }
  return { sql: tokens.map((t) => t.text).join(''), binds, refusals: [...refusals] };
}

const NUMBER_TYPES = `('BIGINT','INTEGER','SMALLINT','TINYINT','HUGEINT','UBIGINT','UINTEGER','USMALLINT','UTINYINT')`;
const SNOWFLAKE_TYPE = `CASE
  WHEN data_type IN ${NUMBER_TYPES} OR data_type LIKE 'DECIMAL%' THEN 'NUMBER'
  WHEN data_type IN ('DOUBLE', 'FLOAT') THEN 'FLOAT'
  WHEN data_type = 'VARCHAR' THEN 'TEXT'
  WHEN data_type = 'TIMESTAMP' THEN 'TIMESTAMP_NTZ'
  WHEN data_type = 'TIMESTAMP WITH TIME ZONE' THEN 'TIMESTAMP_LTZ'
  WHEN data_type = 'JSON' THEN 'VARIANT'
  WHEN data_type = 'BLOB' THEN 'BINARY'
  WHEN regexp_matches(data_type, '^FLOAT\\[\\d+\\]$') THEN 'VECTOR(FLOAT, ' || regexp_extract(data_type, '\\d+') || ')'
  WHEN regexp_matches(data_type, '^INTEGER\\[\\d+\\]$') THEN 'VECTOR(INT, ' || regexp_extract(data_type, '\\d+') || ')'
  WHEN data_type LIKE '%[]' THEN 'ARRAY'
  WHEN data_type LIKE 'STRUCT%' OR data_type LIKE 'MAP%' THEN 'OBJECT'
  ELSE data_type END`;

/** Snowflake's INFORMATION_SCHEMA views of one database, on DuckDB's catalog functions. */
function informationSchemaView(view: string, database: string): string | undefined {
  const db = duckString(database);
  switch (view) {
    case 'TABLES':
      return `SELECT database_name AS TABLE_CATALOG, schema_name AS TABLE_SCHEMA, table_name AS TABLE_NAME, 'BASE TABLE' AS TABLE_TYPE, 'YES' AS IS_TRANSIENT,
        CAST(estimated_size AS BIGINT) AS ROW_COUNT, CAST(NULL AS BIGINT) AS BYTES, comment AS COMMENT FROM duckdb_tables() WHERE database_name = ${db}
        UNION ALL SELECT database_name, schema_name, view_name, 'VIEW', 'NO', NULL, NULL, comment FROM duckdb_views() WHERE database_name = ${db} AND NOT internal`;
    case 'COLUMNS':
      return `SELECT database_name AS TABLE_CATALOG, schema_name AS TABLE_SCHEMA, table_name AS TABLE_NAME, column_name AS COLUMN_NAME, column_index AS ORDINAL_POSITION,
        CASE WHEN is_nullable THEN 'YES' ELSE 'NO' END AS IS_NULLABLE, ${SNOWFLAKE_TYPE} AS DATA_TYPE,
        CASE WHEN data_type = 'VARCHAR' THEN 16777216 END AS CHARACTER_MAXIMUM_LENGTH,
        CASE WHEN data_type IN ${NUMBER_TYPES} THEN 38 WHEN data_type LIKE 'DECIMAL%' THEN numeric_precision END AS NUMERIC_PRECISION,
        CASE WHEN data_type IN ${NUMBER_TYPES} THEN 0 WHEN data_type LIKE 'DECIMAL%' THEN numeric_scale END AS NUMERIC_SCALE,
        comment AS COMMENT FROM duckdb_columns() WHERE database_name = ${db}`;
    case 'SCHEMATA':
      return `SELECT catalog_name AS CATALOG_NAME, schema_name AS SCHEMA_NAME FROM information_schema.schemata WHERE catalog_name = ${db}
        UNION ALL SELECT ${db}, 'INFORMATION_SCHEMA'`;
    default:
      return undefined;
  }
}
