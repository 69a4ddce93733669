/**
 * dbt's relation and materialization helpers, the ones package authors call: temp,
 * intermediate and backup relations, `load_relation`, the create/drop/rename statements,
 * column helpers, the incremental strategies' SQL (`get_merge_sql` and friends),
 * `get_test_sql`, `collect_freshness`, `persist_docs`. Each dispatches like dbt's
 * (`adapter.dispatch(name, 'dbt')`), so a project, a package or an adapter's
 * `<type>__name` overrides it; the `default__` bodies are portable SQL written to dbt's
 * documented behaviour.
 */
import { dispatched } from './dispatched.js';

const RELATIONS = [
  dispatched('make_intermediate_relation', "base_relation, suffix='__dbt_tmp'", '{{ return(default__make_temp_relation(base_relation, suffix)) }}'),
  // The wrapper gives each microbatch batch its own temp relation, as dbt does.
  `{% macro make_temp_relation(base_relation, suffix='__dbt_tmp') -%}
  {%- if suffix == '__dbt_tmp' and model and model.batch -%}{%- set suffix = suffix ~ '_' ~ model.batch.id -%}{%- endif -%}
  {{ return(adapter.dispatch('make_temp_relation', 'dbt')(base_relation, suffix)) }}
{%- endmacro %}
{% macro default__make_temp_relation(base_relation, suffix) -%}
  {{ return(base_relation.incorporate(path={'identifier': base_relation.identifier ~ suffix})) }}
{%- endmacro %}`,
  dispatched('make_backup_relation', "base_relation, backup_relation_type, suffix='__dbt_backup'", "{{ return(base_relation.incorporate(path={'identifier': base_relation.identifier ~ suffix}, type=backup_relation_type)) }}"),
  dispatched('truncate_relation', 'relation', "{% call statement('truncate_relation') -%}truncate table {{ relation.render() }}{%- endcall %}"),
  dispatched('get_or_create_relation', 'database, schema, identifier, type', `{%- set existing = adapter.get_relation(database=database, schema=schema, identifier=identifier) -%}
  {%- if existing -%}{{ return([true, existing]) }}{%- endif -%}
  {{ return([false, api.Relation.create(database=database, schema=schema, identifier=identifier, type=type)]) }}`),
  `{% macro load_cached_relation(relation) -%}
  {{ return(adapter.get_relation(database=relation.database, schema=relation.schema, identifier=relation.identifier)) }}
{%- endmacro %}
{% macro load_relation(relation) -%}{{ return(load_cached_relation(relation)) }}{%- endmacro %}`,
  dispatched('drop_relation', 'relation', '{{ return(adapter.drop_relation(relation)) }}'),
  `{% macro drop_relation_if_exists(relation) -%}{%- if relation is not none -%}{{ adapter.drop_relation(relation) }}{%- endif -%}{%- endmacro %}`,
  dispatched('get_drop_sql', 'relation', "drop {{ relation.type or 'table' }} if exists {{ relation.render() }} cascade"),
  dispatched('rename_relation', 'from_relation, to_relation', '{{ return(adapter.rename_relation(from_relation, to_relation)) }}'),
].join('\n');

const CREATE = [
  dispatched('get_create_table_as_sql', 'temporary, relation, sql', '{{ return(create_table_as(temporary, relation, sql)) }}'),
  `{% macro create_table_as(temporary, relation, compiled_code, language='sql') -%}
  {%- set sql_header = config.get('sql_header', none) if config is defined else none -%}
  {{ sql_header if sql_header is not none }}{{ adapter.dispatch('create_table_as', 'dbt')(temporary, relation, compiled_code) }}
{%- endmacro %}
{% macro default__create_table_as(temporary, relation, sql) -%}
create {% if temporary %}temporary {% endif %}table {{ relation.include(database=(not temporary), schema=(not temporary)) }} as (
{{ sql }}
)
{%- endmacro %}`,
  dispatched('get_create_view_as_sql', 'relation, sql', '{{ return(create_view_as(relation, sql)) }}'),
  // dbt's default: the model's sql_header first.
  dispatched('create_view_as', 'relation, sql', "{%- set sql_header = config.get('sql_header', none) -%}{{ sql_header ~ '\\n' if sql_header is not none }}create view {{ relation.render() }} as (\n{{ sql }}\n)"),
].join('\n');

