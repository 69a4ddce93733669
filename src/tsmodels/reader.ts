/**
 * A reader of an upstream relation's rows, handed to TypeScript models by `ref()` and
 * `source()`. Rows stream through the adapter's cursor a batch at a time (the next
 * batch is fetched while the model works on this one); `where()` and `select()` are
 * pushed into the SQL, and `changed()` keeps only the rows an incremental run must
 * process. Readers are immutable: each method returns a new one.
 */
import { streamQuery } from '../adapters/streamQuery.js';
import type { Adapter, RelationRef } from '../adapters/types.js';
import { KilnError } from '../errors.js';
import type { ChangeTracker } from './changes.js';
import type { Row } from './types.js';

const DEFAULT_BATCH_ROWS = 10_000;

export interface ReaderSource {
  adapter: Adapter;
  /** Cancels the reader's queries with the node's other statements. */
  tag: string;
  /** `ref('orders')`: how messages and the change state name this input. */
  label: string;
  relation: RelationRef;
  changes?: ChangeTracker;
}

interface ReaderQuery {
  filters: string[];
  columns?: string[];
  changedOnly: boolean;
}

export class RelationReader<R extends Row = Row> implements AsyncIterable<R> {
  constructor(
    private readonly source: ReaderSource,
    private readonly query: ReaderQuery = { filters: [], changedOnly: false },
  ) {}

  /** The relation's name as SQL writes it. */
  get relation(): string {
    return this.source.adapter.dialect.renderRelation(this.source.relation);
  }

  /** Only rows matching a SQL condition (`"lang = 'en'"`), filtered in the warehouse. */
  where(condition: string): RelationReader<R> {
    return new RelationReader(this.source, { ...this.query, filters: [...this.query.filters, condition] });
  }

  /** Only these columns. */
  select(...columns: string[]): RelationReader<R> {
    return new RelationReader(this.source, { ...this.query, columns });
  }

  /**
   * Only the rows an incremental run has to process: new or changed since the last run
   * (by `content_hash`, else `updated_at`, else the whole row), matched by the model's
   * unique_key. On a first run or a full refresh, every row. kiln deletes the output
   * rows of input rows that changed or disappeared before inserting the new ones.
   */
  changed(): RelationReader<R> {
    return new RelationReader(this.source, { ...this.query, changedOnly: true });
  }

  /** The SELECT this reader runs. */
  async sql(): Promise<string> {
    const { adapter, changes, label, relation } = this.source;
    const dialect = adapter.dialect;
    const filters = [...this.query.filters];
    if (this.query.changedOnly && changes) {
      const changed = await changes.changedRowsFilter({ label, relation });
      if (changed) filters.push(changed);
    }
    const columns = this.query.columns?.map((c) => dialect.quoteIdentifier(c)).join(', ') ?? '*';
    const where = filters.length ? ` where ${filters.map((f) => `(${f})`).join(' and ')}` : '';
    return `select ${columns} from ${this.relation}${where}`;
  }

  /** Rows in arrays of `size` (the last one shorter). */
  async *batches(size = DEFAULT_BATCH_ROWS): AsyncGenerator<R[]> {
    if (!Number.isInteger(size) || size < 1) throw new KilnError(`batches(${String(size)}): the batch size must be a positive whole number`);
    let pending: R[] = [];
    for await (const rows of this.fetched(size)) {
      for (const row of rows) {
        pending.push(row);
        if (pending.length === size) {
          yield pending;
          pending = [];
        }
      }
    }
    if (pending.length) yield pending;
  }

  /** Rows as the warehouse hands them over. */
  private async *fetched(size: number): AsyncGenerator<R[]> {
    const { adapter, tag } = this.source;
    const sql = await this.sql();
    // Where unquoted names fold to upper case (Snowflake), a model reads `row.body` as its SQL writes `body`.
    const folded = adapter.dialect.capabilities.identifierCase === 'upper';
    for await (const batch of streamQuery(adapter.connection, sql, { tag, batchRows: size, cursors: adapter.dialect.capabilities.supportsCursors })) {
      yield toRows<R>(folded ? batch.names.map(unfoldedName) : batch.names, batch.columns, batch.rowCount);
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<R> {
    for await (const batch of this.batches()) yield* batch;
  }

  /** Every row at once (for small inputs). */
  async all(): Promise<R[]> {
    const rows: R[] = [];
    for await (const batch of this.batches()) for (const row of batch) rows.push(row);
    return rows;
  }
}

/** An upper-case plain name (`BODY`) as it was written unquoted (`body`); other names as they are. */
function unfoldedName(name: string): string {
  return /^[A-Z_][A-Z0-9_$]*$/.test(name) ? name.toLowerCase() : name;
}

function toRows<R>(names: string[], columns: unknown[][], count: number): R[] {
  const rows = new Array<R>(count);
  for (let index = 0; index < count; index++) {
    const row: Record<string, unknown> = {};
    for (let column = 0; column < names.length; column++) row[names[column]!] = columns[column]![index];
    rows[index] = row as R;
  }
  return rows;
}
