{#
  BigQuery's versions of the kiln_ai package's warehouse-specific SQL (the duckdb__ and
  postgres__ ones live beside their macros in macros/ai and macros/tests), in GoogleSQL, written
  to give the rows DuckDB gives: the same split of each key, the same tests' failures, the same
  retrieval ranking. Vectors are ARRAY<FLOAT64> (cosine similarity computed over the paired
  elements); JSON text is read with JSON_VALUE_ARRAY; regular expressions are RE2, as DuckDB's.
#}

{#- The same number as DuckDB's md5_number (the digest's 16 bytes, little-endian) modulo 100: byte i weighs 256^i mod 100. -#}
{% macro bigquery__split_of(key, validation_percent, test_percent) -%}
{%- set digest = "to_hex(md5(cast(" ~ key ~ " as string)))" -%}
{%- set bucket -%}
mod({% for weight in [1, 56, 36, 16, 96, 76, 56, 36, 16, 96, 76, 56, 36, 16, 96, 76] %}{{ ' + ' if not loop.first }}cast(concat('0x', substr({{ digest }}, {{ loop.index0 * 2 + 1 }}, 2)) as int64) * {{ weight }}{% endfor %}, 100)
{%- endset -%}
case
    when {{ bucket }} < {{ test_percent }} then 'test'
    when {{ bucket }} < {{ test_percent + validation_percent }} then 'validation'
    else 'train'
end
{%- endmacro %}

{% macro bigquery__offset_type() %}int64{% endmacro %}

{#- BigQuery exports to Cloud Storage (EXPORT DATA), not into target/: no export. -#}
{% macro bigquery__export_training_set(relation) -%}
{%- do log("kiln_ai: training_set files are exported on DuckDB only; on bigquery, read " ~ relation ~ " directly (or EXPORT DATA to Cloud Storage)", info=True) -%}
select 1
{%- endmacro %}

{#- retrieval_eval's pieces: vectors are ARRAY<FLOAT64> (cosine over paired elements), relevant ids a JSON array. -#}
{% macro bigquery__relevant_ids(json_text) %}json_value_array({{ json_text }}){% endmacro %}
{% macro bigquery__list_size(list) %}array_length({{ list }}){% endmacro %}
{% macro bigquery__list_has(list, value) %}{{ value }} in unnest({{ list }}){% endmacro %}
{% macro bigquery__vector_cosine(a, b) -%}
(select sum(x * {{ b }}[offset(i)]) from unnest({{ a }}) as x with offset as i)
  / nullif(sqrt((select sum(x * x) from unnest({{ a }}) as x)) * sqrt((select sum(y * y) from unnest({{ b }}) as y)), 0)
{%- endmacro %}

{% macro bigquery__run_cost(history_alias) -%}
{{ kiln_ai.duckdb__run_cost(history_alias) }}
{%- endmacro %}

{#- Seconds as FLOAT64, microseconds kept (DuckDB's epoch difference is a DOUBLE). -#}
{% macro bigquery__seconds_between(start, finish) -%}
(timestamp_diff(cast({{ finish }} as timestamp), cast({{ start }} as timestamp), microsecond) / 1000000)
{%- endmacro %}

{#- RE2's [[:punct:]] and \s, as DuckDB's; GoogleSQL's regexp_replace replaces every match. -#}
{% macro bigquery__normalize_text(expression) -%}
trim(regexp_replace(regexp_replace(lower({{ expression }}), r'[[:punct:]]', ''), r'\s+', ' '))
{%- endmacro %}

{% macro bigquery__test_text_not_empty(model, column_name) %}
select *
from {{ model }}
where {{ column_name }} is null
   or regexp_contains({{ column_name }}, r'^\s*$')
{% endmacro %}

{% macro bigquery__luhn_valid(digits) -%}
(mod((select sum(
    case
        when mod(i, 2) = 0 then cast(substr(reverse({{ digits }}), i, 1) as int64) * 2
            - case when cast(substr(reverse({{ digits }}), i, 1) as int64) >= 5 then 9 else 0 end
        else cast(substr(reverse({{ digits }}), i, 1) as int64)
    end) from unnest(generate_array(1, length({{ digits }}))) as i), 10) = 0)
{%- endmacro %}

{% macro bigquery__matches_pattern(expression, pattern) -%}regexp_contains({{ expression }}, r'{{ pattern }}'){%- endmacro %}

{#- Whole matches, as DuckDB's regexp_extract_all gives: GoogleSQL allows no more than one capturing group, so the pattern's groups are made non-capturing. -#}
{% macro bigquery__has_card_number(expression, pattern) -%}
exists (
            select 1 from unnest(regexp_extract_all({{ expression }}, r'{{ pattern | replace('(', '(?:') }}')) as candidate
            where {{ kiln_ai.luhn_valid("regexp_replace(candidate, r'[^0-9]', '')") }}
        )
{%- endmacro %}

{#- The same pairs and scores as DuckDB's; n-grams from generate_array, null blocks ordered last as DuckDB orders them. -#}
{% macro bigquery__test_no_near_duplicates(model, column_name, threshold=0.9, ngram=3, block_by=none, normalize=true) %}
{%- set text = kiln_ai.normalize_text(column_name) if normalize else column_name %}
{%- set n = ngram | int %}
with numbered as (
    select row_number() over (order by block_key nulls last, compared_text, original_text) as row_id, *
    from (
        select {{ block_by if block_by else "cast(null as string)" }} as block_key, {{ column_name }} as original_text, {{ text }} as compared_text
        from {{ model }}
        where {{ column_name }} is not null
    ) as texts
),
ngrams as (
    select distinct row_id, block_key, substr(compared_text, i, {{ n }}) as ngram
    from numbered, unnest(generate_array(1, greatest(length(compared_text) - {{ n }} + 1, 1))) as i
),
ngram_counts as (
    select row_id, count(*) as n_ngrams from ngrams group by row_id
),
scored as (
    select a.row_id as row_a, b.row_id as row_b,
           count(*) / (min(ca.n_ngrams) + min(cb.n_ngrams) - count(*)) as similarity
    from ngrams as a
    join ngrams as b on a.ngram = b.ngram and a.row_id < b.row_id and a.block_key is not distinct from b.block_key
    join ngram_counts as ca on ca.row_id = a.row_id
    join ngram_counts as cb on cb.row_id = b.row_id
    group by a.row_id, b.row_id
)
select ta.block_key, ta.original_text as text_a, tb.original_text as text_b, round(scored.similarity, 4) as similarity
from scored
join numbered as ta on ta.row_id = scored.row_a
join numbered as tb on tb.row_id = scored.row_b
where scored.similarity > {{ threshold }}
{% endmacro %}

{#- Vectors are ARRAY<FLOAT64>; BigQuery stores a NULL array as an empty one. -#}
{% macro bigquery__test_embedding_dimension(model, column_name, dimension) %}
select *, array_length({{ column_name }}) as actual_dimension
from {{ model }}
where {{ column_name }} is not null
  and array_length({{ column_name }}) <> {{ dimension }}
{% endmacro %}

{% macro bigquery__test_embedding_not_zero(model, column_name) %}
select *
from {{ model }}
where {{ column_name }} is not null
  and coalesce((select sum(abs(x)) from unnest({{ column_name }}) as x), 0) = 0
{% endmacro %}

{#- GoogleSQL has no varchar: splits named through its STRING. -#}
{% macro bigquery__test_splits_disjoint(model, split_column, key_column=none, column_name=none) %}
{%- set key = key_column if key_column else column_name %}
{%- if not key -%}
  {{ exceptions.raise_compiler_error("splits_disjoint needs key_column (or to be declared on the key column)") }}
{%- endif %}
select
    {{ key }} as split_key,
    count(distinct {{ split_column }}) as n_splits,
    string_agg(distinct cast({{ split_column }} as string), ', ' order by cast({{ split_column }} as string)) as splits
from {{ model }}
where {{ key }} is not null
  and {{ split_column }} is not null
group by {{ key }}
having count(distinct {{ split_column }}) > 1
{% endmacro %}
