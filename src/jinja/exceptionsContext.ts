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

type Resource = Named & { database?: string; schema?: string; alias?: string; original_file_path?: string; resource_type?: string; source_name?: string };
type ContractColumn = { name: string; data_type: string };

const listed = (node: Resource | undefined): string => `- ${node?.unique_id} (${node?.original_file_path})`;

const catalogMatch = (match: unknown): string => {
  const metadata = ((match as { metadata?: { schema?: string; name?: string } })?.metadata ?? {});
  return `${metadata.schema}.${metadata.name}`;
};

const plural: Record<string, string> = { analysis: 'analyses', unit_test: 'unit tests', saved_query: 'saved queries', semantic_model: 'semantic models' };

function duplicateResourceMessage(first: Resource, second: Resource): string {
  const type = first?.resource_type ?? 'resource';
  const kind = type === second?.resource_type ? (plural[type] ?? `${type}s`) : 'resources';
  let name = String(first?.name);
  let lookedFor = name;
  if (['model', 'seed', 'snapshot'].includes(type)) lookedFor = `ref("${name}")`;
  else if (type === 'source') {
    name = `${first.source_name}.${first.name}`;
    lookedFor = `source('${first.source_name}', '${first.name}')`;
  } else if (type === 'doc') lookedFor = `doc("${name}")`;
  return `dbt found two ${kind} with the name "${name}".\n\nSince these resources have the same name, dbt will be unable to find the correct resource\nwhen looking for ${lookedFor}.\n\nTo fix this, change the name of one of these resources:\n${listed(first)}\n${listed(second)}`;
}

/** The mismatch list of a failed contract: one line per column, sorted by name, as dbt's table is. */
function contractMessage(yamlColumns: ContractColumn[], sqlColumns: ContractColumn[]): string {
  if (!yamlColumns?.length) return "this model has an enforced contract, and its 'columns' specification is missing";
  const declared = new Map(yamlColumns.map((c) => [c.name, c.data_type]));
  const returned = new Set(sqlColumns.map((c) => c.name));
  const rows: string[][] = [];
  for (const column of sqlColumns) {
    if (!declared.has(column.name)) rows.push([column.name, column.data_type, '', 'missing in contract']);
    else if (declared.get(column.name) !== column.data_type) rows.push([column.name, column.data_type, declared.get(column.name)!, 'data type mismatch']);
  }
  for (const column of yamlColumns) if (!returned.has(column.name)) rows.push([column.name, '', column.data_type, 'missing in definition']);
  rows.sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0));
  const table = [['column_name', 'definition_type', 'contract_type', 'mismatch_reason'], ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
  return `this model has an enforced contract that failed.\nPlease ensure the name, data_type, and number of columns in your contract match the columns in your model's definition.\n\n${table}`;
}

export function exceptionsContext(raise: Located, warn: (message: string) => void): Record<string, (...args: unknown[]) => unknown> {
  const args = (list: unknown[]): unknown[] => list.map((a) => (a && typeof a === 'object' && '__keywords' in (a as object) ? stripKeywords(a as object) : a));
  return {
    raise_compiler_error: (message) => raise(String(message)),
    // dbt's NotImplementedError reads `ERROR: <msg>`; the others carry their class's label.
    raise_not_implemented: (message) => raise(`ERROR: ${message}`),
    raise_database_error: (message) => raise(`database error: ${message}`),
    raise_fail_fast_error: (message) => raise(String(message)),
    raise_dependency_error: (message) => raise(`dependency error: ${message}`),
    raise_cache_inconsistent: (message) => raise(`cache inconsistency detected: ${message}`),
    warn: (message) => {
      warn(String(message));
      return '';
    },
    missing_config: (model, name) => raise(`model '${nameOf(model)}' does not define a required config parameter '${name}'.`),
    missing_materialization: (model, adapterType) =>
      raise(`no materialization '${(model as Named)?.config?.materialized}' was found for adapter ${adapterType}! (searched types ${adapterType === 'default' ? "'default'" : `'default' and '${adapterType}'`})`),
    missing_relation: (relation) => raise(`relation ${nameOf(relation)} not found`),
    relation_wrong_type: (...list) => {
      const [relation, expected] = args(list) as [Named, string];
      const shown = nameOf(relation);
      return raise(`trying to create ${expected} ${shown}, but it currently exists as a ${relation?.type}. Either drop ${shown} manually, or run with --full-refresh and it will be dropped for you`);
    },
    raise_ambiguous_alias: (first, second, duped) => {
      const [one, two] = [first, second] as Resource[];
      const shown = duped ?? `${one?.database}.${one?.schema}.${one?.alias}`;
      return raise(
        `dbt found two resources with the database representation "${shown}".\ndbt cannot create two resources with identical database representations. To fix this,\nchange the configuration of one of these resources:\n${listed(one)}\n${listed(two)}`,
      );
    },
    raise_ambiguous_catalog_match: (uniqueId, first, second) =>
      raise(
        `dbt found two relations in your warehouse with similar database identifiers. dbt\nis unable to determine which of these relations was created by the model "${uniqueId}".\nIn order for dbt to correctly generate the catalog, one of the following relations must be deleted or renamed:\n\n - ${catalogMatch(first)}\n - ${catalogMatch(second)}`,
      ),
    raise_duplicate_resource_name: (first, second) => raise(duplicateResourceMessage(first as Resource, second as Resource)),
    raise_duplicate_patch_name: (patch, existingPath) => {
      const { name, original_file_path: path } = (patch ?? {}) as Resource;
      const fix =
        path === existingPath
          ? `remove one of the resource entries for ${name} in this file:\n - ${path}\n`
          : `remove the resource entry for ${name} in one of these files:\n - ${path}\n${existingPath}`;
      return raise(`dbt found two schema.yml entries for the same resource named ${name}. Resources and their associated columns may only be described a single time. To fix this, ${fix}`);
    },
    raise_invalid_property_yml_version: (path, issue) =>
      raise(`the yml property file at ${path} is invalid because ${issue}. Please consult the documentation for more information on yml property file syntax:\n\nhttps://docs.getdbt.com/reference/configs-and-properties`),
    raise_dep_not_found: (_node, description, pkg) => raise(`error while parsing ${description}.\nThe required package "${pkg}" was not found. Is the package installed?`),
    raise_dataclass_not_dict: (obj) => raise(`the object ("${obj}") was used as a dictionary. This capability has been removed from objects of this type.`),
    raise_contract_error: (yamlColumns, sqlColumns) => raise(contractMessage(yamlColumns as ContractColumn[], sqlColumns as ContractColumn[])),
    column_type_missing: (columnNames) =>
      raise(`contracted models require data_type for each column; define it in the YAML for the column(s) ${Array.isArray(columnNames) ? columnNames.join(', ') : columnNames}`),
    warn_snapshot_timestamp_data_types: (snapshotType, updatedAtType) => {
      if (String(snapshotType) !== String(updatedAtType)) {
        warn(`data type of snapshot table timestamp columns (${snapshotType}) doesn't match derived column 'updated_at' (${updatedAtType}). Please update snapshot config 'updated_at'.`);
      }
      return '';
    },
  };
}

