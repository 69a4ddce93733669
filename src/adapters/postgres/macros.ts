/**
 * PostgreSQL's versions of dbt's cross-database macros, where PostgreSQL 15's SQL differs from
 * the portable `default__` ones (src/jinja/globalProject/crossDatabase.ts), written to
 * dbt-postgres's semantics; and of the relation helpers (src/jinja/globalProject/relations.ts)
 * that PostgreSQL treats differently: temp relations, 63-character names, materialized views,
 * insert_overwrite. Registered in the `dbt` namespace, so `adapter.dispatch` finds them before
 * `default__`, and a project can still override them with its own `postgres__…`.
 *
 * PostgreSQL runs the defaults unchanged for: current_timestamp (and _backcompat), type_*
 * (through the dialect's type names), concat, hash, cast, safe_cast (no try_cast: a plain cast,
 * as in dbt-postgres), cast_bool_to_text, date_trunc, last_day (quarters work since dateadd
 * takes them), date (to_date), split_part (negative parts since PostgreSQL 14), bool_or,
 * escape_single_quotes, string_literal, length, position, replace, right, except, intersect,
 * equals, array_construct, array_append, array_concat, generate_series, date_spine, and the
 * other relation helpers (merge, delete+insert, column and comment SQL).
 */
export const POSTGRES_MACROS = `
{% macro postgres__dateadd(datepart, interval, from_date_or_timestamp) -%}
{#- n times a one-unit interval, as dbt-postgres does; Postgres has no 'quarter' unit, so a quarter is 3 months. -#}
{%- set unit = datepart | lower | replace("'", '') -%}
{%- if unit == 'quarter' -%}({{ from_date_or_timestamp }} + ((interval '3 month') * ({{ interval }})))
{%- else -%}({{ from_date_or_timestamp }} + ((interval '1 {{ unit }}') * ({{ interval }})))
{%- endif -%}
{%- endmacro %}

{% macro postgres__datediff(first_date, second_date, datepart) -%}
{#- Unit boundaries crossed, from date_part arithmetic as dbt-postgres does (Postgres has no datediff). -#}
{%- set unit = datepart | lower | replace("'", '') -%}
{%- if unit == 'year' -%}
(date_part('year', ({{ second_date }})::date) - date_part('year', ({{ first_date }})::date))
{%- elif unit == 'quarter' -%}
({{ dbt.datediff(first_date, second_date, 'year') }} * 4 + date_part('quarter', ({{ second_date }})::date) - date_part('quarter', ({{ first_date }})::date))
{%- elif unit == 'month' -%}
({{ dbt.datediff(first_date, second_date, 'year') }} * 12 + date_part('month', ({{ second_date }})::date) - date_part('month', ({{ first_date }})::date))
{%- elif unit == 'day' -%}
(({{ second_date }})::date - ({{ first_date }})::date)
{%- elif unit == 'week' -%}
{#- Whole weeks, plus one when a Sunday (the start of a week) is crossed in the remainder. -#}
({{ dbt.datediff(first_date, second_date, 'day') }} / 7 + case
    when date_part('dow', ({{ first_date }})::timestamp) <= date_part('dow', ({{ second_date }})::timestamp) then
        case when {{ first_date }} <= {{ second_date }} then 0 else -1 end
    else
        case when {{ first_date }} <= {{ second_date }} then 1 else 0 end
end)
{%- elif unit == 'hour' -%}
({{ dbt.datediff(first_date, second_date, 'day') }} * 24 + date_part('hour', ({{ second_date }})::timestamp) - date_part('hour', ({{ first_date }})::timestamp))
{%- elif unit == 'minute' -%}
({{ dbt.datediff(first_date, second_date, 'hour') }} * 60 + date_part('minute', ({{ second_date }})::timestamp) - date_part('minute', ({{ first_date }})::timestamp))
{%- elif unit == 'second' -%}
({{ dbt.datediff(first_date, second_date, 'minute') }} * 60 + floor(date_part('second', ({{ second_date }})::timestamp)) - floor(date_part('second', ({{ first_date }})::timestamp)))
{%- elif unit == 'millisecond' -%}
{#- date_part's millisecond and microsecond include the seconds, so they count from the minute. -#}
({{ dbt.datediff(first_date, second_date, 'minute') }} * 60000 + floor(date_part('millisecond', ({{ second_date }})::timestamp)) - floor(date_part('millisecond', ({{ first_date }})::timestamp)))
{%- elif unit == 'microsecond' -%}
({{ dbt.datediff(first_date, second_date, 'minute') }} * 60000000 + floor(date_part('microsecond', ({{ second_date }})::timestamp)) - floor(date_part('microsecond', ({{ first_date }})::timestamp)))
{%- else -%}
{{ exceptions.raise_compiler_error('Unsupported datepart for macro datediff in postgres: ' ~ datepart) }}
{%- endif -%}
{%- endmacro %}

{% macro postgres__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
{#- Postgres has no listagg: string_agg, or with a limit the first n of an ordered array_agg. -#}
{%- if limit_num -%}array_to_string((array_agg({{ measure }}{% if order_by_clause %} {{ order_by_clause }}{% endif %}))[1:{{ limit_num }}], {{ delimiter_text }})
{%- else -%}string_agg({{ measure }}, {{ delimiter_text }}{% if order_by_clause %} {{ order_by_clause }}{% endif %})
{%- endif -%}
{%- endmacro %}

{#- any_value arrived in PostgreSQL 16; min() picks one of the group's values, as dbt-postgres does (not for booleans: min has none). #}
{% macro postgres__any_value(expression) -%}min({{ expression }}){%- endmacro %}

{% macro postgres__current_timestamp_in_utc_backcompat() -%}
{#- current_timestamp is in the session's time zone: convert to UTC before dropping the zone. -#}
(current_timestamp at time zone 'utc')::{{ dbt.type_timestamp() }}
{%- endmacro %}

{#- Postgres cuts names at 63 characters without an error: keep the suffix, cut the base name (dbt-postgres's rule). #}
{% macro postgres__make_relation_with_suffix(base_relation, suffix, dstring) -%}
{%- if dstring -%}{%- set suffix = suffix ~ modules.datetime.datetime.now().strftime('%H%M%S%f') -%}{%- endif -%}
{%- set max_length = 63 -%}
{%- if suffix | length > max_length -%}
{{ exceptions.raise_compiler_error('Relation suffix is too long (' ~ (suffix | length) ~ ' characters). Maximum length is ' ~ max_length ~ ' characters.') }}
{%- endif -%}
{{ return(base_relation.incorporate(path={'identifier': base_relation.identifier[:max_length - (suffix | length)] ~ suffix})) }}
{%- endmacro %}
{% macro postgres__make_intermediate_relation(base_relation, suffix) -%}
{{ return(postgres__make_relation_with_suffix(base_relation, suffix, dstring=False)) }}
{%- endmacro %}
{% macro postgres__make_temp_relation(base_relation, suffix) -%}
{#- Temporary tables live in the session's own schema (pg_temp): named without schema or database, and timestamped so one session can build several. -#}
{%- set temp_relation = postgres__make_relation_with_suffix(base_relation, suffix, dstring=True) -%}
{{ return(temp_relation.incorporate(path={'schema': none, 'database': none})) }}
{%- endmacro %}
{% macro postgres__make_backup_relation(base_relation, backup_relation_type, suffix) -%}
{%- set backup_relation = postgres__make_relation_with_suffix(base_relation, suffix, dstring=False) -%}
{{ return(backup_relation.incorporate(type=backup_relation_type)) }}
{%- endmacro %}

{#- A materialized view is dropped and commented on as one ('drop materialized view', not 'drop materialized_view'). #}
{% macro postgres__get_drop_sql(relation) -%}
drop {{ 'materialized view' if relation.type == 'materialized_view' else (relation.type or 'table') }} if exists {{ relation.render() }} cascade
{%- endmacro %}
{% macro postgres__get_relation_comment_sql(relation, comment) -%}
comment on {{ {'view': 'view', 'materialized_view': 'materialized view'}.get(relation.type, 'table') }} {{ relation.render() }} is {{ "'" ~ (comment | replace("'", "''")) ~ "'" }}
{%- endmacro %}

{% macro postgres__get_insert_overwrite_merge_sql(target, source, dest_columns, predicates, include_sql_header) -%}
{#- The portable version needs MERGE … WHEN NOT MATCHED BY SOURCE (PostgreSQL 17); dbt-postgres has no insert_overwrite. -#}
{{ exceptions.raise_compiler_error("The incremental strategy 'insert_overwrite' is not supported on PostgreSQL: use 'delete+insert', 'merge' or 'append'") }}
{%- endmacro %}

{#- Snapshot timestamps without the time zone, as dbt-postgres's (DuckDB's twin is in its macros.ts). #}
{% macro postgres__snapshot_get_time() -%}{{ current_timestamp() }}::timestamp without time zone{%- endmacro %}

{#- Grants as dbt-postgres reads them: Postgres has no SHOW GRANTS, and a replaced relation keeps none. #}
{%- macro postgres__get_show_grant_sql(relation) -%}
select grantee, privilege_type
from {{ relation.information_schema('role_table_grants') }}
where grantor = current_role
  and grantee != current_role
  and table_schema = '{{ relation.schema }}'
  and table_name = '{{ relation.identifier }}'
{%- endmacro -%}
{% macro postgres__copy_grants() -%}{{ return(False) }}{%- endmacro %}

{#- Indexes with an access method (type) and if not exists, as dbt-postgres creates them. #}
{% macro postgres__get_create_index_sql(relation, index_dict) -%}
{%- set index_config = adapter.parse_index(index_dict) -%}
{%- set comma_separated_columns = ", ".join(index_config.columns) -%}
{%- set index_name = index_config.render(relation) -%}
create {% if index_config.unique -%}unique{%- endif %} index if not exists "{{ index_name }}" on {{ relation }} {% if index_config.type -%}using {{ index_config.type }}{%- endif %} ({{ comma_separated_columns }})
{%- endmacro %}

{#- Comments dollar-quoted, as dbt-postgres writes them (the defaults raise, as dbt's do). #}
{% macro postgres_escape_comment(comment) -%}
{%- if comment is not string -%}{% do exceptions.raise_compiler_error('cannot escape a non-string: ' ~ comment) %}{%- endif -%}
{%- set magic = '$dbt_comment_literal_block$' -%}
{%- if magic in comment -%}{% do exceptions.raise_compiler_error('The string ' ~ magic ~ ' is not allowed in comments.') %}{%- endif -%}
{{ magic }}{{ comment }}{{ magic }}
{%- endmacro %}
{% macro postgres__alter_relation_comment(relation, comment) -%}
comment on {{ 'materialized view' if relation.type == 'materialized_view' else relation.type }} {{ relation }} is {{ postgres_escape_comment(comment) }};
{%- endmacro %}
{% macro postgres__alter_column_comment(relation, column_dict) -%}
{%- set existing_columns = adapter.get_columns_in_relation(relation) | map(attribute="name") | list -%}
{%- for column_name in column_dict if (column_name in existing_columns) %}
comment on column {{ relation }}.{{ adapter.quote(column_name) if column_dict[column_name]['quote'] else column_name }} is {{ postgres_escape_comment(column_dict[column_name]['description']) }};
{%- endfor -%}
{%- endmacro %}
`;
