/**
 * The relation DDL macros of dbt's global project: create, backup, intermediate, rename,
 * replace and drop statements for tables, views and materialized views, drop_schema_named,
 * create_or_replace_view, handle_existing_table, and the contract helpers
 * (get_table_columns_and_constraints, assert_columns_equivalent, format_columns).
 *
 * Every public macro dispatches through `adapter.dispatch(name, 'dbt')`, so a project's, a
 * package's or an adapter's `<type>__name` replaces the `default__name` body here. Statements an
 * adapter has to supply itself (renames, in-place replaces, materialized views) raise a compiler
 * error naming the macro to define.
 */

import { dispatched } from './dispatched.js';

/** A dispatching macro whose default refuses: the adapter has to provide this statement. */
function adapterMust(name: string, params: string, what = `\`${name}\` has`, step?: string): string {
  return dispatched(name, params, `{{ _kiln_unsupported('${what} not been implemented for this adapter.', '${name}') }}`, step);
}

const SHARED = `
{# The refusal for statements with no portable SQL: the problem (the sentence packages and tests match on), then the macro that would fix it. #}
{% macro _kiln_unsupported(problem, macro_name) -%}
  {%- do exceptions.raise_compiler_error(problem ~ ' Define ' ~ adapter.type() ~ '__' ~ macro_name ~ ' in the project or a package to provide it.') -%}
{%- endmacro %}

{# The error for a relation type a by-type statement does not handle. #}
{% macro _kiln_unknown_relation_type(action, relation) -%}
  {%- do exceptions.raise_compiler_error('\`' ~ action ~ '\` has not been implemented for: ' ~ relation.type ~ ' (views, tables and materialized views are handled; override default__' ~ action ~ ' for other types)') -%}
{%- endmacro %}

{# drop <kind> if exists … cascade, the shape every drop_<kind> default shares. #}
{% macro _kiln_drop_if_exists(kind, relation) -%}
  drop {{ kind }} if exists {{ relation.render() }} cascade
{%- endmacro %}
`;

/**
 * Create and rename by relation type, and the backup/intermediate steps get_replace_sql
 * composes when a relation cannot be replaced in place. Backups and intermediates are the names
 * make_backup_relation and make_intermediate_relation give (`__dbt_backup`, `__dbt_tmp`).
 */
const COMPOSED = [
  dispatched('get_create_sql', 'relation, sql', `
  {%- if relation.is_view -%}{{ get_create_view_as_sql(relation, sql) }}
  {%- elif relation.is_table -%}{{ get_create_table_as_sql(False, relation, sql) }}
  {%- elif relation.is_materialized_view -%}{{ get_create_materialized_view_as_sql(relation, sql) }}
  {%- else -%}{{ _kiln_unknown_relation_type('get_create_sql', relation) }}
  {%- endif -%}`, 'CREATE'),
  dispatched('get_rename_sql', 'relation, new_name', `
  {%- if relation.is_view -%}{{ get_rename_view_sql(relation, new_name) }}
  {%- elif relation.is_table -%}{{ get_rename_table_sql(relation, new_name) }}
  {%- elif relation.is_materialized_view -%}{{ get_rename_materialized_view_sql(relation, new_name) }}
  {%- else -%}{{ _kiln_unknown_relation_type('get_rename_sql', relation) }}
  {%- endif -%}`, 'RENAME'),
  // Moving the relation aside: clear any stale backup, then rename onto the backup name.
  dispatched('get_create_backup_sql', 'relation', `
  {%- set backup = make_backup_relation(relation, relation.type) -%}
  {{ get_drop_sql(backup) }};
  {{ get_rename_sql(relation, backup.identifier) }}`, 'CREATE BACKUP'),
  dispatched('get_drop_backup_sql', 'relation', '{{ get_drop_sql(make_backup_relation(relation, relation.type)) }}', 'DROP BACKUP'),
  // Building beside the target: clear any stale intermediate, then create it from sql.
  dispatched('get_create_intermediate_sql', 'relation, sql', `
  {%- set staged = make_intermediate_relation(relation) -%}
  {{ get_drop_sql(staged) }};
  {{ get_create_sql(staged, sql) }}`, 'CREATE INTERMEDIATE'),
  dispatched('get_rename_intermediate_sql', 'relation', '{{ get_rename_sql(make_intermediate_relation(relation), relation.identifier) }}', 'RENAME INTERMEDIATE'),
].join('\n');

