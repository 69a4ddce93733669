/**
 * BigQuery's versions of dbt's cross-database macros, where GoogleSQL differs from the portable
 * `default__` ones (src/jinja/globalProject/crossDatabase.ts), written to dbt-bigquery's
 * semantics. Registered in the `dbt` namespace, so `adapter.dispatch` finds them before
 * `default__`, and a project can still override them with its own `bigquery__…`.
 *
 * The defaults serve unchanged for: cast, concat (`||`), type_* (through the dialect's type
 * names), length, replace, right, string_literal, equals, any_value, generate_series and
 * date_spine.
 */
export const BIGQUERY_MACROS = `
{% macro bigquery__current_timestamp() -%}current_timestamp(){%- endmacro %}
{% macro bigquery__current_timestamp_backcompat() -%}current_timestamp(){%- endmacro %}
{% macro bigquery__current_timestamp_in_utc_backcompat() -%}current_timestamp(){%- endmacro %}
{% macro bigquery__hash(field) -%}to_hex(md5(cast({{ field }} as string))){%- endmacro %}
{% macro bigquery__safe_cast(field, type) -%}safe_cast({{ field }} as {{ type }}){%- endmacro %}
{% macro bigquery__cast_bool_to_text(field) -%}cast({{ field }} as string){%- endmacro %}
{% macro bigquery__date_trunc(datepart, date) -%}timestamp_trunc(cast({{ date }} as timestamp), {{ datepart }}){%- endmacro %}
{% macro bigquery__dateadd(datepart, interval, from_date_or_timestamp) -%}
datetime_add(cast({{ from_date_or_timestamp }} as datetime), interval {{ interval }} {{ datepart }})
{%- endmacro %}
{% macro bigquery__datediff(first_date, second_date, datepart) -%}
{%- if datepart | lower | replace("'", '') == 'week' -%}
date_diff(cast({{ second_date }} as date), cast({{ first_date }} as date), week)
{%- else -%}
datetime_diff(cast({{ second_date }} as datetime), cast({{ first_date }} as datetime), {{ datepart }})
{%- endif -%}
{%- endmacro %}
{% macro bigquery__date(year, month, day) -%}date({{ year }}, {{ month }}, {{ day }}){%- endmacro %}
{% macro bigquery__last_day(date, datepart) -%}last_day({{ date }}, {{ datepart }}){%- endmacro %}
{% macro bigquery__split_part(string_text, delimiter_text, part_number) -%}
{%- if part_number >= 0 -%}split({{ string_text }}, {{ delimiter_text }})[safe_offset({{ part_number - 1 }})]
{%- else -%}split({{ string_text }}, {{ delimiter_text }})[safe_offset(array_length(split({{ string_text }}, {{ delimiter_text }})) + {{ part_number }})]
{%- endif -%}
{%- endmacro %}
{% macro bigquery__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
string_agg({{ measure }}, {{ delimiter_text }}{% if order_by_clause %} {{ order_by_clause }}{% endif %}{% if limit_num %} limit {{ limit_num }}{% endif %})
{%- endmacro %}
{% macro bigquery__bool_or(expression) -%}logical_or({{ expression }}){%- endmacro %}
{% macro bigquery__escape_single_quotes(expression) -%}{{ expression | replace("'", "\\\\'") }}{%- endmacro %}
{% macro bigquery__position(substring_text, string_text) -%}strpos({{ string_text }}, {{ substring_text }}){%- endmacro %}
{% macro bigquery__except() -%}except distinct{%- endmacro %}
{% macro bigquery__intersect() -%}intersect distinct{%- endmacro %}
{% macro bigquery__array_append(array, new_element) -%}array_concat({{ array }}, [{{ new_element }}]){%- endmacro %}
{% macro bigquery__array_concat(array_1, array_2) -%}array_concat({{ array_1 }}, {{ array_2 }}){%- endmacro %}
{% macro bigquery__array_construct(inputs, data_type) -%}
{%- if inputs | length > 0 -%}[{{ inputs | join(', ') }}]{%- else -%}array<{{ data_type }}>[]{%- endif -%}
{%- endmacro %}

{#- persist_docs: BigQuery keeps descriptions as options, not comments (dbt-bigquery's alter_*_comment). -#}
{% macro bigquery__description_literal(text) -%}
'{{ text | replace('\\\\', '\\\\\\\\') | replace("'", "\\\\'") | replace('\\n', '\\\\n') }}'
{%- endmacro %}
{% macro bigquery__alter_relation_comment(relation, relation_comment) -%}
alter {{ 'view' if relation.type == 'view' else 'table' }} {{ relation.render() }} set options(description={{ bigquery__description_literal(relation_comment) }})
{%- endmacro %}
{% macro bigquery__alter_column_comment(relation, column_dict) -%}
{%- for column_name in column_dict if column_dict[column_name]['description'] -%}
alter table {{ relation.render() }} alter column {{ adapter.quote(column_name) }} set options(description={{ bigquery__description_literal(column_dict[column_name]['description']) }});
{% endfor -%}
{%- endmacro %}
`;
