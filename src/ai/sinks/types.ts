/**
 * The vector-sink layer's boundary types. The warehouse table `<model>_embeddings`
 * is the source of truth; a sink is an external vector store that mirrors it,
 * written with the same changed-rows-only logic (see `syncVectorSink`).
 */

/** One row of `<model>_embeddings`, as a sink stores it. */
export interface VectorRow {
  /** The model's id column, stringified by kiln. */
  id: string;
  contentHash: string;
  embedding: Float32Array;
  /** The embedding model that produced `embedding`. */
  model: string;
  embeddedAt: Date;
}

export interface VectorSink {
  /** Shown in progress lines, e.g. `lancedb:/path/to/db#orders_embeddings`. */
  readonly name: string;
  /** id -> content hash of every row currently in the sink. */
  existing(): Promise<Map<string, string>>;
  /** Inserts each row, or replaces the row with the same id. */
  upsert(rows: VectorRow[]): Promise<void>;
  /** Removes the rows with these ids; ids not in the sink are ignored. */
  delete(ids: string[]): Promise<void>;
  /** Releases connections; safe to call more than once. */
  close(): Promise<void>;
}

/** Where a sync reads from: the warehouse embeddings table. */
export interface VectorSource {
  /** id -> content hash of every row in the source. */
  hashes(): Promise<Map<string, string>>;
  /** The rows for these ids (ids missing from the source are skipped), all at once or in batches. */
  vectors(ids: string[]): AsyncIterable<VectorRow[]> | Promise<VectorRow[]>;
}

export interface SinkSyncStats {
  upserted: number;
  deleted: number;
  unchanged: number;
  seconds: number;
}
