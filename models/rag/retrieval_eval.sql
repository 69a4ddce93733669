{{ config(materialized='incremental', tags=['kiln_ai', 'rag']) }}
{#-
  One row per run: how well chunks_embeddings retrieves the chunks that answer eval_set's
  questions (cosine similarity in the warehouse; k from the var kiln_ai_retrieval_k, default 5),
  so retrieval quality is tracked over time. tests/data/retrieval_quality.sql fails a build
  whose recall@k drops below the var kiln_ai_min_recall.
#}
{{ kiln_ai.retrieval_eval_sql(ref('eval_set'), ref('chunks'), var('kiln_ai_retrieval_k', 5)) }}
