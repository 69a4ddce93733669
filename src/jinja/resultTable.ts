/**
 * What `run_query` and `load_result(...).table` return: a small stand-in for the
 * agate Table dbt macros read (`table.rows`, `table.columns[0].values()`,
 * `table.column_names`, `row['name']`, `row[0]`).
 */
import type { QueryResult } from '../adapters/types.js';
import { makeTuple } from './compat/runtime/python-values.js';

export type ResultRow = unknown[] & Record<string, unknown>;

export class ResultColumn {
  constructor(
    readonly name: string,
    readonly data_type: string,
    private readonly data: unknown[],
  ) {}
  values(): unknown[] {
    return this.data;
  }
  values_distinct(): unknown[] {
    return [...new Set(this.data)];
  }
}

/**
 * agate's MappedSequence: a list that is also a mapping by column name (`row['id']`,
 * `columns.items()`, `.keys()`, `.values()`, `.get(name, default)`).
 */
function mappedSequence<T>(values: T[], names: string[]): T[] & Record<string, unknown> {
  const sequence = values as T[] & Record<string, unknown>;
  const hidden = (key: string, value: unknown): void => {
    if (!Object.prototype.hasOwnProperty.call(sequence, key)) Object.defineProperty(sequence, key, { value, enumerable: false });
  };
  // The mapping methods first: they replace Array's own keys()/values(), which would give indexes and an iterator.
  hidden('keys', () => [...names]);
  hidden('values', () => [...values]);
  hidden('items', () => names.map((name, i) => makeTuple([name, values[i]])));
  hidden('get', (name: string, fallback: unknown = null) => (names.includes(name) ? values[names.indexOf(name)] : fallback));
  names.forEach((name, i) => {
    if (!(name in sequence)) hidden(name, values[i]);
  });
  return sequence;
}

export class ResultTable {
  readonly rows: ResultRow[];
  readonly columns: ResultColumn[] & Record<string, ResultColumn>;
  readonly column_names: string[];
  readonly column_types: string[];

  constructor(result: Pick<QueryResult, 'columns' | 'rows'>) {
    this.column_names = result.columns.map((c) => c.name);
    this.column_types = result.columns.map((c) => c.dataType);
    this.rows = result.rows.map((values) => mappedSequence([...values], this.column_names) as ResultRow);
    const columns = result.columns.map((c, i) => new ResultColumn(c.name, c.dataType, result.rows.map((r) => r[i])));
    this.columns = mappedSequence(columns, this.column_names) as ResultTable['columns'];
    // `table[0][0]`: dbt's adapter code reads a macro's agate result by row index (check_schema_exists).
    this.rows.forEach((row, i) => Object.defineProperty(this, i, { value: row, enumerable: false }));
  }

  static empty(): ResultTable {
    return new ResultTable({ columns: [], rows: [] });
  }

  get length(): number {
    return this.rows.length;
  }

  /** `{% for row in run_query(…) %}` iterates the rows, as over an agate Table. */
  [Symbol.iterator](): Iterator<ResultRow> {
    return this.rows[Symbol.iterator]();
  }

  /** agate's Table methods that return a new table: select, exclude, where, order_by, limit, distinct, rename. */
  private derived(names: string[], rows: unknown[][]): ResultTable {
    return new ResultTable({ columns: names.map((n) => ({ name: n, dataType: this.column_types[this.column_names.indexOf(n)] ?? '' })), rows });
  }
  select(keys: string | string[]): ResultTable {
    const names = typeof keys === 'string' ? [keys] : [...keys];
    return this.derived(names, this.rows.map((r) => names.map((n) => r[this.column_names.indexOf(n)])));
  }
  exclude(keys: string | string[]): ResultTable {
    const drop = new Set(typeof keys === 'string' ? [keys] : keys);
    return this.select(this.column_names.filter((n) => !drop.has(n)));
  }
  where(test: (row: ResultRow) => unknown): ResultTable {
    return this.derived(this.column_names, this.rows.filter((r) => test(r)).map((r) => [...r]));
  }
  order_by(key: string | string[] | ((row: ResultRow) => unknown), reverse?: boolean | { reverse?: boolean }): ResultTable {
    const desc = typeof reverse === 'object' && reverse ? Boolean((reverse as { reverse?: boolean }).reverse) : Boolean(reverse);
    const keyOf = (r: ResultRow): unknown[] => (typeof key === 'function' ? [key(r)] : (typeof key === 'string' ? [key] : key).map((k) => r[this.column_names.indexOf(k)]));
    const compare = (a: unknown[], b: unknown[]): number => {
      for (let i = 0; i < a.length; i++) {
        const [x, y] = [a[i], b[i]];
        if (x === y) continue;
        if (x === null || x === undefined) return -1; // agate sorts None first
        if (y === null || y === undefined) return 1;
        return (x as number) < (y as number) ? -1 : 1;
      }
      return 0;
    };
    const sorted = [...this.rows].sort((a, b) => compare(keyOf(a), keyOf(b)) * (desc ? -1 : 1));
    return this.derived(this.column_names, sorted.map((r) => [...r]));
  }
  limit(startOrStop: number, stop?: number): ResultTable {
    const rows = stop === undefined ? this.rows.slice(0, startOrStop) : this.rows.slice(startOrStop, stop);
    return this.derived(this.column_names, rows.map((r) => [...r]));
  }
  distinct(key?: string | string[]): ResultTable {
    const seen = new Set<string>();
    const names = key === undefined ? this.column_names : typeof key === 'string' ? [key] : key;
    const rows = this.rows.filter((r) => {
      const k = JSON.stringify(names.map((n) => r[this.column_names.indexOf(n)]), (_k, v) => (typeof v === 'bigint' ? String(v) : v));
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    return this.derived(this.column_names, rows.map((r) => [...r]));
  }
  rename(columnNames: string[] | Record<string, string>): ResultTable {
    const names = Array.isArray(columnNames) ? this.column_names.map((n, i) => columnNames[i] ?? n) : this.column_names.map((n) => (columnNames as Record<string, string>)[n] ?? n);
    return new ResultTable({ columns: names.map((n, i) => ({ name: n, dataType: this.column_types[i] ?? '' })), rows: this.rows.map((r) => [...r]) });
  }

  /** `table.print_table()` logs the rows; kept for macros that call it. */
  print_table(): string {
    return [this.column_names.join(' | '), ...this.rows.map((r) => r.join(' | '))].join('\n');
  }
}

/** What `load_result('main')` returns. */
export interface StatementResult {
  response: { _message: string; code: string; rows_affected: number };
  data: unknown[][];
  table: ResultTable;
}

export function statementResult(result: QueryResult | undefined): StatementResult {
  const table = result ? new ResultTable(result) : ResultTable.empty();
  return {
    response: { _message: result?.message ?? 'OK', code: result?.message ?? 'OK', rows_affected: result?.rowsAffected ?? -1 },
    data: result?.rows ?? [],
    table,
  };
}
