/**
 * kiln binds parameters as `$1`, `$2` … (as DuckDB and Postgres do); GoogleSQL names them
 * `@name`. `$n` outside strings, quoted names and comments becomes `@kiln_p<n>`.
 */
const SKIP = /'''[\s\S]*?'''|"""[\s\S]*?"""|'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"|`(?:\\.|[^`\\])*`|--[^\n]*|#[^\n]*|\/\*[\s\S]*?\*\//y;

export function paramName(index: number): string {
  return `kiln_p${index}`;
}

export function namedPlaceholders(sql: string): string {
  let out = '';
  for (let i = 0; i < sql.length; ) {
    SKIP.lastIndex = i;
    const skipped = SKIP.exec(sql);
    if (skipped) {
      out += skipped[0];
      i += skipped[0].length;
      continue;
    }
    const placeholder = /^\$(\d+)/.exec(sql.slice(i, i + 12));
    if (placeholder && !/[\w$]/.test(sql[i - 1] ?? '')) {
      out += `@${paramName(Number(placeholder[1]))}`;
      i += placeholder[0].length;
      continue;
    }
    out += sql[i];
    i++;
  }
  return out;
}
