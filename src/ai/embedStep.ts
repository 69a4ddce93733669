/**
 * The embedding post-hook: after a model with an `embed:` config builds, its rows whose
 * text changed since the last run (by content hash, and embedding model) are embedded and
 * upserted into `<model>_embeddings`; vectors of rows that are gone are deleted. Vectors
 * are written as batches finish, so when a provider fails for good, everything embedded
 * so far stays and the next build embeds only what is still missing. An external vector
 * store (`sink:`) then mirrors the warehouse table, changed rows only.
 */
import { embeddingsTableName } from './embeddingsTable.js';
import { rowsToColumns } from '../adapters/columns.js';
import { emptyTableSql } from '../adapters/emptyTable.js';
import { streamQuery } from '../adapters/streamQuery.js';
import type { Adapter, ColumnDescription, Relation, RelationRef } from '../adapters/types.js';
import { KilnError } from '../errors.js';
import { createEmbeddingProvider, embedInBatches, type EmbedConfig, type EmbedItem, type OpenAiCompatibleEmbedderOptions } from './embeddings/index.js';
import { openVectorSink, syncVectorSink, type SinkSyncStats, type VectorRow } from './sinks/index.js';

/** Rows read from the model per cursor batch. */
const READ_ROWS = 2048;
/** Vectors written per upsert; a failure loses at most the batches not yet flushed, which it flushes first. */
const WRITE_ROWS = 4096;
const SINK_READ_IDS = 1000;

export interface EmbeddingStats {
  /** Rows embedded and written this run. */
  embedded: number;
  /** Rows whose vector was already current. */
  skipped: number;
  /** Vectors removed because their row is gone (or its text is now null). */
  deleted: number;
  requests: number;
  retries: number;
  seconds: number;
  sink?: SinkSyncStats & { name: string };
}

export interface EmbeddingStepOptions {
  adapter: Adapter;
  tag: string;
  /** The model's built relation. */
  model: RelationRef;
  modelName: string;
  config: EmbedConfig;
  file: string;
  projectDir: string;
  progress(message: string): void;
  env?: Record<string, string | undefined>;
  /** Provider knobs for tests (backoff base). */
  providerOptions?: Omit<OpenAiCompatibleEmbedderOptions, 'env'>;
}

export function embeddingsRelation(model: RelationRef): Relation {
  return { ...model, identifier: embeddingsTableName(model.identifier), type: 'table' };
}

