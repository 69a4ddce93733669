/**
 * `kiln compile` keeps each node's compiled SQL in target/partial_parse_compiled.json and reuses
 * it while nothing it came from changed. What must hold: a render that read something outside the
 * node, the project and its refs (env_var, the time, the graph, a log line, the warehouse) is never
 * reused, and a change upstream (a parent's alias, a macro, a var) compiles the node again.
 */
import { readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kiln, projectWith } from './cli.js';

const MODELS: Record<string, string> = {
  'models/plain.sql': 'select 1 as id',
  'models/child.sql': 'select * from {{ ref("plain") }}',
  'models/uses_macro.sql': 'select {{ answer() }} as a',
  'models/uses_var.sql': "select '{{ var(\"colour\", \"red\") }}' as colour",
  'models/uses_env.sql': "select '{{ env_var(\"KILN_CACHE_TEST_ENV\", \"unset\") }}' as e",
  'models/uses_time.sql': "select '{{ run_started_at }}' as t",
  'models/uses_log.sql': "{% do log('compiling uses_log', info=true) %}select 1 as l",
  'models/uses_graph.sql': 'select {{ graph.nodes | length }} as n',
  'models/uses_warehouse.sql': "{% set r = run_query('select 42 as x') %}select {{ r.columns[0].values()[0] if execute else 0 }} as x",
  'models/incremental_one.sql': "{{ config(materialized='incremental') }}select 1 as id{% if is_incremental() %} where false{% endif %}",
  'models/eph.sql': "{{ config(materialized='ephemeral') }}select 2 as id",
  'models/from_eph.sql': 'select * from {{ ref("eph") }}',
};

function project(): string {
  return projectWith({
    'project.yml': 'name: shop\nversion: "1"\n',
    'macros/answer.sql': '{% macro answer() %}42{% endmacro %}',
    ...MODELS,
  });
}

const cacheFile = (dir: string): string => join(dir, 'target', 'partial_parse_compiled.json');
/** The cache file: its first line (the environment), then the entries as JSON. */
function readCache(dir: string): { header: string; entries: Record<string, { sql: string }> } {
  const text = readFileSync(cacheFile(dir), 'utf8');
  const newline = text.indexOf('\n');
  return { header: text.slice(0, newline), entries: JSON.parse(text.slice(newline + 1)) as Record<string, { sql: string }> };
}
const cachedIds = (dir: string): string[] => Object.keys(readCache(dir).entries).sort();
const compiled = (dir: string, model: string): string => readFileSync(join(dir, 'target', 'compiled', 'shop', 'models', `${model}.sql`), 'utf8');

function compile(dir: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): string {
  const result = kiln(['compile', ...args], dir, env);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return result.stdout;
}

