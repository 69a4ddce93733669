{#
  splits_disjoint: train/validation/test splits share no key. Fails once per key found in
  more than one split; the failing row holds the key, how many splits it is in, and which.
  Arguments: split_column (the column naming the split), key_column (what must not leak
  across splits: an example id, a document id, a user id); when the test is declared on a
  column, that column is the key and key_column may be left out. Rows with a null key or
  split are not judged.
#}
{% test splits_disjoint(model, split_column, key_column=none, column_name=none) %}
  {{ return(adapter.dispatch('test_splits_disjoint', 'kiln_ai')(model, split_column, key_column, column_name)) }}
{% endtest %}

{% macro default__test_splits_disjoint(model, split_column, key_column=none, column_name=none) %}
{%- set key = key_column if key_column else column_name %}
{%- if not key -%}
  {{ exceptions.raise_compiler_error("splits_disjoint needs key_column (or to be declared on the key column)") }}
{%- endif %}
select
    {{ key }} as split_key,
    count(distinct {{ split_column }}) as n_splits,
    string_agg(distinct cast({{ split_column }} as varchar), ', ' order by cast({{ split_column }} as varchar)) as splits
from {{ model }}
where {{ key }} is not null
  and {{ split_column }} is not null
group by {{ key }}
having count(distinct {{ split_column }}) > 1
{% endmacro %}