const COLUMNS = [
  `{% macro get_quoted_csv(column_names) -%}
  {%- set quoted = [] -%}{%- for name in column_names -%}{%- do quoted.append(adapter.quote(name)) -%}{%- endfor -%}
  {{ return(quoted | join(', ')) }}
{%- endmacro %}`,
  // dbt's: names compared exactly, and a string column that can widen is not a type change.
  `{% macro diff_columns(source_columns, target_columns) -%}
  {%- set result = [] -%}
  {%- set target_names = target_columns | map(attribute='column') | list -%}
  {%- for sc in source_columns -%}{%- if sc.name not in target_names -%}{%- do result.append(sc) -%}{%- endif -%}{%- endfor -%}
  {{ return(result) }}
{%- endmacro %}
{% macro diff_column_data_types(source_columns, target_columns) -%}
  {{ return(adapter.dispatch('diff_column_data_types', 'dbt')(source_columns, target_columns)) }}
{%- endmacro %}
{% macro default__diff_column_data_types(source_columns, target_columns) -%}
  {%- set result = [] -%}
  {%- for sc in source_columns -%}
    {%- set tc = target_columns | selectattr('name', 'equalto', sc.name) | list | first -%}
    {%- if tc -%}
      {%- if sc.data_type != tc.data_type and not sc.can_expand_to(other_column=tc) -%}
        {%- do result.append({'column_name': tc.name, 'new_type': sc.data_type}) -%}
      {%- endif -%}
    {%- endif -%}
  {%- endfor -%}
  {{ return(result) }}
{%- endmacro %}`,
  dispatched('get_empty_subquery_sql', 'select_sql, select_sql_header=none', `{%- if select_sql_header is not none -%}{{ select_sql_header }}{%- endif -%}
select * from (
{{ select_sql }}
) as __dbt_sbq
where false
limit 0`),
  dispatched('get_empty_schema_sql', 'columns', `{%- set casts = [] -%}
{%- for name, column in columns.items() -%}{%- do casts.append('cast(null as ' ~ column['data_type'] ~ ') as ' ~ adapter.quote(name)) -%}{%- endfor -%}
select {{ casts | join(', ') }}`),
  dispatched('get_columns_in_query', 'select_sql', `{% call statement('get_columns_in_query', fetch_result=True, auto_begin=False) -%}
{{ get_empty_subquery_sql(select_sql) }}
{%- endcall %}
{{ return(load_result('get_columns_in_query').table.columns | map(attribute='name') | list) }}`),
  dispatched('alter_column_type', 'relation, column_name, new_column_type', `{%- set tmp = adapter.quote(column_name ~ '__dbt_alter') -%}
{% call statement('alter_column_type') -%}
alter table {{ relation.render() }} add column {{ tmp }} {{ new_column_type }};
update {{ relation.render() }} set {{ tmp }} = {{ adapter.quote(column_name) }};
alter table {{ relation.render() }} drop column {{ adapter.quote(column_name) }} cascade;
alter table {{ relation.render() }} rename column {{ tmp }} to {{ adapter.quote(column_name) }}
{%- endcall %}`),
  dispatched('alter_relation_add_remove_columns', 'relation, add_columns=none, remove_columns=none', `{%- for column in add_columns or [] -%}
{% do run_query('alter table ' ~ relation.render() ~ ' add column ' ~ column.quoted ~ ' ' ~ column.data_type) %}
{%- endfor -%}
{%- for column in remove_columns or [] -%}
{% do run_query('alter table ' ~ relation.render() ~ ' drop column ' ~ column.quoted) %}
{%- endfor -%}`),
].join('\n');

