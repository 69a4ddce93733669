/**
 * What a TypeScript model sees: the context its function receives. These types are
 * exported from the `kiln` package (`import type { ModelContext } from 'kiln'`).
 */
import type { RelationReader } from './reader.js';

export type Row = Record<string, unknown>;

export interface ModelTarget {
  name: string;
  type: string;
  schema: string;
  database: string;
  threads: number;
}

export interface ModelContext {
  /** Rows of another model, streamed in batches. */
  ref<R extends Row = Row>(name: string): RelationReader<R>;
  ref<R extends Row = Row>(packageName: string, name: string): RelationReader<R>;
  /** Rows of a source table. */
  source<R extends Row = Row>(sourceName: string, tableName: string): RelationReader<R>;
  /** A project or command-line var; `fallback` when it is unset (an error without one). */
  var<T = unknown>(name: string, fallback?: T): T;
  /** The profile target this run builds into. */
  target: ModelTarget;
  /** The project's folder (absolute): where relative paths in vars are meant from. */
  projectDir: string;
  /** This model's relation, as SQL names it (`"main"."chunks"`). */
  this: string;
  /**
   * This model's rows from its last build, or undefined on the first build and with
   * --full-refresh: for reusing expensive work, such as text extracted from files that did
   * not change. The table is still the old one while the model runs.
   */
  previous<R extends Row = Row>(): RelationReader<R> | undefined;
  /** True when the model is incremental, its table exists, and no full refresh was asked for. */
  isIncremental(): boolean;
  /** A line in kiln's output, under the model's name. */
  log(message: string): void;
}

/** What the model function returns: rows, or batches of rows, at once or as they come. */
export type ModelOutput = Iterable<Row | Row[]> | AsyncIterable<Row | Row[]> | Promise<Iterable<Row | Row[]>>;
