/**
 * A LanceDB vector sink: one LanceDB table mirroring `<model>_embeddings`.
 * `@lancedb/lancedb` and `apache-arrow` are optional peer dependencies, loaded
 * only when a project configures this sink.
 *
 * Table layout: id Utf8, content_hash Utf8, vector FixedSizeList<Float32>(n),
 * model Utf8, embedded_at Timestamp(µs, UTC).
 */
import path from 'node:path';
import type * as LanceDb from '@lancedb/lancedb';
import type * as Arrow from 'apache-arrow';
import { KilnError } from '../../errors.js';
import type { VectorRow, VectorSink } from './types.js';

export interface LanceDbSinkOptions {
  /** A local folder (relative paths resolve against `projectDir`) or a LanceDB URI such as `s3://bucket/db`. */
  uri: string;
  table: string;
  /** Length of every vector; the table's vector column is fixed to it. */
  dimensions: number;
  projectDir: string;
  /** The file errors point at: the model (or project file) that configured the sink. */
  file: string;
}

export const LANCEDB_INSTALL_COMMAND = 'npm install @lancedb/lancedb apache-arrow';

/** How many ids one `delete` predicate names, so a predicate stays a reasonable size. */
export const LANCEDB_DELETE_CHUNK = 500;

/** LanceDB's own rule for table names (it panics on others rather than returning an error). */
const TABLE_NAME = /^[A-Za-z0-9_.-]+$/;

const VECTOR_COLUMN = 'vector';

interface LanceDbModules {
  lancedb: typeof LanceDb;
  arrow: typeof Arrow;
}

async function loadLanceDb(file: string): Promise<LanceDbModules> {
  try {
    const [lancedb, arrow] = await Promise.all([import('@lancedb/lancedb'), import('apache-arrow')]);
    return { lancedb, arrow };
  } catch (cause) {
    const missing = isModuleNotFound(cause);
    throw new KilnError(`the lancedb sink needs the package @lancedb/lancedb: ${LANCEDB_INSTALL_COMMAND}`, {
      file,
      hint: missing
        ? 'both are optional dependencies of kiln; install them in the project that runs kiln'
        : `it is installed but failed to load: ${firstLine(cause)}`,
      cause,
    });
  }
}

/** ESM's ERR_MODULE_NOT_FOUND or CommonJS's MODULE_NOT_FOUND (lancedb `require`s apache-arrow), here or in a cause. */
function isModuleNotFound(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return true;
  }
  return false;
}

/** A local path resolved against the project, or a URI (`s3://…`, `db://…`) as given. */
export function resolveLanceDbUri(uri: string, projectDir: string): string {
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(uri)) return uri;
  return path.resolve(projectDir, uri);
}

/** A SQL string literal for a LanceDB (DataFusion) predicate: single quotes doubled, backslashes literal. */
export function lanceDbStringLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** `id IN (…)` predicates covering `ids`, at most `chunk` ids each. */
export function lanceDbIdPredicates(ids: string[], chunk = LANCEDB_DELETE_CHUNK): string[] {
  const predicates: string[] = [];
  for (let start = 0; start < ids.length; start += chunk) {
    predicates.push(`id IN (${ids.slice(start, start + chunk).map(lanceDbStringLiteral).join(', ')})`);
  }
  return predicates;
}

function sinkSchema(arrow: typeof Arrow, dimensions: number): Arrow.Schema {
  return new arrow.Schema([
    new arrow.Field('id', new arrow.Utf8(), false),
    new arrow.Field('content_hash', new arrow.Utf8(), false),
    new arrow.Field(VECTOR_COLUMN, new arrow.FixedSizeList(dimensions, new arrow.Field('item', new arrow.Float32(), true)), false),
    new arrow.Field('model', new arrow.Utf8(), false),
    new arrow.Field('embedded_at', new arrow.Timestamp(arrow.TimeUnit.MICROSECOND, 'UTC'), false),
  ]);
}

