/**
 * dbt's adapters bind with the Python drivers' `%s` placeholders (dbt's default
 * get_binding_char); kiln's connections take numbered `$1, $2 …` on every warehouse. For
 * `adapter.add_query`, a statement written with `%s` has them numbered (outside string literals,
 * quoted names and comments) and its `%%`, the drivers' escaped percent, made `%` again, in
 * string literals too, as the drivers read it. A statement without `%s` (DuckDB's `?`) is left
 * as it is.
 */
type Piece = { kind: 'code' | 'quoted' | 'comment'; text: string };

export function numberPyformatPlaceholders(sql: string): string {
  if (!sql.includes('%s')) return sql;
  const pieces = splitSql(sql);
  if (!pieces.some((p) => p.kind === 'code' && p.text.includes('%s'))) return sql;
  let next = 1;
  return pieces
    .map((p) => {
      if (p.kind === 'comment') return p.text;
      if (p.kind === 'quoted') return p.text.replace(/%%/g, '%');
      return p.text.replace(/%%|%s/g, (m) => (m === '%%' ? '%' : `$${next++}`));
    })
    .join('');
}

/** The statement as runs of code, quoted text ('…' and "…", doubled quotes inside) and comments. */
function splitSql(sql: string): Piece[] {
  const pieces: Piece[] = [];
  let code = '';
  let i = 0;
  const flush = () => {
    if (code) pieces.push({ kind: 'code', text: code });
    code = '';
  };
  while (i < sql.length) {
    const ch = sql[i]!;
    const pair = sql.slice(i, i + 2);
    let end = -1;
    let kind: Piece['kind'] = 'quoted';
    if (ch === "'" || ch === '"') end = closingQuote(sql, i, ch);
    else if (pair === '--') [end, kind] = [lineEnd(sql, i), 'comment'];
    else if (pair === '/*') [end, kind] = [sql.indexOf('*/', i + 2) === -1 ? sql.length : sql.indexOf('*/', i + 2) + 2, 'comment'];
    if (end === -1) {
      code += ch;
      i++;
      continue;
    }
    flush();
    pieces.push({ kind, text: sql.slice(i, end) });
    i = end;
  }
  flush();
  return pieces;
}

function lineEnd(sql: string, start: number): number {
  const end = sql.indexOf('\n', start);
  return end === -1 ? sql.length : end;
}

/** The index just past the quote that closes the one at `start` (a doubled quote stays inside). */
function closingQuote(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}
