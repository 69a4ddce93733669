{{ config(materialized='table', tags=['kiln_ai', 'monitoring']) }}
{#- One row per run and stage, from kiln_run_history (empty until a run has finished). #}
{%- set history = kiln_ai.run_history() %}
{%- if history %}
select
    h.invocation_id,
    stages.stage,
    min(h.started_at) as started_at,
    max(h.completed_at) as completed_at,
    {{ kiln_ai.seconds_between('min(h.started_at)', 'max(h.completed_at)') }} as duration_s,
    count(*) as nodes,
    cast(sum(case when h.status in ('error', 'fail', 'runtime error') then 1 else 0 end) as bigint) as failures,
    cast(sum(case when h.status in ('error', 'fail', 'runtime error') then 1 else 0 end) as {{ dbt.type_float() }}) / count(*) as failure_rate,
    cast(coalesce(sum(h.rows_affected), 0) as bigint) as rows_affected,
    cast(coalesce(sum(h.rows_embedded), 0) as bigint) as rows_embedded,
    {{ kiln_ai.run_cost('h') }}
from {{ history }} h
join {{ kiln_ai.node_stages() }} on stages.unique_id = h.unique_id
where h.started_at is not null
group by h.invocation_id, stages.stage
{%- else %}
select cast(null as {{ dbt.type_string() }}) as invocation_id, cast(null as {{ dbt.type_string() }}) as stage, cast(null as timestamp) as started_at,
       cast(null as timestamp) as completed_at, cast(null as {{ dbt.type_float() }}) as duration_s, cast(null as bigint) as nodes,
       cast(null as bigint) as failures, cast(null as {{ dbt.type_float() }}) as failure_rate, cast(null as bigint) as rows_affected,
       cast(null as bigint) as rows_embedded, cast(null as {{ dbt.type_float() }}) as cost, cast(null as {{ dbt.type_string() }}) as cost_unit
where false
{%- endif %}
