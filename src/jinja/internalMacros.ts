/**
 * kiln's internal macros, the `dbt` namespace packages call (`dbt.current_timestamp()`,
 * `dbt.type_string()` …) and the overridable naming macros. Kept as Jinja so users
 * override them exactly as in dbt: define a macro of the same name in the project.
 */
import { sha256 } from '../project/files.js';
import type { AdapterDialect } from '../adapters/types.js';
import type { SourceFile } from '../project/types.js';
import { CROSS_DATABASE } from './globalProject/crossDatabase.js';
import { RELATION_MACROS } from './globalProject/relations.js';
import { ADAPTER_MACROS } from './globalProject/adapters.js';
import { RELATION_DDL_MACROS } from './globalProject/relationsDdl.js';
import { MATERIALIZATION_HELPER_MACROS } from './globalProject/materializationHelpers.js';
import { SNAPSHOT_AND_UNIT_TEST_MACROS } from './globalProject/snapshotHelpers.js';
import { dispatched } from './globalProject/dispatched.js';
import { PYTHON_MODEL_TEXT_MACROS } from './globalProject/pythonModelText.js';
import { MATERIALIZED_VIEW_MACROS } from './globalProject/materializedViews.js';
import { FUNCTION_MACROS } from './globalProject/functions.js';

export const INTERNAL_PACKAGE = 'dbt';

const NAMING = `
{% macro generate_schema_name(custom_schema_name=none, node=none) -%}
  {{ return(adapter.dispatch('generate_schema_name', 'dbt')(custom_schema_name, node)) }}
{%- endmacro %}
{% macro default__generate_schema_name(custom_schema_name=none, node=none) -%}
  {%- set default_schema = target.schema -%}
  {%- if custom_schema_name is none -%}{{ default_schema }}{%- else -%}{{ default_schema }}_{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}
{% macro generate_schema_name_for_env(custom_schema_name, node) -%}
  {%- set default_schema = target.schema -%}
  {%- if target.name == 'prod' and custom_schema_name is not none -%}{{ custom_schema_name | trim }}{%- else -%}{{ default_schema }}{%- endif -%}
{%- endmacro %}
{% macro generate_alias_name(custom_alias_name=none, node=none) -%}
  {{ return(adapter.dispatch('generate_alias_name', 'dbt')(custom_alias_name, node)) }}
{%- endmacro %}
{% macro default__generate_alias_name(custom_alias_name=none, node=none) -%}
  {%- if custom_alias_name -%}{{ custom_alias_name | trim }}{%- elif node.version -%}{{ return(node.name ~ "_v" ~ (node.version | replace(".", "_"))) }}{%- else -%}{{ node.name }}{%- endif -%}
{%- endmacro %}
{# The alias of the pointer to a versioned model's latest version: the unsuffixed model name unless one is configured. #}
{% macro generate_latest_version_pointer_alias(custom_alias_name=none, node=none) -%}
  {{ return(adapter.dispatch('generate_latest_version_pointer_alias', 'dbt')(custom_alias_name, node)) }}
{%- endmacro %}
{% macro default__generate_latest_version_pointer_alias(custom_alias_name=none, node=none) -%}
  {{- (custom_alias_name | trim) if custom_alias_name else node.name -}}
{%- endmacro %}
{% macro generate_database_name(custom_database_name=none, node=none) -%}
  {{ return(adapter.dispatch('generate_database_name', 'dbt')(custom_database_name, node)) }}
{%- endmacro %}
{% macro default__generate_database_name(custom_database_name=none, node=none) -%}
  {%- if custom_database_name is none -%}{{ target.database }}{%- else -%}{{ custom_database_name }}{%- endif -%}
{%- endmacro %}
`;

const HELPERS = `
{% macro is_incremental_run() -%}{{ return(is_incremental()) }}{%- endmacro %}
{#
  split_part counted from the end, for warehouses whose split_part takes no negative part: the
  delimiter count (length lost when the delimiters are removed) turns part -1 into the last part.
  Assumes a one-character delimiter, as dbt's does.
#}
{% macro _split_part_negative(string_text, delimiter_text, part_number) -%}
  {%- set parts_before_end = 'length(' ~ string_text ~ ') - length(replace(' ~ string_text ~ ', ' ~ delimiter_text ~ ", ''))" -%}
  split_part({{ string_text }}, {{ delimiter_text }}, {{ parts_before_end }} + 2 + {{ part_number }})
{%- endmacro %}
`;

