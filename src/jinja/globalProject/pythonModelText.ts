/**
 * The text dbt appends to a Python model's code so it can call `dbt.ref`, `dbt.source`,
 * `dbt.config` and `dbt.this` where it runs. kiln has no Python models, but adapter packages
 * call these to build that text, so they render for any model node: the refs and sources the
 * node recorded, resolved to relation names, as Python literals. resolve_model_name dispatches
 * so an adapter can change how a relation's name is written into the script.
 */
import { dispatched } from './dispatched.js';

const NAMES = dispatched('resolve_model_name', 'input_model_name', '{{- input_model_name | string -}}');

// Each builder collects a {key: relation name} dict and renders the Python function over it.
const BUILDERS = `
{% macro build_ref_function(model) -%}
  {%- set relation_names = {} -%}
  {%- for recorded in model.refs -%}
    {%- set ref_args = [recorded.get('package'), recorded['name']] if recorded.get('package') else [recorded['name']] -%}
    {%- set relation = ref(*ref_args, v=recorded.get('version')) -%}
    {#- A project's own ref macro may return a string; render() skips --empty and sample limits. -#}
    {%- if relation.render is defined and relation.render is callable -%}{%- set relation = relation.render() -%}{%- endif -%}
    {%- set key_parts = ref_args + (['v' ~ recorded['version']] if recorded.get('version') else []) -%}
    {%- do relation_names.update({key_parts | join('.'): resolve_model_name(relation)}) -%}
  {%- endfor %}

def ref(*args, **kwargs):
    refs = {{ relation_names | tojson }}
    key = '.'.join(args)
    version = kwargs.get("v") or kwargs.get("version")
    if version:
        key += f".v{version}"
    dbt_load_df_function = kwargs.get("dbt_load_df_function")
    return dbt_load_df_function(refs[key])
{% endmacro %}

{% macro build_source_function(model) -%}
  {%- set relation_names = {} -%}
  {%- for source_and_table in model.sources -%}
    {%- do relation_names.update({source_and_table | join('.'): resolve_model_name(source(*source_and_table))}) -%}
  {%- endfor %}

def source(*args, dbt_load_df_function):
    sources = {{ relation_names | tojson }}
    key = '.'.join(args)
    return dbt_load_df_function(sources[key])
{% endmacro %}

{#- The config keys (and meta keys) a Python model read, with the defaults it gave; a SQL model records none. -#}
{% macro build_config_dict(model) -%}
  {%- set settings = {} -%}
  {%- set used = model.config.get('config_keys_used') or [] -%}
  {%- set defaults = model.config.get('config_keys_defaults') or [] -%}
  {%- for key in used -%}
    {%- do settings.update({key: model.config.get(key, defaults[loop.index0] if loop.index0 < defaults | length else none)}) -%}
  {%- endfor -%}
  {%- set meta_settings = {} -%}
  {%- set meta = model.config.get('meta') or {} -%}
  {%- set meta_defaults = model.config.get('meta_keys_defaults') or [] -%}
  {%- for key in model.config.get('meta_keys_used') or [] -%}
    {%- do meta_settings.update({key: meta[key] if key in meta else (meta_defaults[loop.index0] if loop.index0 < meta_defaults | length else none)}) -%}
  {%- endfor %}
config_dict = {{ settings }}
meta_dict = {{ meta_settings }}
{% endmacro %}

{#- Where an adapter adds instructions for running the compiled script; empty by default. -#}
{% macro py_script_comment() -%}{%- endmacro %}

{% macro py_script_postfix(model) %}
# This part is user provided model code
# you will need to copy the next section to run the code
# COMMAND ----------
# this part is dbt logic for get ref work, do not modify

{{ build_ref_function(model) }}
{{ build_source_function(model) }}
{{ build_config_dict(model) }}

class config:
    def __init__(self, *args, **kwargs):
        pass

    @staticmethod
    def get(key, default=None):
        return config_dict.get(key, default)

    @staticmethod
    def meta_get(key, default=None):
        return meta_dict.get(key, default)

class this:
    """dbt.this() or dbt.this.identifier"""
    database = "{{ this.database }}"
    schema = "{{ this.schema }}"
    identifier = "{{ this.identifier }}"
    def __repr__(self):
        return '{{ resolve_model_name(this) }}'


class dbtObj:
    def __init__(self, load_df_function) -> None:
        self.source = lambda *args: source(*args, dbt_load_df_function=load_df_function)
        self.ref = lambda *args, **kwargs: ref(*args, **kwargs, dbt_load_df_function=load_df_function)
        self.config = config
        self.this = this()
        self.is_incremental = {{ is_incremental() }}

# COMMAND ----------
{{ py_script_comment() }}
{% endmacro %}
`;

export const PYTHON_MODEL_TEXT_MACROS = [NAMES, BUILDERS].join('\n');
