/**
 * DuckDB's versions of dbt's cross-database macros, where DuckDB's SQL differs from the
 * portable `default__` ones (src/jinja/globalProject/crossDatabase.ts). Registered in the
 * `dbt` namespace, so `adapter.dispatch` finds them before `default__`, and a project can
 * still override them with its own `duckdb__…`.
 */
export const DUCKDB_MACROS = `
{% macro duckdb__dateadd(datepart, interval, from_date_or_timestamp) -%}
{#- DuckDB has no dateadd(part, n, x): add n times one unit (a quarter is 3 months, a week 7 days). -#}
{%- set unit = datepart | lower | replace("'", '') -%}
{%- if unit == 'quarter' -%}({{ from_date_or_timestamp }} + cast({{ interval }} as bigint) * 3 * interval 1 month)
{%- elif unit == 'week' -%}({{ from_date_or_timestamp }} + cast({{ interval }} as bigint) * 7 * interval 1 day)
{%- else -%}({{ from_date_or_timestamp }} + cast({{ interval }} as bigint) * interval 1 {{ unit }})
{%- endif -%}
{%- endmacro %}

{% macro duckdb__datediff(first_date, second_date, datepart) -%}
{%- set unit = datepart | lower | replace("'", '') -%}
{%- if unit == 'week' -%}
{#- Weeks crossed, counted at each Sunday as the other warehouses do (DuckDB's date_diff counts whole 7-day spans); 1970-01-04 was a Sunday. -#}
(cast(floor(date_diff('day', date '1970-01-04', cast({{ second_date }} as date)) / 7) as bigint) - cast(floor(date_diff('day', date '1970-01-04', cast({{ first_date }} as date)) / 7) as bigint))
{%- else -%}
date_diff('{{ unit }}', cast({{ first_date }} as timestamp), cast({{ second_date }} as timestamp))
{%- endif -%}
{%- endmacro %}

{% macro duckdb__date(year, month, day) -%}make_date({{ year }}, {{ month }}, {{ day }}){%- endmacro %}

{% macro duckdb__safe_cast(field, type) -%}try_cast({{ field }} as {{ type }}){%- endmacro %}

{% macro duckdb__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
{%- if limit_num -%}array_to_string((array_agg({{ measure }}{% if order_by_clause %} {{ order_by_clause }}{% endif %}))[1:{{ limit_num }}], {{ delimiter_text }})
{%- else -%}string_agg({{ measure }}, {{ delimiter_text }}{% if order_by_clause %} {{ order_by_clause }}{% endif %})
{%- endif -%}
{%- endmacro %}

{% macro duckdb__array_construct(inputs, data_type) -%}
{%- if inputs | length > 0 -%}[{{ inputs | join(', ') }}]{%- else -%}cast([] as {{ data_type }}[]){%- endif -%}
{%- endmacro %}

{% macro duckdb__generate_series(upper_bound) -%}
select generate_series as generated_number from generate_series(1, {{ upper_bound }})
{%- endmacro %}

{#- Schemas, relations and the catalog from DuckDB's system catalog (DuckDB has no <database>.information_schema), as dbt-duckdb reads them. #}
{% macro duckdb__list_schemas(database) -%}
{%- set sql -%}
select schema_name
from system.information_schema.schemata
{% if database is not none %}where lower(catalog_name) = '{{ database | lower }}'{% endif %}
{%- endset -%}
{{ return(run_query(sql)) }}
{%- endmacro %}

{% macro duckdb__check_schema_exists(information_schema, schema) -%}
{%- set sql -%}
select count(*)
from system.information_schema.schemata
where lower(schema_name) = '{{ schema | lower }}'
and lower(catalog_name) = '{{ information_schema.database | lower }}'
{%- endset -%}
{{ return(run_query(sql)) }}
{%- endmacro %}

{% macro duckdb__list_relations_without_caching(schema_relation) -%}
{% call statement('list_relations_without_caching', fetch_result=True) -%}
select
  '{{ schema_relation.database }}' as database,
  table_name as name,
  table_schema as schema,
  case table_type when 'BASE TABLE' then 'table' when 'VIEW' then 'view' when 'LOCAL TEMPORARY' then 'table' end as type
from system.information_schema.tables
where lower(table_schema) = '{{ schema_relation.schema | lower }}'
and lower(table_catalog) = '{{ schema_relation.database | lower }}'
{%- endcall %}
{{ return(load_result('list_relations_without_caching').table) }}
{%- endmacro %}

{% macro duckdb__get_catalog(information_schema, schemas) -%}
{%- set query -%}
with tables as (
  {{ duckdb__get_catalog_tables_sql(information_schema) }}
  {{ duckdb__get_catalog_schemas_where_clause_sql(schemas) }}
),
columns as (
  {{ duckdb__get_catalog_columns_sql(information_schema) }}
  {{ duckdb__get_catalog_schemas_where_clause_sql(schemas) }}
)
{{ duckdb__get_catalog_results_sql() }}
{%- endset -%}
{{ return(run_query(query)) }}
{%- endmacro %}

{% macro duckdb__get_catalog_relations(information_schema, relations) -%}
{%- set query -%}
with tables as (
  {{ duckdb__get_catalog_tables_sql(information_schema) }}
  {{ duckdb__get_catalog_relations_where_clause_sql(relations) }}
),
columns as (
  {{ duckdb__get_catalog_columns_sql(information_schema) }}
  {{ duckdb__get_catalog_relations_where_clause_sql(relations) }}
)
{{ duckdb__get_catalog_results_sql() }}
{%- endset -%}
{{ return(run_query(query)) }}
{%- endmacro %}

{% macro duckdb__get_catalog_tables_sql(information_schema) -%}
select * from (
  select t.database_name as table_database, t.schema_name as table_schema, t.table_name as table_name, 'BASE TABLE' as table_type, t.comment as table_comment
  from duckdb_tables() t where upper(t.database_name) = upper('{{ information_schema.database }}')
  union all
  select v.database_name as table_database, v.schema_name as table_schema, v.view_name as table_name, 'VIEW' as table_type, v.comment as table_comment
  from duckdb_views() v where upper(v.database_name) = upper('{{ information_schema.database }}')
) catalog_tables
{%- endmacro %}

{% macro duckdb__get_catalog_columns_sql(information_schema) -%}
select * from (
  select c.database_name as table_database, c.schema_name as table_schema, c.table_name as table_name, c.column_name as column_name,
    c.column_index as column_index, c.data_type as column_type, c.comment as column_comment
  from duckdb_columns() c where upper(c.database_name) = upper('{{ information_schema.database }}')
) catalog_columns
{%- endmacro %}

{% macro duckdb__get_catalog_results_sql() -%}
select
  tables.table_database, tables.table_schema, tables.table_name, tables.table_type, tables.table_comment,
  columns.column_name, columns.column_index, columns.column_type, columns.column_comment,
  null as table_owner
from tables
join columns using (table_database, table_schema, table_name)
order by table_schema, table_name, column_index
{%- endmacro %}

{% macro duckdb__get_catalog_schemas_where_clause_sql(schemas) -%}
{%- if schemas | length == 0 %}where 1 = 0
{%- else %}where ({%- for schema in schemas -%}upper(table_schema) = upper('{{ schema }}'){% if not loop.last %} or {% endif %}{%- endfor -%})
{%- endif -%}
{%- endmacro %}

{% macro duckdb__get_catalog_relations_where_clause_sql(relations) -%}
{%- if relations | length == 0 %}where 1 = 0
{%- else %}where (
  {%- for relation in relations -%}
    {%- if not relation.schema -%}{% do exceptions.raise_compiler_error('\`get_catalog_relations\` requires a list of relations, each with a schema') %}{%- endif -%}
    (upper(table_schema) = upper('{{ relation.schema }}'){%- if relation.identifier %} and upper(table_name) = upper('{{ relation.identifier }}'){%- endif %}){% if not loop.last %} or {% endif %}
  {%- endfor -%}
)
{%- endif -%}
{%- endmacro %}

{#- dbt-duckdb's column list for a contracted table's insert: (a, b, …) as the model's YAML names them. #}
{% macro get_column_names() -%}
{%- set user_provided_columns = model['columns'] -%}
({%- for i in user_provided_columns %}{{ user_provided_columns[i]['name'] }}{{ ", " if not loop.last }}{%- endfor -%})
{%- endmacro %}

{#- Seeds and snapshots as dbt-duckdb writes them. #}
{% macro duckdb__get_binding_char() -%}{{ return(adapter.get_binding_char()) }}{%- endmacro %}
{% macro duckdb__get_batch_size() -%}{{ return(10000) }}{%- endmacro %}
{% macro duckdb__snapshot_string_as_time(timestamp) -%}{{ return("'" ~ timestamp ~ "'::timestamp") }}{%- endmacro %}
{% macro duckdb__post_snapshot(temporary_relation) -%}{% do return(drop_relation(temporary_relation)) %}{%- endmacro %}
{% macro duckdb__snapshot_merge_sql(target, source, insert_cols) -%}
{%- set insert_cols_csv = insert_cols | join(', ') -%}
{%- set columns = config.get("snapshot_table_column_names") or get_snapshot_table_column_names() -%}
update {{ target }} as DBT_INTERNAL_TARGET
set {{ columns.dbt_valid_to }} = DBT_INTERNAL_SOURCE.{{ columns.dbt_valid_to }}
from {{ source }} as DBT_INTERNAL_SOURCE
where DBT_INTERNAL_SOURCE.{{ columns.dbt_scd_id }}::text = DBT_INTERNAL_TARGET.{{ columns.dbt_scd_id }}::text
  and DBT_INTERNAL_SOURCE.dbt_change_type::text in ('update'::text, 'delete'::text)
{% if config.get("dbt_valid_to_current") %}
  and (DBT_INTERNAL_TARGET.{{ columns.dbt_valid_to }} = {{ config.get('dbt_valid_to_current') }} or DBT_INTERNAL_TARGET.{{ columns.dbt_valid_to }} is null);
{% else %}
  and DBT_INTERNAL_TARGET.{{ columns.dbt_valid_to }} is null;
{% endif %}
insert into {{ target }} ({{ insert_cols_csv }})
select {% for column in insert_cols -%}DBT_INTERNAL_SOURCE.{{ column }} {%- if not loop.last %}, {%- endif %}{%- endfor %}
from {{ source }} as DBT_INTERNAL_SOURCE
where DBT_INTERNAL_SOURCE.dbt_change_type::text = 'insert'::text;
{%- endmacro %}

{#- Config validation, external-file and temporary-relation helpers that dbt-duckdb's materializations and plugins call; names, arguments and error texts are the ones those callers expect. #}
{#- One string or a list of strings, as a list (none is empty); a mapping or a non-string item is an error naming the config. #}
{%- macro normalize_string_or_list(raw, field_name) -%}
  {%- set shape_error = field_name ~ " must be a list of strings or a string" -%}
  {%- if raw is none -%}{{ return([]) }}{%- endif -%}
  {%- if raw is string -%}{{ return([raw]) }}{%- endif -%}
  {%- if raw is mapping or raw is not sequence -%}{%- do exceptions.raise_compiler_error(shape_error) -%}{%- endif -%}
  {%- set items = raw | list -%}
  {%- if items | reject('string') | list | length > 0 -%}
    {%- do exceptions.raise_compiler_error(field_name ~ " list values must be non-empty strings") -%}
  {%- endif -%}
  {{ return(items) }}
{%- endmacro -%}
{#- The validate_* checks append a message to errors rather than raising, so a caller can report every bad field at once; an absent (none) field passes. #}
{%- macro validate_string_field(field_value, field_name, errors) -%}
  {%- if not (field_value is none or field_value is string) -%}{%- do errors.append(field_name ~ " must be a string, found: " ~ field_value) -%}{%- endif -%}
{%- endmacro -%}
{%- macro validate_string_list_field(field_value, field_name, errors) -%}
  {%- if field_value is none -%}{{ return(none) }}{%- endif -%}
  {%- if field_value is string or field_value is mapping or field_value is not sequence -%}
    {%- do errors.append(field_name ~ " must be a list") -%}
  {%- else -%}
    {%- for bad in field_value | reject('string') -%}{%- do errors.append(field_name ~ " must contain only string values, found: " ~ bad) -%}{%- endfor -%}
  {%- endif -%}
{%- endmacro -%}
{%- macro validate_dict_field(field_value, field_name, errors) -%}
  {%- if not (field_value is none or field_value is mapping) -%}{%- do errors.append(field_name ~ " must be a dictionary, found: " ~ field_value) -%}{%- endif -%}
{%- endmacro -%}
{%- macro normalize_incremental_predicates(incremental_predicates) -%}{{ return(normalize_string_or_list(incremental_predicates, "incremental_predicates")) }}{%- endmacro -%}
{#- External files: existence through the adapter (local paths and the filesystems DuckDB reaches), writes as DuckDB's COPY … TO with the options rendered. #}
{% macro location_exists(location) -%}{{ return(adapter.location_exists(location)) }}{%- endmacro %}
{% macro write_to_file(relation, location, options) -%}
  {%- call statement('write_to_file') -%}copy {{ relation }} to '{{ location }}' ({{ options }}){%- endcall -%}
{%- endmacro %}
{#- The model's options dict, each value rendered, with the format and delimiter configs (when set) folded in; the dict is updated in place, as callers read config.get('options') afterwards. #}
{% macro render_write_options(config) -%}
  {%- set opts = config.get('options', {}) -%}
  {%- if opts is not mapping -%}{%- do exceptions.raise_compiler_error("The options argument must be a dictionary") -%}{%- endif -%}
  {%- for key in opts | list -%}{%- do opts.update({key: render(opts[key])}) -%}{%- endfor -%}
  {%- for key in ['format', 'delimiter'] if config.get(key) -%}{%- do opts.update({key: render(config.get(key))}) -%}{%- endfor -%}
  {{ return(opts) }}
{%- endmacro %}
{#- dbt-duckdb's plugin hand-off: kiln has no plugins, so adapter.store_relation explains that. #}
{% macro store_relation(plugin, relation, location, format, config) -%}
  {%- do adapter.store_relation(plugin, relation, adapter.get_columns_in_relation(relation), location, format, config) -%}
{%- endmacro %}
{#- An external model's default file: <external_root>/<identifier>.<format>, or a folder of that name when the write is partitioned. #}
{%- macro external_location(relation, config) -%}
  {%- set partitioned = config.get('options', {}).get('partition_by') is not none -%}
  {{- adapter.external_root() ~ '/' ~ relation.identifier ~ ('' if partitioned else '.' ~ config.get('format', 'parquet')) -}}
{%- endmacro -%}
{#- An on-run-start hook for partial runs: each external model upstream of the selection, but not in it, gets its view back over its file. #}
{%- macro register_upstream_external_models() -%}
  {%- if not execute -%}{{ return('') }}{%- endif -%}
  {%- set seen = {} -%}
  {%- set schemas_made = {} -%}
  {%- for selected in selected_resources if selected in graph['nodes'] -%}
    {%- for upstream_id in graph['nodes'][selected]['depends_on']['nodes'] if upstream_id not in seen and upstream_id not in selected_resources -%}
      {%- do seen.update({upstream_id: true}) -%}
      {%- set upstream = graph['nodes'].get(upstream_id) -%}
      {%- if upstream and upstream.resource_type in ('model', 'seed') and upstream.config.materialized == 'external' -%}
        {%- set view = api.Relation.create(database=upstream['database'], schema=upstream['schema'], identifier=upstream['alias']) -%}
        {#- The graph keeps the config as written: a templated location is rendered here as the materialization renders it. -#}
        {%- set location = render(upstream.config.get('location', external_location(view, upstream.config))) -%}
        {%- set read_location = adapter.external_read_location(location, render_write_options(upstream.config)) -%}
        {%- if view.schema not in schemas_made -%}
          {%- call statement('main', language='sql') -%}create schema if not exists {{ view.without_identifier() }}{%- endcall -%}
          {%- do schemas_made.update({view.schema: true}) -%}
        {%- endif -%}
        {%- call statement('main', language='sql') -%}create or replace view {{ view }} as (select * from '{{ read_location }}'){%- endcall -%}
      {%- endif -%}
    {%- endfor -%}
  {%- endfor -%}
  {%- if schemas_made -%}{%- do adapter.commit() -%}{%- endif -%}
{%- endmacro -%}

{#-
  dbt-duckdb's external materialization: the model's rows written to a file (parquet, csv or json;
  COPY options from the options config) and a view of the model's name reading the file back.
  The rows are built into a staging table first, and the view is replaced in one statement once
  the file is written, so a failing model, write or read leaves the previous view working.
#}
{% materialization external, adapter='duckdb', supported_languages=['sql'] %}
  {%- if config.get('plugin') is not none or config.get('glue_register', false) -%}
    {%- do exceptions.raise_compiler_error("model '" ~ model.name ~ "' sets plugin or glue_register: dbt-duckdb's plugins are not supported by kiln; remove the config (the file and its view need neither)") -%}
  {%- endif -%}
  {%- set location = render(config.get('location', default=external_location(this, config))) -%}
  {%- set rendered_options = render_write_options(config) -%}
  {%- set known_formats = ['csv', 'parquet', 'json'] -%}
  {#- The format config, or one given among the options (dbt-duckdb reads only the former, and would read such a file with the wrong reader). -#}
  {%- set format = (rendered_options.get('format') or '') | lower -%}
  {%- if format and format not in known_formats -%}
    {%- do exceptions.raise_compiler_error("Invalid format: " ~ format ~ ". Allowed formats are: " ~ known_formats | join(', ')) -%}
  {%- elif not format -%}
    {%- set extension = (location.split('.')[-1] | lower) if '.' in location else '' -%}
    {%- set format = extension if extension in known_formats else 'parquet' -%}
  {%- endif -%}
  {#- A partitioned or per-thread write goes to a folder, which DuckDB will not write into again unless told how: replace it. -#}
  {%- if (rendered_options.get('partition_by') or rendered_options.get('per_thread_output'))
        and not ('overwrite' in rendered_options or 'overwrite_or_ignore' in rendered_options or 'append' in rendered_options) -%}
    {%- do rendered_options.update({'overwrite': true}) -%}
  {%- endif -%}
  {#- DuckDB writes no missing folders: say which one, before the model is built. -#}
  {%- set folder = location.rsplit('/', 1)[0] if '/' in location.strip('/') else '' -%}
  {%- if folder and location.startswith('/') and not adapter.location_exists(folder) -%}
    {%- do exceptions.raise_compiler_error("model '" ~ model.name ~ "' writes to " ~ location ~ ", but the folder " ~ folder ~ " does not exist; create it, or point location (or the profile's external_root) at one that does") -%}
  {%- endif -%}
  {%- set write_options = adapter.external_write_options(location, rendered_options) -%}
  {%- set read_location = adapter.external_read_location(location, rendered_options) -%}
  {%- set default_read_options = {'parquet': {'union_by_name': false}, 'csv': {'auto_detect': true}, 'json': {'auto_detect': true}} -%}
  {%- set read_options = config.get(format ~ '_read_options', default_read_options[format]) -%}

  {%- set target_relation = this.incorporate(type='view') -%}
  {%- set existing_relation = load_cached_relation(this) -%}
  {%- set staging_table = make_intermediate_relation(this.incorporate(type='table'), suffix='__dbt_tmp') -%}
  {%- set staging_view = make_intermediate_relation(target_relation, suffix='__dbt_int') -%}
  {{- drop_relation_if_exists(load_cached_relation(staging_table)) -}}
  {{- drop_relation_if_exists(load_cached_relation(staging_view)) -}}

  {{- run_hooks(pre_hooks, inside_transaction=False) -}}
  {{- run_hooks(pre_hooks, inside_transaction=True) -}}

  {%- call statement('create_table', language=model['language']) -%}
    {{ create_table_as(False, staging_table, compiled_code, model['language']) }}
  {%- endcall -%}
  {%- set row_count = run_query('select count(*) from ' ~ staging_table)[0][0] -%}
  {#- A file of no rows would lose the column types (a csv keeps only its header): write one row of nulls, and read none back. -#}
  {%- if row_count == 0 -%}
    {%- call statement('placeholder_row') -%}
      insert into {{ staging_table }} values ({% for column in adapter.get_columns_in_relation(staging_table) %}null{{ ', ' if not loop.last }}{% endfor %})
    {%- endcall -%}
  {%- endif -%}
  {{- write_to_file(staging_table, location, write_options) -}}

  {%- set read_sql -%}
    select * from read_{{ format }}('{{ read_location }}'
    {%- for key, value in read_options.items() %}, {{ key }}={{ "'" ~ value ~ "'" if value is string else value }}{% endfor -%}
    ){{ ' where false' if row_count == 0 }}
  {%- endset -%}
  {%- if existing_relation is none or existing_relation.type == 'view' -%}
    {%- call statement('main') -%}create or replace view {{ target_relation }} as ({{ read_sql }}){%- endcall -%}
  {%- else -%}
    {#- A table of the same name goes only once a view over the new file has been created beside it. -#}
    {%- call statement('main') -%}create view {{ staging_view }} as ({{ read_sql }}){%- endcall -%}
    {{- adapter.drop_relation(existing_relation) -}}
    {{- adapter.rename_relation(staging_view, target_relation) -}}
  {%- endif -%}

  {{- run_hooks(post_hooks, inside_transaction=True) -}}
  {%- do apply_grants(target_relation, config.get('grants'), should_revoke=should_revoke(existing_relation, full_refresh_mode=True)) -%}
  {%- do persist_docs(target_relation, model) -%}
  {{- adapter.commit() -}}
  {{- drop_relation_if_exists(staging_table) -}}
  {{- run_hooks(post_hooks, inside_transaction=False) -}}
  {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}

{#-
  dbt-duckdb's table_function materialization: the model becomes a DuckDB table macro, called
  as {{ ref('m') }}(args), with the parameters config (a list, or one comma-separated string)
  as its parameters. It binds late, so the tables it reads may gain columns without a rebuild.
#}
{% materialization table_function, adapter='duckdb' %}
  {%- set target_relation = api.Relation.create(identifier=model['alias'], schema=schema, database=database, type='view') -%}
  {%- set parameters = config.get('parameters') -%}
  {%- if not parameters -%}{%- set parameter_list = '' -%}
  {%- elif parameters is string or parameters is number -%}{%- set parameter_list = parameters -%}
  {%- else -%}{%- set parameter_list = parameters | join(', ') -%}
  {%- endif -%}
  {#- A view or table left by an earlier materialization would be read instead of the function by a call without parentheses. -#}
  {%- set existing_relation = load_cached_relation(this) -%}

  {{- run_hooks(pre_hooks, inside_transaction=False) -}}
  {{- run_hooks(pre_hooks, inside_transaction=True) -}}
  {%- call statement('main') -%}
    create or replace function {{ target_relation }}({{ parameter_list }}) as table ({{ sql }})
  {%- endcall -%}
  {{- drop_relation_if_exists(existing_relation) -}}
  {{- run_hooks(post_hooks, inside_transaction=True) -}}
  {{- adapter.commit() -}}
  {{- run_hooks(post_hooks, inside_transaction=False) -}}
  {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}

{#- Where an incremental build stages its new rows: a temporary relation locally; on MotherDuck a real relation at the path the adapter picks for it, with its schema created (and committed) first. #}
{% macro duckdb__dispatch_temporary_relation(target_relation, batch_id='') -%}
  {%- if not adapter.is_motherduck() -%}
    {{ return({'relation': make_temp_relation(target_relation), 'temporary': true}) }}
  {%- endif -%}
  {%- set staged = target_relation.incorporate(path=adapter.get_temp_relation_path(target_relation, batch_id)) -%}
  {%- do run_query(create_schema(staged)) -%}
  {%- if not adapter.disable_transactions() -%}{%- do adapter.commit() -%}{%- endif -%}
  {{ return({'relation': staged, 'temporary': false}) }}
{%- endmacro %}

{#- dbt-duckdb's default incremental strategy is delete+insert. #}
{% macro duckdb__get_incremental_default_sql(arg_dict) -%}{{ return(get_incremental_delete_insert_sql(arg_dict)) }}{%- endmacro %}

{#- Snapshot timestamps are naive on DuckDB, as dbt-duckdb's. #}
{% macro duckdb__snapshot_get_time() -%}{{ current_timestamp() }}::timestamp{%- endmacro %}

{#- DuckDB has no grants: configured grants are warned about once and skipped, as in dbt-duckdb. #}
{% macro duckdb__apply_grants(relation, grant_config, should_revoke=True) -%}
{%- if grant_config -%}{{ adapter.warn_once('Grants for relations are not supported by DuckDB') }}{%- endif -%}
{%- endmacro %}

{% macro duckdb__get_create_index_sql(relation, index_dict) -%}
{%- set index_config = adapter.parse_index(index_dict) -%}
{%- set comma_separated_columns = ", ".join(index_config.columns) -%}
{%- set index_name = index_config.render(relation) -%}
create {% if index_config.unique -%}unique{%- endif %} index "{{ index_name }}" on {{ relation }} ({{ comma_separated_columns }});
{%- endmacro %}

{% macro drop_indexes_on_relation(relation) -%}
{% call statement('get_indexes_on_relation', fetch_result=True, auto_begin=False) -%}
select index_name from duckdb_indexes()
where database_name = '{{ relation.database }}' and schema_name = '{{ relation.schema }}' and table_name = '{{ relation.identifier }}'
{%- endcall %}
{%- for row in load_result('get_indexes_on_relation').table -%}
{% call statement('drop_index_' ~ loop.index, auto_begin=false) -%}
drop index "{{ relation.database }}"."{{ relation.schema }}"."{{ row[0] }}"
{%- endcall %}
{%- endfor -%}
{%- endmacro %}

{#- Comments as dbt-duckdb writes them: dollar-quoted, so a comment may hold any text. #}
{% macro duckdb_escape_comment(comment) -%}
{%- if comment is not string -%}{% do exceptions.raise_compiler_error('cannot escape a non-string: ' ~ comment) %}{%- endif -%}
{%- set magic = '$dbt_comment_literal_block$' -%}
{%- if magic in comment -%}{% do exceptions.raise_compiler_error('The string ' ~ magic ~ ' is not allowed in comments.') %}{%- endif -%}
{{ magic }}{{ comment }}{{ magic }}
{%- endmacro %}

{% macro duckdb__alter_relation_comment(relation, comment) -%}
comment on {{ relation.type }} {{ relation }} is {{ duckdb_escape_comment(comment) }};
{%- endmacro %}

{% macro duckdb__alter_column_comment(relation, column_dict) -%}
{%- set existing_columns = adapter.get_columns_in_relation(relation) | map(attribute="name") | list -%}
{%- for column_name in column_dict if (column_name in existing_columns) %}
comment on column {{ relation }}.{{ adapter.quote(column_name) if column_dict[column_name]['quote'] else column_name }} is {{ duckdb_escape_comment(column_dict[column_name]['description']) }};
{%- endfor -%}
{%- endmacro %}

{#- DuckDB has no materialized views, nor does dbt-duckdb: the materialized_view materialization stops here, before any statement runs. #}
{% macro duckdb__get_create_materialized_view_as_sql(relation, sql) -%}
{%- do exceptions.raise_compiler_error("DuckDB has no materialized views, so " ~ relation ~ " cannot be materialized as one: use materialized='table' (or 'view', or 'incremental' to refresh it in steps), or define duckdb__get_create_materialized_view_as_sql in the project to build one another way.") -%}
{%- endmacro %}
`;
