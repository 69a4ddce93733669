{#- The training set's JSONL export holds every training example (read back through the warehouse).
    Only DuckDB writes the export (macros/ai/pipeline.sql, export_training_set), so only there is it checked. -#}
{{ config(enabled=target.type == 'duckdb') }}
select 'train' as split, count(*) as exported, (select count(*) from {{ ref('training_set') }} where split = 'train') as expected
from read_json_auto('{{ target_path }}/training_set.train.jsonl')
having count(*) <> (select count(*) from {{ ref('training_set') }} where split = 'train')
