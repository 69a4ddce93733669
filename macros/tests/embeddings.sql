{#
  Embedding tests, for vectors stored as DuckDB lists (FLOAT[]) or fixed-size arrays
  (FLOAT[n]), or Postgres arrays (real[]). A null vector is not judged (add not_null for that).
#}

{#- embedding_dimension: fails each row whose vector does not have exactly `dimension`
    elements. Arguments: column_name, dimension. -#}
{% test embedding_dimension(model, column_name, dimension) %}
  {{ return(adapter.dispatch('test_embedding_dimension', 'kiln_ai')(model, column_name, dimension)) }}
{% endtest %}

{% macro default__test_embedding_dimension(model, column_name, dimension) %}{{ kiln_ai.kiln_ai_unsupported('test_embedding_dimension') }}{% endmacro %}
{% macro duckdb__test_embedding_dimension(model, column_name, dimension) %}
select *, len({{ column_name }}) as actual_dimension
from {{ model }}
where {{ column_name }} is not null
  and len({{ column_name }}) <> {{ dimension }}
{% endmacro %}
{#- Postgres: vectors are arrays (real[]); cardinality counts every element, 0 for an empty one. -#}
{% macro postgres__test_embedding_dimension(model, column_name, dimension) %}
select *, cardinality({{ column_name }}) as actual_dimension
from {{ model }}
where {{ column_name }} is not null
  and cardinality({{ column_name }}) <> {{ dimension }}
{% endmacro %}


{#- embedding_not_zero: fails each row whose vector is empty or all zeros (the sum of
    absolute values is 0), the usual sign of a failed embedding call.
    Arguments: column_name. -#}
{% test embedding_not_zero(model, column_name) %}
  {{ return(adapter.dispatch('test_embedding_not_zero', 'kiln_ai')(model, column_name)) }}
{% endtest %}

{% macro default__test_embedding_not_zero(model, column_name) %}{{ kiln_ai.kiln_ai_unsupported('test_embedding_not_zero') }}{% endmacro %}
{% macro duckdb__test_embedding_not_zero(model, column_name) %}
select *
from {{ model }}
where {{ column_name }} is not null
  and coalesce(list_sum(list_transform({{ column_name }}, x -> abs(x))), 0) = 0
{% endmacro %}
{% macro postgres__test_embedding_not_zero(model, column_name) %}
select *
from {{ model }}
where {{ column_name }} is not null
  and coalesce((select sum(abs(x)) from unnest({{ column_name }}) as x), 0) = 0
{% endmacro %}