export async function runEmbeddingStep(options: EmbeddingStepOptions): Promise<{ stats: EmbeddingStats; sql: string[] }> {
  const started = performance.now();
  const { adapter, config, tag, file } = options;
  const dialect = adapter.dialect;
  const connection = adapter.connection;
  const sql: string[] = [];
  const run = async (statement: string | string[], transaction = false) => {
    const statements = Array.isArray(statement) ? statement : [statement];
    sql.push(...statements);
    return connection.execute(statements, { fetch: false, tag, transaction });
  };
  const query = async (statement: string) => (await connection.execute(statement, { tag }))[0]?.rows ?? [];
  const q = (name: string) => dialect.quoteIdentifier(name);
  const asText = (expression: string) => dialect.castSql(expression, dialect.typeName('string'));

  const modelColumns = await connection.getColumns(options.model);
  const idColumn = findColumn(modelColumns, config.id, 'id', options);
  const textColumn = findColumn(modelColumns, config.text, 'text', options);
  const embeddings = embeddingsRelation(options.model);
  const columns: ColumnDescription[] = [
    { name: idColumn.name, dataType: idColumn.dataType },
    // kiln's own columns, named as the warehouse stores an unquoted name (the SQL below writes them unquoted).
    { name: dialect.normalizeIdentifier('content_hash'), dataType: dialect.typeName('string') },
    { name: dialect.normalizeIdentifier('embedding'), dataType: dialect.vectorTypeName(config.dimensions) },
    { name: dialect.normalizeIdentifier('model'), dataType: dialect.typeName('string') },
    { name: dialect.normalizeIdentifier('embedded_at'), dataType: dialect.typeName('timestamp') },
  ];
  await ensureEmbeddingsTable(options, embeddings, columns, run);

  const modelSql = dialect.renderRelation(options.model);
  const embeddingsSql = dialect.renderRelation(embeddings);
  const id = q(idColumn.name);
  const text = q(textColumn.name);
  const hash = dialect.hashSql(asText(`m.${text}`));
  const modelName = dialect.quoteString(config.model);

  const duplicates = await query(`select ${asText(`m.${id}`)}, count(*) from ${modelSql} m where m.${text} is not null group by m.${id} having count(*) > 1 limit 3`);
  if (duplicates.length) {
    throw new KilnError(`embed: id column '${idColumn.name}' of ${options.modelName} is not unique: ${duplicates.map(([value, count]) => `${String(value)} appears ${String(count)} times`).join(', ')}`, {
      file,
      hint: 'embed.id must name a column with one row per value (the vectors are stored by it)',
    });
  }

  // Vectors of rows that are gone, then those whose text (or embedding model) changed: stale either way.
  const gone = `not exists (select 1 from ${modelSql} m where m.${id} = ${embeddingsSql}.${id} and m.${text} is not null)`;
  const deleted = (await run(`delete from ${embeddingsSql} where ${gone}`))[0]?.rowsAffected ?? 0;
  await run(`delete from ${embeddingsSql} where not exists (select 1 from ${modelSql} m where m.${id} = ${embeddingsSql}.${id} and ${embeddingsSql}.content_hash = ${hash} and ${embeddingsSql}.model = ${modelName})`);
  const changed = `from ${modelSql} m where m.${text} is not null and not exists (select 1 from ${embeddingsSql} e where e.${id} = m.${id})`;
  const [counts] = await query(`select (select count(*) ${changed}), (select count(*) from ${modelSql} m where m.${text} is not null)`);
  const toEmbed = Number(counts?.[0] ?? 0);
  const withText = Number(counts?.[1] ?? 0);
  const stats: EmbeddingStats = { embedded: 0, skipped: withText - toEmbed, deleted, requests: 0, retries: 0, seconds: 0 };

  if (toEmbed > 0) {
    const provider = createEmbeddingProvider(config, options.env ?? process.env, options.providerOptions);
    const writer = new VectorWriter(adapter, tag, embeddings, columns);
    try {
      const result = await embedInBatches(provider, changedRows(adapter, tag, `select m.${id}, ${asText(`m.${text}`)}, ${hash} ${changed}`), {
        batchSize: config.batchSize,
        concurrency: config.concurrency,
        onBatch: (items, vectors) => writer.add(items, vectors, config.model),
        onProgress: (done, _total, seconds) => options.progress(`embedding ${done.toLocaleString('en-US')} of ${toEmbed.toLocaleString('en-US')} rows, ${Math.round(done / Math.max(seconds, 1e-3)).toLocaleString('en-US')} rows/s`),
      });
      await writer.flush();
      Object.assign(stats, { embedded: writer.written, requests: result.requests, retries: result.retries });
    } catch (error) {
      // What was embedded before the failure is kept: the next build starts from there.
      await writer.flush().catch(() => {});
      throw error;
    } finally {
      await provider.close?.();
    }
  }

  if (config.sink) stats.sink = await syncSink(options, embeddings, idColumn.name);
  stats.seconds = (performance.now() - started) / 1000;
  return { stats, sql };
}

function findColumn(columns: ColumnDescription[], name: string, key: 'id' | 'text', options: EmbeddingStepOptions): ColumnDescription {
  const found = columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
  if (found) return found;
  throw new KilnError(`embed: ${key}: '${name}' is not a column of ${options.modelName} (its columns: ${columns.map((c) => c.name).join(', ')})`, {
    file: options.file,
    hint: key === 'text' ? 'embed.text names the column whose text is embedded' : 'embed.id names the column that identifies each row',
  });
}

/** Create `<model>_embeddings` when missing; rebuild it when its id or vector column no longer fits (new dimensions). */
async function ensureEmbeddingsTable(options: EmbeddingStepOptions, embeddings: Relation, columns: ColumnDescription[], run: (sql: string) => Promise<unknown>): Promise<void> {
  const existing = await options.adapter.connection.getColumns(embeddings).catch(() => [] as ColumnDescription[]);
  const normalize = (type: string | undefined) => options.adapter.dialect.canonicalTypeName(type ?? '');
  const current = new Map(existing.map((c) => [c.name.toLowerCase(), normalize(c.dataType)]));
  const typeFits = existing.length > 0 && columns.every((c) => current.has(c.name.toLowerCase())) && current.get('embedding') === normalize(columns[2]!.dataType);
  // A vector type without its length (Postgres `real[]`) fits any dimensions: the stored vectors tell.
  const stored = typeFits ? await storedDimensions(options, embeddings) : undefined;
  if (typeFits && (stored === undefined || stored === options.config.dimensions)) return;
  if (existing.length) {
    const was = stored === undefined ? `vector type ${current.get('embedding') ?? 'missing'}` : `${stored} dimensions`;
    options.progress(`${embeddings.identifier} does not fit the embedding config (${was}, now ${columns[2]!.dataType} of ${options.config.dimensions}): rebuilding it`);
  }
  await run(emptyTableSql(options.adapter.dialect, embeddings, columns));
}

