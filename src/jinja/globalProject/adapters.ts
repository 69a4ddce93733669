/**
 * dbt's global project, `macros/adapters/` and `macros/etc/`: columns, metadata (schemas,
 * relations, catalog), schemas, grants, indexes, comments (`persist_docs`), `show`, snapshot
 * timestamps, `validate_sql`, `is_core_v2`, and the partition-date helpers. Signatures and
 * `default__` bodies follow dbt-adapters' global project; where dbt's default raises "not
 * implemented" and kiln has a portable way (columns, relations), the default uses kiln's
 * adapter methods or ANSI information_schema SQL. Warehouse SQL (DuckDB's catalog functions,
 * Postgres's grants tables) lives in each adapter's macros.ts as `<type>__name`.
 */
import { dispatched } from './dispatched.js';

const notImplemented = (name: string): string => `{{ exceptions.raise_not_implemented('${name} macro not implemented for adapter ' ~ adapter.type()) }}`;

const COLUMNS = [
  // dbt's default raises; every kiln adapter describes columns natively (adapter.get_columns_in_relation).
  dispatched('get_columns_in_relation', 'relation', '{{ return(adapter.get_columns_in_relation(relation)) }}'),
  `{% macro sql_convert_columns_in_relation(table) -%}
  {%- set columns = [] -%}
  {%- for row in table -%}{%- do columns.append(api.Column(*row)) -%}{%- endfor -%}
  {{ return(columns) }}
{%- endmacro %}`,
  dispatched('get_columns_for_unit_tests', 'relation', `{%- set columns = adapter.get_columns_in_relation(relation) -%}
{%- set pseudocolumns = adapter.get_pseudocolumns_for_relation(relation) -%}
{{ return(columns + pseudocolumns) }}`),
  `{%- macro get_list_of_column_names(columns) -%}
  {%- set col_names = [] -%}
  {%- for col in columns -%}{%- do col_names.append(col.name) -%}{%- endfor -%}
  {{ return(col_names) }}
{%- endmacro %}`,
  `{% macro get_column_schema_from_query(select_sql, select_sql_header=none) -%}
  {%- set sql = get_empty_subquery_sql(select_sql, select_sql_header) -%}
  {{ return(adapter.get_column_schema_from_query(sql)) }}
{%- endmacro %}`,
].join('\n');

const METADATA = [
  dispatched('information_schema_name', 'database', '{%- if database -%}{{ database }}.INFORMATION_SCHEMA{%- else -%}INFORMATION_SCHEMA{%- endif -%}'),
  dispatched('list_schemas', 'database', `{%- set sql -%}
select distinct schema_name
from {{ information_schema_name(database) }}.SCHEMATA
where catalog_name ilike '{{ database }}'
{%- endset -%}
{{ return(run_query(sql)) }}`),
  dispatched('check_schema_exists', 'information_schema, schema', `{%- set sql -%}
select count(*)
from {{ information_schema.replace(information_schema_view='SCHEMATA') }}
where catalog_name='{{ information_schema.database }}'
  and schema_name='{{ schema }}'
{%- endset -%}
{{ return(run_query(sql)) }}`),
  // dbt's default raises; ANSI information_schema.tables serves the warehouses that have one.
  dispatched('list_relations_without_caching', 'schema_relation', `{% call statement('list_relations_without_caching', fetch_result=True) -%}
select
  table_catalog as database,
  table_name as name,
  table_schema as schema,
  case table_type when 'VIEW' then 'view' else 'table' end as type
from {{ information_schema_name(schema_relation.database) }}.tables
where lower(table_schema) = lower('{{ schema_relation.schema }}')
{%- endcall %}
{{ return(load_result('list_relations_without_caching').table) }}`),
  dispatched('list_function_relations_without_caching', 'schema_relation', notImplemented('list_function_relations_without_caching')),
  dispatched('get_catalog_for_single_relation', 'relation', notImplemented('get_catalog_for_single_relation')),
  dispatched('get_relations', '', notImplemented('get_relations')),
  dispatched('get_relation_last_modified', 'information_schema, relations', notImplemented('get_relation_last_modified')),
  dispatched('get_catalog_relations', 'information_schema, relations', "{{ exceptions.raise_compiler_error('get_catalog_relations not implemented for ' ~ adapter.type()) }}"),
  dispatched('get_catalog', 'information_schema, schemas', "{{ exceptions.raise_compiler_error('get_catalog not implemented for ' ~ adapter.type()) }}"),
].join('\n');