/** Freshness from a source's loaded_at_query: the query's single value is the last load time. */
const FRESHNESS = dispatched(
  'collect_freshness_custom_sql',
  'source, loaded_at_query',
  `{% call statement('collect_freshness_custom_sql', fetch_result=True, auto_begin=False) -%}
with loaded_at as (
  {{ loaded_at_query }}
)
select
  (select * from loaded_at) as max_loaded_at,
  {{ current_timestamp() }} as snapshotted_at
{%- endcall %}
{{ return(load_result('collect_freshness_custom_sql')) }}`,
);

const GENERIC_TESTS = `
{% macro get_where_subquery(relation) -%}
  {%- set where = config.get('where') -%}
  {%- if where -%}
    {{- return("(select * from " ~ relation ~ " where " ~ where ~ ") dbt_subquery") -}}
  {%- else -%}
    {{- return(relation) -}}
  {%- endif -%}
{%- endmacro %}
{% test not_null(model, column_name) %}
  {{ return(adapter.dispatch('test_not_null', 'dbt')(model, column_name)) }}
{% endtest %}
{% macro default__test_not_null(model, column_name) %}
{% set column_list = '*' if should_store_failures() else column_name %}
select {{ column_list }}
from {{ model }}
where {{ column_name }} is null
{% endmacro %}
{% test unique(model, column_name) %}
  {{ return(adapter.dispatch('test_unique', 'dbt')(model, column_name)) }}
{% endtest %}
{% macro default__test_unique(model, column_name) %}
select
    {{ column_name }} as unique_field,
    count(*) as n_records
from {{ model }}
where {{ column_name }} is not null
group by {{ column_name }}
having count(*) > 1
{% endmacro %}
{% test accepted_values(model, column_name, values, quote=True) %}
  {{ return(adapter.dispatch('test_accepted_values', 'dbt')(model, column_name, values, quote)) }}
{% endtest %}
{% macro default__test_accepted_values(model, column_name, values, quote=True) %}
with all_values as (
    select
        {{ column_name }} as value_field,
        count(*) as n_records
    from {{ model }}
    group by {{ column_name }}
)
select *
from all_values
where value_field not in (
    {% for value in values -%}
        {% if quote -%}'{{ value | replace("'", "''") }}'{%- else -%}{{ value }}{%- endif -%}
        {%- if not loop.last -%},{%- endif %}
    {%- endfor %}
)
{% endmacro %}
{% test relationships(model, column_name, to, field) %}
  {{ return(adapter.dispatch('test_relationships', 'dbt')(model, column_name, to, field)) }}
{% endtest %}
{% macro default__test_relationships(model, column_name, to, field) %}
with child as (
    select {{ column_name }} as from_field
    from {{ model }}
    where {{ column_name }} is not null
),
parent as (
    select {{ field }} as to_field
    from {{ to }}
)
select from_field
from child
left join parent
    on child.from_field = parent.to_field
where parent.to_field is null
{% endmacro %}
`;

function internalFile(name: string, contents: string): SourceFile {
  return { absPath: `<kiln>/${name}`, relPath: `<kiln>/${name}`, pathInResource: name, resourceRoot: '<kiln>', contents, checksum: sha256(contents), size: contents.length, mtimeMs: 0 };
}

/** The `dbt` namespace's macros, then the adapter's own versions of them (`duckdb__…`). */
export function internalMacroFiles(dialect?: AdapterDialect): SourceFile[] {
  const files = [internalFile('naming.sql', NAMING), internalFile('cross_db.sql', CROSS_DATABASE), internalFile('relations.sql', RELATION_MACROS), internalFile('adapters.sql', ADAPTER_MACROS), internalFile('relations_ddl.sql', RELATION_DDL_MACROS), internalFile('materialization_helpers.sql', MATERIALIZATION_HELPER_MACROS), internalFile('snapshot_helpers.sql', SNAPSHOT_AND_UNIT_TEST_MACROS), internalFile('helpers.sql', HELPERS), internalFile('freshness.sql', FRESHNESS), internalFile('python_model_text.sql', PYTHON_MODEL_TEXT_MACROS), internalFile('materialized_views.sql', MATERIALIZED_VIEW_MACROS), internalFile('functions.sql', FUNCTION_MACROS), internalFile('generic_tests.sql', GENERIC_TESTS)];
  if (dialect?.macros) files.push(internalFile(`${dialect.type}.sql`, dialect.macros));
  return files;
}
