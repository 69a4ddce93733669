{{ config(
    materialized='table',
    tags=['kiln_ai', 'training'],
    post_hook="{{ kiln_ai.export_training_set(this) }}",
) }}
{#-
  Conversations to fine-tune on: no duplicates, no quality problems, each in train,
  validation or test by a stable hash of its grouping key (var kiln_ai_split_key, default the
  conversation), so one group never straddles splits. After it builds, exported as
  target/training_set.{train,validation,test}.jsonl (chat format) and target/training_set.parquet.
#}
select
    conversation_id as example_id,
    conversation_id,
    channel,
    {{ kiln_ai.split_of(var('kiln_ai_split_key', 'conversation_id')) }} as split,
    messages,
    text,
    token_count,
    pii_redacted
from {{ ref('conversations_clean') }}
where duplicate_of is null
  and quality_issue is null
