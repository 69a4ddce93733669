{{ config(materialized='incremental', tags=['kiln_ai', 'monitoring']) }}
{#-
  Data quality over time, a batch of rows per run: the null and duplicate rates of the
  pipeline's key columns as they are now, and the data tests' results of runs in
  kiln_run_history not yet recorded here (a run's tests finish after its models, so they
  show up with the next run).
#}
{%- set profiles = [
    ('documents', 'text'), ('chunks', 'chunk_id'), ('chunks', 'text'),
    ('training_set', 'example_id'), ('training_set', 'text'), ('eval_set', 'question'),
] %}
{%- set history = kiln_ai.run_history() %}
{%- set run_at = "cast('" ~ run_started_at.strftime('%Y-%m-%d %H:%M:%S') ~ "' as timestamp)" %}
{%- for model, column in profiles %}
select
    {{ run_at }} as run_started_at,
    '{{ invocation_id }}' as invocation_id,
    'column' as kind,
    '{{ model }}' as model,
    '{{ column }}' as check_name,
    count(*) as rows_checked,
    coalesce(cast(sum(case when {{ column }} is null then 1 else 0 end) as {{ dbt.type_float() }}) / nullif(count(*), 0), 0) as null_rate,
    coalesce(cast(count({{ column }}) - count(distinct {{ column }}) as {{ dbt.type_float() }}) / nullif(count({{ column }}), 0), 0) as duplicate_rate,
    cast(null as {{ dbt.type_string() }}) as status,
    cast(null as bigint) as failures
from {{ ref(model) }}
union all
{%- endfor %}
{%- if history %}
select {{ run_at }}, h.invocation_id, 'test', cast(null as {{ dbt.type_string() }}), h.name, cast(null as bigint), cast(null as {{ dbt.type_float() }}), cast(null as {{ dbt.type_float() }}), h.status, h.failures
from {{ history }} h
where h.resource_type = 'test'
{%- if is_incremental() %}
  and h.invocation_id not in (select distinct invocation_id from {{ this }} where kind = 'test')
{%- endif %}
{%- else %}
select {{ run_at }}, '', 'test', cast(null as {{ dbt.type_string() }}), '', cast(null as bigint), cast(null as {{ dbt.type_float() }}), cast(null as {{ dbt.type_float() }}), cast(null as {{ dbt.type_string() }}), cast(null as bigint) where false
{%- endif %}