const MERGE = [
  `{% macro get_merge_update_columns(merge_update_columns, merge_exclude_columns, dest_columns) -%}
  {{ return(adapter.dispatch('get_merge_update_columns', 'dbt')(merge_update_columns, merge_exclude_columns, dest_columns)) }}
{%- endmacro %}
{% macro default__get_merge_update_columns(merge_update_columns, merge_exclude_columns, dest_columns) -%}
  {%- if merge_update_columns and merge_exclude_columns -%}
    {{ exceptions.raise_compiler_error('Model cannot specify merge_update_columns and merge_exclude_columns. Please update model to use only one config') }}
  {%- elif merge_update_columns -%}
    {{ return(merge_update_columns) }}
  {%- endif -%}
  {%- set excluded = (merge_exclude_columns or []) | map('lower') | list -%}
  {%- set columns = [] -%}
  {%- for column in dest_columns -%}{%- if column.column | lower not in excluded -%}{%- do columns.append(column.quoted) -%}{%- endif -%}{%- endfor -%}
  {{ return(columns) }}
{%- endmacro %}`,
  `{% macro get_merge_sql(target, source, unique_key, dest_columns, incremental_predicates=none) -%}
  {{ return(adapter.dispatch('get_merge_sql', 'dbt')(target, source, unique_key, dest_columns, incremental_predicates)) }}
{%- endmacro %}
{% macro default__get_merge_sql(target, source, unique_key, dest_columns, incremental_predicates=none) -%}
  {%- set predicates = [] if incremental_predicates is none else [] + incremental_predicates -%}
  {%- set dest_cols_csv = get_quoted_csv(dest_columns | map(attribute='name')) -%}
  {%- set update_columns = get_merge_update_columns(config.get('merge_update_columns'), config.get('merge_exclude_columns'), dest_columns) -%}
  {%- set sql_header = config.get('sql_header', none) -%}
  {%- if unique_key -%}
    {%- set keys = unique_key if unique_key is sequence and unique_key is not string and unique_key is not mapping else [unique_key] -%}
    {%- for key in keys -%}{%- do predicates.append('DBT_INTERNAL_SOURCE.' ~ key ~ ' = DBT_INTERNAL_DEST.' ~ key) -%}{%- endfor -%}
  {%- else -%}
    {%- do predicates.append('FALSE') -%}
  {%- endif -%}
{{ sql_header if sql_header is not none }}
merge into {{ target }} as DBT_INTERNAL_DEST
using {{ source }} as DBT_INTERNAL_SOURCE
on {{ predicates | join(' and ') }}
{% if unique_key %}
when matched then update set
  {% for column_name in update_columns -%}{{ column_name }} = DBT_INTERNAL_SOURCE.{{ column_name }}{% if not loop.last %}, {% endif %}{%- endfor %}
{% endif %}
when not matched then insert ({{ dest_cols_csv }})
values ({{ dest_cols_csv }})
{%- endmacro %}`,
  `{% macro get_delete_insert_merge_sql(target, source, unique_key, dest_columns, incremental_predicates=none) -%}
  {{ return(adapter.dispatch('get_delete_insert_merge_sql', 'dbt')(target, source, unique_key, dest_columns, incremental_predicates)) }}
{%- endmacro %}
{% macro default__get_delete_insert_merge_sql(target, source, unique_key, dest_columns, incremental_predicates=none) -%}
  {%- set dest_cols_csv = get_quoted_csv(dest_columns | map(attribute='name')) -%}
  {%- if unique_key -%}
    {%- set keys = unique_key if unique_key is sequence and unique_key is not string and unique_key is not mapping else [unique_key] -%}
delete from {{ target }}
using {{ source }}
where (
  {% for key in keys %}{{ source }}.{{ key }} = {{ target }}.{{ key }}{{ ' and ' if not loop.last }}{% endfor %}
  {% if incremental_predicates %}{% for predicate in incremental_predicates %} and {{ predicate }}{% endfor %}{% endif %}
);
  {%- endif %}
insert into {{ target }} ({{ dest_cols_csv }})
(
  select {{ dest_cols_csv }}
  from {{ source }}
)
{%- endmacro %}`,
  `{% macro get_insert_overwrite_merge_sql(target, source, dest_columns, predicates, include_sql_header=false) -%}
  {{ return(adapter.dispatch('get_insert_overwrite_merge_sql', 'dbt')(target, source, dest_columns, predicates, include_sql_header)) }}
{%- endmacro %}
{% macro default__get_insert_overwrite_merge_sql(target, source, dest_columns, predicates, include_sql_header) -%}
  {%- set predicates = [] if predicates is none else [] + predicates -%}
  {%- set dest_cols_csv = get_quoted_csv(dest_columns | map(attribute='name')) -%}
  {%- set sql_header = config.get('sql_header', none) -%}
{{ sql_header if sql_header is not none and include_sql_header }}
merge into {{ target }} as DBT_INTERNAL_DEST
using {{ source }} as DBT_INTERNAL_SOURCE
on FALSE
when not matched by source{% if predicates %} and {{ predicates | join(' and ') }}{% endif %}
  then delete
when not matched then insert ({{ dest_cols_csv }})
values ({{ dest_cols_csv }})
{%- endmacro %}`,
  dispatched('get_insert_into_sql', 'target_relation, temp_relation, dest_columns', `{%- set dest_cols_csv = get_quoted_csv(dest_columns | map(attribute='name')) -%}
insert into {{ target_relation }} ({{ dest_cols_csv }})
(
  select {{ dest_cols_csv }}
  from {{ temp_relation }}
)`),
  dispatched('get_incremental_append_sql', 'arg_dict', "{{ return(get_insert_into_sql(arg_dict['target_relation'], arg_dict['temp_relation'], arg_dict['dest_columns'])) }}"),
  dispatched('get_incremental_default_sql', 'arg_dict', '{{ return(get_incremental_append_sql(arg_dict)) }}'),
  dispatched('get_incremental_merge_sql', 'arg_dict', "{{ return(get_merge_sql(arg_dict['target_relation'], arg_dict['temp_relation'], arg_dict['unique_key'], arg_dict['dest_columns'], arg_dict['incremental_predicates'])) }}"),
  dispatched('get_incremental_delete_insert_sql', 'arg_dict', "{{ return(get_delete_insert_merge_sql(arg_dict['target_relation'], arg_dict['temp_relation'], arg_dict['unique_key'], arg_dict['dest_columns'], arg_dict['incremental_predicates'])) }}"),
  dispatched('get_incremental_insert_overwrite_sql', 'arg_dict', "{{ return(get_insert_overwrite_merge_sql(arg_dict['target_relation'], arg_dict['temp_relation'], arg_dict['dest_columns'], arg_dict['incremental_predicates'])) }}"),
].join('\n');

