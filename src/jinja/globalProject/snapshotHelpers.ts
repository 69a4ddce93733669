/**
 * The `dbt` namespace's snapshot and unit-test building blocks, for custom materializations and
 * packages that put a snapshot or a unit test together themselves (kiln's own snapshot and
 * unit-test runs are TypeScript and do not go through these).
 *
 * Snapshots: a strategy (`snapshot_timestamp_strategy`, `snapshot_check_strategy`, found by
 * `strategy_dispatch`) describes how a row is keyed, stamped and compared; `build_snapshot_table`
 * is the first build; `snapshot_staging_table` is every later run's change set (`dbt_change_type`
 * insert / update / delete, one row each) and `snapshot_merge_sql` applies it. They honour
 * `hard_deletes` (ignore, invalidate, new_record), `dbt_valid_to_current`, renamed meta columns
 * (`snapshot_table_column_names`) and a composite `unique_key`.
 *
 * Unit tests: `get_fixture_sql` and `get_expected_sql` turn fixture rows into typed selects,
 * `get_unit_test_sql` sets the model's output beside the expected rows.
 *
 * The SQL aliases `snapshotted_data` and `source_data`, the `dbt_unique_key[_n]` columns and the
 * `dbt_internal_unit_test_actual` CTE are names callers write against; they stay as they are.
 */
import { dispatched } from './dispatched.js';

/** The meta column names, the current-row test and the key columns the snapshot macros share. */
const SNAPSHOT_SHARED = `
{#- dbt's default meta column names, each named after itself. #}
{% macro get_snapshot_table_column_names() -%}
  {%- set names = {} -%}
  {%- for meta in ['dbt_valid_to', 'dbt_valid_from', 'dbt_scd_id', 'dbt_updated_at', 'dbt_is_deleted'] -%}
    {%- do names.update({meta: meta}) -%}
  {%- endfor -%}
  {{ return(names) }}
{%- endmacro %}
{#- The meta column names in use: the node's snapshot_table_column_names (snapshot_meta_column_names over the defaults), else the defaults. #}
{% macro _kiln_snapshot_columns() -%}
  {{ return(config.get('snapshot_table_column_names') or get_snapshot_table_column_names()) }}
{%- endmacro %}

{#- Is the row whose valid-to is \`valid_to\` current? NULL marks it, or dbt_valid_to_current when set
    (rows written before that was configured still hold NULL, so both count). #}
{% macro _kiln_snapshot_is_current(valid_to) -%}
  {%- set marker = config.get('dbt_valid_to_current') -%}
  {%- if marker -%}
    ({{ equals(valid_to | trim, marker | trim) }} or {{ valid_to | trim }} is null)
  {%- else -%}
    {{ valid_to }} is null
  {%- endif -%}
{%- endmacro %}

{#- The current rows' valid-to: NULL typed as updated_at (nullif(x, x)), or dbt_valid_to_current. #}
{% macro get_dbt_valid_to_current(strategy, columns) -%}
  {%- set stamp = strategy.updated_at -%}
  coalesce(nullif({{ stamp }}, {{ stamp }}), {{ config.get('dbt_valid_to_current') or 'null' }}) as {{ columns.dbt_valid_to }}
{%- endmacro %}

{#- unique_key as columns: one key is dbt_unique_key; a list is dbt_unique_key_1, _2, … in order. #}
{% macro _kiln_key_names(unique_key) -%}
  {%- if unique_key | is_list -%}
    {%- set names = [] -%}
    {%- for part in unique_key -%}{%- do names.append('dbt_unique_key_' ~ loop.index) -%}{%- endfor -%}
    {{ return(names) }}
  {%- else -%}
    {{ return(['dbt_unique_key']) }}
  {%- endif -%}
{%- endmacro %}
{% macro unique_key_fields(unique_key) -%}
  {%- set parts = unique_key if unique_key | is_list else [unique_key] -%}
  {%- for key_column in _kiln_key_names(unique_key) -%}
    {{ parts[loop.index0] }} as {{ key_column }}{{ ', ' if not loop.last }}
  {%- endfor -%}
{%- endmacro %}
{#- A composite key compares through equals() (null-safe when the project opts in); one key with =. #}
{% macro unique_key_join_on(unique_key, identifier, from_identifier) -%}
  {%- if unique_key | is_list -%}
    {%- for key_column in _kiln_key_names(unique_key) -%}
      {{ equals((identifier ~ '.' ~ key_column) | trim, (from_identifier ~ '.' ~ key_column) | trim) }}{{ ' and ' if not loop.last }}
    {%- endfor -%}
  {%- else -%}
    {{ identifier }}.dbt_unique_key = {{ from_identifier }}.dbt_unique_key
  {%- endif -%}
{%- endmacro %}
{#- A missing row shows as a NULL first key column. #}
{% macro unique_key_is_null(unique_key, identifier) -%}
  {{ identifier }}.{{ _kiln_key_names(unique_key) | first }} is null
{%- endmacro %}
{% macro unique_key_is_not_null(unique_key, identifier) -%}
  {{ identifier }}.{{ _kiln_key_names(unique_key) | first }} is not null
{%- endmacro %}
`;

