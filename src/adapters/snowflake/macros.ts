/**
 * Snowflake's versions of dbt's cross-database macros where Snowflake's SQL differs from the
 * `default__` ones (src/jinja/globalProject/crossDatabase.ts), after dbt-snowflake. The defaults
 * already speak Snowflake for dateadd, datediff, listagg, split_part, date_trunc, any_value,
 * concat, hash, replace, right, position, length and array_append/array_concat.
 */
export const SNOWFLAKE_MACROS = `
{% macro snowflake__current_timestamp() -%}convert_timezone('UTC', current_timestamp()){%- endmacro %}
{% macro snowflake__current_timestamp_backcompat() -%}current_timestamp::timestamp_ntz{%- endmacro %}
{% macro snowflake__current_timestamp_in_utc_backcompat() -%}convert_timezone('UTC', current_timestamp())::timestamp_ntz{%- endmacro %}
{#- try_cast takes text only: anything else is cast to text first, as dbt-snowflake does. #}
{% macro snowflake__safe_cast(field, type) -%}try_cast(cast({{ field }} as varchar) as {{ type }}){%- endmacro %}
{% macro snowflake__bool_or(expression) -%}boolor_agg({{ expression }}){%- endmacro %}
{#- Snowflake reads backslash escapes in string literals. #}
{% macro snowflake__escape_single_quotes(expression) -%}{{ expression | replace('\\\\', '\\\\\\\\') | replace("'", "\\\\'") }}{%- endmacro %}
{% macro snowflake__array_construct(inputs, data_type) -%}array_construct({{ inputs | join(', ') }}){%- endmacro %}
{% macro snowflake__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
{%- if limit_num -%}array_to_string(array_slice(array_agg({{ measure }}){% if order_by_clause %} within group ({{ order_by_clause }}){% endif %}, 0, {{ limit_num }}), {{ delimiter_text }})
{%- else -%}listagg({{ measure }}, {{ delimiter_text }}){% if order_by_clause %} within group ({{ order_by_clause }}){% endif %}{%- endif -%}
{%- endmacro %}
`;
