/**
 * Materialization helpers kiln's native materializations do not need but custom
 * materializations and packages call: table clones, the incremental schema-change helpers
 * behind `on_schema_change`, `get_merge_unique_key_match`, the microbatch hook, the seed CSV
 * helpers (a project's seed materialization calls them) and `create_columns`. Each public macro dispatches through
 * `adapter.dispatch(name, 'dbt')`, so a project's, a package's or an adapter's
 * `<type>__name` wins over the `default__` body here. Snapshot and unit-test helpers live in
 * snapshotHelpers.ts; should_full_refresh, should_store_failures and is_incremental are kiln
 * context functions.
 */
import { dispatched } from './dispatched.js';

// Clones: false unless an adapter overrides can_clone_table (none of kiln's do), so materializations build the table instead.
const CLONE = [
  dispatched('can_clone_table', '', '{{ return(False) }}'),
  dispatched('create_or_replace_clone', 'this_relation, defer_relation', 'create or replace table {{ this_relation.render() }} clone {{ defer_relation.render() }}'),
].join('\n');

// The merge join condition on one key pair; trimmed so callers can splice it into an ON clause.
const MERGE_KEY = dispatched('get_merge_unique_key_match', 'source_unique_key, target_unique_key', '{{ return(equals(source_unique_key, target_unique_key) | trim) }}');

/**
 * on_schema_change. The changes dict's keys (schema_changed, source_not_in_target,
 * target_not_in_source, source_columns, target_columns, new_target_types) are read by packages'
 * materializations, so they stay as they are. The _kiln_ macros format a changes dict for logs
 * and errors: column names rather than Column reprs, retypes as `name -> type`.
 */