export async function openLanceDbSink(options: LanceDbSinkOptions): Promise<VectorSink> {
  const { table: tableName, dimensions, file } = options;
  if (!TABLE_NAME.test(tableName)) {
    throw new KilnError(`the lancedb sink table name '${tableName}' is not valid`, {
      file,
      hint: 'LanceDB table names may only contain letters, digits, underscores, hyphens and periods',
    });
  }
  if (!Number.isInteger(dimensions) || dimensions < 1) {
    throw new KilnError(`the lancedb sink needs a positive whole number of dimensions, got ${dimensions}`, { file });
  }
  const { lancedb, arrow } = await loadLanceDb(file);
  const uri = resolveLanceDbUri(options.uri, options.projectDir);
  const name = `lancedb:${uri}#${tableName}`;
  const fail = (what: string, cause: unknown): KilnError =>
    new KilnError(`${name}: ${what}: ${firstLine(cause)}`, { file, cause });

  let db: LanceDb.Connection;
  try {
    db = await lancedb.connect(uri);
  } catch (cause) {
    throw fail('could not open the database', cause);
  }
  const schema = sinkSchema(arrow, dimensions);
  let table: LanceDb.Table;
  try {
    // Not createEmptyTable(…, { existOk: true }): on an existing table with another schema
    // it fails with a bare "schema does not match"; checkSchema says what differs.
    table = (await hasTable(db, tableName))
      ? await db.openTable(tableName)
      : await db.createEmptyTable(tableName, schema);
  } catch (cause) {
    db.close();
    throw fail('could not open or create the table', cause);
  }
  try {
    checkSchema(await table.schema(), schema, { name, file, dimensions });
  } catch (error) {
    table.close();
    db.close();
    throw error instanceof KilnError ? error : fail('could not read the table schema', error);
  }

  let closed = false;
  return {
    name,

    async existing() {
      const hashes = new Map<string, string>();
      try {
        for await (const batch of table.query().select(['id', 'content_hash'])) {
          const ids = batch.getChild('id');
          const contentHashes = batch.getChild('content_hash');
          if (!ids || !contentHashes) continue;
          for (let i = 0; i < batch.numRows; i++) {
            const id: unknown = ids.get(i);
            const hash: unknown = contentHashes.get(i);
            if (typeof id === 'string' && typeof hash === 'string') hashes.set(id, hash);
          }
        }
      } catch (cause) {
        throw fail('could not read the ids in the table', cause);
      }
      return hashes;
    },

    async upsert(rows) {
      if (rows.length === 0) return;
      // One source row per id: LanceDB rejects a merge where two source rows match one target row.
      const byId = new Map<string, VectorRow>();
      for (const row of rows) {
        if (row.embedding.length !== dimensions) {
          throw new KilnError(
            `${name}: the vector for id '${row.id}' has ${row.embedding.length} dimensions, the table holds ${dimensions}`,
            { file },
          );
        }
        byId.set(row.id, row);
      }
      const records = [...byId.values()].map((row) => ({
        id: row.id,
        content_hash: row.contentHash,
        [VECTOR_COLUMN]: row.embedding,
        model: row.model,
        embedded_at: row.embeddedAt,
      }));
      try {
        const data = lancedb.makeArrowTable(records, { schema });
        await table.mergeInsert('id').whenMatchedUpdateAll().whenNotMatchedInsertAll().execute(data);
      } catch (cause) {
        throw fail('could not write vectors', cause);
      }
    },

    async delete(ids) {
      try {
        for (const predicate of lanceDbIdPredicates([...new Set(ids)])) await table.delete(predicate);
      } catch (cause) {
        throw fail('could not delete rows', cause);
      }
    },

    async close() {
      if (closed) return;
      closed = true;
      table.close();
      db.close();
    },
  };
}

async function hasTable(db: LanceDb.Connection, name: string): Promise<boolean> {
  const pageSize = 1000;
  let startAfter: string | undefined;
  for (;;) {
    const names = await db.tableNames(startAfter === undefined ? { limit: pageSize } : { startAfter, limit: pageSize });
    if (names.includes(name)) return true;
    // Names come in lexicographic order: past `name`, or the last page, means it is not there.
    const last = names.at(-1);
    if (last === undefined || names.length < pageSize || last > name) return false;
    startAfter = last;
  }
}

/**
 * The existing table must have kiln's columns; a different vector length gets
 * its own message since it is the likely cause (a changed embedding model).
 */
function checkSchema(
  actual: Arrow.Schema,
  expected: Arrow.Schema,
  where: { name: string; file: string; dimensions: number },
): void {
  const hint = `drop the LanceDB table (or delete its folder) so kiln recreates it, or set the sink's \`table:\` to a new table name`;
  const vector = actual.fields.find((f) => f.name === VECTOR_COLUMN);
  // Compare by type ids and strings, not instanceof: LanceDB (CommonJS) and kiln (ESM)
  // may each load their own copy of apache-arrow.
  if (vector && vector.type.typeId === expected.fields.find((f) => f.name === VECTOR_COLUMN)!.type.typeId) {
    const listSize = (vector.type as Arrow.FixedSizeList).listSize;
    if (listSize !== where.dimensions) {
      throw new KilnError(
        `${where.name}: the existing table holds ${listSize}-dimensional vectors, but the embeddings have ${where.dimensions} dimensions`,
        { file: where.file, hint },
      );
    }
  }
  const problems: string[] = [];
  for (const field of expected.fields) {
    const found = actual.fields.find((f) => f.name === field.name);
    if (!found) problems.push(`no column ${field.name}`);
    else if (String(found.type) !== String(field.type)) {
      problems.push(`column ${field.name} is ${String(found.type)}, expected ${String(field.type)}`);
    }
  }
  if (problems.length > 0) {
    throw new KilnError(`${where.name}: the existing table does not have kiln's layout (${problems.join('; ')})`, {
      file: where.file,
      hint,
    });
  }
}

/** The first line of an error's message, without LanceDB's Rust source locations and cause chain. */
function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split(/\n|\s{2}Caused by:/)[0]!.replace(/, \/\S+:\d+:\d+$/, '').trim();
}
