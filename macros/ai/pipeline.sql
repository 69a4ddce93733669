{#
  Warehouse-specific SQL of the kiln_ai models, dispatched per adapter
  (adapter.dispatch(name, 'kiln_ai')), as dbt packages ship theirs: duckdb__… and
  postgres__… here; a project can add its own warehouse's. default__ says plainly that
  none exists.
#}

{% macro kiln_ai_unsupported(name) %}
  {{ exceptions.raise_compiler_error("kiln_ai." ~ name ~ " has no implementation for the " ~ target.type ~ " adapter: define " ~ target.type ~ "__" ~ name ~ " in your project (the package's duckdb__" ~ name ~ " and postgres__" ~ name ~ " show what it does)") }}
{% endmacro %}

{# The train/validation/test split of a row, by a stable hash of its grouping key (one key never straddles splits). #}
{% macro split_of(key, validation_percent=10, test_percent=10) %}
  {{ return(adapter.dispatch('split_of', 'kiln_ai')(key, validation_percent, test_percent)) }}
{% endmacro %}
{% macro default__split_of(key, validation_percent, test_percent) %}{{ kiln_ai.kiln_ai_unsupported('split_of') }}{% endmacro %}
{% macro duckdb__split_of(key, validation_percent, test_percent) -%}
case
    when md5_number(cast({{ key }} as varchar)) % 100 < {{ test_percent }} then 'test'
    when md5_number(cast({{ key }} as varchar)) % 100 < {{ test_percent + validation_percent }} then 'validation'
    else 'train'
end
{%- endmacro %}

{#- Postgres: the same number as DuckDB's md5_number (the digest's 16 bytes, little-endian) modulo 100, so a key lands in the same split on both. -#}
{% macro postgres__split_of(key, validation_percent, test_percent) -%}
{%- set digest = "decode(md5(cast(" ~ key ~ " as text)), 'hex')" -%}
{%- set bucket -%}
(({% for weight in [1, 56, 36, 16, 96, 76, 56, 36, 16, 96, 76, 56, 36, 16, 96, 76] %}{{ ' + ' if not loop.first }}get_byte({{ digest }}, {{ loop.index0 }}) * {{ weight }}{% endfor %}) % 100)
{%- endset -%}
case
    when {{ bucket }} < {{ test_percent }} then 'test'
    when {{ bucket }} < {{ test_percent + validation_percent }} then 'validation'
    else 'train'
end
{%- endmacro %}

{# The type of chunks' start_char and end_char (models/rag/schema.yml): DuckDB's BIGINT; Postgres's substr takes integer positions (and text holds at most 1 GB). #}
{% macro offset_type() %}
  {{ return(adapter.dispatch('offset_type', 'kiln_ai')()) }}
{% endmacro %}
{% macro default__offset_type() %}bigint{% endmacro %}
{% macro postgres__offset_type() %}integer{% endmacro %}

{# The relation holding a model's vectors, written by the embedding post-hook. #}
{% macro embeddings_of(relation) -%}
{{ relation.incorporate(path={'identifier': relation.identifier ~ '_embeddings'}) }}
{%- endmacro %}

{#
  training_set exports, after it builds: one JSONL file per split in the chat fine-tuning
  format ({"messages": [{"role": …, "content": …}, …]} a line) and the whole table as Parquet,
  both written by the warehouse into the target folder.
#}
{% macro export_training_set(relation) %}
  {{ return(adapter.dispatch('export_training_set', 'kiln_ai')(relation)) }}
{% endmacro %}
{% macro default__export_training_set(relation) %}{{ kiln_ai.kiln_ai_unsupported('export_training_set') }}{% endmacro %}
{% macro duckdb__export_training_set(relation) -%}
{%- for split in ['train', 'validation', 'test'] %}
copy (select messages from {{ relation }} where split = '{{ split }}' order by example_id) to '{{ target_path }}/training_set.{{ split }}.jsonl' (format json);
{%- endfor %}
copy (select * from {{ relation }} order by example_id) to '{{ target_path }}/training_set.parquet' (format parquet)
{%- endmacro %}

{#- Postgres writes files on the server's disk (COPY … TO needs superuser there), not into target/: no export. -#}
{% macro postgres__export_training_set(relation) -%}
{%- do log("kiln_ai: training_set files are exported on DuckDB only; on postgres, read " ~ relation ~ " directly", info=True) -%}
select 1
{%- endmacro %}

{#
  retrieval_eval's row: every eval question's embedding ranked against every chunk's by cosine
  similarity, inside the warehouse; recall@k (relevant chunks in the top k over
  min(relevant, k)) and MRR@k (1/rank of the first relevant chunk in the top k, else 0),
  averaged over the questions that have relevant chunks.
#}
{% macro retrieval_eval_sql(eval_set, chunks, k) -%}
with questions as (
    select e.question_id, e.eval_version, {{ kiln_ai.relevant_ids('e.relevant_chunk_ids') }} as relevant, v.embedding, v.model
    from {{ eval_set }} e
    join {{ kiln_ai.embeddings_of(eval_set) }} v on v.question_id = e.question_id
    where {{ kiln_ai.list_size(kiln_ai.relevant_ids('e.relevant_chunk_ids')) }} > 0
),
chunk_vectors as (
    -- Only vectors of the questions' model compare; one model, so a cross join (a hash join on one key value crawls).
    select chunk_id, embedding from {{ kiln_ai.embeddings_of(chunks) }}
    where model = (select min(model) from questions)
),
scored as (
    -- Scores first, vectors dropped: the ranking then sorts ids and numbers, not arrays.
    select q.question_id, c.chunk_id, {{ kiln_ai.vector_cosine('q.embedding', 'c.embedding') }} as score
    from questions q
    cross join chunk_vectors c
),
ranked as (
    -- Ties by chunk_id in code-point order, as DuckDB sorts; a zero vector's score (null where the warehouse gives none) last.
    select * from (
        select s.question_id, s.chunk_id, {{ kiln_ai.list_has('q.relevant', 's.chunk_id') }} as is_relevant,
               row_number() over (partition by s.question_id order by s.score desc nulls last, {{ kiln_ai.code_point_order('s.chunk_id') }}) as chunk_rank
        from scored s
        join questions q on q.question_id = s.question_id
    ) as all_ranked
    where chunk_rank <= {{ k }}
),
per_question as (
    select q.question_id,
           cast(sum(case when r.is_relevant then 1 else 0 end) as {{ dbt.type_float() }}) / least(min({{ kiln_ai.list_size('q.relevant') }}), {{ k }}) as recall,
           coalesce(max(case when r.is_relevant then 1 / cast(r.chunk_rank as {{ dbt.type_float() }}) end), 0) as reciprocal_rank
    from questions q
    left join ranked r on r.question_id = q.question_id
    group by q.question_id
)
{{ kiln_ai.retrieval_eval_row(eval_set, k) }}
{%- endmacro %}

{#- retrieval_eval's warehouse-specific pieces: the relevant ids (a JSON array of strings) as a list, a
    list's length, membership, cosine similarity of two vectors, and ordering strings by code point. -#}
{% macro relevant_ids(json_text) %}{{ return(adapter.dispatch('relevant_ids', 'kiln_ai')(json_text)) }}{% endmacro %}
{% macro default__relevant_ids(json_text) %}{{ kiln_ai.kiln_ai_unsupported('relevant_ids') }}{% endmacro %}
{% macro duckdb__relevant_ids(json_text) %}from_json({{ json_text }}, '["VARCHAR"]'){% endmacro %}
{% macro postgres__relevant_ids(json_text) %}array(select jsonb_array_elements_text(cast({{ json_text }} as jsonb))){% endmacro %}

{% macro list_size(list) %}{{ return(adapter.dispatch('list_size', 'kiln_ai')(list)) }}{% endmacro %}
{% macro default__list_size(list) %}{{ kiln_ai.kiln_ai_unsupported('list_size') }}{% endmacro %}
{% macro duckdb__list_size(list) %}len({{ list }}){% endmacro %}
{% macro postgres__list_size(list) %}cardinality({{ list }}){% endmacro %}

{% macro list_has(list, value) %}{{ return(adapter.dispatch('list_has', 'kiln_ai')(list, value)) }}{% endmacro %}
{% macro default__list_has(list, value) %}{{ kiln_ai.kiln_ai_unsupported('list_has') }}{% endmacro %}
{% macro duckdb__list_has(list, value) %}list_contains({{ list }}, {{ value }}){% endmacro %}
{% macro postgres__list_has(list, value) %}{{ value }} = any({{ list }}){% endmacro %}

{% macro vector_cosine(a, b) %}{{ return(adapter.dispatch('vector_cosine', 'kiln_ai')(a, b)) }}{% endmacro %}
{% macro default__vector_cosine(a, b) %}{{ kiln_ai.kiln_ai_unsupported('vector_cosine') }}{% endmacro %}
{% macro duckdb__vector_cosine(a, b) %}array_cosine_similarity({{ a }}, {{ b }}){% endmacro %}
{#- Postgres: vectors are real[], so over the paired elements; a zero vector scores null. -#}
{% macro postgres__vector_cosine(a, b) -%}
(select sum(x * y) / nullif(sqrt(sum(x * x)) * sqrt(sum(y * y)), 0) from unnest({{ a }}, {{ b }}) as pair(x, y))
{%- endmacro %}

{% macro code_point_order(expression) %}{{ return(adapter.dispatch('code_point_order', 'kiln_ai')(expression)) }}{% endmacro %}
{% macro default__code_point_order(expression) %}{{ expression }}{% endmacro %}
{% macro postgres__code_point_order(expression) %}{{ expression }} collate "C"{% endmacro %}

{#- The one row of retrieval_eval from per_question (question_id, recall, reciprocal_rank) and questions; portable SQL. -#}
{% macro retrieval_eval_row(eval_set, k) -%}
select
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as timestamp) as run_started_at,
    '{{ invocation_id }}' as invocation_id,
    {{ k }} as k,
    count(*) as questions,
    coalesce(avg(recall), 0) as recall_at_k,
    coalesce(avg(reciprocal_rank), 0) as mrr,
    (select min(model) from questions) as embedding_model,
    (select min(eval_version) from {{ eval_set }}) as eval_version
from per_question
{%- endmacro %}

{# A relation of run history, or none before the first run has written it. #}
{% macro run_history() %}
  {{ return(adapter.get_relation(database=target.database, schema=target.schema, identifier='kiln_run_history')) }}
{% endmacro %}

{#
  The stage of each node (its first folder under models/, or its resource type), as a relation for
  joining: a UNION ALL of one-row selects, which every warehouse reads (BigQuery has no VALUES list).
#}
{% macro node_stages() -%}
(
{%- for node in graph.nodes.values() %}
    {{ "union all " if not loop.first }}select {{ dbt.string_literal(node.unique_id) }} as unique_id, {{ dbt.string_literal(node.fqn[1] if node.resource_type == "model" and node.fqn | length > 2 else node.resource_type) }} as stage
{%- endfor %}
{%- if graph.nodes | length == 0 %} select '' as unique_id, '' as stage{% endif %}
) as stages
{%- endmacro %}

{#
  SLAs per stage from the var kiln_ai_sla ({stage: {warn_after: 6h, error_after: 24h}}, a
  `default` for the rest), in seconds, as a relation for joining.
#}
{% macro sla_seconds() -%}
{%- set slas = var('kiln_ai_sla', {'default': {'warn_after': '6h', 'error_after': '24h'}}) -%}
(
{%- for stage, sla in slas.items() %}
    {{ "union all " if not loop.first }}select {{ dbt.string_literal(stage) }} as stage, cast({{ kiln_ai.duration_seconds(sla.get('warn_after')) }} as {{ dbt.type_float() }}) as warn_after_s, cast({{ kiln_ai.duration_seconds(sla.get('error_after')) }} as {{ dbt.type_float() }}) as error_after_s
{%- endfor %}
) as slas
{%- endmacro %}

{# '90m', '6h', '2d', '45s' or a number of seconds → seconds (null stays null). #}
{% macro duration_seconds(text) -%}
{%- if text is none -%}null
{%- else -%}
  {%- set s = text | string | trim -%}
  {%- set units = {'s': 1, 'm': 60, 'h': 3600, 'd': 86400} -%}
  {%- if s[-1:] in units -%}{{ (s[:-1] | float) * units[s[-1:]] }}
  {%- else -%}{{ s | float }}{%- endif -%}
{%- endif -%}
{%- endmacro %}

{# The run's cost as the adapter reports it: DuckDB reports time, so seconds. #}
{% macro run_cost(history_alias) %}
  {{ return(adapter.dispatch('run_cost', 'kiln_ai')(history_alias)) }}
{% endmacro %}
{% macro default__run_cost(history_alias) %}{{ kiln_ai.kiln_ai_unsupported('run_cost') }}{% endmacro %}
{% macro duckdb__run_cost(history_alias) -%}
sum({{ kiln_ai.seconds_between(history_alias ~ '.started_at', history_alias ~ '.completed_at') }}) as cost, 'seconds' as cost_unit
{%- endmacro %}

{% macro postgres__run_cost(history_alias) -%}
{{ kiln_ai.duckdb__run_cost(history_alias) }}
{%- endmacro %}

{# Seconds from one timestamp to another. #}
{% macro seconds_between(start, finish) %}
  {{ return(adapter.dispatch('seconds_between', 'kiln_ai')(start, finish)) }}
{% endmacro %}
{% macro default__seconds_between(start, finish) %}{{ kiln_ai.kiln_ai_unsupported('seconds_between') }}{% endmacro %}
{% macro duckdb__seconds_between(start, finish) -%}
(epoch({{ finish }}) - epoch({{ start }}))
{%- endmacro %}
{#- Postgres's extract gives numeric; DuckDB's epoch a DOUBLE, so the same type here. -#}
{% macro postgres__seconds_between(start, finish) -%}
cast(extract(epoch from (cast({{ finish }} as timestamp) - cast({{ start }} as timestamp))) as double precision)
{%- endmacro %}
