{#
  Token counts. kiln_ai.estimate_tokens(column) approximates a tokenizer as
  ceil(characters / chars_per_token), with 4 characters per token by default (the usual
  rule of thumb for English text and BPE tokenizers such as cl100k). It is a macro so a
  project can swap in its own estimate: define default__estimate_tokens(column,
  chars_per_token) in your project (it is found before the package's), or a
  <adapter>__estimate_tokens for one warehouse.
#}
{% macro estimate_tokens(column, chars_per_token=4) -%}
  {{ return(adapter.dispatch('estimate_tokens', 'kiln_ai')(column, chars_per_token)) }}
{%- endmacro %}

{#- The divisor cast to a float: Postgres's `/` truncates integers, DuckDB's does not (DOUBLE there, as before). -#}
{% macro default__estimate_tokens(column, chars_per_token=4) -%}
cast(ceil(length({{ column }}) / cast({{ chars_per_token }} as {{ dbt.type_float() }})) as bigint)
{%- endmacro %}


{#- token_count_at_most: fails each row whose estimated token count (estimate_tokens) is
    above max_tokens, e.g. a chunk too long for an embedding model's context. Null text is
    not judged. Arguments: column_name, max_tokens, chars_per_token=4. -#}
{% test token_count_at_most(model, column_name, max_tokens, chars_per_token=4) %}
  {{ return(adapter.dispatch('test_token_count_at_most', 'kiln_ai')(model, column_name, max_tokens, chars_per_token)) }}
{% endtest %}

{% macro default__test_token_count_at_most(model, column_name, max_tokens, chars_per_token=4) %}
select *
from (
    select *, {{ kiln_ai.estimate_tokens(column_name, chars_per_token) }} as estimated_tokens
    from {{ model }}
    where {{ column_name }} is not null
) as estimated
where estimated_tokens > {{ max_tokens }}
{% endmacro %}
