/**
 * Property files: the `*.yml` files beside models, seeds, snapshots, macros and
 * analyses (`version: 2`, `models:`, `sources:`, …). Every documented level is
 * strict — an unknown key is reported with a did-you-mean — except where dbt
 * itself allows anything: `meta`, test arguments, `external`, and the inner
 * structure of semantic-layer definitions (semantic models, metrics, saved
 * queries), whose specs change often and are checked only at their top level.
 */
import type * as zod from 'zod';
import { z } from './zod.js';
import { configSchema, docsSchema, KNOWN_NODE_CONFIG_KEYS, configValueSchema, quotingSchema } from './configs.js';
import {
  anyValue,
  bool,
  int,
  byShape,
  forward,
  isPlainObject,
  map,
  mapList,
  obj,
  oneOf,
  opt,
  report,
  str,
  strList,
  strOrList,
  strOrNum,
  type IssueSink,
} from './leaves.js';
import { registerRootKind } from './issues.js';

// ---- data tests ------------------------------------------------------------

const TEST_CONFIG_KEYS = new Set(KNOWN_NODE_CONFIG_KEYS.tests);
const testConfig = configSchema('tests');
const ARGUMENTS_FORM_KEYS = ['arguments', 'config', 'name', 'description', 'column_name', ...KNOWN_NODE_CONFIG_KEYS.tests];

/** The body under a test's name: `{arguments: …, config: …}` or the older `{arg: …, severity: …}`. */
function checkTestBody(body: Record<string, unknown>, sink: IssueSink): void {
  const argumentsForm = 'arguments' in body;
  for (const [key, value] of Object.entries(body)) {
    if (key === 'config') {
      if (value !== null) forward(sink, testConfig, value, [key]);
    } else if (key === 'arguments') {
      if (value !== null && !isPlainObject(value)) report(sink, [key], { kiln: 'type', expected: 'a mapping of argument names to values' });
    } else if (key === 'name' || key === 'description' || key === 'column_name') {
      if (value !== null) forward(sink, str, value, [key]);
    } else if (TEST_CONFIG_KEYS.has(key)) {
      if (value !== null) forward(sink, configValueSchema(key), value, [key]);
    } else if (argumentsForm) {
      // With `arguments:`, anything else at this level is a misplaced argument or a typo.
      report(sink, [key], {
        kiln: 'unknown_key',
        key,
        candidates: ARGUMENTS_FORM_KEYS,
        fallbackHint: "test arguments go under 'arguments:'",
      });
    }
  }
}

/** One entry of `data_tests:` / `tests:`: a test name, or `{test_name: {…}}`. */
const testEntry = byShape<string | Record<string, unknown>>((value, sink) => {
  if (typeof value === 'string') return undefined;
  if (!isPlainObject(value)) {
    report(sink, [], { kiln: 'type', expected: 'a test name or a mapping {test_name: {arguments…}}' });
    return undefined;
  }
  const keys = Object.keys(value);
  if (keys.length !== 1) {
    report(sink, [], {
      kiln: 'message',
      message: `a test entry must have exactly one key (the test's name), got ${keys.length === 0 ? 'none' : keys.map((k) => `'${k}'`).join(', ')}`,
      hint:
        keys.length > 1
          ? `indent the test's arguments under '${keys[0]}:' (for example '- ${keys[0]}:' then its arguments two spaces further in)`
          : undefined,
    });
    return undefined;
  }
  const name = keys[0]!;
  const body = value[name];
  if (body === null || body === undefined) return undefined;
  if (!isPlainObject(body)) {
    report(sink, [name], { kiln: 'type', expected: 'a mapping of arguments and config' });
    return undefined;
  }
  checkTestBody(body, {
    addIssue: (issue) => sink.addIssue({ ...issue, path: [name, ...(issue.path ?? [])] }),
  });
  return undefined;
});
const tests = opt(z.array(testEntry));

// ---- columns and constraints --------------------------------------------

const constraint = obj({
  type: str,
  expression: opt(str),
  name: opt(str),
  warn_unenforced: opt(bool),
  warn_unsupported: opt(bool),
  columns: opt(strList),
  to: opt(str),
  to_columns: opt(strList),
});

const columnConfig = obj({ meta: opt(map), tags: opt(strOrList) });

const column = obj({
  name: strOrNum,
  description: opt(str),
  data_type: opt(str),
  quote: opt(bool),
  meta: opt(map),
  tags: opt(strOrList),
  constraints: opt(z.array(constraint)),
  data_tests: tests,
  tests,
  policy_tags: opt(strList),
  config: opt(columnConfig),
  granularity: opt(str),
  // semantic annotations written on columns (dbt's newer semantic-layer YAML)
  entity: opt(anyValue),
  dimension: opt(anyValue),
});
const columns = opt(z.array(column));

