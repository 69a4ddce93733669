{#
  no_pii: fails each row whose text contains personal data of the chosen kinds.

  Kinds (argument kinds, default all three):
    email        name@domain.tld
    phone        +<country code> followed by 7-14 digits (spaces, dots, dashes allowed),
                 or a North-American style number written with separators:
                 (415) 555-0123, 415-555-0123, 415.555.0123, +1 415 555 0123.
                 A bare run of digits (4155550123) is not taken for a phone number:
                 it is indistinguishable from an id.
    credit_card  13 to 19 digits, optionally grouped by spaces or dashes, that pass
                 the Luhn checksum (so order numbers and ids rarely match).
  The failing row is the model's row plus has_email / has_phone / has_credit_card.
  Arguments: column_name, kinds=['email', 'phone', 'credit_card'].
  The patterns are kiln_ai.pii_pattern(kind); override default__pii_pattern to change them.
#}
{% test no_pii(model, column_name, kinds=['email', 'phone', 'credit_card']) %}
  {{ return(adapter.dispatch('test_no_pii', 'kiln_ai')(model, column_name, kinds)) }}
{% endtest %}

{#- pii_pattern(kind): the regular expression that finds one kind of PII, in syntax RE2 (DuckDB) and Postgres read alike. -#}
{% macro pii_pattern(kind) -%}
  {{ return(adapter.dispatch('pii_pattern', 'kiln_ai')(kind)) }}
{%- endmacro %}

{% macro default__pii_pattern(kind) -%}
  {%- if kind == 'email' -%}
    {{ return("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+([.][A-Za-z0-9-]+)*[.][A-Za-z]{2,}") }}
  {%- elif kind == 'phone' -%}
    {{ return("(^|[^0-9A-Za-z+])([+][0-9]{1,3}[ .-]?)?([(][0-9]{3}[)][ .-]?|[0-9]{3}[ .-])[0-9]{3}[ .-][0-9]{4}([^0-9]|$)|(^|[^0-9A-Za-z])[+][0-9]{1,3}([ .-]?[0-9]){7,14}([^0-9]|$)") }}
  {%- elif kind == 'credit_card' -%}
    {{ return("(^|[^0-9])([0-9][ -]?){12,18}[0-9]([^0-9]|$)") }}
  {%- else -%}
    {{ exceptions.raise_compiler_error("no_pii: unknown kind '" ~ kind ~ "'; the kinds are email, phone, credit_card") }}
  {%- endif -%}
{%- endmacro %}

{#- luhn_valid(digits): true when the string of digits passes the Luhn checksum
    (every second digit from the right doubled, 9 subtracted when over 9, sum divisible by 10). -#}
{% macro luhn_valid(digits) -%}
  {{ return(adapter.dispatch('luhn_valid', 'kiln_ai')(digits)) }}
{%- endmacro %}

{% macro default__luhn_valid(digits) %}{{ kiln_ai.kiln_ai_unsupported('luhn_valid') }}{% endmacro %}
{% macro duckdb__luhn_valid(digits) -%}
(list_sum([
    case
        when i % 2 = 0 then cast(substr(reverse({{ digits }}), i, 1) as integer) * 2
            - case when cast(substr(reverse({{ digits }}), i, 1) as integer) >= 5 then 9 else 0 end
        else cast(substr(reverse({{ digits }}), i, 1) as integer)
    end
    for i in range(1, length({{ digits }}) + 1)
]) % 10 = 0)
{%- endmacro %}
{% macro postgres__luhn_valid(digits) -%}
((select sum(
    case
        when i % 2 = 0 then cast(substr(reverse({{ digits }}), i, 1) as integer) * 2
            - case when cast(substr(reverse({{ digits }}), i, 1) as integer) >= 5 then 9 else 0 end
        else cast(substr(reverse({{ digits }}), i, 1) as integer)
    end) from generate_series(1, length({{ digits }})) as i) % 10 = 0)
{%- endmacro %}

{% macro default__test_no_pii(model, column_name, kinds=['email', 'phone', 'credit_card']) %}
{%- set kinds = [kinds] if kinds is string else kinds %}
{%- for kind in kinds %}{% do kiln_ai.pii_pattern(kind) %}{% endfor %}
with scanned as (
    select
        *,
        {{ kiln_ai.matches_pattern(column_name, kiln_ai.pii_pattern('email')) if 'email' in kinds else 'false' }} as has_email,
        {{ kiln_ai.matches_pattern(column_name, kiln_ai.pii_pattern('phone')) if 'phone' in kinds else 'false' }} as has_phone,
        {{ kiln_ai.has_card_number(column_name, kiln_ai.pii_pattern('credit_card')) if 'credit_card' in kinds else 'false' }} as has_credit_card
    from {{ model }}
    where {{ column_name }} is not null
)
select *
from scanned
where has_email or has_phone or has_credit_card
{% endmacro %}

{#- matches_pattern(expression, pattern): true when the text matches the regular expression somewhere. -#}
{% macro matches_pattern(expression, pattern) -%}
  {{ return(adapter.dispatch('matches_pattern', 'kiln_ai')(expression, pattern)) }}
{%- endmacro %}
{% macro default__matches_pattern(expression, pattern) %}{{ kiln_ai.kiln_ai_unsupported('matches_pattern') }}{% endmacro %}
{% macro duckdb__matches_pattern(expression, pattern) -%}regexp_matches({{ expression }}, '{{ pattern }}'){%- endmacro %}
{% macro postgres__matches_pattern(expression, pattern) -%}{{ expression }} ~ '{{ pattern }}'{%- endmacro %}

{#- has_card_number(expression, pattern): true when a match of the pattern, its digits kept, passes luhn_valid. -#}
{% macro has_card_number(expression, pattern) -%}
  {{ return(adapter.dispatch('has_card_number', 'kiln_ai')(expression, pattern)) }}
{%- endmacro %}
{% macro default__has_card_number(expression, pattern) %}{{ kiln_ai.kiln_ai_unsupported('has_card_number') }}{% endmacro %}
{% macro duckdb__has_card_number(expression, pattern) -%}
len(list_filter(
            regexp_extract_all({{ expression }}, '{{ pattern }}'),
            candidate -> {{ kiln_ai.luhn_valid("regexp_replace(candidate, '[^0-9]', '', 'g')") }}
        )) > 0
{%- endmacro %}
{#- Postgres: the candidates are regexp_matches's whole matches (the pattern wrapped in one more group), as regexp_extract_all's. -#}
{% macro postgres__has_card_number(expression, pattern) -%}
exists (
            select 1 from regexp_matches({{ expression }}, '({{ pattern }})', 'g') as found(groups)
            where {{ kiln_ai.luhn_valid("regexp_replace(found.groups[1], '[^0-9]', '', 'g')") }}
        )
{%- endmacro %}
