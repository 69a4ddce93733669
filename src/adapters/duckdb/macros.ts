/**
 * DuckDB's versions of dbt's cross-database macros, where DuckDB's SQL differs from the
 * portable `default__` ones (src/jinja/globalProject/crossDatabase.ts). Registered in the
 * `dbt` namespace, so `adapter.dispatch` finds them before `default__`, and a project can
 * still override them with its own `duckdb__…`.
 */
export const DUCKDB_MACROS = `
{% macro duckdb__dateadd(datepart, interval, from_date_or_timestamp) -%}
{#- DuckDB has no dateadd(part, n, x): add n times one unit (a quarter is 3 months, a week 7 days). -#}
{%- set unit = datepart | lower | replace("'", '') -%}
{%- if unit == 'quarter' -%}({{ from_date_or_timestamp }} + cast({{ interval }} as bigint) * 3 * interval 1 month)
{%- elif unit == 'week' -%}({{ from_date_or_timestamp }} + cast({{ interval }} as bigint) * 7 * interval 1 day)
{%- else -%}({{ from_date_or_timestamp }} + cast({{ interval }} as bigint) * interval 1 {{ unit }})
{%- endif -%}
{%- endmacro %}

{% macro duckdb__datediff(first_date, second_date, datepart) -%}
{%- set unit = datepart | lower | replace("'", '') -%}
{%- if unit == 'week' -%}
{#- Weeks crossed, counted at each Sunday as the other warehouses do (DuckDB's date_diff counts whole 7-day spans); 1970-01-04 was a Sunday. -#}
(cast(floor(date_diff('day', date '1970-01-04', cast({{ second_date }} as date)) / 7) as bigint) - cast(floor(date_diff('day', date '1970-01-04', cast({{ first_date }} as date)) / 7) as bigint))
{%- else -%}
date_diff('{{ unit }}', cast({{ first_date }} as timestamp), cast({{ second_date }} as timestamp))
{%- endif -%}
{%- endmacro %}

{% macro duckdb__date(year, month, day) -%}make_date({{ year }}, {{ month }}, {{ day }}){%- endmacro %}

{% macro duckdb__safe_cast(field, type) -%}try_cast({{ field }} as {{ type }}){%- endmacro %}

{% macro duckdb__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
{%- if limit_num -%}array_to_string((array_agg({{ measure }}{% if order_by_clause %} {{ order_by_clause }}{% endif %}))[1:{{ limit_num }}], {{ delimiter_text }})
{%- else -%}string_agg({{ measure }}, {{ delimiter_text }}{% if order_by_clause %} {{ order_by_clause }}{% endif %})
{%- endif -%}
{%- endmacro %}

{% macro duckdb__array_construct(inputs, data_type) -%}
{%- if inputs | length > 0 -%}[{{ inputs | join(', ') }}]{%- else -%}cast([] as {{ data_type }}[]){%- endif -%}
{%- endmacro %}

{% macro duckdb__generate_series(upper_bound) -%}
select generate_series as generated_number from generate_series(1, {{ upper_bound }})
{%- endmacro %}
`;