// ---- models ----------------------------------------------------------------

const includeExclude = obj({ include: opt(strOrList), exclude: opt(strOrList) });
const versionColumn = byShape<unknown>((value) => (isPlainObject(value) && ('include' in value || 'exclude' in value) ? includeExclude : column));

const modelVersion = obj({
  v: strOrNum,
  defined_in: opt(str),
  description: opt(str),
  config: opt(configSchema('models')),
  columns: opt(z.array(versionColumn)),
  docs: opt(docsSchema),
  access: opt(oneOf(['private', 'protected', 'public'])),
  constraints: opt(z.array(constraint)),
  data_tests: tests,
  tests,
  deprecation_date: opt(str),
  meta: opt(map),
  tags: opt(strOrList),
  latest_version: opt(strOrNum),
});

/** The keys every file-backed resource (model, seed, snapshot, analysis) takes. */
function documentedResource(kind: 'models' | 'seeds' | 'snapshots' | 'analyses') {
  return {
    name: strOrNum,
    description: opt(str),
    config: opt(configSchema(kind)),
    columns,
    docs: opt(docsSchema),
    meta: opt(map),
    tags: opt(strOrList),
    group: opt(str),
  };
}

const model = obj({
  ...documentedResource('models'),
  latest_version: opt(strOrNum),
  versions: opt(z.array(modelVersion)),
  constraints: opt(z.array(constraint)),
  data_tests: tests,
  tests,
  access: opt(oneOf(['private', 'protected', 'public'])),
  deprecation_date: opt(str),
  time_spine: opt(obj({ standard_granularity_column: str, custom_granularities: opt(mapList) })),
  // semantic annotations on models (dbt's newer semantic-layer YAML): checked by the semantic layer, not here
  semantic_model: opt(anyValue),
  metrics: opt(anyValue),
  agg_time_dimension: opt(str),
  derived_semantics: opt(anyValue),
  primary_entity: opt(str),
});

// ---- sources -----------------------------------------------------------------

const period = oneOf(['minute', 'hour', 'day']);
const threshold = obj({ count: opt(int), period: opt(period) });
const freshness = obj({ warn_after: opt(threshold), error_after: opt(threshold), filter: opt(str) });

const sourceTable = obj({
  name: strOrNum,
  identifier: opt(str),
  description: opt(str),
  loaded_at_field: opt(str),
  loaded_at_query: opt(str),
  freshness: opt(freshness),
  columns,
  data_tests: tests,
  tests,
  external: opt(anyValue),
  meta: opt(map),
  tags: opt(strOrList),
  quoting: opt(quotingSchema),
  config: opt(configSchema('sources')),
  docs: opt(docsSchema),
});

const source = obj({
  name: strOrNum,
  description: opt(str),
  database: opt(str),
  schema: opt(str),
  loader: opt(str),
  loaded_at_field: opt(str),
  loaded_at_query: opt(str),
  freshness: opt(freshness),
  quoting: opt(quotingSchema),
  meta: opt(map),
  tags: opt(strOrList),
  config: opt(configSchema('sources')),
  overrides: opt(str),
  tables: opt(z.array(sourceTable)),
  docs: opt(docsSchema),
});

// ---- seeds, snapshots, analyses, macros -----------------------------------

const seed = obj({
  ...documentedResource('seeds'),
  data_tests: tests,
  tests,
});

const snapshot = obj({
  ...documentedResource('snapshots'),
  /** YAML-defined snapshots (dbt 1.9+): `relation: source('raw', 'orders')` or `ref('x')`. */
  relation: opt(str),
  data_tests: tests,
  tests,
});

const analysis = obj(documentedResource('analyses'));

const macroArgument = obj({ name: str, type: opt(str), description: opt(str) });
const macro = obj({
  name: str,
  description: opt(str),
  arguments: opt(z.array(macroArgument)),
  docs: opt(docsSchema),
  meta: opt(map),
  config: opt(obj({ meta: opt(map), docs: opt(docsSchema) })),
});

// ---- exposures, groups -----------------------------------------------------

// dbt lets owners carry extra keys (slack, github…): only name/email are typed.
const owner = z.looseObject({ name: opt(str), email: opt(strOrList) });
const exposure = obj({
  name: str,
  type: oneOf(['dashboard', 'notebook', 'analysis', 'ml', 'application']),
  owner,
  depends_on: opt(strList),
  label: opt(str),
  maturity: opt(oneOf(['high', 'medium', 'low'])),
  url: opt(str),
  description: opt(str),
  meta: opt(map),
  tags: opt(strOrList),
  config: opt(configSchema('exposures')),
  enabled: opt(bool),
});

