/**
 * dbt's global project, `macros/relations/`: the create/backup/intermediate/rename/replace/drop
 * statements for tables, views and materialized views, drop_schema_named, create_or_replace_view,
 * handle_existing_table, and the contract helpers (get_table_columns_and_constraints,
 * assert_columns_equivalent, format_columns). Copied from dbt-labs/dbt-adapters 802d40f
 * (Apache-2.0) with comments removed: the macros dispatch as dbt's do, so a project, a package
 * or an adapter's `<type>__name` overrides each; what dbt leaves to the adapters raises dbt's
 * "has not been implemented" error.
 */
export const RELATION_DDL_MACROS = `
{%- macro get_create_sql(relation, sql) -%}
    {{- log('Applying CREATE to: ' ~ relation) -}}
    {{- adapter.dispatch('get_create_sql', 'dbt')(relation, sql) -}}
{%- endmacro -%}
{%- macro default__get_create_sql(relation, sql) -%}

    {%- if relation.is_view -%}
        {{ get_create_view_as_sql(relation, sql) }}

    {%- elif relation.is_table -%}
        {{ get_create_table_as_sql(False, relation, sql) }}

    {%- elif relation.is_materialized_view -%}
        {{ get_create_materialized_view_as_sql(relation, sql) }}

    {%- else -%}
        {{- exceptions.raise_compiler_error("\`get_create_sql\` has not been implemented for: " ~ relation.type ) -}}

    {%- endif -%}

{%- endmacro -%}
{%- macro get_create_backup_sql(relation) -%}
    {{- log('Applying CREATE BACKUP to: ' ~ relation) -}}
    {{- adapter.dispatch('get_create_backup_sql', 'dbt')(relation) -}}
{%- endmacro -%}
{%- macro default__get_create_backup_sql(relation) -%}

    -- get the standard backup name
    {% set backup_relation = make_backup_relation(relation, relation.type) %}

    -- drop any pre-existing backup
    {{ get_drop_sql(backup_relation) }};

    {{ get_rename_sql(relation, backup_relation.identifier) }}

{%- endmacro -%}
{%- macro get_create_intermediate_sql(relation, sql) -%}
    {{- log('Applying CREATE INTERMEDIATE to: ' ~ relation) -}}
    {{- adapter.dispatch('get_create_intermediate_sql', 'dbt')(relation, sql) -}}
{%- endmacro -%}
{%- macro default__get_create_intermediate_sql(relation, sql) -%}

    -- get the standard intermediate name
    {% set intermediate_relation = make_intermediate_relation(relation) %}

    -- drop any pre-existing intermediate
    {{ get_drop_sql(intermediate_relation) }};

    {{ get_create_sql(intermediate_relation, sql) }}

{%- endmacro -%}
{%- macro get_drop_backup_sql(relation) -%}
    {{- log('Applying DROP BACKUP to: ' ~ relation) -}}
    {{- adapter.dispatch('get_drop_backup_sql', 'dbt')(relation) -}}
{%- endmacro -%}
{%- macro default__get_drop_backup_sql(relation) -%}

    -- get the standard backup name
    {% set backup_relation = make_backup_relation(relation, relation.type) %}

    {{ get_drop_sql(backup_relation) }}

{%- endmacro -%}
{%- macro get_rename_sql(relation, new_name) -%}
    {{- log('Applying RENAME to: ' ~ relation) -}}
    {{- adapter.dispatch('get_rename_sql', 'dbt')(relation, new_name) -}}
{%- endmacro -%}
{%- macro default__get_rename_sql(relation, new_name) -%}

    {%- if relation.is_view -%}
        {{ get_rename_view_sql(relation, new_name) }}

    {%- elif relation.is_table -%}
        {{ get_rename_table_sql(relation, new_name) }}

    {%- elif relation.is_materialized_view -%}
        {{ get_rename_materialized_view_sql(relation, new_name) }}

    {%- else -%}
        {{- exceptions.raise_compiler_error("\`get_rename_sql\` has not been implemented for: " ~ relation.type ) -}}

    {%- endif -%}

{%- endmacro -%}
{%- macro get_rename_intermediate_sql(relation) -%}
    {{- log('Applying RENAME INTERMEDIATE to: ' ~ relation) -}}
    {{- adapter.dispatch('get_rename_intermediate_sql', 'dbt')(relation) -}}
{%- endmacro -%}
{%- macro default__get_rename_intermediate_sql(relation) -%}

    -- get the standard intermediate name
    {% set intermediate_relation = make_intermediate_relation(relation) %}

    {{ get_rename_sql(intermediate_relation, relation.identifier) }}

{%- endmacro -%}
{% macro get_replace_sql(existing_relation, target_relation, sql) %}
    {{- log('Applying REPLACE to: ' ~ existing_relation) -}}
    {{- adapter.dispatch('get_replace_sql', 'dbt')(existing_relation, target_relation, sql) -}}
{% endmacro %}
{% macro default__get_replace_sql(existing_relation, target_relation, sql) %}

    

    {% set is_replaceable = existing_relation.type == target_relation.type and existing_relation.can_be_replaced %}

    {% if is_replaceable and existing_relation.is_view %}
        {{ get_replace_view_sql(target_relation, sql) }}

    {% elif is_replaceable and existing_relation.is_table %}
        {{ get_replace_table_sql(target_relation, sql) }}

    {% elif is_replaceable and existing_relation.is_materialized_view %}
        {{ get_replace_materialized_view_sql(target_relation, sql) }}

    

    
    {%- elif target_relation.can_be_renamed and existing_relation.can_be_renamed -%}
        {{ get_create_intermediate_sql(target_relation, sql) }};
        {{ get_create_backup_sql(existing_relation) }};
        {{ get_rename_intermediate_sql(target_relation) }};
        {{ get_drop_backup_sql(existing_relation) }}

    
    {%- elif target_relation.can_be_renamed -%}
        {{ get_create_intermediate_sql(target_relation, sql) }};
        {{ get_drop_sql(existing_relation) }};
        {{ get_rename_intermediate_sql(target_relation) }}

    
    {%- elif existing_relation.can_be_renamed -%}
        {{ get_create_backup_sql(existing_relation) }};
        {{ get_create_sql(target_relation, sql) }};
        {{ get_drop_backup_sql(existing_relation) }}

    
    {%- else -%}
        {{ get_drop_sql(existing_relation) }};
        {{ get_create_sql(target_relation, sql) }}

    {%- endif -%}

{% endmacro %}
{% macro drop_schema_named(schema_name) %}
    {{ return(adapter.dispatch('drop_schema_named', 'dbt') (schema_name)) }}
{% endmacro %}
{% macro default__drop_schema_named(schema_name) %}
  {% set schema_relation = api.Relation.create(schema=schema_name) %}
  {{ adapter.drop_schema(schema_relation) }}
{% endmacro %}
{% macro drop_table(relation) -%}
    {{- adapter.dispatch('drop_table', 'dbt')(relation) -}}
{%- endmacro %}
{% macro default__drop_table(relation) -%}
    drop table if exists {{ relation.render() }} cascade
{%- endmacro %}
{% macro get_rename_table_sql(relation, new_name) %}
    {{- adapter.dispatch('get_rename_table_sql', 'dbt')(relation, new_name) -}}
{% endmacro %}
{% macro default__get_rename_table_sql(relation, new_name) %}
    {{ exceptions.raise_compiler_error(
        "\`get_rename_table_sql\` has not been implemented for this adapter."
    ) }}
{% endmacro %}
{% macro get_replace_table_sql(relation, sql) %}
    {{- adapter.dispatch('get_replace_table_sql', 'dbt')(relation, sql) -}}
{% endmacro %}
{% macro default__get_replace_table_sql(relation, sql) %}
    {{ exceptions.raise_compiler_error(
        "\`get_replace_table_sql\` has not been implemented for this adapter."
    ) }}
{% endmacro %}
{% macro default__get_column_names() %}
  
    {%- set user_provided_columns = model['columns'] -%}
    {%- for i in user_provided_columns %}
      {%- set col = user_provided_columns[i] -%}
      {%- set col_name = adapter.quote(col['name']) if col.get('quote') else col['name'] -%}
      {{ col_name }}{{ ", " if not loop.last }}
    {%- endfor -%}
{% endmacro %}
{% macro get_select_subquery(sql) %}
  {{ return(adapter.dispatch('get_select_subquery', 'dbt')(sql)) }}
{% endmacro %}
{% macro default__get_select_subquery(sql) %}
    select {{ adapter.dispatch('get_column_names', 'dbt')() }}
    from (
        {{ sql }}
    ) as model_subq
{%- endmacro %}
{% macro drop_view(relation) -%}
    {{- adapter.dispatch('drop_view', 'dbt')(relation) -}}
{%- endmacro %}
{% macro default__drop_view(relation) -%}
    drop view if exists {{ relation.render() }} cascade
{%- endmacro %}
{% macro get_rename_view_sql(relation, new_name) %}
    {{- adapter.dispatch('get_rename_view_sql', 'dbt')(relation, new_name) -}}
{% endmacro %}
{% macro default__get_rename_view_sql(relation, new_name) %}
    {{ exceptions.raise_compiler_error(
        "\`get_rename_view_sql\` has not been implemented for this adapter."
    ) }}
{% endmacro %}
{% macro get_replace_view_sql(relation, sql) %}
    {{- adapter.dispatch('get_replace_view_sql', 'dbt')(relation, sql) -}}
{% endmacro %}
{% macro default__get_replace_view_sql(relation, sql) %}
    {{ exceptions.raise_compiler_error(
        "\`get_replace_view_sql\` has not been implemented for this adapter."
    ) }}
{% endmacro %}
{% macro create_or_replace_view() %}
  {%- set identifier = model['alias'] -%}

  {%- set old_relation = adapter.get_relation(database=database, schema=schema, identifier=identifier) -%}
  {%- set exists_as_view = (old_relation is not none and old_relation.is_view) -%}

  {%- set target_relation = api.Relation.create(
      identifier=identifier, schema=schema, database=database,
      type='view') -%}
  {% set grant_config = config.get('grants') %}

  {{ run_hooks(pre_hooks) }}

  -- If there's a table with the same name and we weren't told to full refresh,
  -- that's an error. If we were told to full refresh, drop it. This behavior differs
  -- for Snowflake and BigQuery, so multiple dispatch is used.
  {%- if old_relation is not none and old_relation.is_table -%}
    {{ handle_existing_table(should_full_refresh(), old_relation) }}
  {%- endif -%}

  -- build model
  {% call statement('main') -%}
    {{ get_create_view_as_sql(target_relation, sql) }}
  {%- endcall %}

  {% set should_revoke = should_revoke(exists_as_view, full_refresh_mode=True) %}
  {% do apply_grants(target_relation, grant_config, should_revoke=should_revoke) %}

  {{ run_hooks(post_hooks) }}

  {{ return({'relations': [target_relation]}) }}

{% endmacro %}
{% macro handle_existing_table(full_refresh, old_relation) %}
    {{ adapter.dispatch('handle_existing_table', 'dbt')(full_refresh, old_relation) }}
{% endmacro %}
{% macro default__handle_existing_table(full_refresh, old_relation) %}
    {{ log("Dropping relation " ~ old_relation.render() ~ " because it is of type " ~ old_relation.type) }}
    {{ adapter.drop_relation(old_relation) }}
{% endmacro %}
{% macro get_alter_materialized_view_as_sql(
    relation,
    configuration_changes,
    sql,
    existing_relation,
    backup_relation,
    intermediate_relation
) %}
    {{- log('Applying ALTER to: ' ~ relation) -}}
    {{- adapter.dispatch('get_alter_materialized_view_as_sql', 'dbt')(
        relation,
        configuration_changes,
        sql,
        existing_relation,
        backup_relation,
        intermediate_relation
    ) -}}
{% endmacro %}
{% macro default__get_alter_materialized_view_as_sql(
    relation,
    configuration_changes,
    sql,
    existing_relation,
    backup_relation,
    intermediate_relation
) %}
    {{ exceptions.raise_compiler_error("Materialized views have not been implemented for this adapter.") }}
{% endmacro %}
{% macro get_materialized_view_configuration_changes(existing_relation, new_config) %}
    
    {{- log('Determining configuration changes on: ' ~ existing_relation) -}}
    {%- do return(adapter.dispatch('get_materialized_view_configuration_changes', 'dbt')(existing_relation, new_config)) -%}
{% endmacro %}
{% macro default__get_materialized_view_configuration_changes(existing_relation, new_config) %}
    {{ exceptions.raise_compiler_error("Materialized views have not been implemented for this adapter.") }}
{% endmacro %}
{% macro get_create_materialized_view_as_sql(relation, sql) -%}
    {{- adapter.dispatch('get_create_materialized_view_as_sql', 'dbt')(relation, sql) -}}
{%- endmacro %}
{% macro default__get_create_materialized_view_as_sql(relation, sql) -%}
    {{ exceptions.raise_compiler_error(
        "\`get_create_materialized_view_as_sql\` has not been implemented for this adapter."
    ) }}
{% endmacro %}
{% macro drop_materialized_view(relation) -%}
    {{- adapter.dispatch('drop_materialized_view', 'dbt')(relation) -}}
{%- endmacro %}
{% macro default__drop_materialized_view(relation) -%}
    drop materialized view if exists {{ relation.render() }} cascade
{%- endmacro %}
{% macro refresh_materialized_view(relation) %}
    {{- log('Applying REFRESH to: ' ~ relation) -}}
    {{- adapter.dispatch('refresh_materialized_view', 'dbt')(relation) -}}
{% endmacro %}
{% macro default__refresh_materialized_view(relation) %}
    {{ exceptions.raise_compiler_error("\`refresh_materialized_view\` has not been implemented for this adapter.") }}
{% endmacro %}
{% macro get_rename_materialized_view_sql(relation, new_name) %}
    {{- adapter.dispatch('get_rename_materialized_view_sql', 'dbt')(relation, new_name) -}}
{% endmacro %}
{% macro default__get_rename_materialized_view_sql(relation, new_name) %}
    {{ exceptions.raise_compiler_error(
        "\`get_rename_materialized_view_sql\` has not been implemented for this adapter."
    ) }}
{% endmacro %}
{% macro get_replace_materialized_view_sql(relation, sql) %}
    {{- adapter.dispatch('get_replace_materialized_view_sql', 'dbt')(relation, sql) -}}
{% endmacro %}
{% macro default__get_replace_materialized_view_sql(relation, sql) %}
    {{ exceptions.raise_compiler_error(
        "\`get_replace_materialized_view_sql\` has not been implemented for this adapter."
    ) }}
{% endmacro %}
{%- macro get_table_columns_and_constraints() -%}
  {{ adapter.dispatch('get_table_columns_and_constraints', 'dbt')() }}
{%- endmacro -%}
{% macro default__get_table_columns_and_constraints() -%}
  {{ return(table_columns_and_constraints()) }}
{%- endmacro %}
{% macro table_columns_and_constraints() %}
  
    {%- set raw_column_constraints = adapter.render_raw_columns_constraints(raw_columns=model['columns']) -%}
    {%- set raw_model_constraints = adapter.render_raw_model_constraints(raw_constraints=model['constraints']) -%}
    (
    {% for c in raw_column_constraints -%}
      {{ c }}{{ "," if not loop.last or raw_model_constraints }}
    {% endfor %}
    {% for c in raw_model_constraints -%}
        {{ c }}{{ "," if not loop.last }}
    {% endfor -%}
    )
{% endmacro %}
{%- macro get_assert_columns_equivalent(sql) -%}
  {{ adapter.dispatch('get_assert_columns_equivalent', 'dbt')(sql) }}
{%- endmacro -%}
{% macro default__get_assert_columns_equivalent(sql) -%}
  {{ return(assert_columns_equivalent(sql)) }}
{%- endmacro %}
{% macro assert_columns_equivalent(sql) %}

  
  {%- set user_defined_columns = model['columns'] -%}
  {%- if not user_defined_columns -%}
      {{ exceptions.raise_contract_error([], []) }}
  {%- endif -%}

  
  {%- set sql_file_provided_columns = get_column_schema_from_query(sql, config.get('sql_header', none)) -%}
  
  {%- set schema_file_provided_columns = get_column_schema_from_query(get_empty_schema_sql(user_defined_columns)) -%}

  
  {%- set sql_columns = format_columns(sql_file_provided_columns) -%}
  {%- set yaml_columns = format_columns(schema_file_provided_columns)  -%}

  {%- if sql_columns|length != yaml_columns|length -%}
    {%- do exceptions.raise_contract_error(yaml_columns, sql_columns) -%}
  {%- endif -%}

  {%- for sql_col in sql_columns -%}
    {%- set yaml_col = [] -%}
    {%- for this_col in yaml_columns -%}
      {%- if this_col['name'] == sql_col['name'] -%}
        {%- do yaml_col.append(this_col) -%}
        {%- break -%}
      {%- endif -%}
    {%- endfor -%}
    {%- if not yaml_col -%}
      
      {%- do exceptions.raise_contract_error(yaml_columns, sql_columns) -%}
    {%- endif -%}
    {%- if sql_col['formatted'] != yaml_col[0]['formatted'] -%}
      
      {%- do exceptions.raise_contract_error(yaml_columns, sql_columns) -%}
    {%- endif -%}
  {%- endfor -%}

{% endmacro %}
{% macro format_columns(columns) %}
  {% set formatted_columns = [] %}
  {% for column in columns %}
    {%- set formatted_column = adapter.dispatch('format_column', 'dbt')(column) -%}
    {%- do formatted_columns.append(formatted_column) -%}
  {% endfor %}
  {{ return(formatted_columns) }}
{% endmacro %}
{% macro default__format_column(column) -%}
  {% set data_type = column.dtype %}
  {% set formatted = column.column.lower() ~ " " ~ data_type %}
  {{ return({'name': column.name, 'data_type': data_type, 'formatted': formatted}) }}
{%- endmacro -%}
`;
