/**
 * dbt's cross-database macros, under the `dbt` namespace with dbt's signatures: each one
 * dispatches (`adapter.dispatch(name, 'dbt')`) to `<adapter>__name`, then `default__name`.
 * The `default__` versions here are portable SQL; where a warehouse differs, its adapter
 * supplies `<type>__name` (DuckDB's: src/adapters/duckdb/macros.ts), so projects and
 * packages override either exactly as in dbt.
 */
import { dispatched } from './dispatched.js';

const TYPES = ['string', 'timestamp', 'float', 'int', 'bigint', 'boolean']
  .map((type) => dispatched(`type_${type}`, '', `{{ return(api.Column.translate_type('${type === 'int' ? 'integer' : type}')) }}`))
  .join('\n');

export const CROSS_DATABASE = `
{% macro current_timestamp() -%}{{ return(adapter.dispatch('current_timestamp', 'dbt')()) }}{%- endmacro %}
{% macro default__current_timestamp() -%}current_timestamp{%- endmacro %}
{% macro current_timestamp_backcompat() -%}{{ return(adapter.dispatch('current_timestamp_backcompat', 'dbt')()) }}{%- endmacro %}
{% macro default__current_timestamp_backcompat() -%}current_timestamp::timestamp{%- endmacro %}
{% macro current_timestamp_in_utc_backcompat() -%}{{ return(adapter.dispatch('current_timestamp_in_utc_backcompat', 'dbt')()) }}{%- endmacro %}
{% macro default__current_timestamp_in_utc_backcompat() -%}{{ return(adapter.dispatch('current_timestamp_backcompat', 'dbt')()) }}{%- endmacro %}
${TYPES}
{% macro type_numeric() -%}{{ return(adapter.dispatch('type_numeric', 'dbt')()) }}{%- endmacro %}
{% macro default__type_numeric() -%}{{ return(api.Column.translate_type('numeric')) }}{%- endmacro %}
${dispatched('concat', 'fields', "{{ fields | join(' || ') }}")}
${dispatched('hash', 'field', "md5(cast({{ field }} as {{ api.Column.translate_type('string') }}))")}
${dispatched('cast', 'field, type', 'cast({{ field }} as {{ type }})')}
${dispatched('safe_cast', 'field, type', 'cast({{ field }} as {{ type }})')}
${dispatched('cast_bool_to_text', 'field', "cast({{ field }} as {{ api.Column.translate_type('string') }})")}
${dispatched('date_trunc', 'datepart, date', "date_trunc('{{ datepart }}', {{ date }})")}
${dispatched('dateadd', 'datepart, interval, from_date_or_timestamp', 'dateadd({{ datepart }}, {{ interval }}, {{ from_date_or_timestamp }})')}
${dispatched('datediff', 'first_date, second_date, datepart', 'datediff({{ datepart }}, {{ first_date }}, {{ second_date }})')}
{% macro last_day(date, datepart) -%}{{ return(adapter.dispatch('last_day', 'dbt')(date, datepart)) }}{%- endmacro %}
{% macro default_last_day(date, datepart) -%}cast({{ dbt.dateadd('day', '-1', dbt.dateadd(datepart, '1', dbt.date_trunc(datepart, date))) }} as date){%- endmacro %}
{% macro default__last_day(date, datepart) -%}{{ dbt.default_last_day(date, datepart) }}{%- endmacro %}
${dispatched('date', 'year, month, day', "{%- set iso = modules.datetime.date(year, month, day).strftime('%Y-%m-%d') -%}to_date('{{ iso }}', 'YYYY-MM-DD')")}
${dispatched('split_part', 'string_text, delimiter_text, part_number', 'split_part({{ string_text }}, {{ delimiter_text }}, {{ part_number }})')}
{% macro listagg(measure, delimiter_text="','", order_by_clause=none, limit_num=none) -%}{{ return(adapter.dispatch('listagg', 'dbt')(measure, delimiter_text, order_by_clause, limit_num)) }}{%- endmacro %}
{% macro default__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
{%- if limit_num -%}array_to_string(array_slice(array_agg({{ measure }}){% if order_by_clause %} within group ({{ order_by_clause }}){% endif %}, 0, {{ limit_num }}), {{ delimiter_text }})
{%- else -%}listagg({{ measure }}, {{ delimiter_text }}){% if order_by_clause %} within group ({{ order_by_clause }}){% endif %}{%- endif -%}
{%- endmacro %}
${dispatched('any_value', 'expression', 'any_value({{ expression }})')}
${dispatched('bool_or', 'expression', 'bool_or({{ expression }})')}
${dispatched('escape_single_quotes', 'expression', `{{ expression | replace("'", "''") }}`)}
${dispatched('string_literal', 'value', "'{{ value }}'")}
${dispatched('length', 'expression', 'length({{ expression }})')}
${dispatched('position', 'substring_text, string_text', 'position({{ substring_text }} in {{ string_text }})')}
${dispatched('replace', 'field, old_chars, new_chars', 'replace({{ field }}, {{ old_chars }}, {{ new_chars }})')}
${dispatched('right', 'string_text, length_expression', 'right({{ string_text }}, {{ length_expression }})')}
${dispatched('except', '', 'except')}
${dispatched('intersect', '', 'intersect')}
${dispatched('equals', 'expr1, expr2', `{%- if adapter.behavior.enable_truthy_nulls_equals_macro.no_warn -%}
case when (({{ expr1 }} = {{ expr2 }}) or ({{ expr1 }} is null and {{ expr2 }} is null)) then 0 else 1 end = 0
{%- else -%}({{ expr1 }} = {{ expr2 }}){%- endif -%}`)}
${dispatched('array_append', 'array, new_element', 'array_append({{ array }}, {{ new_element }})')}
${dispatched('array_concat', 'array_1, array_2', 'array_cat({{ array_1 }}, {{ array_2 }})')}
{% macro array_construct(inputs=[], data_type=api.Column.translate_type('integer')) -%}{{ return(adapter.dispatch('array_construct', 'dbt')(inputs, data_type)) }}{%- endmacro %}
{% macro default__array_construct(inputs, data_type) -%}{% if inputs | length > 0 %}array[{{ inputs | join(', ') }}]{% else %}array[]::{{ data_type }}[]{% endif %}{%- endmacro %}

{#- generate_series(n): the numbers 1..n as generated_number, from cross joins of 0/1 (any warehouse). #}
{% macro get_powers_of_two(upper_bound) -%}{{ return(adapter.dispatch('get_powers_of_two', 'dbt')(upper_bound)) }}{%- endmacro %}
{% macro default__get_powers_of_two(upper_bound) -%}
{%- if upper_bound <= 0 %}{{ exceptions.raise_compiler_error('get_powers_of_two: upper bound must be positive, got ' ~ upper_bound) }}{% endif -%}
{%- for power in range(1, 100) %}{% if upper_bound <= 2 ** power %}{{ return(power) }}{% endif %}{% endfor -%}
{%- endmacro %}
{% macro generate_series(upper_bound) -%}{{ return(adapter.dispatch('generate_series', 'dbt')(upper_bound)) }}{%- endmacro %}
{% macro default__generate_series(upper_bound) -%}
{%- set bits = dbt.get_powers_of_two(upper_bound) -%}
with bit as (select 0 as generated_number union all select 1),
numbers as (
    select {% for i in range(bits) %}b{{ i }}.generated_number * {{ 2 ** i }} + {% endfor %}1 as generated_number
    from {% for i in range(bits) %}bit as b{{ i }}{{ ' cross join ' if not loop.last }}{% endfor %}
)
select generated_number from numbers where generated_number <= {{ upper_bound }} order by generated_number
{%- endmacro %}

{#- date_spine(datepart, start, end): one row per datepart from start (inclusive) to end (exclusive), as date_<datepart>. #}
{% macro get_intervals_between(start_date, end_date, datepart) -%}{{ return(adapter.dispatch('get_intervals_between', 'dbt')(start_date, end_date, datepart)) }}{%- endmacro %}
{% macro default__get_intervals_between(start_date, end_date, datepart) -%}
{%- call statement('get_intervals_between', fetch_result=True) %}select {{ dbt.datediff(start_date, end_date, datepart) }}{% endcall -%}
{%- set result = load_result('get_intervals_between') -%}
{%- if result and result['data'] -%}{{ return(result['data'][0][0]) }}{%- else -%}{{ return(1) }}{%- endif -%}
{%- endmacro %}
{% macro date_spine(datepart, start_date, end_date) -%}{{ return(adapter.dispatch('date_spine', 'dbt')(datepart, start_date, end_date)) }}{%- endmacro %}
{% macro default__date_spine(datepart, start_date, end_date) -%}
with raw_numbers as (
    {{ dbt.generate_series(dbt.get_intervals_between(start_date, end_date, datepart)) }}
),
all_periods as (
    select ({{ dbt.dateadd(datepart, 'row_number() over (order by 1) - 1', start_date) }}) as date_{{ datepart }}
    from raw_numbers
)
select * from all_periods where date_{{ datepart }} <= {{ end_date }}
{%- endmacro %}
`;