const SCHEMAS = [
  dispatched('create_schema', 'relation', `{%- call statement('create_schema') -%}
create schema if not exists {{ relation.without_identifier() }}
{%- endcall -%}`),
  dispatched('drop_schema', 'relation', `{%- call statement('drop_schema') -%}
drop schema if exists {{ relation.without_identifier() }} cascade
{%- endcall -%}`),
].join('\n');

const GRANTS = [
  dispatched('copy_grants', '', '{{ return(True) }}'),
  dispatched('support_multiple_grantees_per_dcl_statement', '', '{{ return(True) }}'),
  `{% macro should_revoke(existing_relation, full_refresh_mode=True) -%}
  {%- if not existing_relation -%}{{ return(False) }}
  {%- elif full_refresh_mode -%}{{ return(copy_grants()) }}
  {%- else -%}{{ return(True) }}
  {%- endif -%}
{%- endmacro %}`,
  dispatched('get_show_grant_sql', 'relation', 'show grants on {{ relation.render() }}'),
  dispatched('get_grant_sql', 'relation, privilege, grantees', "grant {{ privilege }} on {{ relation.render() }} to {{ grantees | join(', ') }}"),
  dispatched('get_revoke_sql', 'relation, privilege, grantees', `{%- set quoted_grantees = [] -%}
{%- for grantee in grantees -%}{%- do quoted_grantees.append(adapter.quote(grantee)) -%}{%- endfor -%}
revoke {{ privilege }} on {{ relation.render() }} from {{ quoted_grantees | join(', ') }}`),
  dispatched('get_dcl_statement_list', 'relation, grant_config, get_dcl_macro', `{%- set dcl_statements = [] -%}
{%- for privilege, grantees in grant_config.items() -%}
  {%- if support_multiple_grantees_per_dcl_statement() and grantees -%}
    {%- do dcl_statements.append(get_dcl_macro(relation, privilege, grantees)) -%}
  {%- else -%}
    {%- for grantee in grantees -%}{%- do dcl_statements.append(get_dcl_macro(relation, privilege, [grantee])) -%}{%- endfor -%}
  {%- endif -%}
{%- endfor -%}
{{ return(dcl_statements) }}`),
  dispatched('call_dcl_statements', 'dcl_statement_list', `{% call statement('grants') -%}
{% for dcl_statement in dcl_statement_list %}{{ dcl_statement }};
{% endfor %}
{%- endcall %}`),
  `{% macro apply_grants(relation, grant_config, should_revoke) -%}
  {{ return(adapter.dispatch('apply_grants', 'dbt')(relation, grant_config, should_revoke)) }}
{%- endmacro %}
{% macro default__apply_grants(relation, grant_config, should_revoke=True) -%}
  {%- if grant_config -%}
    {%- if should_revoke -%}
      {%- set current_grants_table = run_query(get_show_grant_sql(relation)) -%}
      {%- set current_grants_dict = adapter.standardize_grants_dict(current_grants_table) -%}
      {%- set needs_granting = diff_of_two_dicts(grant_config, current_grants_dict) -%}
      {%- set needs_revoking = diff_of_two_dicts(current_grants_dict, grant_config) -%}
      {%- if not (needs_granting or needs_revoking) -%}
        {{ log('On ' ~ relation.render() ~ ': All grants are in place, no revocation or granting needed.') }}
      {%- endif -%}
    {%- else -%}
      {%- set needs_revoking = {} -%}
      {%- set needs_granting = grant_config -%}
    {%- endif -%}
    {%- if needs_granting or needs_revoking -%}
      {%- set dcl_statement_list = get_dcl_statement_list(relation, needs_revoking, get_revoke_sql) + get_dcl_statement_list(relation, needs_granting, get_grant_sql) -%}
      {%- if dcl_statement_list -%}{{ call_dcl_statements(dcl_statement_list) }}{%- endif -%}
    {%- endif -%}
  {%- endif -%}
{%- endmacro %}`,
].join('\n');