/** The length of a stored vector, or undefined for an empty table. */
async function storedDimensions(options: EmbeddingStepOptions, embeddings: Relation): Promise<number | undefined> {
  const { dialect, connection } = options.adapter;
  const [result] = await connection.execute(`select ${dialect.vectorLengthSql('embedding')} from ${dialect.renderRelation(embeddings)} where embedding is not null limit 1`, { tag: options.tag });
  const value = result?.rows[0]?.[0];
  return value === undefined || value === null ? undefined : Number(value);
}

/** The rows to embed, streamed from the warehouse. */
async function* changedRows(adapter: Adapter, tag: string, sql: string): AsyncGenerator<EmbedItem<{ id: unknown; hash: string }>> {
  for await (const batch of streamQuery(adapter.connection, sql, { tag, batchRows: READ_ROWS, cursors: adapter.dialect.capabilities.supportsCursors })) {
    const [ids, texts, hashes] = batch.columns as [unknown[], unknown[], unknown[]];
    for (let index = 0; index < batch.rowCount; index++) yield { id: { id: ids[index], hash: String(hashes[index]) }, text: String(texts[index]) };
  }
}

/**
 * Finished batches → `<model>_embeddings`, a few thousand rows per write through the bulk
 * path (each write all or nothing). Stale vectors were deleted before embedding began, so
 * writing is appending.
 */
class VectorWriter {
  private buffered: unknown[][] = [];
  written = 0;

  constructor(
    private readonly adapter: Adapter,
    private readonly tag: string,
    private readonly embeddings: Relation,
    private readonly columns: ColumnDescription[],
  ) {}

  async add(items: EmbedItem<{ id: unknown; hash: string }>[], vectors: Float32Array[], model: string): Promise<void> {
    const now = new Date();
    items.forEach((item, index) => this.buffered.push([item.id.id, item.id.hash, vectors[index]!, model, now]));
    if (this.buffered.length >= WRITE_ROWS) await this.flush();
  }

  async flush(): Promise<void> {
    if (!this.buffered.length) return;
    const rows = this.buffered;
    this.buffered = [];
    const { adapter, tag } = this;
    const columns = rowsToColumns(rows);
    if (adapter.dialect.capabilities.supportsBulkAppend && adapter.connection.appendColumns) await adapter.connection.appendColumns(this.embeddings, columns);
    else await adapter.connection.execute(insertVectorsSql(adapter, this.embeddings, this.columns, rows), { fetch: false, tag });
    this.written += rows.length;
  }
}

/** Without a bulk path: vectors as array literals cast to the vector type. */
function insertVectorsSql(adapter: Adapter, relation: Relation, columns: ColumnDescription[], rows: unknown[][]): string {
  const dialect = adapter.dialect;
  const literal = (value: unknown, index: number): string => {
    if (value === null || value === undefined) return 'null';
    if (index === 2) return dialect.castSql(dialect.quoteString(`[${Array.from(value as Float32Array).join(',')}]`), columns[2]!.dataType);
    if (value instanceof Date) return dialect.timestampLiteralSql(value.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ''));
    if (typeof value === 'number') return String(value);
    return dialect.quoteString(String(value));
  };
  return `insert into ${dialect.renderRelation(relation)} values\n${rows.map((row) => `(${row.map(literal).join(', ')})`).join(',\n')}`;
}

async function syncSink(options: EmbeddingStepOptions, embeddings: Relation, idColumn: string): Promise<SinkSyncStats & { name: string }> {
  const { adapter, tag, config } = options;
  const dialect = adapter.dialect;
  const table = dialect.renderRelation(embeddings);
  const id = dialect.quoteIdentifier(idColumn);
  const idText = dialect.castSql(id, dialect.typeName('string'));
  const sink = await openVectorSink(config.sink!, { projectDir: options.projectDir, dimensions: config.dimensions, file: options.file, model: options.modelName });
  try {
    const stats = await syncVectorSink(sink, {
      hashes: async () => {
        const [result] = await adapter.connection.execute(`select ${idText}, content_hash from ${table}`, { tag });
        return new Map((result?.rows ?? []).map(([key, hash]) => [String(key), String(hash)]));
      },
      vectors: async function* (ids: string[]) {
        for (let start = 0; start < ids.length; start += SINK_READ_IDS) {
          const list = ids.slice(start, start + SINK_READ_IDS).map((value) => dialect.quoteString(value)).join(', ');
          const [result] = await adapter.connection.execute(`select ${idText}, content_hash, embedding, model, embedded_at from ${table} where ${idText} in (${list})`, { tag });
          yield (result?.rows ?? []).map(
            ([key, hash, vector, model, at]): VectorRow => ({ id: String(key), contentHash: String(hash), embedding: Float32Array.from(vector as number[]), model: String(model), embeddedAt: new Date(`${String(at)}Z`) }),
          );
        }
      },
    });
    return { ...stats, name: sink.name };
  } finally {
    await sink.close();
  }
}
