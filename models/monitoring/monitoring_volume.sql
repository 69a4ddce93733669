{{ config(materialized='table', tags=['kiln_ai', 'monitoring']) }}
{#- Rows each model built per run, the change against its previous run, and an anomaly flag. #}
{%- set history = kiln_ai.run_history() %}
{%- set threshold = var('kiln_ai_volume_change_threshold', 0.5) %}
{%- if history %}
with runs as (
    select h.invocation_id, h.unique_id, h.name, h.completed_at, h.rows_affected as row_count,
           lag(h.rows_affected) over (partition by h.unique_id order by h.completed_at) as previous_row_count
    from {{ history }} h
    where h.resource_type in ('model', 'seed', 'snapshot') and h.status = 'success' and h.rows_affected is not null
)
select
    invocation_id,
    unique_id,
    name as model,
    completed_at,
    row_count,
    previous_row_count,
    case when previous_row_count > 0 then cast(row_count - previous_row_count as {{ dbt.type_float() }}) / previous_row_count end as change,
    -- Incremental models add rows per run: only a full build that lost all rows, or a big swing, is odd.
    coalesce(previous_row_count > 0 and (row_count = 0 or cast(abs(row_count - previous_row_count) as {{ dbt.type_float() }}) / previous_row_count > {{ threshold }}), false) as is_anomaly
from runs
{%- else %}
select cast(null as {{ dbt.type_string() }}) as invocation_id, cast(null as {{ dbt.type_string() }}) as unique_id, cast(null as {{ dbt.type_string() }}) as model,
       cast(null as timestamp) as completed_at, cast(null as bigint) as row_count, cast(null as bigint) as previous_row_count,
       cast(null as {{ dbt.type_float() }}) as change, cast(null as boolean) as is_anomaly
where false
{%- endif %}