describe('compiled SQL kept between runs', () => {
  it('keeps only renders that depend on nothing but the node, the project and its refs', () => {
    const dir = project();
    compile(dir);
    expect(cachedIds(dir)).toEqual(['model.shop.child', 'model.shop.eph', 'model.shop.plain', 'model.shop.uses_macro', 'model.shop.uses_var']);
  });

  it('reuses a kept render, and compiles again what changed upstream of it', () => {
    const dir = project();
    compile(dir);
    // Alter what was kept: a run that writes the altered SQL shows it reused the entry rather than rendering.
    const file = readCache(dir);
    for (const id of ['model.shop.plain', 'model.shop.child', 'model.shop.uses_macro', 'model.shop.uses_var']) file.entries[id]!.sql += ' -- kept';
    writeFileSync(cacheFile(dir), `${file.header}\n${JSON.stringify(file.entries)}`);
    compile(dir);
    expect(compiled(dir, 'plain')).toBe('select 1 as id -- kept');
    expect(compiled(dir, 'child')).toContain('-- kept');

    // The parent's alias changes: the child's ref resolves elsewhere, so the child compiles again.
    writeFileSync(join(dir, 'models', 'plain.sql'), "{{ config(alias='plain_v2') }}select 1 as id");
    compile(dir);
    expect(compiled(dir, 'child')).toBe('select * from "main"."plain_v2"');
    expect(compiled(dir, 'uses_macro')).toContain('-- kept'); // nothing it depends on changed

    // A macro changes: everything compiles again.
    writeFileSync(join(dir, 'macros', 'answer.sql'), '{% macro answer() %}43{% endmacro %}');
    compile(dir);
    expect(compiled(dir, 'uses_macro')).toBe('select 43 as a');

    // A var changes.
    compile(dir, ['--vars', '{colour: blue}']);
    expect(compiled(dir, 'uses_var')).toBe("select 'blue' as colour");
  });

  it('never reuses a render that read the environment, the time, the graph or the warehouse, or logged', () => {
    const dir = project();
    compile(dir, [], { KILN_CACHE_TEST_ENV: 'first' });
    expect(compiled(dir, 'uses_env')).toBe("select 'first' as e");
    const firstTime = compiled(dir, 'uses_time');
    const logged = compile(dir, [], { KILN_CACHE_TEST_ENV: 'second' });
    expect(compiled(dir, 'uses_env')).toBe("select 'second' as e");
    expect(compiled(dir, 'uses_time')).not.toBe(firstTime);
    expect(logged).toContain('compiling uses_log'); // its log line is printed on every run
    expect(compiled(dir, 'uses_warehouse')).toBe('select 42 as x');
    expect(compiled(dir, 'from_eph')).toContain('__dbt__cte__eph');
  });
});

describe('manifest.json written again from its previous body', () => {
  const manifestPath = (dir: string): string => join(dir, 'target', 'manifest.json');
  const manifest = (dir: string): { metadata: { invocation_id: string }; nodes: Record<string, { compiled_code?: string }> } => JSON.parse(readFileSync(manifestPath(dir), 'utf8'));
  const withoutMetadata = (dir: string): string => JSON.stringify({ ...manifest(dir), metadata: undefined });

  // The models whose SQL is the same on every run (not the time's, the environment's …).
  const STABLE = ['-s', 'plain child uses_macro uses_var'];

  it('reuses the body when nothing changed, with new metadata, and equals a full rebuild', () => {
    const dir = project();
    compile(dir, STABLE);
    const first = manifest(dir);
    // Mark the body in place, keeping the file's size and time: a run that keeps the mark reused it.
    const text = readFileSync(manifestPath(dir), 'utf8');
    const { mtimeMs, atimeMs } = statSync(manifestPath(dir));
    writeFileSync(manifestPath(dir), text.replace('"compiled_code":"select 1 as id"', '"compiled_code":"select 7 as id"'));
    utimesSync(manifestPath(dir), atimeMs / 1000, mtimeMs / 1000);
    compile(dir, STABLE);
    expect(manifest(dir).metadata.invocation_id).not.toBe(first.metadata.invocation_id);
    expect(manifest(dir).nodes['model.shop.plain']!.compiled_code).toBe('select 7 as id');

    // A file changed since it was written (here: its time) is rebuilt, and equals a run without any cache.
    utimesSync(manifestPath(dir), atimeMs / 1000, mtimeMs / 1000 + 5);
    compile(dir, STABLE);
    expect(manifest(dir).nodes['model.shop.plain']!.compiled_code).toBe('select 1 as id');
    const reused = withoutMetadata(dir);
    compile(dir, [...STABLE, '--no-partial-parse']);
    expect(withoutMetadata(dir)).toBe(reused);
  });

  it('builds the body again when compiled SQL changed', () => {
    const dir = project();
    compile(dir);
    writeFileSync(join(dir, 'macros', 'answer.sql'), '{% macro answer() %}43{% endmacro %}');
    compile(dir);
    expect(manifest(dir).nodes['model.shop.uses_macro']!.compiled_code).toBe('select 43 as a');
    compile(dir, ['-s', 'plain']);
    // Only plain compiled this time: the others carry no compiled SQL, as after a fresh parse.
    expect(manifest(dir).nodes['model.shop.uses_macro']!.compiled_code).toBeUndefined();
  });
});
