{#
  no_near_duplicates: fails once per pair of rows whose texts are too similar.

  Similarity is the Jaccard index of the two texts' sets of character n-grams
  (|A ∩ B| / |A ∪ B|), computed on normalize_text(text) when normalize is true. A pair
  fails when its similarity is above threshold (so threshold=1.0 never fails; exact
  duplicates have similarity 1.0 and fail at any lower threshold). A text shorter than
  ngram characters counts as one n-gram, itself.

  Arguments: column_name, threshold=0.9, ngram=3, block_by=none (a column or SQL
  expression: only rows with the same value are compared), normalize=true.

  Cost: the rows are turned into (row, n-gram) pairs and joined to themselves on the
  n-gram, so only pairs sharing at least one n-gram are scored. For natural text most
  pairs share a common n-gram, so the work grows with the square of the row count
  (10,000 rows is about 50 million candidate pairs). Use block_by (a source, a
  language, a MinHash bucket) to compare rows only within blocks, and `where:` to
  test a slice.
#}
{% test no_near_duplicates(model, column_name, threshold=0.9, ngram=3, block_by=none, normalize=true) %}
  {{ return(adapter.dispatch('test_no_near_duplicates', 'kiln_ai')(model, column_name, threshold, ngram, block_by, normalize)) }}
{% endtest %}

{% macro default__test_no_near_duplicates(model, column_name, threshold=0.9, ngram=3, block_by=none, normalize=true) %}{{ kiln_ai.kiln_ai_unsupported('test_no_near_duplicates') }}{% endmacro %}
{% macro duckdb__test_no_near_duplicates(model, column_name, threshold=0.9, ngram=3, block_by=none, normalize=true) %}
{%- set text = kiln_ai.normalize_text(column_name) if normalize else column_name %}
{%- set n = ngram | int %}
with texts as (
    select
        {{ block_by if block_by else "cast(null as varchar)" }} as block_key,
        {{ column_name }} as original_text,
        {{ text }} as compared_text
    from {{ model }}
    where {{ column_name }} is not null
),
numbered as (
    -- numbered by content, so the numbering is the same wherever the CTE is read
    select
        row_number() over (order by block_key, compared_text, original_text) as row_id,
        *
    from texts
),
ngrams as (
    select distinct row_id, block_key, ngram
    from (
        select
            row_id,
            block_key,
            unnest([substr(compared_text, i, {{ n }}) for i in range(1, greatest(length(compared_text) - {{ n }} + 1, 1) + 1)]) as ngram
        from numbered
    ) as all_ngrams
),
ngram_counts as (
    select row_id, count(*) as n_ngrams
    from ngrams
    group by row_id
),
shared as (
    select a.row_id as row_a, b.row_id as row_b, count(*) as n_shared
    from ngrams as a
    join ngrams as b
      on a.ngram = b.ngram
     and a.row_id < b.row_id
     and a.block_key is not distinct from b.block_key
    group by a.row_id, b.row_id
),
scored as (
    select
        shared.row_a,
        shared.row_b,
        cast(shared.n_shared as double) / (ca.n_ngrams + cb.n_ngrams - shared.n_shared) as similarity
    from shared
    join ngram_counts as ca on ca.row_id = shared.row_a
    join ngram_counts as cb on cb.row_id = shared.row_b
)
select
    ta.block_key,
    ta.original_text as text_a,
    tb.original_text as text_b,
    round(scored.similarity, 4) as similarity
from scored
join numbered as ta on ta.row_id = scored.row_a
join numbered as tb on tb.row_id = scored.row_b
where scored.similarity > {{ threshold }}
{% endmacro %}

{#- Postgres: the same pairs and scores; n-grams from generate_series, texts ordered by code point (collate "C") as DuckDB orders them, round on numeric. -#}
{% macro postgres__test_no_near_duplicates(model, column_name, threshold=0.9, ngram=3, block_by=none, normalize=true) %}
{%- set text = kiln_ai.normalize_text(column_name) if normalize else column_name %}
{%- set n = ngram | int %}
with numbered as (
    select row_number() over (order by block_key, compared_text collate "C", original_text collate "C") as row_id, *
    from (
        select {{ block_by if block_by else "cast(null as text)" }} as block_key, {{ column_name }} as original_text, {{ text }} as compared_text
        from {{ model }}
        where {{ column_name }} is not null
    ) as texts
),
ngrams as (
    select distinct row_id, block_key, substr(compared_text, i, {{ n }}) as ngram
    from numbered, generate_series(1, greatest(length(compared_text) - {{ n }} + 1, 1)) as i
),
ngram_counts as (
    select row_id, count(*) as n_ngrams from ngrams group by row_id
),
scored as (
    select a.row_id as row_a, b.row_id as row_b,
           cast(count(*) as double precision) / (min(ca.n_ngrams) + min(cb.n_ngrams) - count(*)) as similarity
    from ngrams as a
    join ngrams as b on a.ngram = b.ngram and a.row_id < b.row_id and a.block_key is not distinct from b.block_key
    join ngram_counts as ca on ca.row_id = a.row_id
    join ngram_counts as cb on cb.row_id = b.row_id
    group by a.row_id, b.row_id
)
select ta.block_key, ta.original_text as text_a, tb.original_text as text_b, round(cast(scored.similarity as numeric), 4) as similarity
from scored
join numbered as ta on ta.row_id = scored.row_a
join numbered as tb on tb.row_id = scored.row_b
where scored.similarity > {{ threshold }}
{% endmacro %}
