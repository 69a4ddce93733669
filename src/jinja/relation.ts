/**
 * dbt's `api.Relation`: what `ref()`, `source()` and `this` return. Prints as the
 * quoted relation name, and offers the methods macros call on it.
 */
import type { AdapterDialect, RelationType } from '../adapters/types.js';
import { MAPPING_OBJECT } from './compat/runtime/python-values.js';

type Part = 'database' | 'schema' | 'identifier';

/** The CTE name an ephemeral model renders as: `__dbt__cte__<name>`, as in dbt. */
export const EPHEMERAL_PREFIX = '__dbt__cte__';
type PartFlags = Record<Part, boolean>;

export class Relation {
  readonly database: string;
  readonly schema: string;
  readonly identifier: string;
  readonly type: RelationType | null;
  readonly include_policy: PartFlags;
  readonly quote_policy: PartFlags;
  /** Set for ephemeral models: the CTE name it renders as. */
  readonly cte_name: string | null;
  readonly limit: number | null;
  readonly event_time_filter: { field_name: string; start?: string; end?: string } | null;
  private readonly dialect: AdapterDialect;
  /** dbt's Relation is a Mapping: `is mapping` holds and `.get()` works (dbt_utils._is_relation relies on both). */
  readonly [MAPPING_OBJECT] = true;

  constructor(
    dialect: AdapterDialect,
    parts: { database?: string | null; schema?: string | null; identifier?: string | null; type?: RelationType | null },
    options: { include?: Partial<PartFlags>; quote?: Partial<PartFlags>; cteName?: string | null; limit?: number | null; eventTimeFilter?: Relation['event_time_filter'] } = {},
  ) {
    this.dialect = dialect;
    this.database = parts.database ?? '';
    this.schema = parts.schema ?? '';
    this.identifier = parts.identifier ?? '';
    this.type = parts.type ?? null;
    this.include_policy = { database: true, schema: true, identifier: true, ...options.include };
    this.quote_policy = { database: true, schema: true, identifier: true, ...options.quote };
    this.cte_name = options.cteName ?? null;
    this.limit = options.limit ?? null;
    this.event_time_filter = options.eventTimeFilter ?? null;
  }

  get name(): string {
    return this.identifier;
  }
  get table(): string {
    return this.identifier;
  }
  get is_table(): boolean {
    return this.type === 'table';
  }
  get is_view(): boolean {
    return this.type === 'view';
  }
  get is_materialized_view(): boolean {
    return this.type === 'materialized_view';
  }
  get is_cte(): boolean {
    return this.type === 'cte';
  }
  get is_pointer(): boolean {
    return (this.type as string | null) === 'pointer_table';
  }
  get is_function(): boolean {
    return (this.type as string | null) === 'function';
  }
  /** dbt-duckdb registers no relation types as renameable or replaceable (its materializations rename by statement). */
  get can_be_renamed(): boolean {
    return false;
  }
  get can_be_replaced(): boolean {
    return false;
  }
  /** `relation.quoted('x')`: an identifier in the warehouse's quotes. */
  quoted(identifier: string): string {
    return this.dialect.quoteIdentifier(String(identifier));
  }
  /** The relation with only its --empty/sample limit applied (render() applies the event-time filter too). */
  render_limited(): string {
    return this.with({}, { eventTimeFilter: null }).render();
  }
  /** The relation with only its microbatch event-time filter applied. */
  render_event_time_filtered(): string {
    return this.with({}, { limit: null }).render();
  }
  get path(): Record<Part, string> {
    return { database: this.database, schema: this.schema, identifier: this.identifier };
  }

  private with(changes: ConstructorParameters<typeof Relation>[1], options: ConstructorParameters<typeof Relation>[2] = {}): Relation {
    return new Relation(
      this.dialect,
      { database: this.database, schema: this.schema, identifier: this.identifier, type: this.type, ...changes },
      {
        include: { ...this.include_policy, ...options.include },
        quote: { ...this.quote_policy, ...options.quote },
        cteName: options.cteName !== undefined ? options.cteName : this.cte_name,
        limit: options.limit !== undefined ? options.limit : this.limit,
        eventTimeFilter: options.eventTimeFilter !== undefined ? options.eventTimeFilter : this.event_time_filter,
      },
    );
  }

