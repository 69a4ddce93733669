import { pythonLiteral } from '../jinja/compat/jinja-filters.js';

/** Jinja inside YAML values: every string that holds a tag, in lists and maps too, rendered by `render`. */
export function renderNestedJinja(value: unknown, render: (text: string) => unknown): unknown {
  if (typeof value === 'string') return value.includes('{{') || value.includes('{%') ? render(value) : value;
  if (Array.isArray(value)) return value.map((item) => renderNestedJinja(item, render));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderNestedJinja(v, render)]));
  return value;
}

/**
 * As dbt renders config values in YAML (natively): a string holding Jinja becomes the Python
 * value its output spells, so `enabled: "{{ target.type != 'duckdb' }}"` is the boolean, not "False".
 */
export function renderNativeJinja(value: unknown, render: (text: string) => string): unknown {
  return renderNestedJinja(value, (text) => pythonLiteral(render(text)));
}
