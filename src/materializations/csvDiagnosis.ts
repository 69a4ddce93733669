/**
 * Why a seed file did not load, in CSV terms: when the warehouse rejects a file (DuckDB says
 * only that it could not detect the dialect), the file is read again with a strict RFC 4180
 * parser to name the line and the problem. Only on the error path, so loads pay nothing.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { KilnError } from '../errors.js';

const EXPLAINED: Record<string, (error: { lines?: number; message: string }) => string> = {
  CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: (e) => e.message.replace(/^Invalid Record Length: expect (\d+), got (\d+) on line \d+$/, 'a row with $2 fields where the header has $1'),
  CSV_QUOTE_NOT_CLOSED: () => 'a quoted field that is never closed (it runs to the end of the file)',
  CSV_INVALID_CLOSING_QUOTE: () => 'a character right after a closing quote (a quote inside a field is written twice: "")',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: () => 'a character right after a closing quote (a quote inside a field is written twice: "")',
};

/** A KilnError naming the line and the problem, or undefined when the file parses as CSV. */
export function diagnoseCsv(absPath: string, shownPath: string, delimiter: string): KilnError | undefined {
  try {
    parse(readFileSync(absPath), { bom: true, delimiter: delimiter || ',' });
    return undefined;
  } catch (error) {
    const e = error as { code?: string; lines?: number; message: string };
    const what = e.code && EXPLAINED[e.code] ? EXPLAINED[e.code]!(e) : e.message;
    return new KilnError(`the seed file is not valid CSV: ${what}`, {
      file: shownPath,
      line: e.lines,
      hint: `every row needs as many fields as the header, split by '${delimiter || ','}'; put fields that contain it, quotes or line breaks in double quotes`,
      cause: error,
    });
  }
}