const TESTS_AND_DOCS = [
  dispatched('get_test_sql', 'main_sql, fail_calc, warn_if, error_if, limit', `select
  {{ fail_calc }} as failures,
  {{ fail_calc }} {{ warn_if }} as should_warn,
  {{ fail_calc }} {{ error_if }} as should_error
from (
  {{ main_sql }}
  {{ 'limit ' ~ limit if limit != none }}
) dbt_internal_test`),
  dispatched('collect_freshness', 'source, loaded_at_field, filter', `{% call statement('collect_freshness', fetch_result=True, auto_begin=False) -%}
select
  max({{ loaded_at_field }}) as max_loaded_at,
  {{ current_timestamp() }} as snapshotted_at
from {{ source }}
{% if filter %}where {{ filter }}{% endif %}
{%- endcall %}
{{ return(load_result('collect_freshness')) }}`),
  dispatched('get_relation_comment_sql', 'relation, comment', "comment on {{ 'view' if relation.type == 'view' else 'table' }} {{ relation.render() }} is {{ \"'\" ~ (comment | replace(\"'\", \"''\")) ~ \"'\" }}"),
].join('\n');

/**
 * Hooks as custom materializations run them. Unlike dbt, no `commit` precedes the hooks that
 * run outside the transaction: kiln's statements commit on their own.
 */
const HOOKS = `{% macro run_hooks(hooks, inside_transaction=True) -%}
  {%- for hook in hooks | selectattr('transaction', 'equalto', inside_transaction) -%}
    {%- set rendered = render(hook.get('sql')) | trim -%}
    {%- if rendered | length > 0 -%}
      {% call statement(auto_begin=inside_transaction) %}{{ rendered }}{% endcall %}
    {%- endif -%}
  {%- endfor -%}
{%- endmacro %}
{% macro make_hook_config(sql, inside_transaction) -%}{{ return({'sql': sql, 'transaction': inside_transaction}) }}{%- endmacro %}
{% macro before_begin(sql) -%}{{ return(make_hook_config(sql, inside_transaction=False)) }}{%- endmacro %}
{% macro in_transaction(sql) -%}{{ return(make_hook_config(sql, inside_transaction=True)) }}{%- endmacro %}
{% macro after_commit(sql) -%}{{ return(make_hook_config(sql, inside_transaction=False)) }}{%- endmacro %}`;

export const RELATION_MACROS = [RELATIONS, CREATE, COLUMNS, MERGE, TESTS_AND_DOCS, HOOKS].join('\n');
