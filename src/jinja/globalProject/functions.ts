/**
 * The text of dbt's user-defined-function helpers: the `create or replace function` statement
 * (scalar and aggregate), its argument list, return type, language and volatility clauses, and
 * the step that runs it. They read the function node's fields, as dbt's do: `model.arguments`
 * (name and data_type each), `model.returns.data_type`, `model.language`, `model.compiled_code`
 * and the `volatility`, `runtime_version`, `entry_point` and `packages` configs. kiln has no
 * function nodes nor the `function` materialization; these render for a package that composes
 * UDF DDL itself. The default statement is PostgreSQL-style (`$$ … $$ language sql`); an
 * adapter overrides the `default__` pieces it words differently.
 */
import { dispatched } from './dispatched.js';

// Both refusals and the warning name the adapter, as dbt's do, so the message says whose SQL is missing.
const SCALAR = [
  dispatched('scalar_function_sql', 'target_relation', `{{ scalar_function_create_replace_signature_sql(target_relation) }}
{{ scalar_function_body_sql() }};`),
  dispatched('scalar_function_create_replace_signature_sql', 'target_relation', `CREATE OR REPLACE FUNCTION {{ target_relation.render() }} ({{ formatted_scalar_function_args_sql() }})
RETURNS {{ model.returns.data_type }}
{{ scalar_function_volatility_sql() }}
AS`),
  dispatched('formatted_scalar_function_args_sql', '', `{%- set declared = [] -%}
{%- for argument in model.arguments or [] -%}{%- do declared.append(argument.name ~ ' ' ~ argument.data_type) -%}{%- endfor -%}
{{ declared | join(', ') }}`),
  dispatched('formatted_scalar_function_args_javascript', '', `{%- do exceptions.raise_compiler_error('formatted_scalar_function_args_javascript not implemented for adapter ' ~ adapter.type()) -%}`),
  dispatched('scalar_function_body_sql', '', `$$
  {{ model.compiled_code }}
$$ LANGUAGE SQL`),
  // Volatility words as PostgreSQL spells them; none configured leaves the warehouse's default.
  dispatched('scalar_function_volatility_sql', '', `{%- set volatility = model.config.get('volatility') -%}
{%- set keywords = {'deterministic': 'IMMUTABLE', 'stable': 'STABLE', 'non-deterministic': 'VOLATILE'} -%}
{%- if volatility in keywords -%}{{ keywords[volatility] }}
{%- elif volatility is not none -%}{%- do unsupported_volatility_warning(volatility) -%}
{%- endif -%}`),
  dispatched('scalar_function_volatility_javascript', '', `{%- if model.config.get('volatility') is not none -%}
{%- do exceptions.warn('Volatility is not supported by ' ~ adapter.type() ~ ' in javascript UDF and will be ignored') -%}
{%- endif -%}`),
  dispatched('unsupported_volatility_warning', 'volatility', `{%- do exceptions.warn('Found \`' ~ volatility ~ '\` volatility specified on function \`' ~ model.name ~ '\`. This volatility is not supported by ' ~ adapter.type() ~ ', and will be ignored') -%}`),
];

const AGGREGATE = [
  dispatched('get_aggregate_function_create_replace_signature', 'target_relation', `CREATE OR REPLACE AGGREGATE FUNCTION {{ target_relation.render() }} ({{ get_formatted_aggregate_function_args() }})
RETURNS {{ model.returns.data_type }}
{{ get_function_language_specifier() }}
{{ get_aggregate_function_volatility_specifier() }}
{% if model.get('language') == 'python' %}{{ get_function_python_options() }}
{% endif %}AS`),
  dispatched('get_formatted_aggregate_function_args', '', '{{ formatted_scalar_function_args_sql() }}'),
  // SQL needs no language clause; python and javascript have the spellings warehouses take.
  dispatched('get_function_language_specifier', '', `{%- set language = model.get('language') -%}
{%- if language == 'python' -%}LANGUAGE PYTHON
{%- elif language == 'javascript' -%}LANGUAGE js
{%- elif language and language != 'sql' -%}LANGUAGE {{ language | upper }}
{%- endif -%}`),
  dispatched('get_aggregate_function_volatility_specifier', '', '{{ scalar_function_volatility_sql() }}'),
  dispatched('get_function_python_options', '', `RUNTIME_VERSION = '{{ model.config.get('runtime_version') }}'
HANDLER = '{{ model.config.get('entry_point') }}'
{%- set packages = model.config.get('packages', []) -%}
{%- if packages %}
PACKAGES = ('{{ packages | join("','") }}')
{%- endif -%}`),
];

// Runs the statement as the node's main one, then grants and docs as every dbt materialization ends.
const EXECUTE = dispatched('function_execute_build_sql', 'build_sql, existing_relation, target_relation', `{%- call statement(name='main') -%}{{ build_sql }}{%- endcall -%}
{%- do apply_grants(target_relation, config.get('grants'), should_revoke=should_revoke(existing_relation, full_refresh_mode=True)) -%}
{%- do persist_docs(target_relation, model) -%}
{{ adapter.commit() }}`);

export const FUNCTION_MACROS = [...SCALAR, ...AGGREGATE, EXECUTE].join('\n');
