/**
 * The values a unit test works with: fixture data (the rows of a `given` input or
 * of `expect`), the inputs resolved to manifest ids, and typed columns.
 */
import type { ColumnDescription } from '../../adapters/types.js';

/** Rows as written in the test (dict or csv), or a SELECT (format sql). */
export type FixtureData =
  | { kind: 'rows'; columns: string[]; rows: unknown[][] }
  | { kind: 'sql'; sql: string };

/** Where a relation's column types came from (the last one is a guess, reported to the user). */
export type ColumnsOrigin = 'warehouse' | 'compiled query' | 'property YAML' | 'given rows';

export interface TypedColumns {
  columns: ColumnDescription[];
  origin: ColumnsOrigin;
}

/** One `given:` entry resolved: which parent it replaces and the CTE that replaces it. */
export interface FixtureInput {
  /** The parent's unique_id, or `this`. */
  id: string;
  /** As written in the YAML: `ref('orders')`, `source('raw', 'payments')`, `this`. */
  label: string;
  cteName: string;
  data: FixtureData;
}
