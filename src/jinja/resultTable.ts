/**
 * What `run_query` and `load_result(...).table` return: a small stand-in for the
 * agate Table dbt macros read (`table.rows`, `table.columns[0].values()`,
 * `table.column_names`, `row['name']`, `row[0]`).
 */
import type { QueryResult } from '../adapters/types.js';

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

export class ResultTable {
  readonly rows: ResultRow[];
  readonly columns: ResultColumn[] & Record<string, ResultColumn>;
  readonly column_names: string[];
  readonly column_types: string[];

  constructor(result: Pick<QueryResult, 'columns' | 'rows'>) {
    this.column_names = result.columns.map((c) => c.name);
    this.column_types = result.columns.map((c) => c.dataType);
    this.rows = result.rows.map((values) => {
      const row = [...values] as ResultRow;
      this.column_names.forEach((name, i) => {
        if (!(name in row)) Object.defineProperty(row, name, { value: values[i], enumerable: false });
      });
      return row;
    });
    const columns = result.columns.map((c, i) => new ResultColumn(c.name, c.dataType, result.rows.map((r) => r[i]))) as ResultTable['columns'];
    for (const column of [...columns]) {
      if (!(column.name in columns)) Object.defineProperty(columns, column.name, { value: column, enumerable: false });
    }
    this.columns = columns;
  }

  static empty(): ResultTable {
    return new ResultTable({ columns: [], rows: [] });
  }

  get length(): number {
    return this.rows.length;
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
