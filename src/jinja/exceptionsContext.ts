/**
 * dbt's `exceptions.*` context: each raises a KilnError (located in the template being
 * rendered) with the message dbt gives for the same failure, or warns.
 */
import { stripKeywords } from './relation.js';

type Located = (message: string) => never;
type Named = { name?: string; unique_id?: string; identifier?: string; type?: string | null; render?: () => string; config?: { materialized?: string } };

const nameOf = (value: unknown): string => {
  const v = value as Named | undefined;
  return String(v?.render?.() ?? v?.unique_id ?? v?.name ?? value);
};

export function exceptionsContext(raise: Located, warn: (message: string) => void): Record<string, (...args: unknown[]) => unknown> {
  const args = (list: unknown[]): unknown[] => list.map((a) => (a && typeof a === 'object' && '__keywords' in (a as object) ? stripKeywords(a as object) : a));
  return {
    raise_compiler_error: (message) => raise(String(message)),
    raise_not_implemented: (message) => raise(`not implemented: ${message}`),
    raise_database_error: (message) => raise(`database error: ${message}`),
    raise_fail_fast_error: (message) => raise(String(message)),
    raise_dependency_error: (message) => raise(`dependency error: ${message}`),
    raise_cache_inconsistent: (message) => raise(`cache inconsistency detected: ${message}`),
    warn: (message) => {
      warn(String(message));
      return '';
    },
    missing_config: (model, name) => raise(`model '${nameOf(model)}' does not define a required config parameter '${name}'`),
    missing_materialization: (model, adapterType) =>
      raise(`no materialization '${(model as Named)?.config?.materialized}' was found for adapter ${adapterType} (searched types 'default' and '${adapterType}')`),
    missing_relation: (relation) => raise(`relation ${nameOf(relation)} not found`),
    relation_wrong_type: (...list) => {
      const [relation, expected] = args(list) as [Named, string];
      const shown = nameOf(relation);
      return raise(`trying to create ${expected} ${shown}, but it currently exists as a ${relation?.type}. Either drop ${shown} manually, or run with --full-refresh and it will be dropped for you`);
    },
    raise_ambiguous_alias: (first, second, duped) =>
      raise(`two resources have the database representation "${duped ?? nameOf(first)}": ${nameOf(first)} and ${nameOf(second)}; rename one of them, or set a different alias or schema`),
    raise_ambiguous_catalog_match: (uniqueId, first, second) => raise(`the catalog has two matches for ${uniqueId}: ${JSON.stringify(first)} and ${JSON.stringify(second)}`),
    raise_duplicate_resource_name: (first, second) => raise(`two resources are named '${(first as Named)?.name}': ${nameOf(first)} and ${nameOf(second)}`),
    raise_duplicate_patch_name: (patch, existingPath) => raise(`'${(patch as Named)?.name}' is described twice; the other description is in ${existingPath}`),
    raise_invalid_property_yml_version: (path, issue) => raise(`the property file ${path} is invalid: ${issue}; it should start with 'version: 2'`),
    raise_dep_not_found: (node, description, pkg) => raise(`${description} of ${nameOf(node)} needs the package '${pkg}', which is not installed`),
    raise_dataclass_not_dict: (obj) => raise(`expected a dict, got ${JSON.stringify(obj)}`),
    raise_contract_error: (yamlColumns, sqlColumns) =>
      raise(`this model has an enforced contract that failed: the YAML declares ${JSON.stringify(yamlColumns)}, the SQL returns ${JSON.stringify(sqlColumns)}`),
    column_type_missing: (columnNames) =>
      raise(`contracted models require data_type for each column; define it in the YAML for the column(s) ${Array.isArray(columnNames) ? columnNames.join(', ') : columnNames}`),
    warn_snapshot_timestamp_data_types: (snapshotType, updatedAtType) => {
      if (String(snapshotType) !== String(updatedAtType)) warn(`the snapshot's timestamp type (${snapshotType}) differs from updated_at's (${updatedAtType})`);
      return '';
    },
  };
}