const INDEXES = [
  dispatched('get_create_index_sql', 'relation, index_dict', '{{ return(None) }}'),
  `{% macro create_indexes(relation) -%}{{ adapter.dispatch('create_indexes', 'dbt')(relation) }}{%- endmacro %}
{% macro default__create_indexes(relation) -%}
  {%- for _index_dict in config.get('indexes', default=[]) -%}
    {%- set create_index_sql = get_create_index_sql(relation, _index_dict) -%}
    {%- if create_index_sql -%}{% do run_query(create_index_sql) %}{%- endif -%}
  {%- endfor -%}
{%- endmacro %}`,
  dispatched('get_drop_index_sql', 'relation, index_name', '{{ exceptions.raise_compiler_error("`get_drop_index_sql has not been implemented for this adapter.") }}'),
  dispatched('get_show_indexes_sql', 'relation', '{{ exceptions.raise_compiler_error("`get_show_indexes_sql has not been implemented for this adapter.") }}'),
].join('\n');

const DOCS = [
  dispatched('alter_column_comment', 'relation, column_dict', notImplemented('alter_column_comment')),
  dispatched('alter_relation_comment', 'relation, relation_comment', notImplemented('alter_relation_comment')),
  `{% macro persist_docs(relation, model, for_relation=true, for_columns=true) -%}
  {{ return(adapter.dispatch('persist_docs', 'dbt')(relation, model, for_relation, for_columns)) }}
{%- endmacro %}
{% macro validate_doc_columns(relation, column_dict, existing_column_names) -%}
  {%- set existing_lower = existing_column_names | map('lower') | list -%}
  {%- set missing = [] -%}
  {%- set filtered = {} -%}
  {%- for col_name in column_dict -%}
    {%- if column_dict[col_name]['quote'] -%}{%- set present = col_name in existing_column_names -%}
    {%- else -%}{%- set present = col_name | lower in existing_lower -%}{%- endif -%}
    {%- if present -%}{%- do filtered.update({col_name: column_dict[col_name]}) -%}{%- else -%}{%- do missing.append(col_name) -%}{%- endif -%}
  {%- endfor -%}
  {%- if missing | length > 0 -%}
    {{ exceptions.warn('In relation ' ~ relation.render() ~ ': The following columns are specified in the schema but are not present in the database: ' ~ missing | join(', ')) }}
  {%- endif -%}
  {{ return(filtered) }}
{%- endmacro %}
{% macro default__persist_docs(relation, model, for_relation, for_columns) -%}
  {%- if for_relation and config.persist_relation_docs() and model.description -%}
    {% do run_query(alter_relation_comment(relation, model.description)) %}
  {%- endif -%}
  {%- if for_columns and config.persist_column_docs() and model.columns -%}
    {%- set existing_columns = adapter.get_columns_in_relation(relation) | map(attribute='name') | list -%}
    {%- set filtered_columns = validate_doc_columns(relation, model.columns, existing_columns) -%}
    {%- set alter_comment_sql = alter_column_comment(relation, filtered_columns) -%}
    {%- if alter_comment_sql and alter_comment_sql | trim | length > 0 -%}{% do run_query(alter_comment_sql) %}{%- endif -%}
  {%- endif -%}
{%- endmacro %}`,
].join('\n');

