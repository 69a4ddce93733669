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
    if (!(key in sequence)) Object.defineProperty(sequence, key, { value, enumerable: false });
  };
  names.forEach((name, i) => hidden(name, values[i]));
  hidden('keys', () => [...names]);
  hidden('values', () => [...values]);
  hidden('items', () => names.map((name, i) => makeTuple([name, values[i]])));
  hidden('get', (name: string, fallback: unknown = null) => (names.includes(name) ? values[names.indexOf(name)] : fallback));
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