/** The first build, the staging (change set) query and the merge that applies it. */
const SNAPSHOT_BUILD = `
{#- Adapters clean up after a run here (DuckDB drops the staging table); nothing by default. #}
${dispatched('post_snapshot', 'staging_relation', '')}
${dispatched('get_true_sql', '', "{{ return('TRUE') }}")}

{#- The first build: the query's rows, each a current version stamped with its updated_at. #}
{% macro build_snapshot_table(strategy, sql) -%}
  {{ return(adapter.dispatch('build_snapshot_table', 'dbt')(strategy, sql)) }}
{%- endmacro %}
{% macro default__build_snapshot_table(strategy, sql) -%}
{%- set cols = _kiln_snapshot_columns() -%}
select *,
  {{ strategy.scd_id }} as {{ cols.dbt_scd_id }},
  {{ strategy.updated_at }} as {{ cols.dbt_updated_at }},
  {{ strategy.updated_at }} as {{ cols.dbt_valid_from }},
  {{ get_dbt_valid_to_current(strategy, cols) }}
  {%- if strategy.hard_deletes == 'new_record' %},
  'False' as {{ cols.dbt_is_deleted }}
  {%- endif %}
from (
{{ sql }}
) snapshot_source
{%- endmacro %}

{#- The source query stamped for the snapshot, with its key columns: new versions get the current
    valid-to and a fresh scd id, closing rows get valid-to = updated_at. #}
{% macro _kiln_snapshot_stamped(strategy, cols, tail) -%}
  select *, {{ unique_key_fields(strategy.unique_key) }},
    {{ strategy.updated_at }} as {{ cols.dbt_updated_at }},
    {{ strategy.updated_at }} as {{ cols.dbt_valid_from }},
    {{ tail }}
  from source_query
{%- endmacro %}

{#- One row per change, all with the same columns in the same order (the branches are unioned):
    the source's, the key columns, updated_at, valid_from, valid_to, scd id (and is_deleted with
    new_record). 'insert' rows are new versions, 'update' and 'delete' rows close the version whose
    scd id they carry. A key missing from the source is a hard delete: ignored, closed at the
    snapshot time (invalidate), or closed and followed by a deletion record (new_record), once. #}
{% macro snapshot_staging_table(strategy, source_sql, target_relation) -%}
  {{ return(adapter.dispatch('snapshot_staging_table', 'dbt')(strategy, source_sql, target_relation)) }}
{%- endmacro %}
{% macro default__snapshot_staging_table(strategy, source_sql, target_relation) -%}
{%- set cols = _kiln_snapshot_columns() -%}
{%- set key = strategy.unique_key -%}
{%- set now = snapshot_get_time() -%}
{%- set tracks_deletes = strategy.hard_deletes in ['invalidate', 'new_record'] -%}
{%- set marks_deletes = strategy.hard_deletes == 'new_record' -%}
{%- set on_key = unique_key_join_on(key, 'snapshotted_data', 'source_data') -%}
{#- With new_record a key whose last version is a deletion record changes whatever its columns. -#}
{%- set changed -%}
  ({{ strategy.row_changed }}{% if marks_deletes %} or snapshotted_data.{{ cols.dbt_is_deleted }} = 'True'{% endif %})
{%- endset -%}
{%- set carried -%}
  snapshotted_data.{{ cols.dbt_scd_id }}{% if marks_deletes %}, snapshotted_data.{{ cols.dbt_is_deleted }}{% endif %}
{%- endset -%}
{%- set already_deleted -%}
  snapshotted_data.{{ cols.dbt_is_deleted }} = 'True' and {{ _kiln_snapshot_is_current('snapshotted_data.' ~ cols.dbt_valid_to) }}
{%- endset -%}
with source_query as (
{{ source_sql }}
),
current_versions as (
  select *, {{ unique_key_fields(key) }}
  from {{ target_relation }}
  where {{ _kiln_snapshot_is_current(cols.dbt_valid_to) }}
),
opening_source as (
{{ _kiln_snapshot_stamped(strategy, cols, get_dbt_valid_to_current(strategy, cols) ~ ',\\n    ' ~ strategy.scd_id ~ ' as ' ~ cols.dbt_scd_id) }}
),
closing_source as (
{{ _kiln_snapshot_stamped(strategy, cols, strategy.updated_at ~ ' as ' ~ cols.dbt_valid_to) }}
),
{%- if tracks_deletes %}
source_keys as (
  select *, {{ unique_key_fields(key) }} from source_query
),
{%- endif %}
opened as (
  select 'insert' as dbt_change_type, source_data.*{% if marks_deletes %}, 'False' as {{ cols.dbt_is_deleted }}{% endif %}
  from opening_source as source_data
  left join current_versions as snapshotted_data on {{ on_key }}
  where {{ unique_key_is_null(key, 'snapshotted_data') }}
     or ({{ unique_key_is_not_null(key, 'snapshotted_data') }} and {{ changed }})
),
closed as (
  select 'update' as dbt_change_type, source_data.*, {{ carried }}
  from closing_source as source_data
  join current_versions as snapshotted_data on {{ on_key }}
  where {{ changed }}
)
{%- if tracks_deletes %},
deleted as (
  select 'delete' as dbt_change_type, source_data.*,
    {{ now }} as {{ cols.dbt_updated_at }}, {{ now }} as {{ cols.dbt_valid_from }}, {{ now }} as {{ cols.dbt_valid_to }},
    {{ carried }}
  from current_versions as snapshotted_data
  left join source_keys as source_data on {{ on_key }}
  where {{ unique_key_is_null(key, 'source_data') }}
  {%- if marks_deletes %} and not ({{ already_deleted }}){% endif %}
)
{%- endif %}
{%- if marks_deletes %}
{#- The deletion record repeats the last version's values (source columns the table lacks are NULL). -#}
{%- set kept = get_list_of_column_names(get_columns_in_relation(target_relation)) %},
deletion_records as (
  select 'insert' as dbt_change_type,
  {%- for name in get_columns_in_query(source_sql) %}
    {{ 'snapshotted_data' if name in kept else 'source_data' }}.{{ adapter.quote(name) }},
  {%- endfor %}
  {%- for key_column in _kiln_key_names(key) %}
    snapshotted_data.{{ key_column }} as {{ key_column }},
  {%- endfor %}
    {{ now }} as {{ cols.dbt_updated_at }}, {{ now }} as {{ cols.dbt_valid_from }},
    snapshotted_data.{{ cols.dbt_valid_to }} as {{ cols.dbt_valid_to }},
    {{ snapshot_hash_arguments(['snapshotted_data.' ~ cols.dbt_scd_id, now]) }} as {{ cols.dbt_scd_id }},
    'True' as {{ cols.dbt_is_deleted }}
  from current_versions as snapshotted_data
  left join source_keys as source_data on {{ on_key }}
  where {{ unique_key_is_null(key, 'source_data') }} and not ({{ already_deleted }})
)
{%- endif %}
select * from opened
union all select * from closed
{%- if tracks_deletes %}
union all select * from deleted
{%- endif %}
{%- if marks_deletes %}
union all select * from deletion_records
{%- endif %}
{%- endmacro %}

{#- The change set as a temporary table next to the snapshot; returns its relation. #}
{% macro build_snapshot_staging_table(strategy, sql, target_relation) -%}
  {%- set staging = make_temp_relation(target_relation) -%}
  {%- set change_set = snapshot_staging_table(strategy, sql, target_relation) -%}
  {%- call statement('build_snapshot_staging_relation') -%}
    {{ create_table_as(True, staging, change_set) }}
  {%- endcall -%}
  {{ return(staging) }}
{%- endmacro %}

{#- Apply a change set: close the current version each update/delete names (by scd id), then add
    each insert. insert_cols are the snapshot table's columns. #}
{% macro snapshot_merge_sql(target, source, insert_cols) -%}
  {{ return(adapter.dispatch('snapshot_merge_sql', 'dbt')(target, source, insert_cols)) }}
{%- endmacro %}
{% macro default__snapshot_merge_sql(target, source, insert_cols) -%}
{%- set cols = _kiln_snapshot_columns() -%}
{%- set column_list = insert_cols | join(', ') -%}
merge into {{ target.render() }} as DBT_INTERNAL_DEST using {{ source }} as DBT_INTERNAL_SOURCE
  on DBT_INTERNAL_SOURCE.{{ cols.dbt_scd_id }} = DBT_INTERNAL_DEST.{{ cols.dbt_scd_id }}
when matched and {{ _kiln_snapshot_is_current('DBT_INTERNAL_DEST.' ~ cols.dbt_valid_to) }}
  and DBT_INTERNAL_SOURCE.dbt_change_type in ('update', 'delete')
  then update set {{ cols.dbt_valid_to }} = DBT_INTERNAL_SOURCE.{{ cols.dbt_valid_to }}
when not matched and DBT_INTERNAL_SOURCE.dbt_change_type = 'insert'
  then insert ({{ column_list }}) values ({{ column_list }})
{%- endmacro %}
`;

