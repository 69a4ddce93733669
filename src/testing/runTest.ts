/**
 * Run a data test node: its compiled SQL selects failing rows; kiln counts them with
 * `fail_calc` and judges `warn_if`/`error_if` by `severity`. `store_failures` keeps
 * the failing rows in the test's own relation (table or view).
 */
import type { MaterializationContext, MaterializationResult } from '../materializations/context.js';
import { relationLabel } from '../materializations/context.js';
import { textTable } from '../textTable.js';

export type TestStatus = 'pass' | 'warn' | 'fail';

export function testQuerySql(compiled: string, config: Record<string, unknown>): string {
  const failCalc = String(config['fail_calc'] ?? 'count(*)');
  const warnIf = String(config['warn_if'] ?? '!= 0');
  const errorIf = String(config['error_if'] ?? '!= 0');
  const limit = config['limit'] === null || config['limit'] === undefined ? '' : `\n  limit ${Number(config['limit'])}`;
  return `select\n  ${failCalc} as failures,\n  ${failCalc} ${warnIf} as should_warn,\n  ${failCalc} ${errorIf} as should_error\nfrom (\n  select * from (\n${compiled}\n  ) as dbt_internal_test_rows${limit}\n) dbt_internal_test`;
}

export async function runTestNode(ctx: MaterializationContext): Promise<MaterializationResult> {
  const { node, dialect } = ctx;
  const compiled = ctx.compile();
  const sql: string[] = [];
  let relationName: string | undefined;
  const storeFailures = node.config['store_failures'] === true;
  if (storeFailures) {
    const target = ctx.target;
    const as = String(node.config['store_failures_as'] ?? 'table');
    const existing = await ctx.relations.get(target);
    const statements = [dialect.createSchemaSql(target.database, target.schema)];
    if (existing && existing.type !== (as === 'view' ? 'view' : 'table')) statements.push(dialect.dropRelationSql(existing));
    statements.push(as === 'view' ? dialect.createViewAsSql(target, compiled, { config: ctx.node.config }) : dialect.createTableAsSql(target, compiled, { config: ctx.node.config }));
    await ctx.execute(statements, { transaction: true });
    await ctx.relations.set({ ...target, type: as === 'view' ? 'view' : 'table' });
    sql.push(...statements);
    relationName = ctx.render(target);
  }
  const query = testQuerySql(compiled, node.config);
  const [result] = await ctx.execute(query, { fetch: true });
  sql.push(query);
  const row = result?.rows[0] ?? [0, false, false];
  const failures = Number(row[0] ?? 0);
  const severity = String(node.config['severity'] ?? 'ERROR').toUpperCase();
  let status: TestStatus = 'pass';
  if (severity === 'ERROR' && truthy(row[2])) status = 'fail';
  else if (truthy(row[1])) status = 'warn';
  else if (severity !== 'ERROR' && truthy(row[2])) status = 'warn';
  let message = `passed ${node.name}`;
  if (status !== 'pass') {
    message = `${status === 'fail' ? 'failed' : 'warned'} ${node.name}: ${failures} failing row${failures === 1 ? '' : 's'} (severity ${severity})${relationName ? `, stored in ${relationLabel(ctx.target)}` : ''}`;
    const sample = await failingSample(ctx, compiled);
    if (sample) message += `\n${sample}`;
  }
  return { message, status, failures, sql, compiledCode: compiled, relationName };
}

const SAMPLE_ROWS = 5;

/** A few of the failing rows, as a table, so the failure can be read without opening the warehouse. */
async function failingSample(ctx: MaterializationContext, compiled: string): Promise<string | undefined> {
  const [result] = await ctx.execute(`select * from (\n${compiled}\n) as dbt_internal_test_rows order by 1 limit ${SAMPLE_ROWS + 1}`, { fetch: true });
  if (!result || !result.rows.length) return undefined;
  const shown = result.rows.slice(0, SAMPLE_ROWS);
  const more = result.rows.length > SAMPLE_ROWS ? ['… and more'] : [];
  return [`first failing rows:`, ...textTable(result.columns.map((c) => c.name), shown), ...more].join('\n');
}

function truthy(value: unknown): boolean {
  return value === true || value === 1 || value === 'true';
}
