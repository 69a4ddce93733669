/**
 * Model contracts (`contract: {enforced: true}`): the compiled query's columns must
 * match the declared names and types, and the table is created with the declared
 * constraints where the warehouse enforces them.
 */
import type { ColumnDescription, RelationRef } from '../adapters/types.js';
import { KilnError } from '../errors.js';
import type { MaterializationContext } from './context.js';

interface Constraint {
  type: string;
  expression?: string;
}

export function contractEnforced(ctx: MaterializationContext): boolean {
  const contract = (ctx.node.config['contract'] ?? ctx.node.contract) as { enforced?: boolean } | undefined;
  return Boolean(contract?.enforced);
}

/** Check the query's columns against the contract; returns the declared columns in declared order. */
export async function checkContract(ctx: MaterializationContext, selectSql: string): Promise<ColumnDescription[]> {
  const declared = Object.values(ctx.node.columns);
  const file = ctx.node.patch_path?.replace(/^[^:]*:\/\//, '') ?? ctx.node.original_file_path;
  const missingType = declared.filter((c) => !c.data_type).map((c) => c.name);
  if (missingType.length) {
    throw new KilnError(`model '${ctx.node.name}' has an enforced contract but no data_type for: ${missingType.join(', ')}`, { file, hint: 'give every column a data_type in the model YAML' });
  }
  const actual = await ctx.queryColumns(selectSql);
  const actualByName = new Map(actual.map((c) => [c.name.toLowerCase(), c]));
  const declaredNames = new Set(declared.map((c) => c.name.toLowerCase()));
  const problems: string[] = [];
  for (const column of declared) {
    const found = actualByName.get(column.name.toLowerCase());
    if (!found) problems.push(`column '${column.name}' is declared but the query does not return it`);
    else if (ctx.dialect.canonicalTypeName(found.dataType) !== ctx.dialect.canonicalTypeName(ctx.dialect.typeName(column.data_type!))) {
      problems.push(`column '${column.name}' is ${found.dataType} in the query but ${column.data_type} in the contract`);
    }
  }
  for (const column of actual) if (!declaredNames.has(column.name.toLowerCase())) problems.push(`column '${column.name}' is returned by the query but not declared`);
  if (problems.length) {
    throw new KilnError(`model '${ctx.node.name}' breaks its contract:\n  - ${problems.join('\n  - ')}`, { file, hint: 'change the query or the columns declared in the model YAML' });
  }
  // As dbt: a column is the warehouse's unquoted name (upper case on Snowflake) unless its YAML says `quote: true`.
  const stored = (c: (typeof declared)[number]) => (c.quote ? c.name : ctx.dialect.normalizeIdentifier(c.name));
  return declared.map((c) => ({ name: stored(c), dataType: ctx.dialect.typeName(c.data_type!), nullable: !(c.constraints as Constraint[]).some((k) => k.type === 'not_null') }));
}

/** CREATE TABLE with typed columns and supported constraints, then INSERT the query. */
export function contractTableSql(ctx: MaterializationContext, relation: RelationRef, selectSql: string, columns: ColumnDescription[]): string[] {
  const caps = ctx.dialect.capabilities.supportsConstraints;
  const q = (s: string) => ctx.dialect.quoteIdentifier(s);
  const byName = new Map(Object.values(ctx.node.columns).map((c) => [c.name.toLowerCase(), c]));
  const definitions = columns.map((column) => {
    const parts = [q(column.name), column.dataType];
    for (const constraint of (byName.get(column.name.toLowerCase())?.constraints ?? []) as Constraint[]) {
      if (constraint.type === 'not_null' && caps.notNull) parts.push('NOT NULL');
      else if (constraint.type === 'primary_key' && caps.primaryKey) parts.push('PRIMARY KEY');
      else if (constraint.type === 'unique' && caps.unique) parts.push('UNIQUE');
      else if (constraint.type === 'check' && caps.check && constraint.expression) parts.push(`CHECK (${constraint.expression})`);
    }
    return parts.join(' ');
  });
  for (const constraint of (ctx.node.constraints ?? ctx.node.config['constraints'] ?? []) as (Constraint & { columns?: string[] })[]) {
    const cols = (constraint.columns ?? []).map(q).join(', ');
    if (constraint.type === 'primary_key' && caps.primaryKey && cols) definitions.push(`PRIMARY KEY (${cols})`);
    else if (constraint.type === 'unique' && caps.unique && cols) definitions.push(`UNIQUE (${cols})`);
    else if (constraint.type === 'check' && caps.check && constraint.expression) definitions.push(`CHECK (${constraint.expression})`);
  }
  const target = ctx.dialect.renderRelation(relation);
  const names = columns.map((c) => q(c.name)).join(', ');
  return [
    ctx.dialect.createTableSql(relation, definitions, { config: ctx.node.config }),
    `INSERT INTO ${target} (${names})\nSELECT ${names} FROM (\n${selectSql}\n) AS kiln_contract_subquery`,
  ];
}