/** The strategies, how a custom materialization finds one, and what they are built from. */
const SNAPSHOT_STRATEGIES = `
{#- 'name' or 'package.name' to the macro snapshot_<name>_strategy, looked up in the context
    (the project's and packages' macros first) or in that package. #}
{% macro strategy_dispatch(name) -%}
  {%- set parts = name.split('.', 1) -%}
  {%- set package_name = parts[0] if parts | length > 1 else none -%}
  {%- set strategy_name = parts | last -%}
  {%- if package_name is none -%}
    {%- set scope = context -%}
  {%- elif package_name in context -%}
    {%- set scope = context[package_name] -%}
  {%- else -%}
    {{ exceptions.raise_compiler_error("Could not find package '" ~ package_name ~ "', called with '" ~ name ~ "'") }}
  {%- endif -%}
  {%- set macro_name = 'snapshot_' ~ strategy_name ~ '_strategy' -%}
  {%- if macro_name not in scope -%}
    {{ exceptions.raise_compiler_error("The specified strategy macro '" ~ strategy_name ~ "' was not found in package '" ~ package_name ~ "'") }}
  {%- endif -%}
  {{ return(scope[macro_name]) }}
{%- endmacro %}

{#- The scd id: md5 of the values as text, NULL as '', joined by '|'. #}
${dispatched('snapshot_hash_arguments', 'args', `md5(
  {%- for value in args -%}
    coalesce(cast({{ value }} as varchar), ''){{ " || '|' || " if not loop.last }}
  {%- endfor -%}
)`)}

{#- What both strategies return: the key, the updated_at expression, the row_changed test
    (written against the aliases snapshotted_data and source_data), the scd id and hard_deletes. #}
{% macro _kiln_snapshot_strategy(unique_key, updated_at, row_changed) -%}
  {%- set hard_deletes = adapter.get_hard_deletes_behavior(config) -%}
  {%- set scd_id = snapshot_hash_arguments(api.Relation.scd_args(unique_key, updated_at)) -%}
  {{ return({'unique_key': unique_key, 'updated_at': updated_at, 'row_changed': row_changed, 'scd_id': scd_id,
             'invalidate_hard_deletes': hard_deletes == 'invalidate', 'hard_deletes': hard_deletes}) }}
{%- endmacro %}

{#- timestamp: a row changed when its updated_at is later than the current version's valid_from. #}
{% macro snapshot_timestamp_strategy(node, snapshotted_rel, current_rel, model_config, target_exists) -%}
  {%- set cols = _kiln_snapshot_columns() -%}
  {%- set updated_at = config.get('updated_at') -%}
  {%- set newer = '(' ~ snapshotted_rel ~ '.' ~ cols.dbt_valid_from ~ ' < ' ~ current_rel ~ '.' ~ updated_at ~ ')' -%}
  {{ return(_kiln_snapshot_strategy(config.get('unique_key'), updated_at, newer)) }}
{%- endmacro %}

{#- check: a row changed when a check_cols column differs, NULL against a value included. updated_at
    is the snapshot time unless configured. A source column the table lacks makes every row new. #}
{% macro snapshot_check_strategy(node, snapshotted_rel, current_rel, model_config, target_exists) -%}
  {%- set updated_at = config.get('updated_at') or snapshot_get_time() -%}
  {%- set column_added, compared = snapshot_check_all_get_existing_columns(node, target_exists, config.get('check_cols')) -%}
  {%- set tests = [] -%}
  {%- if column_added -%}
    {%- do tests.append(get_true_sql()) -%}
  {%- else -%}
    {%- for col in compared -%}
      {%- set was, now = snapshotted_rel ~ '.' ~ col, current_rel ~ '.' ~ col -%}
      {%- do tests.append(was ~ ' != ' ~ now ~ ' or (' ~ was ~ ' is null and ' ~ now ~ ' is not null) or (' ~ was ~ ' is not null and ' ~ now ~ ' is null)') -%}
    {%- endfor -%}
  {%- endif -%}
  {{ return(_kiln_snapshot_strategy(config.get('unique_key'), updated_at, '(' ~ tests | join(' or ') ~ ')')) }}
{%- endmacro %}

{#- (column added?, the checked columns the snapshot table has, quoted): check_cols 'all' means every
    column of the snapshot's query. Before the first build there is nothing to compare. #}
{% macro snapshot_check_all_get_existing_columns(node, target_exists, check_cols_config) -%}
  {%- if not target_exists -%}
    {{ return((false, [])) }}
  {%- endif -%}
  {%- set table = adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias) -%}
  {%- if check_cols_config == 'all' -%}
    {%- set wanted = get_columns_in_query(node['compiled_code']) -%}
  {%- elif check_cols_config is iterable and check_cols_config | length > 0 -%}
    {%- set wanted = get_columns_in_query('select ' ~ check_cols_config | join(', ') ~ ' from (\\n' ~ node['compiled_code'] ~ '\\n) subq') -%}
  {%- else -%}
    {{ exceptions.raise_compiler_error("Invalid value for 'check_cols': " ~ check_cols_config) }}
  {%- endif -%}
  {%- set present = adapter.get_columns_in_relation(table) | map(attribute='name') | list -%}
  {%- set compared = [] -%}
  {%- for name in wanted if name in present -%}{%- do compared.append(adapter.quote(name)) -%}{%- endfor -%}
  {{ return(((wanted | reject('in', present) | list | length) > 0, compared)) }}
{%- endmacro %}

{#- A literal as a timestamp; each adapter says how. #}
${dispatched('snapshot_string_as_time', 'timestamp', `{%- do exceptions.raise_not_implemented(
  'snapshot_string_as_time is not implemented for the ' ~ adapter.type() ~ ' adapter; define ' ~ adapter.type() ~ '__snapshot_string_as_time(timestamp) to turn a string into a timestamp'
) -%}`)}

{#- The type of the query's dbt_updated_at column (as named, or upper case), none without one. #}
{% macro get_updated_at_column_data_type(snapshot_sql) -%}
  {%- set found = namespace(dtype=none) -%}
  {%- for column in get_column_schema_from_query(snapshot_sql) -%}
    {%- if column.column in ['dbt_updated_at', 'DBT_UPDATED_AT'] -%}{%- set found.dtype = column.dtype -%}{%- endif -%}
  {%- endfor -%}
  {{ return(found.dtype or none) }}
{%- endmacro %}
{#- Warns when the snapshot time and dbt_updated_at have different types (both known). #}
{% macro check_time_data_types(sql) -%}
  {%- set updated_at_type = get_updated_at_column_data_type(sql) -%}
  {%- set clock_type = get_snapshot_get_time_data_type() -%}
  {%- if updated_at_type is not none and clock_type is not none and clock_type != updated_at_type and exceptions.warn_snapshot_timestamp_data_types -%}
    {{ exceptions.warn_snapshot_timestamp_data_types(clock_type, updated_at_type) }}
  {%- endif -%}
{%- endmacro %}
`;