const SCHEMA_CHANGES = `
{% macro _kiln_change_lines(changes) -%}
  {%- set retyped = [] -%}
  {%- for change in changes['new_target_types'] -%}{%- do retyped.append(change['column_name'] ~ ' -> ' ~ change['new_type']) -%}{%- endfor -%}
  {{ return([
    'Source columns not in target: ' ~ (changes['source_not_in_target'] | map(attribute='name') | join(', ') or '(none)'),
    'Target columns not in source: ' ~ (changes['target_not_in_source'] | map(attribute='name') | join(', ') or '(none)'),
    'New column types: ' ~ (retyped | join(', ') or '(none)')
  ]) }}
{%- endmacro %}
{% macro _kiln_log_changes(relation, heading, lines) -%}
  {%- do log('on_schema_change for ' ~ relation ~ ': ' ~ heading ~ '\\n  ' ~ lines | join('\\n  ')) -%}
{%- endmacro %}

{# Any other value is logged and replaced by the default, rather than failing the run. #}
{% macro incremental_validate_on_schema_change(on_schema_change, default='ignore') -%}
  {%- if on_schema_change in ['ignore', 'fail', 'append_new_columns', 'sync_all_columns'] -%}
    {{ return(on_schema_change) }}
  {%- endif -%}
  {%- do log("on_schema_change '" ~ on_schema_change ~ "' is not one of ignore, fail, append_new_columns, sync_all_columns; using '" ~ default ~ "'") -%}
  {{ return(default) }}
{%- endmacro %}

{% macro check_for_schema_changes(source_relation, target_relation) -%}
  {{ return(adapter.dispatch('check_for_schema_changes', 'dbt')(source_relation, target_relation)) }}
{%- endmacro %}
{% macro default__check_for_schema_changes(source_relation, target_relation) -%}
  {%- set new_cols = adapter.get_columns_in_relation(source_relation) -%}
  {%- set old_cols = adapter.get_columns_in_relation(target_relation) -%}
  {%- set added = diff_columns(new_cols, old_cols) -%}
  {%- set dropped = diff_columns(old_cols, new_cols) -%}
  {%- set retyped = diff_column_data_types(new_cols, old_cols) -%}
  {%- set changes = {
    'schema_changed': (added | length > 0) or (dropped | length > 0) or (retyped | length > 0),
    'source_not_in_target': added,
    'target_not_in_source': dropped,
    'source_columns': new_cols,
    'target_columns': old_cols,
    'new_target_types': retyped
  } -%}
  {%- do _kiln_log_changes(target_relation, 'schema changed: ' ~ changes['schema_changed'], _kiln_change_lines(changes)) -%}
  {{ return(changes) }}
{%- endmacro %}

{# append_new_columns only adds; sync_all_columns also drops and retypes; other modes alter nothing. #}
{% macro sync_column_schemas(on_schema_change, target_relation, schema_changes_dict) -%}
  {{ return(adapter.dispatch('sync_column_schemas', 'dbt')(on_schema_change, target_relation, schema_changes_dict)) }}
{%- endmacro %}
{% macro default__sync_column_schemas(on_schema_change, target_relation, schema_changes_dict) -%}
  {%- set to_add = schema_changes_dict['source_not_in_target'] -%}
  {%- set to_drop = schema_changes_dict['target_not_in_source'] -%}
  {%- if on_schema_change == 'append_new_columns' -%}
    {%- if to_add | length > 0 -%}{%- do alter_relation_add_remove_columns(target_relation, to_add, none) -%}{%- endif -%}
  {%- elif on_schema_change == 'sync_all_columns' -%}
    {%- if to_add | length > 0 or to_drop | length > 0 -%}{%- do alter_relation_add_remove_columns(target_relation, to_add, to_drop) -%}{%- endif -%}
    {%- for change in schema_changes_dict['new_target_types'] -%}
      {%- do alter_column_type(target_relation, change['column_name'], change['new_type']) -%}
    {%- endfor -%}
  {%- endif -%}
  {%- do _kiln_log_changes(target_relation, 'applied ' ~ on_schema_change, _kiln_change_lines(schema_changes_dict)) -%}
{%- endmacro %}

{#
  Returns {} for 'ignore', else the source's columns (what the incremental insert should write).
  No source columns at all means the catalog could not be read, not an empty model: going on
  would make sync_all_columns drop every target column, so only append_new_columns (which never
  drops) continues, with a warning.
#}
{% macro process_schema_changes(on_schema_change, source_relation, target_relation) -%}
  {{ return(adapter.dispatch('process_schema_changes', 'dbt')(on_schema_change, source_relation, target_relation)) }}
{%- endmacro %}
{% macro default__process_schema_changes(on_schema_change, source_relation, target_relation) -%}
  {%- if on_schema_change == 'ignore' -%}{{ return({}) }}{%- endif -%}
  {%- set changes = check_for_schema_changes(source_relation, target_relation) -%}
  {%- if changes['source_columns'] | length == 0 -%}
    {%- set problem = [
      'No columns could be read for ' ~ source_relation ~ ', which this run just built for incremental model ' ~ target_relation ~ ", so on_schema_change='" ~ on_schema_change ~ "' cannot tell which columns changed.",
      'The relation does have columns: the adapter could not see them in the catalog (a temporary relation the catalog views do not list, or a connection on another database than the one it was created in).'
    ] | join('\n') -%}
    {%- if on_schema_change == 'append_new_columns' -%}
      {%- do exceptions.warn(problem ~ '\nContinuing with the columns ' ~ target_relation ~ ' already has, since append_new_columns never drops any; a column the model added is not added this run, until the catalog can be read or the model is run with --full-refresh.') -%}
    {%- else -%}
      {%- do exceptions.raise_compiler_error(problem ~ "\nStopping rather than alter the wrong columns (sync_all_columns would drop every one). Set on_schema_change='ignore' to skip the check, or run the model with --full-refresh to rebuild it.") -%}
    {%- endif -%}
  {%- endif -%}
  {%- if changes['schema_changed'] -%}
    {%- if on_schema_change == 'fail' -%}
      {%- set lines = ['The source and target schemas on this incremental model are out of sync! (' ~ target_relation ~ ", on_schema_change='fail')"] + _kiln_change_lines(changes) -%}
      {%- do lines.append('To reconcile them: set on_schema_change to append_new_columns or sync_all_columns; rebuild the model with --full-refresh (or the config full_refresh: true); or change the target table by hand and run again.') -%}
      {%- do exceptions.raise_compiler_error(lines | join('\\n  ')) -%}
    {%- endif -%}
    {%- do sync_column_schemas(on_schema_change, target_relation, changes) -%}
  {%- endif -%}
  {{ return(changes['source_columns']) }}
{%- endmacro %}
`;

// The microbatch strategy's SQL: only adapters that support microbatch define it.
const MICROBATCH = dispatched('get_incremental_microbatch_sql', 'arg_dict', "{{ exceptions.raise_not_implemented('microbatch materialization strategy not implemented for adapter ' ~ adapter.type()) }}");

