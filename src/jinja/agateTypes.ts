/**
 * agate's column kinds, as dbt's seeds use them: the kind of a CSV column (the first of Number,
 * Date, DateTime, Boolean, Text, in dbt's order, that every value parses as), its cells cast to
 * that kind, and the warehouse type `adapter.convert_type` gives a kind.
 */
import type { AdapterDialect } from '../adapters/types.js';
import { KilnError } from '../errors.js';
import { ResultTable } from './resultTable.js';

/** agate's data types, by their class names (what `column_types` holds for a seed table). */
export type AgateKind = 'Integer' | 'Number' | 'Date' | 'DateTime' | 'Boolean' | 'Text' | 'TimeDelta';
const KINDS = new Set<string>(['Integer', 'Number', 'Date', 'DateTime', 'Boolean', 'Text', 'TimeDelta']);

export class SeedTable extends ResultTable {
  /** The CSV's absolute path (dbt sets it for adapters that load the file themselves). */
  original_abspath = '';
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const DATETIME = /^(\d{4})-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{1,2}):(\d{1,2})$/;
// ISO 8601 with a T (isodate's parse_datetime): optional seconds, fraction and zone.
const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(:(\d{2})(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?$/;
const BOOLEAN = /^(true|false)$/i;

function isCalendarDate(year: string, month: string, day: string): boolean {
  const [y, m, d] = [Number(year), Number(month), Number(day)];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function isDate(text: string): boolean {
  const m = DATE.exec(text.trim());
  return !!m && isCalendarDate(m[1]!, m[2]!, m[3]!);
}

function isDateTime(text: string): boolean {
  const m = DATETIME.exec(text.trim());
  return !!m && isCalendarDate(m[1]!, m[2]!, m[3]!) && Number(m[4]) < 24 && Number(m[5]) < 60 && Number(m[6]) < 60;
}

function isIsoDateTime(text: string): boolean {
  const m = ISO_DATETIME.exec(text.trim());
  return !!m && isCalendarDate(m[1]!, m[2]!, m[3]!) && Number(m[4]) < 24 && Number(m[5]) < 60 && Number(m[7] ?? 0) < 60;
}

/** The first kind every value parses as; the two datetime spellings are tried apart, as agate tries its two datetime types. */
export function inferKind(cells: (string | null)[]): AgateKind {
  const present = cells.filter((c): c is string => c !== null);
  const all = (test: (text: string) => boolean) => present.every(test);
  if (all((v) => NUMBER.test(v.trim()))) return 'Number'; // a column of NULLs too, as agate's Number accepts them first
  if (all(isDate)) return 'Date';
  if (all(isDateTime) || all(isIsoDateTime)) return 'DateTime';
  if (all((v) => BOOLEAN.test(v.trim()))) return 'Boolean';
  return 'Text';
}

/** A cell as the row holds it: numbers as numbers (bigint past 2^53), booleans as booleans, dates and times as their text. */
export function castCell(cell: string | null, kind: AgateKind): unknown {
  if (cell === null) return null;
  const text = cell.trim();
  switch (kind) {
    case 'Number': {
      const value = Number(text);
      return Number.isSafeInteger(value) || !/^[+-]?\d+$/.test(text) ? value : BigInt(text);
    }
    case 'Boolean':
      return text.toLowerCase() === 'true';
    case 'Date': {
      const [, y, m, d] = DATE.exec(text)!;
      return `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
    }
    case 'DateTime':
      return text;
    default:
      return cell;
  }
}

/** A warehouse type name (a run_query column) as the agate kind dbt's type tester would give its values. */
function kindOfWarehouseType(dataType: string): AgateKind {
  const base = dataType.trim().toLowerCase().replace(/\(.*$/, '').trim();
  if (/^(u?(tiny|small|big|huge)?int(eger)?\d*|u?hugeint|serial\d*|smallserial|bigserial|long|short|signed)$/.test(base)) return 'Integer';
  if (/^(float\d*|double( precision)?|real|decimal|numeric|number|bignumeric)$/.test(base)) return 'Number';
  if (/^bool(ean)?$/.test(base)) return 'Boolean';
  if (base === 'date') return 'Date';
  if (/^(timestamp|datetime)/.test(base)) return 'DateTime';
  if (base === 'interval' || base.startsWith('time')) return 'TimeDelta';
  return 'Text';
}

/**
 * `adapter.convert_type(agate_table, col_idx)`: the warehouse's type for a column, as dbt's SQL
 * adapters map agate's kinds (a Number with a fractional value is a float, else an integer),
 * named through the dialect's portable type names.
 */
export function convertAgateType(table: unknown, index: number, dialect: Pick<AdapterDialect, 'typeName'>): string {
  if (!(table instanceof ResultTable)) throw new KilnError('adapter.convert_type expects an agate table (load_agate_table() or run_query(…)) as its first argument');
  const declared = table.column_types[index];
  if (declared === undefined) throw new KilnError(`adapter.convert_type: column ${index} is out of range; the table has ${table.column_types.length} columns (${table.column_names.join(', ')})`);
  const kind = KINDS.has(declared) ? (declared as AgateKind) : kindOfWarehouseType(declared);
  switch (kind) {
    case 'Integer':
      return dialect.typeName('integer');
    case 'Number': {
      const fractional = table.columns[index]!.values().some((v) => v !== null && v !== undefined && !Number.isInteger(Number(v)));
      return dialect.typeName(fractional ? 'float' : 'integer');
    }
    case 'Boolean':
      return dialect.typeName('boolean');
    case 'Date':
      return dialect.typeName('date');
    case 'DateTime':
      return dialect.typeName('timestamp');
    case 'TimeDelta':
      return dialect.typeName('time');
    default:
      return dialect.typeName('text');
  }
}
