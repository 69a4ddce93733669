/**
 * A dbt-style dispatching macro: `name(params)` calls `adapter.dispatch(name, 'dbt')` with its
 * arguments, and `default__name(args)` holds the portable body. A project, a package or an
 * adapter's `<type>__name` overrides the default, as in dbt. With `logStep`, the wrapper first
 * logs `Applying <logStep> to: <first argument>`, so a run's debug log names each DDL statement
 * it composes.
 */
export function dispatched(name: string, params: string, body: string, logStep?: string): string {
  const names = params.replace(/=[^,]+/g, '').replace(/\s+/g, '').split(',').filter(Boolean);
  const args = names.join(', ');
  const logged = logStep ? `{%- do log('Applying ${logStep} to: ' ~ ${names[0]}) -%}` : '';
  return `{% macro ${name}(${params}) -%}${logged}{{ return(adapter.dispatch('${name}', 'dbt')(${args})) }}{%- endmacro %}
{% macro default__${name}(${args}) -%}${body}{%- endmacro %}`;
}