/**
 * get_replace_sql: an in-place replace when the existing relation is of the target's type and
 * replaceable; otherwise the safest sequence the two relations' renameability allows, so the old
 * relation is dropped as late as possible. The statements are joined with `;`.
 */
const REPLACE = dispatched('get_replace_sql', 'existing_relation, target_relation, sql', `
  {%- set in_place = existing_relation.can_be_replaced and existing_relation.type == target_relation.type -%}
  {%- set stage_new = target_relation.can_be_renamed -%}
  {%- set keep_old = existing_relation.can_be_renamed -%}
  {%- set steps = [] -%}
  {%- if in_place and existing_relation.is_view -%}{%- do steps.append(get_replace_view_sql(target_relation, sql)) -%}
  {%- elif in_place and existing_relation.is_table -%}{%- do steps.append(get_replace_table_sql(target_relation, sql)) -%}
  {%- elif in_place and existing_relation.is_materialized_view -%}{%- do steps.append(get_replace_materialized_view_sql(target_relation, sql)) -%}
  {%- else -%}
    {%- if stage_new -%}{%- do steps.append(get_create_intermediate_sql(target_relation, sql)) -%}{%- endif -%}
    {%- do steps.append(get_create_backup_sql(existing_relation) if keep_old else get_drop_sql(existing_relation)) -%}
    {%- do steps.append(get_rename_intermediate_sql(target_relation) if stage_new else get_create_sql(target_relation, sql)) -%}
    {%- if keep_old -%}{%- do steps.append(get_drop_backup_sql(existing_relation)) -%}{%- endif -%}
  {%- endif -%}
  {{ steps | join(';\\n') }}`, 'REPLACE');

/** Per-type drops, and the per-type renames and in-place replaces no portable SQL exists for. */
const PER_TYPE = [
  dispatched('drop_table', 'relation', "{{ _kiln_drop_if_exists('table', relation) }}"),
  dispatched('drop_view', 'relation', "{{ _kiln_drop_if_exists('view', relation) }}"),
  dispatched('drop_materialized_view', 'relation', "{{ _kiln_drop_if_exists('materialized view', relation) }}"),
  ...['table', 'view', 'materialized_view'].flatMap((kind) => [
    adapterMust(`get_rename_${kind}_sql`, 'relation, new_name'),
    adapterMust(`get_replace_${kind}_sql`, 'relation, sql'),
  ]),
].join('\n');

/** Materialized views: kiln's adapters have none, so each statement asks the adapter for it. */
const MATERIALIZED_VIEWS = [
  adapterMust('get_create_materialized_view_as_sql', 'relation, sql'),
  adapterMust('refresh_materialized_view', 'relation', '`refresh_materialized_view` has', 'REFRESH'),
  adapterMust('get_alter_materialized_view_as_sql', 'relation, configuration_changes, sql, existing_relation, backup_relation, intermediate_relation', 'Materialized views have', 'ALTER'),
  `{% macro get_materialized_view_configuration_changes(existing_relation, new_config) -%}
  {%- do log('Determining configuration changes on: ' ~ existing_relation) -%}
  {{ return(adapter.dispatch('get_materialized_view_configuration_changes', 'dbt')(existing_relation, new_config)) }}
{%- endmacro %}
{% macro default__get_materialized_view_configuration_changes(existing_relation, new_config) -%}{{ _kiln_unsupported('Materialized views have not been implemented for this adapter.', 'get_materialized_view_configuration_changes') }}{%- endmacro %}`,
].join('\n');

/**
 * Schemas and the view materialization helpers. drop_schema_named goes through the adapter so
 * its relation cache forgets the schema. create_or_replace_view is the whole view
 * materialization: an existing table in the way goes through handle_existing_table (which
 * adapters override where a table cannot simply be dropped), and grants are revoked only when
 * the old relation was already a view.
 */
