{#- Every chunk fits the token budget (var kiln_ai_chunk_tokens, default 256). #}
select chunk_id, token_count
from {{ ref('chunks') }}
where token_count > {{ var('kiln_ai_chunk_tokens', 256) }} or token_count < 1
