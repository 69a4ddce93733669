{{ config(materialized='table', tags=['kiln_ai', 'monitoring']) }}
{#-
  The last successful build of every model (from run history) and of the landed documents
  (their newest modification time), its lag, and pass/warn/error against the SLA of its stage
  (var kiln_ai_sla: {stage: {warn_after: 6h, error_after: 24h}}, `default` for the others).
#}
{%- set history = kiln_ai.run_history() %}
with last_success as (
{%- if history %}
    select h.unique_id, max(h.name) as name, max(h.completed_at) as last_success_at
    from {{ history }} h
    where h.status = 'success' and h.resource_type in ('model', 'seed', 'snapshot')
    group by h.unique_id
{%- else %}
    select cast(null as {{ dbt.type_string() }}) as unique_id, cast(null as {{ dbt.type_string() }}) as name, cast(null as timestamp) as last_success_at where false
{%- endif %}
),
freshness as (
    select l.unique_id, l.name, coalesce(stages.stage, 'default') as stage, 'model' as kind, l.last_success_at
    from last_success l
    left join {{ kiln_ai.node_stages() }} on stages.unique_id = l.unique_id
    union all
    select 'documents', 'documents (landed files)', 'landing', 'source', max(modified_at)
    from {{ ref('documents') }}
),
judged as (
    select f.*,
           {{ kiln_ai.seconds_between('f.last_success_at', dbt.current_timestamp()) }} as lag_s,
           coalesce(slas.warn_after_s, fallback.warn_after_s) as warn_after_s,
           coalesce(slas.error_after_s, fallback.error_after_s) as error_after_s
    from freshness f
    left join {{ kiln_ai.sla_seconds() }} on slas.stage = f.stage
    left join (select * from {{ kiln_ai.sla_seconds() }} where slas.stage = 'default') as fallback on true
)
select
    unique_id, name, stage, kind, last_success_at, lag_s, warn_after_s, error_after_s,
    case
        when last_success_at is null then 'error'
        when error_after_s is not null and lag_s > error_after_s then 'error'
        when warn_after_s is not null and lag_s > warn_after_s then 'warn'
        else 'pass'
    end as status
from judged
