{#
  Snowflake's versions of the kiln_ai package's warehouse-specific SQL (the duckdb__ and
  postgres__ ones live beside their macros in macros/ai and macros/tests), written to give the
  rows DuckDB gives: the same split of each key, the same tests' failures, the same retrieval
  ranking. Vectors are VECTOR(FLOAT, n); JSON text is read with PARSE_JSON.
#}

{#- The same number as DuckDB's md5_number (the digest's 16 bytes, little-endian) modulo 100: byte i weighs 256^i mod 100. -#}
{% macro snowflake__split_of(key, validation_percent, test_percent) -%}
{%- set digest = "md5(cast(" ~ key ~ " as varchar))" -%}
{%- set bucket -%}
(({% for weight in [1, 56, 36, 16, 96, 76, 56, 36, 16, 96, 76, 56, 36, 16, 96, 76] %}{{ ' + ' if not loop.first }}to_number(substr({{ digest }}, {{ loop.index0 * 2 + 1 }}, 2), 'XX') * {{ weight }}{% endfor %}) % 100)
{%- endset -%}
case
    when {{ bucket }} < {{ test_percent }} then 'test'
    when {{ bucket }} < {{ test_percent + validation_percent }} then 'validation'
    else 'train'
end
{%- endmacro %}

{#- Snowflake writes files to stages, not into target/: no export. -#}
{% macro snowflake__export_training_set(relation) -%}
{%- do log("kiln_ai: training_set files are exported on DuckDB only; on snowflake, read " ~ relation ~ " directly (or COPY INTO a stage)", info=True) -%}
select 1
{%- endmacro %}

{#- retrieval_eval's pieces: vectors are VECTOR(FLOAT, n), relevant ids a JSON array. -#}
{% macro snowflake__relevant_ids(json_text) %}parse_json({{ json_text }}){% endmacro %}
{% macro snowflake__list_size(list) %}array_size({{ list }}){% endmacro %}
{% macro snowflake__list_has(list, value) %}array_contains(to_variant({{ value }}), {{ list }}){% endmacro %}
{% macro snowflake__vector_cosine(a, b) %}vector_cosine_similarity({{ a }}, {{ b }}){% endmacro %}

{#- Snowflake reports no cost per query (credits are per warehouse-second): seconds, as on DuckDB. -#}
{% macro snowflake__run_cost(history_alias) -%}
{{ kiln_ai.duckdb__run_cost(history_alias) }}
{%- endmacro %}

{% macro snowflake__seconds_between(start, finish) -%}
(datediff(microsecond, cast({{ start }} as timestamp_ntz), cast({{ finish }} as timestamp_ntz)) / 1000000.0)
{%- endmacro %}

{#- regexp_replace replaces every match by default; '\\s' is \s inside a Snowflake string. -#}
{% macro snowflake__normalize_text(expression) -%}
trim(regexp_replace(regexp_replace(lower({{ expression }}), '[[:punct:]]', ''), '\\s+', ' '))
{%- endmacro %}

{#- regexp_like matches the whole text. -#}
{% macro snowflake__test_text_not_empty(model, column_name) %}
select *
from {{ model }}
where {{ column_name }} is null
   or regexp_like({{ column_name }}, '\\s*')
{% endmacro %}

{% macro snowflake__matches_pattern(expression, pattern) -%}regexp_instr({{ expression }}, '{{ pattern | replace("\\", "\\\\") }}') > 0{%- endmacro %}

{#- The first ten matches of the pattern (regexp_substr's occurrences), their digits kept, through luhn_valid. -#}
{% macro snowflake__has_card_number(expression, pattern) -%}
{%- set escaped = pattern | replace("\\", "\\\\") -%}
({% for occurrence in range(1, 11) %}{%- set found = "regexp_substr(" ~ expression ~ ", '" ~ escaped ~ "', 1, " ~ occurrence ~ ")" -%}
{{ ' or ' if not loop.first }}({{ found }} is not null and {{ kiln_ai.luhn_valid("regexp_replace(" ~ found ~ ", '[^0-9]', '')") }}){% endfor %})
{%- endmacro %}

{#- Digit i from the right, for i in 1..19 (card numbers are at most 19 digits). -#}
{% macro snowflake__luhn_valid(digits) -%}
(({% for i in range(1, 20) %}{{ ' + ' if not loop.first }}coalesce(try_cast(substr(reverse({{ digits }}), {{ i }}, 1) as integer){% if i % 2 == 0 %} * 2 - case when try_cast(substr(reverse({{ digits }}), {{ i }}, 1) as integer) >= 5 then 9 else 0 end{% endif %}, 0){% endfor %}) % 10 = 0)
{%- endmacro %}

{#- Vector tests: VECTOR(FLOAT, n) becomes an ARRAY for its length and elements. -#}
{% macro snowflake__test_embedding_dimension(model, column_name, dimension) %}
select *, array_size(cast({{ column_name }} as array)) as actual_dimension
from {{ model }}
where {{ column_name }} is not null
  and array_size(cast({{ column_name }} as array)) <> {{ dimension }}
{% endmacro %}

{#- Snowflake has LISTAGG, not STRING_AGG: the splits a key is in, in order. -#}
{% macro snowflake__test_splits_disjoint(model, split_column, key_column=none, column_name=none) %}
{%- set key = key_column if key_column else column_name %}
{%- if not key -%}
  {{ exceptions.raise_compiler_error("splits_disjoint needs key_column (or to be declared on the key column)") }}
{%- endif %}
select
    {{ key }} as split_key,
    count(distinct {{ split_column }}) as n_splits,
    listagg(distinct cast({{ split_column }} as varchar), ', ') within group (order by cast({{ split_column }} as varchar)) as splits
from {{ model }}
where {{ key }} is not null
  and {{ split_column }} is not null
group by {{ key }}
having count(distinct {{ split_column }}) > 1
{% endmacro %}