const group = obj({ name: str, owner, description: opt(str), config: opt(obj({ meta: opt(map) })), meta: opt(map) });

// ---- unit tests --------------------------------------------------------------

const rowsFormat = oneOf(['dict', 'csv', 'sql']);
const rows = opt(
  byShape<unknown>((value, sink) => {
    if (typeof value === 'string' || Array.isArray(value)) return Array.isArray(value) ? z.array(map) : undefined;
    report(sink, [], { kiln: 'type', expected: 'a list of rows or a csv/sql string' });
    return undefined;
  }),
);
const unitTest = obj({
  name: str,
  model: str,
  description: opt(str),
  given: opt(z.array(obj({ input: str, rows, format: opt(rowsFormat), fixture: opt(str) }))),
  expect: obj({ rows, format: opt(rowsFormat), fixture: opt(str) }),
  overrides: opt(obj({ macros: opt(map), vars: opt(map), env_vars: opt(map) })),
  config: opt(configSchema('unit_tests')),
  versions: opt(obj({ include: opt(anyValue), exclude: opt(anyValue) })),
});

// ---- semantic layer (top level strict, inside loose) ----------------------

const loose = opt(anyValue);
const semanticModel = obj({
  name: str,
  description: opt(str),
  label: opt(str),
  model: str,
  defaults: loose,
  entities: loose,
  measures: loose,
  dimensions: loose,
  primary_entity: opt(str),
  config: loose,
  meta: opt(map),
  tags: opt(strOrList),
});

const metric = obj({
  name: str,
  description: opt(str),
  label: opt(str),
  type: opt(str),
  type_params: loose,
  filter: loose,
  config: loose,
  meta: opt(map),
  tags: opt(strOrList),
  group: opt(str),
  time_granularity: opt(str),
  // dbt's newer metric spec (metrics declared beside models)
  agg: loose,
  expr: loose,
  percentile: loose,
  percentile_type: loose,
  non_additive_dimension: loose,
  agg_time_dimension: loose,
  join_to_timespine: loose,
  fill_nulls_with: loose,
  input_metric: loose,
  input_metrics: loose,
  numerator: loose,
  denominator: loose,
  window: loose,
  grain_to_date: loose,
  period_agg: loose,
  offset_window: loose,
  base_metric: loose,
  conversion_metric: loose,
  entity: loose,
  calculation: loose,
  constant_properties: loose,
  metrics: loose,
  measure: loose,
  hidden: opt(bool),
});

const savedQuery = obj({
  name: str,
  description: opt(str),
  label: opt(str),
  query_params: loose,
  exports: loose,
  config: loose,
  meta: opt(map),
  tags: opt(strOrList),
});

const fn = obj({
  name: str,
  description: opt(str),
  type: opt(str),
  config: loose,
  arguments: loose,
  returns: loose,
  meta: opt(map),
  tags: opt(strOrList),
});

// ---- the file ------------------------------------------------------------

const list = <T extends zod.ZodType>(item: T) => opt(z.array(item));

export const propertyFileSchema = registerRootKind(
  obj({
    version: opt(
      z.custom<2 | '2'>((v) => v === 2 || v === '2', { params: { kiln: 'message', message: "'version' must be 2", hint: 'write version: 2' }, abort: false }),
    ),
    models: list(model),
    sources: list(source),
    seeds: list(seed),
    snapshots: list(snapshot),
    macros: list(macro),
    exposures: list(exposure),
    analyses: list(analysis),
    unit_tests: list(unitTest),
    semantic_models: list(semanticModel),
    metrics: list(metric),
    saved_queries: list(savedQuery),
    groups: list(group),
    /** Properties of singular data tests (tests/*.sql). */
    data_tests: list(obj({ name: str, description: opt(str), config: opt(configSchema('tests')), docs: opt(docsSchema) })),
    functions: list(fn),
  }),
  'properties',
);

export type PropertyFile = zod.infer<typeof propertyFileSchema>;
export type ModelProperties = zod.infer<typeof model>;
export type SourceProperties = zod.infer<typeof source>;
export type SourceTableProperties = zod.infer<typeof sourceTable>;
export type ColumnProperties = zod.infer<typeof column>;
export type UnitTestProperties = zod.infer<typeof unitTest>;
export type ExposureProperties = zod.infer<typeof exposure>;
/** A test entry: `unique`, or `{accepted_values: {arguments: {…}, config: {…}}}`. */
export type TestEntry = string | Record<string, unknown>;
