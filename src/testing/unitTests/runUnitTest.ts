/**
 * Run one unit test: compile the tested model with each parent (and `this`) replaced
 * by a CTE of fixture rows and the test's overrides applied, then compare its rows
 * with the expected rows in the warehouse. Nothing upstream is built or read, except
 * that existing relations lend their column types to the fixtures.
 */
import { join } from 'node:path';
import type { ColumnDescription } from '../../adapters/types.js';
import { injectCtes } from '../../compile/compileNode.js';
import { KilnError } from '../../errors.js';
import { Relation } from '../../jinja/relation.js';
import type { MaterializationContext, MaterializationResult } from '../../materializations/context.js';
import type { Manifest, ManifestNode } from '../../project/nodes.js';
import { comparisonSql, diffRowsOf } from './compareRows.js';
import { readFixtureData, type FixtureContext } from './fixtureData.js';
import { resolveInputs, type ResolvedInput } from './fixtureInputs.js';
import { castSelectSql, fixtureRowsSql } from './fixtureSql.js';
import { THIS_INPUT } from './inputCall.js';
import { parentColumns, queryColumnsOrNothing, warehouseColumns } from './parentColumns.js';
import { renderOverrides } from './renderOverrides.js';
import { formatRowDiff } from './rowDiff.js';
import type { TypedColumns } from './types.js';

/** The model a unit test is about (its one parent). */
export function testedModel(unitTest: ManifestNode, manifest: Manifest): ManifestNode {
  const model = unitTest.depends_on.nodes.map((id) => manifest.nodes[id]).find((n) => n?.resource_type === 'model');
  if (!model) throw new KilnError(`unit test '${unitTest.name}' names no model ('${unitTest.unit_test?.model ?? ''}')`, { file: unitTest.original_file_path, hint: 'model: is the name of a SQL model in this project' });
  if (model.language === 'typescript') {
    throw new KilnError(`unit test '${unitTest.name}': '${model.name}' is a TypeScript model, and unit tests (given rows, expected rows) run SQL models only`, {
      file: unitTest.original_file_path,
      hint: `test the functions ${model.original_file_path} uses with your own test runner, and the model's output with data tests`,
    });
  }
  return model;
}

function fixtureContextFor(ctx: MaterializationContext, unitTest: ManifestNode): Omit<FixtureContext, 'what'> {
  const project = ctx.runtime.project;
  const pkg = project.packages.find((p) => p.name === unitTest.package_name);
  const root = pkg?.root ?? project.root;
  const testPaths = pkg?.config.testPaths ?? project.config.testPaths;
  return { testName: unitTest.name, file: unitTest.original_file_path, fixtureDirs: testPaths.map((p) => join(root, p, 'fixtures')), projectRoot: root };
}

function cteRelation(ctx: MaterializationContext, name: string): Relation {
  return new Relation(ctx.dialect, { identifier: name, type: 'cte' }, { cteName: name });
}

function byName(columns: ColumnDescription[], name: string): ColumnDescription | undefined {
  return columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
}

class UnitTestRun {
  private readonly manifest: Manifest;
  private readonly model: ManifestNode;
  private readonly fixtureCtes = new Map<string, { name: string; sql: string }>();
  readonly notes: string[] = [];

  constructor(private readonly ctx: MaterializationContext) {
    this.manifest = ctx.compiler.manifest;
    this.model = testedModel(ctx.node, this.manifest);
  }

  private get unitTest(): ManifestNode {
    return this.ctx.node;
  }

  private fail(message: string, hint?: string): KilnError {
    return new KilnError(`unit test '${this.unitTest.name}': ${message}`, { file: this.unitTest.original_file_path, hint });
  }

  /** The model's SQL over the fixture CTEs (those built so far). */
  compileModel(isIncremental: boolean, extra: Record<string, unknown>): string {
    const relationFor = (parent: { unique_id: string }, relation: Relation) => {
      const cte = this.fixtureCtes.get(parent.unique_id);
      return cte ? cteRelation(this.ctx, cte.name) : relation;
    };
    const thisCte = this.fixtureCtes.get(THIS_INPUT);
    const compiled = this.ctx.compiler.compile(this.model, {
      mode: 'execute',
      relationFor,
      isIncremental: () => isIncremental,
      extra: { ...extra, ...(thisCte ? { this: cteRelation(this.ctx, thisCte.name) } : {}) },
    });
    return injectCtes(compiled.sql, [...this.fixtureCtes.values()].map((c) => ({ sql: `${c.name} as (\n${c.sql}\n)` })));
  }

