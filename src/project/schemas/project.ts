/**
 * kiln's project.yml and dbt's dbt_project.yml: the same keys (dbt's documented
 * ones), so a dbt project is read as it is. Config trees (`models:`, `seeds:`, …)
 * nest folder names that can be anything; see `configTreeSchema` for how
 * configs and folders are told apart there.
 */
import type * as zod from 'zod';
import { z } from './zod.js';
import { configTreeSchema } from './configs.js';
import { registerRootKind } from './issues.js';
import { anyValue, bool, byShape, int, isPlainObject, map, obj, opt, report, str, strList, strOrList, strOrNum } from './leaves.js';

const paths = opt(strList);

const hooks = opt(strOrList);

const dispatchEntry = obj({ macro_namespace: str, search_order: strList });

const queryCommentObject = obj({ comment: opt(str), append: opt(bool), 'job-label': opt(bool) });
const queryComment = byShape<string | zod.infer<typeof queryCommentObject>>((value, sink) => {
  if (typeof value === 'string') return undefined;
  if (isPlainObject(value)) return queryCommentObject;
  report(sink, [], { kiln: 'type', expected: 'a string or a mapping {comment, append, job-label}' });
  return undefined;
});

export const projectFileSchema = registerRootKind(
  obj({
    name: str,
    version: opt(strOrNum),
    'config-version': opt(int),
    profile: opt(str),
    'model-paths': paths,
    'source-paths': paths,
    'seed-paths': paths,
    'data-paths': paths,
    'test-paths': paths,
    'analysis-paths': paths,
    'macro-paths': paths,
    'snapshot-paths': paths,
    'docs-paths': paths,
    'asset-paths': paths,
    'function-paths': paths,
    'target-path': opt(str),
    'log-path': opt(str),
    'packages-install-path': opt(str),
    'clean-targets': paths,
    'query-comment': opt(queryComment),
    'require-dbt-version': opt(strOrList),
    quoting: opt(obj({ database: opt(bool), schema: opt(bool), identifier: opt(bool), snowflake_ignore_case: opt(bool) })),
    vars: opt(map),
    'on-run-start': hooks,
    'on-run-end': hooks,
    dispatch: opt(z.array(dispatchEntry)),
    models: opt(configTreeSchema('models')),
    seeds: opt(configTreeSchema('seeds')),
    snapshots: opt(configTreeSchema('snapshots')),
    tests: opt(configTreeSchema('tests')),
    data_tests: opt(configTreeSchema('tests')),
    sources: opt(configTreeSchema('sources')),
    unit_tests: opt(configTreeSchema('unit_tests')),
    exposures: opt(configTreeSchema('exposures')),
    analyses: opt(configTreeSchema('analyses')),
    metrics: opt(configTreeSchema('metrics')),
    'semantic-models': opt(configTreeSchema('semantic-models')),
    'saved-queries': opt(configTreeSchema('saved-queries')),
    /** dbt 1.11 user-defined functions: their configs are not checked yet. */
    functions: opt(map),
    flags: opt(map),
    'restrict-access': opt(bool),
    /** kiln: build and run with write-audit-publish by default (`kiln build --audit`). */
    audit: opt(bool),
    /** dbt Cloud's project id block; kiln ignores it. */
    'dbt-cloud': opt(anyValue),
  }),
  'project',
);

export type ProjectFile = zod.infer<typeof projectFileSchema>;