/**
 * Seeds from an agate table, for a project's own seed materialization (kiln's native loader
 * does not use these): load_agate_table() gives the table, adapter.convert_type each column's
 * type and adapter.add_query sends the rows bound. Columns are quoted as the seed's
 * quote_columns config says; a column_types entry wins over the inferred type.
 */
const SEEDS = [
  `{% macro _kiln_seed_columns(model, column_names) -%}
  {%- set quoting = model['config'].get('quote_columns', None) -%}
  {%- set names = [] -%}
  {%- for name in column_names -%}{%- do names.append(adapter.quote_seed_column(name | string, quoting)) -%}{%- endfor -%}
  {{ return(names) }}
{%- endmacro %}
{% macro get_seed_column_quoted_csv(model, column_names) -%}
  {{ return(_kiln_seed_columns(model, column_names) | join(', ')) }}
{%- endmacro %}`,
  // Runs the CREATE and returns it, for the seed's log.
  dispatched('create_csv_table', 'model, agate_table', `{%- set declared = model['config'].get('column_types', {}) -%}
  {%- set quoted = _kiln_seed_columns(model, agate_table.column_names) -%}
  {%- set defs = [] -%}
  {%- for name in agate_table.column_names -%}
    {%- do defs.append(quoted[loop.index0] ~ ' ' ~ declared.get(name, adapter.convert_type(agate_table, loop.index0))) -%}
  {%- endfor -%}
  {%- set ddl = 'create table ' ~ this.render() ~ ' (' ~ defs | join(', ') ~ ')' -%}
  {%- call statement('_') -%}{{ ddl }}{%- endcall -%}
  {{ return(ddl) }}`),
  // An existing seed table: rebuilt on a full refresh, else emptied (the adapter's truncate); returns the SQL for the log.
  dispatched('reset_csv_table', 'model, full_refresh, old_relation, agate_table', `{%- if full_refresh -%}
    {%- do adapter.drop_relation(old_relation) -%}
    {{ return(create_csv_table(model, agate_table)) }}
  {%- endif -%}
  {%- do adapter.truncate_relation(old_relation) -%}
  {{ return('truncate table ' ~ old_relation.render()) }}`),
  // The seed's log SQL: the create-or-truncate, then the first insert.
  dispatched('get_csv_sql', 'create_or_truncate_sql, insert_sql', '{{ create_or_truncate_sql }};\n-- dbt seed --\n{{ insert_sql }}'),
  dispatched('get_binding_char', '', "{{ return('%s') }}"),
  dispatched('get_batch_size', '', '{{ return(10000) }}'),
  // One parameterised INSERT per batch of rows, sent with its values; returns the first batch's SQL.
  dispatched('load_csv_rows', 'model, agate_table', `{%- set target_cols = get_seed_column_quoted_csv(model, agate_table.column_names) -%}
  {%- set slots = [] -%}
  {%- for _ in agate_table.column_names -%}{%- do slots.append(get_binding_char() | trim) -%}{%- endfor -%}
  {%- set row_slots = '(' ~ slots | join(', ') ~ ')' -%}
  {%- set sent = [] -%}
  {%- for rows in agate_table.rows | batch(get_batch_size()) -%}
    {%- set values = [] -%}
    {%- set tuples = [] -%}
    {%- for row in rows -%}{%- do values.extend(row) -%}{%- do tuples.append(row_slots) -%}{%- endfor -%}
    {%- set insert = 'insert into ' ~ this.render() ~ ' (' ~ target_cols ~ ') values ' ~ tuples | join(', ') -%}
    {%- do adapter.add_query(insert, bindings=values, abridge_sql_log=True) -%}
    {%- if loop.first -%}{%- do sent.append(insert) -%}{%- endif -%}
  {%- endfor -%}
  {{ return(sent[0]) }}`),
].join('\n');

// One ALTER per column, each run as its own statement.
const CREATE_COLUMNS = dispatched('create_columns', 'relation, columns', `{%- for column in columns -%}
  {%- call statement() -%}alter table {{ relation.render() }} add column {{ adapter.quote(column.name) }} {{ column.expanded_data_type }};{%- endcall -%}
{%- endfor -%}`);

export const MATERIALIZATION_HELPER_MACROS = [CLONE, MERGE_KEY, SCHEMA_CHANGES, MICROBATCH, SEEDS, CREATE_COLUMNS].join('\n');
