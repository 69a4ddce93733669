/**
 * dbt's `exceptions.*` raisers and warners, called from a model: each stops with dbt's message
 * (first letter lower-cased, as kiln's errors are) as a KilnError located at the model's file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KilnError } from '../../../src/errors.js';
import { openDuckDbSession, type DuckDbSession } from './duckdbSession.js';

const files: Record<string, string> = {
  'project.yml': 'name: shop\nversion: "1"\n',
  'models/orders.sql': 'select 1 as id',
};

let db: DuckDbSession;
const warnings: string[] = [];

beforeAll(async () => {
  db = await openDuckDbSession(files, { log: (message, level) => void (level === 'warn' && warnings.push(message)) });
});

afterAll(async () => {
  await db?.close();
});

/** Compile `sql` as the code of models/orders.sql. */
function renderForModel(sql: string): string {
  const node = db.session.manifest.nodes['model.shop.orders']!;
  return db.session.compiler.compile({ ...node, raw_code: sql }, { mode: 'execute' }).sql.trim();
}

/** The KilnError that rendering `sql` in models/orders.sql raises. */
function failure(sql: string): KilnError {
  try {
    renderForModel(sql);
  } catch (error) {
    expect(error).toBeInstanceOf(KilnError);
    expect((error as KilnError).file).toBe('models/orders.sql');
    return error as KilnError;
  }
  throw new Error(`rendering did not fail: ${sql}`);
}

const nodeA = "{'unique_id': 'model.shop.a', 'name': 'a', 'resource_type': 'model', 'database': 'db', 'schema': 'main', 'alias': 'a', 'original_file_path': 'models/a.sql'}";
const nodeB = "{'unique_id': 'model.shop.b', 'name': 'a', 'resource_type': 'model', 'database': 'db', 'schema': 'main', 'alias': 'a', 'original_file_path': 'models/sub/a.sql'}";

// Each row: the call, and dbt's message for it (dbt-core's exceptions classes).
const raisers: [string, string][] = [
  ["exceptions.raise_not_implemented('no merge here')", 'ERROR: no merge here'],
  ["exceptions.raise_database_error('relation is locked')", 'database error: relation is locked'],
  ["exceptions.raise_fail_fast_error('first failure stops the run')", 'first failure stops the run'],
  ["exceptions.raise_dependency_error('cycle between a and b')", 'dependency error: cycle between a and b'],
  ["exceptions.raise_cache_inconsistent('in rename, a is missing')", 'cache inconsistency detected: in rename, a is missing'],
  ["exceptions.missing_config(model, 'unique_key')", "model 'model.shop.orders' does not define a required config parameter 'unique_key'."],
  ["exceptions.missing_materialization({'config': {'materialized': 'cube'}}, 'duckdb')", "no materialization 'cube' was found for adapter duckdb! (searched types 'default' and 'duckdb')"],
  [
    `exceptions.raise_ambiguous_alias(${nodeA}, ${nodeB})`,
    'dbt found two resources with the database representation "db.main.a".\ndbt cannot create two resources with identical database representations. To fix this,\nchange the configuration of one of these resources:\n- model.shop.a (models/a.sql)\n- model.shop.b (models/sub/a.sql)',
  ],
  [
    "exceptions.raise_ambiguous_catalog_match('model.shop.a', {'metadata': {'schema': 'main', 'name': 'a'}}, {'metadata': {'schema': 'Main', 'name': 'A'}})",
    'dbt found two relations in your warehouse with similar database identifiers. dbt\nis unable to determine which of these relations was created by the model "model.shop.a".\nIn order for dbt to correctly generate the catalog, one of the following relations must be deleted or renamed:\n\n - main.a\n - Main.A',
  ],
  [
    `exceptions.raise_duplicate_resource_name(${nodeA}, ${nodeB})`,
    'dbt found two models with the name "a".\n\nSince these resources have the same name, dbt will be unable to find the correct resource\nwhen looking for ref("a").\n\nTo fix this, change the name of one of these resources:\n- model.shop.a (models/a.sql)\n- model.shop.b (models/sub/a.sql)',
  ],
  [
    `exceptions.raise_duplicate_patch_name(${nodeA}, 'models/other.yml')`,
    'dbt found two schema.yml entries for the same resource named a. Resources and their associated columns may only be described a single time. To fix this, remove the resource entry for a in one of these files:\n - models/a.sql\nmodels/other.yml',
  ],
  [
    "exceptions.raise_invalid_property_yml_version('models/schema.yml', 'its version is 1')",
    'the yml property file at models/schema.yml is invalid because its version is 1. Please consult the documentation for more information on yml property file syntax:\n\nhttps://docs.getdbt.com/reference/configs-and-properties',
  ],
  [
    "exceptions.raise_dep_not_found(model, 'model orders', 'dbt_utils')",
    'error while parsing model orders.\nThe required package "dbt_utils" was not found. Is the package installed?',
  ],
  ["exceptions.raise_dataclass_not_dict('orders')", 'the object ("orders") was used as a dictionary. This capability has been removed from objects of this type.'],
  ['exceptions.raise_contract_error([], [])', "this model has an enforced contract, and its 'columns' specification is missing"],
  [
    "exceptions.raise_contract_error([{'name': 'id', 'data_type': 'integer'}, {'name': 'name', 'data_type': 'varchar'}], [{'name': 'id', 'data_type': 'bigint'}, {'name': 'extra', 'data_type': 'date'}])",
    "this model has an enforced contract that failed.\nPlease ensure the name, data_type, and number of columns in your contract match the columns in your model's definition.\n\n" +
      '| column_name | definition_type | contract_type | mismatch_reason |\n| extra | date |  | missing in contract |\n| id | bigint | integer | data type mismatch |\n| name |  | varchar | missing in definition |',
  ],
];

describe('exceptions raisers', () => {
  it.each(raisers)('%s raises dbt\'s message at the model\'s file', (call, message) => {
    expect(failure(`{{ ${call} }}`).message).toBe(message);
  });
});

describe('exceptions warners', () => {
  it('warn_snapshot_timestamp_data_types warns with dbt\'s text when the types differ, and renders nothing', () => {
    warnings.length = 0;
    expect(renderForModel("[{{ exceptions.warn_snapshot_timestamp_data_types('TIMESTAMP WITH TIME ZONE', 'DATE') }}][{{ exceptions.warn_snapshot_timestamp_data_types('DATE', 'DATE') }}]")).toBe('[][]');
    expect(warnings).toEqual([expect.stringContaining("data type of snapshot table timestamp columns (TIMESTAMP WITH TIME ZONE) doesn't match derived column 'updated_at' (DATE). Please update snapshot config 'updated_at'.")]);
  });
});
