{#
  Text tests: empty text, text length, exact duplicates after normalization.
  Each test selects the failing rows; `adapter.dispatch(..., 'kiln_ai')` picks the
  duckdb__ or postgres__ implementation (or a portable default__), and lets a warehouse
  (or your project) supply its own.
#}

{#- normalize_text(expression): the text as duplicate checks compare it: lower-cased,
    punctuation stripped, runs of whitespace collapsed to one space, trimmed. -#}
{% macro normalize_text(expression) -%}
  {{ return(adapter.dispatch('normalize_text', 'kiln_ai')(expression)) }}
{%- endmacro %}

{% macro default__normalize_text(expression) %}{{ kiln_ai.kiln_ai_unsupported('normalize_text') }}{% endmacro %}
{% macro duckdb__normalize_text(expression) -%}
trim(regexp_replace(regexp_replace(lower({{ expression }}), '[[:punct:]]', '', 'g'), '\s+', ' ', 'g'))
{%- endmacro %}
{#- Postgres: DuckDB's result, spelled out. RE2's [[:punct:]] and \s are ASCII only (Postgres's take Unicode
    punctuation and spaces too), and DuckDB's trim strips every Unicode space separator (Postgres's only ' '). -#}
{% macro postgres__normalize_text(expression) -%}
btrim(regexp_replace(regexp_replace(lower({{ expression }}), '[!-/:-@\[-`{-~]', '', 'g'), '[ \t\n\f\r]+', ' ', 'g'), E' \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000')
{%- endmacro %}


{#- text_not_empty: fails each row whose text is null, empty, or only whitespace
    (spaces, tabs, newlines). Arguments: column_name. -#}
{% test text_not_empty(model, column_name) %}
  {{ return(adapter.dispatch('test_text_not_empty', 'kiln_ai')(model, column_name)) }}
{% endtest %}

{% macro default__test_text_not_empty(model, column_name) %}{{ kiln_ai.kiln_ai_unsupported('test_text_not_empty') }}{% endmacro %}
{% macro duckdb__test_text_not_empty(model, column_name) %}
select *
from {{ model }}
where {{ column_name }} is null
   or regexp_matches({{ column_name }}, '^\s*$')
{% endmacro %}
{% macro postgres__test_text_not_empty(model, column_name) %}
select *
from {{ model }}
where {{ column_name }} is null
   or {{ column_name }} ~ '^[ \t\n\f\r]*$'
{% endmacro %}


{#- text_length_between: fails each row whose text has fewer than min_length or more than
    max_length characters (either bound may be left out; null text is not judged).
    Arguments: column_name, min_length=none, max_length=none. -#}
{% test text_length_between(model, column_name, min_length=none, max_length=none) %}
  {{ return(adapter.dispatch('test_text_length_between', 'kiln_ai')(model, column_name, min_length, max_length)) }}
{% endtest %}

{% macro default__test_text_length_between(model, column_name, min_length=none, max_length=none) %}
{%- if min_length is none and max_length is none -%}
  {{ exceptions.raise_compiler_error("text_length_between needs min_length, max_length or both") }}
{%- endif %}
select *, length({{ column_name }}) as text_length
from {{ model }}
where {{ column_name }} is not null
  and (
    {%- if min_length is not none %} length({{ column_name }}) < {{ min_length }}{% endif %}
    {%- if min_length is not none and max_length is not none %} or{% endif %}
    {%- if max_length is not none %} length({{ column_name }}) > {{ max_length }}{% endif %}
  )
{% endmacro %}


{#- no_duplicate_text: fails once per group of rows whose text is equal after
    normalize_text (or exactly equal with normalize=false); the failing row holds the
    normalized text and how many rows share it. Null text is not judged.
    Arguments: column_name, normalize=true. -#}
{% test no_duplicate_text(model, column_name, normalize=true) %}
  {{ return(adapter.dispatch('test_no_duplicate_text', 'kiln_ai')(model, column_name, normalize)) }}
{% endtest %}

{% macro default__test_no_duplicate_text(model, column_name, normalize=true) %}
{%- set key = kiln_ai.normalize_text(column_name) if normalize else column_name %}
select
    {{ key }} as normalized_text,
    count(*) as n_records
from {{ model }}
where {{ column_name }} is not null
group by {{ key }}
having count(*) > 1
{% endmacro %}
