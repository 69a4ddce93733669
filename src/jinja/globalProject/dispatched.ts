/**
 * A dbt-style dispatching macro: `name(params)` calls `adapter.dispatch(name, 'dbt')` with its
 * arguments, and `default__name(args)` holds the portable body. A project, a package or an
 * adapter's `<type>__name` overrides the default, as in dbt.
 */
export function dispatched(name: string, params: string, body: string): string {
  const args = params.replace(/=[^,]+/g, '').replace(/\s+/g, '').split(',').filter(Boolean).join(', ');
  return `{% macro ${name}(${params}) -%}{{ return(adapter.dispatch('${name}', 'dbt')(${args})) }}{%- endmacro %}
{% macro default__${name}(${args}) -%}${body}{%- endmacro %}`;
}
