/** Jinja inside YAML values: every string that holds a tag, in lists and maps too, rendered by `render`. */
export function renderNestedJinja(value: unknown, render: (text: string) => string): unknown {
  if (typeof value === 'string') return value.includes('{{') || value.includes('{%') ? render(value) : value;
  if (Array.isArray(value)) return value.map((item) => renderNestedJinja(item, render));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderNestedJinja(v, render)]));
  return value;
}