  private async typedColumns(input: ResolvedInput, extra: Record<string, unknown>): Promise<TypedColumns | undefined> {
    if (input.parent) return parentColumns(this.ctx, input.parent);
    // `this`: the model's own relation, else its output in full-refresh mode over the other fixtures.
    const fromWarehouse = await warehouseColumns(this.ctx, this.model);
    if (fromWarehouse) return { columns: fromWarehouse, origin: 'warehouse' };
    const fromQuery = await queryColumnsOrNothing(this.ctx, () => this.compileModel(false, extra));
    return fromQuery ? { columns: fromQuery, origin: 'compiled query' } : undefined;
  }

  private async addFixture(input: ResolvedInput, extra: Record<string, unknown>): Promise<void> {
    if (input.data.kind === 'sql') {
      this.fixtureCtes.set(input.id, { name: input.cteName, sql: input.data.sql.trim().replace(/;\s*$/, '') });
      return;
    }
    const typed = await this.typedColumns(input, extra);
    if (!typed) {
      this.notes.push(`${input.label} is not in the warehouse and its query cannot run here, so its column types are unknown: the fixture has only the given columns, typed by their values`);
    }
    const strict = typed !== undefined && typed.origin !== 'property YAML';
    const { sql, unknownColumns } = fixtureRowsSql(this.ctx.dialect, input.data, typed?.columns ?? [], { fromCsv: input.fromCsv, strict });
    if (strict && unknownColumns.length) {
      throw this.fail(
        `given ${input.label} has column${unknownColumns.length === 1 ? '' : 's'} ${unknownColumns.map((c) => `'${c}'`).join(', ')}, which ${input.label} does not have`,
        `its columns (from the ${typed.origin}): ${typed.columns.map((c) => c.name).join(', ')}`,
      );
    }
    this.fixtureCtes.set(input.id, { name: input.cteName, sql });
  }

  async run(): Promise<MaterializationResult> {
    const { ctx, unitTest } = this;
    const definition = unitTest.unit_test!;
    const fixtures = fixtureContextFor(ctx, unitTest);
    const inputs = resolveInputs(unitTest, this.model, this.manifest, ctx.runtime.project.config.name, fixtures);
    const overrides = renderOverrides(definition.overrides, ctx.runtime, this.model.package_name, this.model.original_file_path);
    // `this` last: its columns may come from the model's query over the other fixtures.
    for (const input of [...inputs.filter((i) => i.id !== THIS_INPUT), ...inputs.filter((i) => i.id === THIS_INPUT)]) await this.addFixture(input, overrides.extra);

    const actualSql = this.compileModel(overrides.isIncremental, overrides.extra);
    let actualColumns: ColumnDescription[];
    try {
      actualColumns = await ctx.queryColumns(actualSql);
    } catch (error) {
      throw this.fail(`model '${this.model.name}' failed on the given inputs: ${error instanceof Error ? error.message : String(error)}`, 'check the given rows and the column names the model reads');
    }

    const expected = readFixtureData(definition.expect, { ...fixtures, what: 'expect' });
    let columns: ColumnDescription[];
    let expectedSql: string;
    if (expected.kind === 'rows') {
      columns = expected.columns.length ? expected.columns.map((name) => this.actualColumn(actualColumns, name)) : actualColumns;
      expectedSql = fixtureRowsSql(ctx.dialect, expected, columns, { fromCsv: definition.expect.format === 'csv', strict: true }).sql;
    } else {
      const given = await ctx.queryColumns(expected.sql).catch((error: unknown) => {
        throw this.fail(`expect's SQL failed: ${error instanceof Error ? error.message : String(error)}`);
      });
      columns = given.map((c) => this.actualColumn(actualColumns, c.name));
      expectedSql = castSelectSql(ctx.dialect, expected.sql, columns);
    }

    const query = comparisonSql(ctx.dialect, actualSql, expectedSql, columns);
    const [result] = await ctx.execute(query, { fetch: true });
    const diff = diffRowsOf(result?.rows ?? []);
    const notes = this.notes.map((n) => `\nnote: ${n}`).join('');
    if (!diff.length) return { message: `passed ${unitTest.name}${notes}`, status: 'pass', failures: 0, sql: [query], compiledCode: actualSql };
    const text = formatRowDiff(columns.map((c) => c.name), diff);
    return {
      message: `failed ${unitTest.name}: ${diff.length} differing row${diff.length === 1 ? '' : 's'}${notes}\n\n${text}`,
      status: 'fail',
      failures: diff.length,
      sql: [query],
      compiledCode: actualSql,
    };
  }

  private actualColumn(actual: ColumnDescription[], name: string): ColumnDescription {
    const found = byName(actual, name);
    if (!found) throw this.fail(`expect names column '${name}', which model '${this.model.name}' does not return`, `it returns: ${actual.map((c) => c.name).join(', ')}`);
    return found;
  }
}

/** The runner's entry point for a `unit_test` node. */
export function runUnitTest(ctx: MaterializationContext): Promise<MaterializationResult> {
  return new UnitTestRun(ctx).run();
}
