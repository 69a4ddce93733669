/**
 * `load_agate_table()`: a seed's CSV as the agate table dbt's seed materialization reads, read
 * by kiln's CSV reader. `''` and `null` (any case) are NULL; columns named in `column_types`
 * stay Text, so their values reach the warehouse as written (leading zeros kept).
 */
import { readCsvSeed } from '../adapters/csvSeed.js';
import { castCell, inferKind, SeedTable, type AgateKind } from '../jinja/agateTypes.js';

export interface SeedTableOptions {
  delimiter: string;
  /** The seed's `column_types` config: these columns are read as text. */
  columnTypes: Record<string, string>;
  /** --empty: the header's columns, no rows. */
  empty?: boolean;
  /** Told about column_types entries that name no column of the file. */
  warn?: (message: string) => void;
}

export function loadSeedTable(file: string, shownPath: string, options: SeedTableOptions): SeedTable {
  // kiln's CSV reader (the one warehouses without a CSV loader use); its inferred types are not needed here.
  const parsed = readCsvSeed(file, { delimiter: options.delimiter, header: true, columnTypes: {} }, { typeName: (t) => t });
  const names = parsed.columns.map((c) => c.name);
  const unknown = Object.keys(options.columnTypes).filter((name) => !names.includes(name));
  if (unknown.length) options.warn?.(`${shownPath}: column_types names columns the file does not have (${unknown.sort().join(', ')}); those entries are ignored`);
  const cells = parsed.values.map((column) => column.map((cell) => (cell === null || cell.trim().toLowerCase() === 'null' ? null : cell)));
  const kinds = names.map((name, i): AgateKind => (name in options.columnTypes ? 'Text' : inferKind(cells[i]!)));
  const columns = cells.map((column, i) => column.map((cell) => castCell(cell, kinds[i]!)));
  const rowCount = options.empty ? 0 : (columns[0]?.length ?? 0);
  const rows = Array.from({ length: rowCount }, (_, r) => columns.map((column) => column[r]));
  const table = new SeedTable({ columns: names.map((name, i) => ({ name, dataType: kinds[i]! })), rows });
  table.original_abspath = file;
  return table;
}

