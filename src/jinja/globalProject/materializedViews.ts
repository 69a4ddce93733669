/**
 * The materialized_view materialization and the steps it is built from, as dbt names them:
 * setup (clear leftover backup and intermediate relations, outside-transaction pre-hooks),
 * choosing the build statement (create, replace, refresh, alter, or nothing), running it, and
 * teardown. The statements themselves (get_create_materialized_view_as_sql,
 * refresh_materialized_view, get_materialized_view_configuration_changes …, in relationsDdl.ts)
 * belong to the adapter: an adapter without them fails there, naming the `<type>__` macro to
 * define. The steps are plain macros, as in dbt: a project overrides one by defining its name.
 */

const STEPS = `
{% macro materialized_view_setup(backup_relation, intermediate_relation, pre_hooks) -%}
  {#- A run that stopped half-way can leave either behind. -#}
  {{ drop_relation_if_exists(load_cached_relation(backup_relation)) }}
  {{ drop_relation_if_exists(load_cached_relation(intermediate_relation)) }}
  {{ run_hooks(pre_hooks, inside_transaction=False) }}
{%- endmacro %}

{% macro materialized_view_teardown(backup_relation, intermediate_relation, post_hooks) -%}
  {{ drop_relation_if_exists(backup_relation) }}
  {{ drop_relation_if_exists(intermediate_relation) }}
  {{ run_hooks(post_hooks, inside_transaction=False) }}
{%- endmacro %}

{#-
  The statement this run needs: create when nothing is there, replace on a full refresh or when
  something other than a materialized view is in the way, else refresh, or act on configuration
  changes as on_configuration_change says (apply, continue with a warning, or fail). '' means
  there is nothing to run.
-#}
{% macro materialized_view_get_build_sql(existing_relation, target_relation, backup_relation, intermediate_relation) -%}
  {%- if existing_relation is none -%}
    {{ return(get_create_materialized_view_as_sql(target_relation, sql)) }}
  {%- endif -%}
  {%- if should_full_refresh() or not existing_relation.is_materialized_view -%}
    {{ return(get_replace_sql(existing_relation, target_relation, sql)) }}
  {%- endif -%}
  {%- set changes = get_materialized_view_configuration_changes(existing_relation, config) -%}
  {%- if changes is none -%}
    {{ return(refresh_materialized_view(target_relation)) }}
  {%- endif -%}
  {%- set on_change = config.get('on_configuration_change') -%}
  {%- if on_change == 'apply' -%}
    {{ return(get_alter_materialized_view_as_sql(target_relation, changes, sql, existing_relation, backup_relation, intermediate_relation)) }}
  {%- elif on_change == 'continue' -%}
    {{ exceptions.warn("Configuration changes were identified and \`on_configuration_change\` was set to \`continue\` for \`" ~ target_relation.render() ~ "\`") }}
    {{ return('') }}
  {%- elif on_change == 'fail' -%}
    {{ exceptions.raise_fail_fast_error("Configuration changes were identified and \`on_configuration_change\` was set to \`fail\` for \`" ~ target_relation.render() ~ "\`") }}
  {%- else -%}
    {{ exceptions.raise_compiler_error("Unexpected configuration scenario") }}
  {%- endif -%}
{%- endmacro %}

{#- Nothing to run: the main statement's result says so, as the run's summary reads it. -#}
{% macro materialized_view_execute_no_op(target_relation) -%}
  {%- do store_raw_result(name='main', message='skip ' ~ target_relation, code='skip', rows_affected='-1') -%}
{%- endmacro %}

{% macro materialized_view_execute_build_sql(build_sql, existing_relation, target_relation, post_hooks) -%}
  {{ run_hooks(pre_hooks, inside_transaction=True) }}
  {%- call statement(name='main') -%}{{ build_sql }}{%- endcall -%}
  {%- do apply_grants(target_relation, config.get('grants'), should_revoke=should_revoke(existing_relation, full_refresh_mode=True)) -%}
  {%- do persist_docs(target_relation, model) -%}
  {{ run_hooks(post_hooks, inside_transaction=True) }}
  {{ adapter.commit() }}
{%- endmacro %}
`;

const MATERIALIZATION = `
{% materialization materialized_view, default %}
  {%- set existing_relation = load_cached_relation(this) -%}
  {%- set target_relation = this.incorporate(type=this.MaterializedView) -%}
  {%- set intermediate_relation = make_intermediate_relation(target_relation) -%}
  {%- set backup_relation = make_backup_relation(target_relation, target_relation.MaterializedView if existing_relation is none else existing_relation.type) -%}
  {{ materialized_view_setup(backup_relation, intermediate_relation, pre_hooks) }}
  {%- set build_sql = materialized_view_get_build_sql(existing_relation, target_relation, backup_relation, intermediate_relation) -%}
  {%- if build_sql == '' -%}
    {{ materialized_view_execute_no_op(target_relation) }}
  {%- else -%}
    {{ materialized_view_execute_build_sql(build_sql, existing_relation, target_relation, post_hooks) }}
  {%- endif -%}
  {{ materialized_view_teardown(backup_relation, intermediate_relation, post_hooks) }}
  {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}
`;

export const MATERIALIZED_VIEW_MACROS = [STEPS, MATERIALIZATION].join('\n');
