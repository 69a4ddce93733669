/**
 * TypeScript models: kiln runs the model's function with a context of readers, writes
 * the rows it produces into a table built beside the target, and puts that in place
 * with the node's hooks in one transaction, like a SQL table. An incremental model
 * replaces, in one transaction, the output rows of every input key that changed, was
 * added or disappeared (or, without changed(), of every key it produced), and moves its
 * change state forward with them. A failure leaves the old table and the old state.
 */
import type { ColumnDescription, RelationRef } from '../adapters/types.js';
import { KilnError } from '../errors.js';
import { ChangeTracker, DELTA_SUFFIX, STATE_SUFFIX } from '../tsmodels/changes.js';
import { createModelContext } from '../tsmodels/context.js';
import { errorInModel, importModelFunction, type ModelFile } from '../tsmodels/loader.js';
import { RowWriter } from '../tsmodels/rowWriter.js';
import type { Row } from '../tsmodels/types.js';
import type { MaterializationContext, MaterializationResult } from './context.js';
import { relationLabel } from './context.js';
import { contractEnforced, contractTableSql } from './contracts.js';
import { runWithHooks } from './hooks.js';
import { besideTarget, swapInSql, TEMP_SUFFIX } from './table.js';

export async function materializeTypeScript(ctx: MaterializationContext): Promise<MaterializationResult> {
  const { node, adapter, dialect } = ctx;
  const target = ctx.target;
  const file = node.original_file_path;
  const model: ModelFile = { absPath: node.abs_path, file, projectRoot: ctx.runtime.project.root };
  const existing = await ctx.relations.get(target);
  const isIncrementalModel = node.config.materialized === 'incremental';
  const incremental = isIncrementalModel && existing?.type === 'table' && !ctx.fullRefresh;
  const staging = besideTarget(target, TEMP_SUFFIX);
  const state = besideTarget(target, STATE_SUFFIX);
  const delta = besideTarget(target, DELTA_SUFFIX);
  const key = uniqueKeyOf(node.config['unique_key'], file);
  const changes = isIncrementalModel
    ? new ChangeTracker({ adapter, tag: ctx.tag, state, delta, key, incremental, stateExists: Boolean(await ctx.relations.get(state)), file })
    : undefined;
  const contract = contractEnforced(ctx);
  const writer = new RowWriter({
    adapter,
    tag: ctx.tag,
    relation: staging,
    declared: Object.values(node.columns),
    contract,
    file,
    // With a contract the table is created with its declared types and constraints.
    createSql: contract ? (columns) => [contractTableSql(ctx, staging, '', columns)[0]!] : undefined,
  });
  const bindings = ctx.compiler.bindings(node, { mode: 'execute', isIncremental: () => incremental }, []);
  const context = createModelContext({
    adapter,
    tag: ctx.tag,
    file,
    ref: (name, packageName) => bindings.ref!({ name, ...(packageName ? { package: packageName } : {}) }),
    source: (sourceName, tableName) => bindings.source!(sourceName, tableName),
    varValue: (name) => ctx.runtime.varValue(node.package_name, name),
    target: targetOf(ctx),
    thisRelation: ctx.render(target),
    previous: existing?.type === 'table' && !ctx.fullRefresh ? target : undefined,
    projectDir: ctx.runtime.project.root,
    incremental,
    changes,
    log: (message) => ctx.reporter.log(message),
  });

  const cleanUp = [dialect.dropRelationSql(staging), ...(changes ? [dialect.dropRelationSql(delta)] : [])];
  await ctx.execute(cleanUp); // leftovers of a run that was killed
  try {
    const run = await importModelFunction(model, node.checksum.checksum);
    await writeOutput(() => run(context), writer, model);
    const { rows, columns } = await writer.finish();
    const statements = incremental
      ? await incrementalSql(ctx, { staging, columns, key, changes })
      : fullBuildSql(ctx, { columns, existing, changes, state, file });
    const result = await runWithHooks(ctx, statements);
    await ctx.relations.set({ ...target, type: 'table' });
    if (changes?.active) await ctx.relations.set(state);
    const message = incremental ? `INSERT ${rows} into ${relationLabel(target)}` : `created table ${relationLabel(target)}`;
    return { message, rowsAffected: rows, sql: [...writer.sql, ...result.sql], compiledCode: node.compiled_code, relationName: ctx.render(target) };
  } finally {
    await ctx.execute(cleanUp).catch(() => {});
  }
}

