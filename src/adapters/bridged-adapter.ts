/**
 * The main-thread `Adapter`: the dialect's pure methods, plus the async and
 * blocking connection proxies of the bridge worker that owns the connection.
 */
import type { AdapterWorker } from './bridge/adapter-worker.js';
import type {
  Adapter,
  AdapterCapabilities,
  AdapterConnection,
  AdapterDialect,
  ColumnDescription,
  Relation,
  RelationRef,
  SyncAdapterConnection,
} from './types.js';

export class BridgedAdapter implements Adapter {
  readonly connection: AdapterConnection;
  readonly syncConnection: SyncAdapterConnection;

  constructor(
    readonly dialect: AdapterDialect,
    private readonly worker: AdapterWorker,
  ) {
    this.connection = worker.connection;
    this.syncConnection = worker.syncConnection;
  }

  get type(): string {
    return this.dialect.type;
  }
  get capabilities(): AdapterCapabilities {
    return this.dialect.capabilities;
  }
  quoteIdentifier(identifier: string): string {
    return this.dialect.quoteIdentifier(identifier);
  }
  quoteString(value: string): string {
    return this.dialect.quoteString(value);
  }
  renderRelation(relation: RelationRef, quoting?: Partial<Record<'database' | 'schema' | 'identifier', boolean>>): string {
    return this.dialect.renderRelation(relation, quoting);
  }
  normalizeIdentifier(identifier: string): string {
    return this.dialect.normalizeIdentifier(identifier);
  }
  typeName(portable: string): string {
    return this.dialect.typeName(portable);
  }
  currentTimestampSql(): string {
    return this.dialect.currentTimestampSql();
  }
  createSchemaSql(database: string, schema: string): string {
    return this.dialect.createSchemaSql(database, schema);
  }
  dropRelationSql(relation: Relation): string {
    return this.dialect.dropRelationSql(relation);
  }
  renameRelationSql(from: Relation, toIdentifier: string): string {
    return this.dialect.renameRelationSql(from, toIdentifier);
  }
  createTableAsSql(relation: RelationRef, selectSql: string, options?: { temporary?: boolean; contractColumns?: ColumnDescription[] }): string {
    return this.dialect.createTableAsSql(relation, selectSql, options);
  }
  createViewAsSql(relation: RelationRef, selectSql: string): string {
    return this.dialect.createViewAsSql(relation, selectSql);
  }
  limitZeroSql(selectSql: string): string {
    return this.dialect.limitZeroSql(selectSql);
  }
  hashSql(expression: string): string {
    return this.dialect.hashSql(expression);
  }
  concatSql(expressions: string[]): string {
    return this.dialect.concatSql(expressions);
  }
  castSql(expression: string, typeName: string): string {
    return this.dialect.castSql(expression, typeName);
  }

  close(): Promise<void> {
    return this.worker.close();
  }
}
