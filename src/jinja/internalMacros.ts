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
{% macro generate_database_name(custom_database_name=none, node=none) -%}
  {{ return(adapter.dispatch('generate_database_name', 'dbt')(custom_database_name, node)) }}
{%- endmacro %}
{% macro default__generate_database_name(custom_database_name=none, node=none) -%}
  {%- if custom_database_name is none -%}{{ target.database }}{%- else -%}{{ custom_database_name }}{%- endif -%}
{%- endmacro %}
`;

const HELPERS = `
{% macro is_incremental_run() -%}{{ return(is_incremental()) }}{%- endmacro %}
`;

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
  const files = [internalFile('naming.sql', NAMING), internalFile('cross_db.sql', CROSS_DATABASE), internalFile('relations.sql', RELATION_MACROS), internalFile('adapters.sql', ADAPTER_MACROS), internalFile('relations_ddl.sql', RELATION_DDL_MACROS), internalFile('materialization_helpers.sql', MATERIALIZATION_HELPER_MACROS), internalFile('snapshot_helpers.sql', SNAPSHOT_AND_UNIT_TEST_MACROS), internalFile('helpers.sql', HELPERS), internalFile('generic_tests.sql', GENERIC_TESTS)];
  if (dialect?.macros) files.push(internalFile(`${dialect.type}.sql`, dialect.macros));
  return files;
}