const VIEWS_AND_SCHEMAS = `
${dispatched('drop_schema_named', 'schema_name', '{{ adapter.drop_schema(api.Relation.create(schema=schema_name)) }}')}

{% macro create_or_replace_view() -%}
  {%- set existing = adapter.get_relation(database=database, schema=schema, identifier=model['alias']) -%}
  {%- set view = api.Relation.create(identifier=model['alias'], schema=schema, database=database, type='view') -%}
  {%- set was_view = existing is not none and existing.is_view -%}
  {%- set grants = config.get('grants') -%}
  {{ run_hooks(pre_hooks) }}
  {% if existing is not none and existing.is_table -%}
    {{ handle_existing_table(should_full_refresh(), existing) }}
  {%- endif %}
  {% call statement('main') -%}
    {{ get_create_view_as_sql(view, sql) }}
  {%- endcall %}
  {%- do apply_grants(view, grants, should_revoke=should_revoke(was_view, full_refresh_mode=True)) %}
  {{ run_hooks(post_hooks) }}
  {{ return({'relations': [view]}) }}
{%- endmacro %}

{% macro handle_existing_table(full_refresh, old_relation) -%}
  {{ adapter.dispatch('handle_existing_table', 'dbt')(full_refresh, old_relation) }}
{%- endmacro %}
{% macro default__handle_existing_table(full_refresh, old_relation) -%}
  {%- do log('Dropping ' ~ old_relation.type ~ ' ' ~ old_relation.render() ~ ': a view is to be built in its place') -%}
  {{ adapter.drop_relation(old_relation) }}
{%- endmacro %}
`;

/**
 * Model contracts. The column list of get_select_subquery and the DDL body of
 * get_table_columns_and_constraints come from the model's YAML columns (quoted where the YAML
 * says quote: true) and constraints. assert_columns_equivalent compares the names and types the
 * model's SQL returns with those the YAML declares, as `name type` pairs from format_column, and
 * raises the contract error (which lists both sides) on any difference.
 */
const CONTRACTS = `
{% macro default__get_column_names() -%}
  {%- set names = [] -%}
  {%- for declared in model['columns'].values() -%}
    {%- do names.append(adapter.quote(declared['name']) if declared.get('quote') else declared['name']) -%}
  {%- endfor -%}
  {{ names | join(', ') }}
{%- endmacro %}

${dispatched('get_select_subquery', 'sql', `select {{ adapter.dispatch('get_column_names', 'dbt')() }}
from (
{{ sql }}
) as model_subq`)}

${dispatched('get_table_columns_and_constraints', '', '{{ return(table_columns_and_constraints()) }}')}
{# One column or constraint per line inside the parentheses of a create table. #}
{% macro table_columns_and_constraints() -%}
  {%- set parts = adapter.render_raw_columns_constraints(raw_columns=model['columns']) | list -%}
  {%- do parts.extend(adapter.render_raw_model_constraints(raw_constraints=model['constraints'])) -%}
  (
    {{ parts | join(',\\n    ') }}
  )
{%- endmacro %}

${dispatched('get_assert_columns_equivalent', 'sql', '{{ return(assert_columns_equivalent(sql)) }}')}
{% macro assert_columns_equivalent(sql) -%}
  {%- set declared = model['columns'] -%}
  {%- if not declared -%}{%- do exceptions.raise_contract_error([], []) -%}{%- endif -%}
  {#- The YAML side goes through the warehouse too (an empty select cast to the declared types), so both sides use its type names. -#}
  {%- set from_sql = format_columns(get_column_schema_from_query(sql, config.get('sql_header', none))) -%}
  {%- set from_yaml = format_columns(get_column_schema_from_query(get_empty_schema_sql(declared))) -%}
  {%- set yaml_by_name = {} -%}
  {%- for col in from_yaml if col['name'] not in yaml_by_name -%}{%- do yaml_by_name.update({col['name']: col['formatted']}) -%}{%- endfor -%}
  {%- set mismatched = [] -%}
  {%- for col in from_sql if yaml_by_name.get(col['name']) != col['formatted'] -%}{%- do mismatched.append(col['name']) -%}{%- endfor -%}
  {%- if from_sql | length != from_yaml | length or mismatched -%}
    {%- do exceptions.raise_contract_error(from_yaml, from_sql) -%}
  {%- endif -%}
{%- endmacro %}

{% macro format_columns(columns) -%}
  {%- set formatted = [] -%}
  {%- for column in columns -%}{%- do formatted.append(adapter.dispatch('format_column', 'dbt')(column)) -%}{%- endfor -%}
  {{ return(formatted) }}
{%- endmacro %}
{# formatted lower-cases the name so the comparison ignores identifier case, but keeps the type as the warehouse spells it. #}
{% macro default__format_column(column) -%}
  {{ return({'name': column.name, 'data_type': column.dtype, 'formatted': column.column | lower ~ ' ' ~ column.dtype}) }}
{%- endmacro %}
`;

export const RELATION_DDL_MACROS = [SHARED, COMPOSED, REPLACE, PER_TYPE, MATERIALIZED_VIEWS, VIEWS_AND_SCHEMAS, CONTRACTS].join('\n');
