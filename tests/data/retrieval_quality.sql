{#- Fails when the latest retrieval recall@k is below the var kiln_ai_min_recall (default 0.5). #}
select invocation_id, k, recall_at_k, mrr
from {{ ref('retrieval_eval') }}
where run_started_at = (select max(run_started_at) from {{ ref('retrieval_eval') }})
  and recall_at_k < {{ var('kiln_ai_min_recall', 0.5) }}
