/** The context object a TypeScript model's function receives. */
import type { Adapter, RelationRef } from '../adapters/types.js';
import { KilnError } from '../errors.js';
import type { ChangeTracker } from './changes.js';
import { RelationReader } from './reader.js';
import type { ModelContext, ModelTarget } from './types.js';

export interface ModelContextOptions {
  adapter: Adapter;
  tag: string;
  file: string;
  /** Resolve a ref to its relation (throws for an unknown model). */
  ref(name: string, packageName?: string): RelationRef & { type?: string | null };
  source(sourceName: string, tableName: string): RelationRef;
  /** The var's value, or undefined when unset. */
  varValue(name: string): unknown;
  target: ModelTarget;
  thisRelation: string;
  /** This model's table as it stands before the build, when there is one to read. */
  previous?: RelationRef;
  projectDir: string;
  incremental: boolean;
  changes?: ChangeTracker;
  log(message: string): void;
}

export function createModelContext(options: ModelContextOptions): ModelContext {
  const { adapter, tag, changes, file } = options;
  // A plain copy: the relation crosses to the adapter's worker thread.
  const reader = (label: string, { database, schema, identifier }: RelationRef, track = changes) => new RelationReader({ adapter, tag, label, relation: { database, schema, identifier }, changes: track });
  return {
    ref(first: string, second?: string) {
      const label = second === undefined ? `ref('${first}')` : `ref('${first}', '${second}')`;
      const relation = second === undefined ? options.ref(first) : options.ref(second, first);
      if (relation.type === 'cte') {
        throw new KilnError(`${label} is an ephemeral model, which has no table a TypeScript model could read`, { file, hint: "materialize it as a view or table (config materialized: 'view')" });
      }
      return reader(label, relation);
    },
    source(sourceName: string, tableName: string) {
      return reader(`source('${sourceName}', '${tableName}')`, options.source(sourceName, tableName));
    },
    var<T>(name: string, ...fallback: [T?]): T {
      const value = options.varValue(name);
      if (value !== undefined) return value as T;
      if (fallback.length) return fallback[0] as T;
      throw new KilnError(`required var '${name}' is not set`, { file, hint: `define it under 'vars:' in the project file, pass --vars '{${name}: …}', or give a default: ctx.var('${name}', 'default')` });
    },
    target: options.target,
    this: options.thisRelation,
    previous: () => (options.previous ? reader('previous()', options.previous, undefined) : undefined),
    projectDir: options.projectDir,
    isIncremental: () => options.incremental,
    log: (message: string) => options.log(String(message)),
  } as ModelContext;
}
