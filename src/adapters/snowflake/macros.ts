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
{#- persist_docs: Snowflake's COMMENT ON (its strings read backslash escapes), columns that exist only. -#}
{% macro snowflake__alter_relation_comment(relation, relation_comment) -%}
comment on {{ 'view' if relation.type == 'view' else 'table' }} {{ relation.render() }} is '{{ snowflake__escape_single_quotes(relation_comment) }}'
{%- endmacro %}
{% macro snowflake__alter_column_comment(relation, column_dict) -%}
{%- set existing = adapter.get_columns_in_relation(relation) | map(attribute='name') | map('upper') | list -%}
{%- for column_name in column_dict if column_name | upper in existing and column_dict[column_name]['description'] %}
comment on column {{ relation.render() }}.{{ adapter.quote(column_name) if column_dict[column_name]['quote'] else column_name }} is '{{ snowflake__escape_single_quotes(column_dict[column_name]['description']) }}';
{%- endfor -%}
{%- endmacro %}
`;