const SHOW_AND_TIME = [
  `{% macro get_show_sql(compiled_code, sql_header, limit) -%}
  {%- if sql_header is not none -%}{{ sql_header }}{%- endif %}
{{ get_limit_subquery_sql(compiled_code, limit) }}
{%- endmacro %}
{%- macro get_limit_subquery_sql(sql, limit) -%}{{ adapter.dispatch('get_limit_sql', 'dbt')(sql, limit) }}{%- endmacro -%}
{% macro default__get_limit_sql(sql, limit) -%}
{{ sql }}
{% if limit is not none %}limit {{ limit }}{%- endif -%}
{%- endmacro %}`,
  `{%- macro snapshot_get_time() -%}{{ adapter.dispatch('snapshot_get_time', 'dbt')() }}{%- endmacro -%}
{% macro default__snapshot_get_time() -%}{{ current_timestamp() }}{%- endmacro %}
{% macro get_snapshot_get_time_data_type() -%}
  {%- set snapshot_time = adapter.dispatch('snapshot_get_time', 'dbt')() -%}
  {%- set snapshot_time_column_schema = get_column_schema_from_query('select ' ~ snapshot_time ~ ' as dbt_snapshot_time') -%}
  {%- set time_data_type = snapshot_time_column_schema[0].dtype if snapshot_time_column_schema else none -%}
  {{ return(time_data_type or none) }}
{%- endmacro %}`,
  dispatched('validate_sql', 'sql', `{% call statement('validate_sql') -%}
explain {{ sql }}
{%- endcall %}
{{ return(load_result('validate_sql')) }}`),
  `{% macro is_core_v2() -%}
  {%- set major_version = (dbt_version.split('.') | first) | int -%}
  {{ return(major_version == 2) }}
{%- endmacro %}`,
].join('\n');

/** macros/etc/datetime.sql: partition-date helpers, as in dbt. */
const DATETIME = `{% macro convert_datetime(date_str, date_fmt) -%}
  {%- set error_msg -%}The provided partition date '{{ date_str }}' does not match the expected format '{{ date_fmt }}'{%- endset -%}
  {{ return(try_or_compiler_error(error_msg, modules.datetime.datetime.strptime, date_str.strip(), date_fmt)) }}
{%- endmacro %}
{% macro dates_in_range(start_date_str, end_date_str=none, in_fmt="%Y%m%d", out_fmt="%Y%m%d") -%}
  {%- set end_date_str = start_date_str if end_date_str is none else end_date_str -%}
  {%- set start_date = convert_datetime(start_date_str, in_fmt) -%}
  {%- set end_date = convert_datetime(end_date_str, in_fmt) -%}
  {%- set day_count = (end_date - start_date).days -%}
  {%- if day_count < 0 -%}
    {{ exceptions.raise_compiler_error('Partition start date is after the end date (' ~ start_date ~ ', ' ~ end_date ~ ')') }}
  {%- endif -%}
  {%- set date_list = [] -%}
  {%- for i in range(0, day_count + 1) -%}
    {%- set the_date = (modules.datetime.timedelta(days=i) + start_date) -%}
    {%- if not out_fmt -%}{%- do date_list.append(the_date) -%}{%- else -%}{%- do date_list.append(the_date.strftime(out_fmt)) -%}{%- endif -%}
  {%- endfor -%}
  {{ return(date_list) }}
{%- endmacro %}
{% macro partition_range(raw_partition_date, date_fmt='%Y%m%d') -%}
  {%- set partition_range = (raw_partition_date | string).split(',') -%}
  {%- if (partition_range | length) == 1 -%}
    {%- set start_date = partition_range[0] -%}{%- set end_date = none -%}
  {%- elif (partition_range | length) == 2 -%}
    {%- set start_date = partition_range[0] -%}{%- set end_date = partition_range[1] -%}
  {%- else -%}
    {{ exceptions.raise_compiler_error('Invalid partition time. Expected format: {Start Date}[,{End Date}]. Got: ' ~ raw_partition_date) }}
  {%- endif -%}
  {{ return(dates_in_range(start_date, end_date, in_fmt=date_fmt)) }}
{%- endmacro %}
{% macro py_current_timestring() -%}
  {%- set dt = modules.datetime.datetime.now() -%}
  {%- do return(dt.strftime('%Y%m%d%H%M%S%f')) -%}
{%- endmacro %}`;

/** macros/materializations/configs.sql's set_sql_header: `{% call set_sql_header(config) %}…{% endcall %}`. */
const CONFIGS = `{% macro set_sql_header(config) -%}{{ config.set('sql_header', caller()) }}{%- endmacro %}`;

export const ADAPTER_MACROS = [COLUMNS, METADATA, SCHEMAS, GRANTS, INDEXES, DOCS, SHOW_AND_TIME, DATETIME, CONFIGS].join('\n');