/** Unit tests: fixtures as typed selects, and the model's output beside the expected rows. */
const UNIT_TEST_SQL = `
{#- Actual and expected rows in one result, told apart by actual_or_expected; get_expected_sql's
    empty case reads the dbt_internal_unit_test_actual CTE. #}
{% macro get_unit_test_sql(main_sql, expected_fixture_sql, expected_column_names) -%}
  {{ return(adapter.dispatch('get_unit_test_sql', 'dbt')(main_sql, expected_fixture_sql, expected_column_names)) }}
{%- endmacro %}
{% macro _kiln_unit_test_side(label, sql, columns) -%}
  select {{ columns | join(', ') }}, {{ dbt.string_literal(label) }} as {{ adapter.quote('actual_or_expected') }}
  from (
{{ sql }}
  ) unit_test_{{ label }}_rows
{%- endmacro %}
{% macro default__get_unit_test_sql(main_sql, expected_fixture_sql, expected_column_names) -%}
with dbt_internal_unit_test_actual as (
{{ _kiln_unit_test_side('actual', main_sql, expected_column_names) }}
),
dbt_internal_unit_test_expected as (
{{ _kiln_unit_test_side('expected', expected_fixture_sql, expected_column_names) }}
)
select * from dbt_internal_unit_test_actual
union all
select * from dbt_internal_unit_test_expected
{%- endmacro %}

{#- select <value> as <column>, … for one row; quoted maps a column to its quoted name. #}
{% macro _kiln_select_values(values, quoted) -%}
  select {% for name, value in values.items() -%}
    {{ value }} as {{ quoted[name] if name in quoted else name }}{{ ', ' if not loop.last }}
  {%- endfor %}
{%- endmacro %}

{#- A given input's rows. Columns the fixture leaves out are typed NULLs; the types come from the
    model's relation (or the deferred one) unless passed. An empty fixture is a typed empty set. #}
{% macro get_fixture_sql(rows, column_name_to_data_types) -%}
-- Fixture for {{ model.name }}
{%- set types = column_name_to_data_types -%}
{%- set quoted = {} -%}
{%- if not types -%}
  {%- set relation = defer_relation if (defer_relation and not load_relation(this)) else this -%}
  {%- set types = {} -%}
  {%- for column in get_columns_for_unit_tests(relation) -%}
    {%- do types.update({column.name | lower: column.data_type}) -%}
    {%- do quoted.update({column.name | lower: column.quoted}) -%}
  {%- endfor -%}
{%- endif -%}
{%- if not types -%}
  {{ exceptions.raise_compiler_error("Not able to get columns for unit test '" ~ model.name ~ "' from relation " ~ this ~ " because the relation doesn't exist; build it first, or give the fixture's column types") }}
{%- endif -%}
{%- set nulls = {} -%}
{%- for name, data_type in types.items() -%}
  {%- do nulls.update({name: safe_cast('null', data_type) | trim}) -%}
{%- endfor -%}
{{ validate_fixture_rows(rows, none) }}
{%- set selects = [] -%}
{%- for row in rows -%}
  {%- set values = nulls.copy() -%}
  {%- do values.update(format_row(row, types)) -%}
  {%- do selects.append(_kiln_select_values(values, quoted)) -%}
{%- endfor %}
{% if selects -%}
{{ selects | join('\\nunion all\\n') }}
{%- else -%}
{{ _kiln_select_values(nulls, quoted) }}
limit 0
{%- endif %}
{%- endmacro %}

{#- The expected rows, only the columns they give; none at all is the actual result's empty shape. #}
{% macro get_expected_sql(rows, column_name_to_data_types, column_name_to_quoted) -%}
{%- if rows | length == 0 -%}
select * from dbt_internal_unit_test_actual
limit 0
{%- else -%}
{%- set selects = [] -%}
{%- for row in rows -%}
  {%- do selects.append(_kiln_select_values(format_row(row, column_name_to_data_types), column_name_to_quoted)) -%}
{%- endfor -%}
{{ selects | join('\\nunion all\\n') }}
{%- endif -%}
{%- endmacro %}

{#- One fixture row as {column: cast value}: names lower-cased and checked against the columns,
    strings quoted, None as null. A string goes to the unsized type ('character varying', not
    'character varying(10)') so a fixture value is never cut to the column's length. #}
{%- macro format_row(row, column_name_to_data_types) -%}
  {%- set cast_values = {} -%}
  {%- for given_name, value in row.items() -%}
    {%- set name = given_name | lower -%}
    {%- if name not in column_name_to_data_types -%}
      {%- set fixture = 'expected output' if model.resource_type == 'unit_test' else "'" ~ model.name ~ "'" -%}
      {{ exceptions.raise_compiler_error("Invalid column name: '" ~ name ~ "' in unit test fixture for " ~ fixture ~ ".\\nAccepted columns for " ~ fixture ~ " are: " ~ (column_name_to_data_types.keys() | list)) }}
    {%- endif -%}
    {%- set data_type = column_name_to_data_types[name] -%}
    {%- if value is string -%}
      {%- set data_type = data_type.split('(')[0] if 'varying' in data_type else data_type -%}
      {%- set literal = dbt.string_literal(dbt.escape_single_quotes(value)) -%}
    {%- else -%}
      {%- set literal = 'null' if value is none else value -%}
    {%- endif -%}
    {%- do cast_values.update({name: safe_cast(literal, data_type)}) -%}
  {%- endfor -%}
  {{ return(cast_values) }}
{%- endmacro -%}

{#- Adapters check fixture rows here (raise to reject one); nothing by default. #}
${dispatched('validate_fixture_rows', 'rows, row_number', '')}
`;

export const SNAPSHOT_AND_UNIT_TEST_MACROS = SNAPSHOT_SHARED + SNAPSHOT_BUILD + SNAPSHOT_STRATEGIES + UNIT_TEST_SQL;