  /** `relation.include(database=False)` */
  include(kwargs: Partial<PartFlags> = {}): Relation {
    return this.with({}, { include: stripKeywords(kwargs) });
  }
  quote(kwargs: Partial<PartFlags> = {}): Relation {
    return this.with({}, { quote: stripKeywords(kwargs) });
  }
  incorporate(kwargs: { path?: Partial<Record<Part, string>>; type?: RelationType } = {}): Relation {
    const args = stripKeywords(kwargs);
    return this.with({ ...(args.path ?? {}), ...(args.type ? { type: args.type } : {}) });
  }
  withIdentifier(identifier: string): Relation {
    return this.with({ identifier });
  }
  /** The schema as a relation (`create schema {{ relation.without_identifier() }}`). */
  without_identifier(): Relation {
    return this.with({}, { include: { identifier: false } });
  }
  replace_path(kwargs: Partial<Record<Part, string>> = {}): Relation {
    return this.with(stripKeywords(kwargs));
  }
  /** The database's information schema, as a relation to select from (`{{ relation.information_schema('tables') }}`). */
  information_schema(view?: string): Relation {
    return new Relation(this.dialect, { database: this.database, schema: 'information_schema', identifier: view ?? '' }, { include: { identifier: view !== undefined }, quote: { identifier: false, schema: false } });
  }
  /** The information schema with no view named: what dbt groups relations by when it reads the catalog. */
  information_schema_only(): Relation {
    return this.information_schema();
  }
  /** dbt's InformationSchema `.replace(information_schema_view='SCHEMATA')`: the same schema, another view; else the parts given. */
  replace(kwargs: Partial<Record<Part, string>> & { information_schema_view?: string } = {}): Relation {
    const { information_schema_view: view, ...parts } = stripKeywords(kwargs);
    if (view === undefined) return this.with(parts);
    return this.with({ ...parts, identifier: view }, { include: { identifier: true } });
  }
  /** dbt's `relation.matches(database=…, schema=…, identifier=…)`: every part given equals this one's. */
  matches(kwargs: Partial<Record<Part, string | null>> = {}): boolean {
    const parts = stripKeywords(kwargs);
    return (['database', 'schema', 'identifier'] as Part[]).every((part) => parts[part] == null || String(parts[part]).toLowerCase() === this[part].toLowerCase());
  }
  /** Relations are equal when they name the same object (Python's `==` on dbt relations). */
  valueOf(): string {
    return this.render();
  }

  render(): string {
    if (this.cte_name) return this.cte_name; // CTE names are kiln's own, always plain identifiers
    const rendered = this.dialect.renderRelation(
      {
        database: this.include_policy.database ? this.database : '',
        schema: this.include_policy.schema ? this.schema : '',
        identifier: this.include_policy.identifier ? this.identifier : '',
      },
      this.quote_policy,
    );
    if (this.event_time_filter) {
      const f = this.event_time_filter;
      const conditions: string[] = [];
      if (f.start) conditions.push(`${f.field_name} >= '${f.start}'`);
      if (f.end) conditions.push(`${f.field_name} < '${f.end}'`);
      // Aliased as dbt does: Postgres before 16 refuses a subquery in FROM without a name.
      if (conditions.length) return `(select * from ${rendered} where ${conditions.join(' and ')}) _dbt_et_filter_subq_${this.identifier}`;
    }
    if (this.limit !== null) return `(select * from ${rendered} limit ${this.limit}) _dbt_limit_subq_${this.identifier}`;
    return rendered;
  }

  toString(): string {
    return this.render();
  }

  toJSON(): Record<string, unknown> {
    return { database: this.database, schema: this.schema, identifier: this.identifier, type: this.type };
  }

  /** Mapping access as dbt's: its fields, and `metadata` naming the relation class (`DuckdbRelation`). */
  get(key: string, fallback: unknown = null): unknown {
    if (key === 'metadata') return { type: `${this.dialect.type.charAt(0).toUpperCase()}${this.dialect.type.slice(1)}Relation` };
    const fields: Record<string, unknown> = { path: this.path, type: this.type, include_policy: this.include_policy, quote_policy: this.quote_policy, limit: this.limit };
    return key in fields ? fields[key] : fallback;
  }
}

/** nunjucks passes keyword arguments as a trailing object flagged `__keywords`. */
export function stripKeywords<T extends object>(kwargs: T): T {
  if (kwargs && typeof kwargs === 'object' && '__keywords' in kwargs) {
    const { __keywords: _ignored, ...rest } = kwargs as T & { __keywords?: boolean };
    return rest as T;
  }
  return kwargs;
}

/** dbt's relation type names, on `api.Relation` and read off a relation (`this.incorporate(type=this.MaterializedView)`). */
export const RELATION_TYPE_NAMES: Readonly<Record<string, string>> = { Table: 'table', View: 'view', CTE: 'cte', External: 'external', MaterializedView: 'materialized_view', PointerTable: 'pointer_table', Function: 'function' };
for (const [name, type] of Object.entries(RELATION_TYPE_NAMES)) Object.defineProperty(Relation.prototype, name, { get: () => type });