/** Run the model and write what it returns or yields: rows, or arrays of rows. */
async function writeOutput(run: () => unknown, writer: RowWriter, model: ModelFile): Promise<void> {
  try {
    const output = await run();
    if (output === undefined || output === null) return;
    const items = output as Iterable<unknown> & AsyncIterable<unknown>;
    if (typeof items[Symbol.asyncIterator] === 'function') {
      for await (const item of items) await writeItem(item, writer);
    } else if (typeof items[Symbol.iterator] === 'function' && typeof output !== 'string') {
      for (const item of items) await writeItem(item, writer);
    } else {
      throw new KilnError(`the model returned ${typeof output === 'object' ? 'an object' : typeof output}, not rows`, {
        file: model.file,
        hint: 'return an array of row objects, or yield rows (or arrays of rows) from a generator function',
      });
    }
  } catch (error) {
    throw errorInModel(error, model);
  }
}

async function writeItem(item: unknown, writer: RowWriter): Promise<void> {
  if (Array.isArray(item)) await writer.writeAll(item as Row[]);
  else await writer.write(item as Row);
}

function fullBuildSql(
  ctx: MaterializationContext,
  build: { columns: ColumnDescription[] | undefined; existing: Awaited<ReturnType<MaterializationContext['relations']['get']>>; changes: ChangeTracker | undefined; state: RelationRef; file: string },
): string[] {
  if (!build.columns) {
    throw new KilnError('the model produced no rows, and its YAML gives no column data_types, so kiln cannot tell what table to create', {
      file: build.file,
      hint: "declare the model's columns with data_type in a YAML file beside it",
    });
  }
  // A rebuild that did not read changes leaves no state, so the next incremental run starts afresh.
  const state = build.changes?.active ? build.changes.stateSql() : build.changes ? [ctx.dialect.dropRelationSql({ ...build.state, type: 'table' })] : [];
  return [...swapInSql(ctx, build.existing), ...state];
}

async function incrementalSql(
  ctx: MaterializationContext,
  run: { staging: RelationRef; columns: ColumnDescription[] | undefined; key: string | undefined; changes: ChangeTracker | undefined },
): Promise<string[]> {
  const { dialect } = ctx;
  const target = ctx.render(ctx.target);
  const staging = dialect.renderRelation(run.staging);
  if (run.columns) await checkSameColumns(ctx, run.columns);
  const statements: string[] = [];
  if (run.key) {
    const keyText = dialect.castSql(dialect.quoteIdentifier(dialect.normalizeIdentifier(run.key)), dialect.typeName('string'));
    const affected = [
      ...(run.changes?.active ? [run.changes.affectedKeysSql()] : []),
      ...(run.columns ? [`select ${keyText} from ${staging}`] : []),
    ];
    if (affected.length) statements.push(`delete from ${target} where ${keyText} in (${affected.join(' union ')})`);
  }
  if (run.columns) statements.push(dialect.insertByNameSql(target, `select * from ${staging}`, run.columns.map((c) => dialect.quoteIdentifier(c.name))));
  if (run.changes?.active) statements.push(...run.changes.stateSql());
  return statements;
}

/** New output columns need a rebuild: an incremental run only adds rows. */
async function checkSameColumns(ctx: MaterializationContext, columns: ColumnDescription[]): Promise<void> {
  const existing = new Set((await ctx.adapter.connection.getColumns(ctx.target)).map((c) => c.name.toLowerCase()));
  const added = columns.filter((c) => !existing.has(c.name.toLowerCase())).map((c) => c.name);
  if (added.length) {
    throw new KilnError(`the model's rows have columns its table does not: ${added.join(', ')}`, {
      file: ctx.node.original_file_path,
      hint: `rebuild the table: kiln build --full-refresh --select ${ctx.node.name}`,
    });
  }
}

function uniqueKeyOf(value: unknown, file: string): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.length === 1 && typeof value[0] === 'string') return value[0];
  throw new KilnError('a TypeScript model takes one column as unique_key', { file, hint: 'name the column that ties each output row to the input row it came from' });
}

function targetOf(ctx: MaterializationContext) {
  const { name, type, schema, database, threads } = ctx.runtime.project.profile.target;
  return { name, type, schema, database, threads };
}
