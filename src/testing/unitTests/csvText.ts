/**
 * CSV text as unit test fixtures write it (`format: csv`): the first line names the
 * columns; fields may be double-quoted (`""` escapes a quote, newlines allowed inside);
 * an empty unquoted field is NULL, a quoted empty field is the empty string.
 */
export interface CsvTable {
  columns: string[];
  rows: (string | null)[][];
}

export function parseCsvText(text: string, delimiter = ','): { records: (string | null)[][]; error?: { line: number; message: string } } {
  const records: (string | null)[][] = [];
  let record: (string | null)[] = [];
  let field = '';
  let quoted = false;
  let inQuotes = false;
  let line = 1;
  let recordLine = 1;
  const endField = () => {
    record.push(!quoted && field.trim() === '' ? null : quoted ? field : field.trim());
    field = '';
    quoted = false;
  };
  const endRecord = () => {
    endField();
    if (!(record.length === 1 && record[0] === null)) records.push(record);
    record = [];
    recordLine = line;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inQuotes) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') inQuotes = false;
      else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field.trim() === '') {
      inQuotes = true;
      quoted = true;
      field = '';
    } else if (ch === delimiter) endField();
    else if (ch === '\n') {
      line++;
      endRecord();
    } else if (ch !== '\r') field += ch;
  }
  if (inQuotes) return { records, error: { line: recordLine, message: 'a quoted field is never closed' } };
  if (field !== '' || quoted || record.length) endRecord();
  return { records };
}

/** Header plus rows; every row must have as many fields as the header. */
export function csvTable(text: string, delimiter = ','): CsvTable | { error: string } {
  const { records, error } = parseCsvText(text, delimiter);
  if (error) return { error: `line ${error.line}: ${error.message}` };
  const [header, ...rows] = records;
  if (!header) return { error: 'the CSV is empty: the first line must name the columns' };
  const columns = header.map((c) => c ?? '');
  if (columns.some((c) => c === '')) return { error: 'the header line has an empty column name' };
  const ragged = rows.findIndex((r) => r.length !== columns.length);
  if (ragged >= 0) return { error: `row ${ragged + 1} has ${rows[ragged]!.length} fields, but the header names ${columns.length} columns` };
  return { columns, rows };
}
