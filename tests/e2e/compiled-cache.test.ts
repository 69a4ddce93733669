/**
 * `kiln compile` keeps each node's compiled SQL in target/partial_parse_compiled.json and reuses
 * it while nothing it came from changed. What must hold: a render that read something outside the
 * node, the project and its refs (env_var, the time, the graph, a log line, the warehouse) is never
 * reused, and a change upstream (a parent's alias, a macro, a var) compiles the node again.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJsonLines, writeJsonLines } from '../../src/jsonFile.js';
import { bin, kiln, projectWith, repoRoot } from './cli.js';

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
const completeFile = (dir: string): string => join(dir, 'target', 'partial_parse_compiled_complete.json');
type Entries = Record<string, { sql: string }>;
/** A cache file: its first line (format and environment), then its value, as JSON Lines. */
function readHeaded<T>(path: string): { header: string; value: T } {
  const text = readFileSync(path, 'utf8');
  const header = text.slice(0, text.indexOf('\n'));
  return { header, value: readJsonLines<T>(path, `${header}\n`)! };
}
/** The entries file (the entries of each render mode), and the mark of the parse they are complete for, if any. */
function readCacheFile(dir: string): { header: string; complete?: { fingerprint: string }; entries: Record<string, Entries> } {
  const { header, value: entries } = readHeaded<Record<string, Entries>>(cacheFile(dir));
  return { header, entries, complete: existsSync(completeFile(dir)) ? readHeaded<{ fingerprint: string }>(completeFile(dir)).value : undefined };
}
/** The file, with the entries of `kiln compile`'s mode. */
function readCache(dir: string): { header: string; complete?: { fingerprint: string }; entries: Entries } {
  const file = readCacheFile(dir);
  return { ...file, entries: file.entries['compile'] ?? {} };
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
    writeJsonLines(cacheFile(dir), { compile: file.entries }, { prefix: `${file.header}\n`, depth: 2 });
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

describe('a compile of an unchanged project, after one that found every node in the cache', () => {
  const repeatable = (): string =>
    projectWith({
      'project.yml': 'name: shop\nversion: "1"\n',
      'macros/answer.sql': '{% macro answer() %}42{% endmacro %}',
      'models/plain.sql': MODELS['models/plain.sql']!,
      'models/child.sql': MODELS['models/child.sql']!,
      'models/uses_macro.sql': MODELS['models/uses_macro.sql']!,
      'models/uses_var.sql': MODELS['models/uses_var.sql']!,
      'models/schema.yml': 'version: 2\nmodels:\n  - name: plain\n    columns:\n      - name: id\n        data_tests: [not_null, unique]\n',
    });
  /** `kiln compile` in a fresh process, and whether it loaded the Jinja engine or the parser. */
  function compileLoading(dir: string, args: string[] = []): { stdout: string; rendered: boolean } {
    const run = spawnSync(process.execPath, ['--import', join(repoRoot, 'tests/support/recordLoads.mjs'), bin, 'compile', ...args], { cwd: dir, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const loaded = run.stderr.split('\n').filter((line) => line.startsWith('LOADED ')).map((line) => line.slice('LOADED '.length));
    expect(run.stderr.split('\n').filter((line) => line && !line.startsWith('LOADED '))).toEqual([]);
    return { stdout: run.stdout, rendered: loaded.includes('jinja/runtime.js') || loaded.includes('compile/parseProject.js') };
  }
  const compiledFiles = (dir: string): Record<string, string> => {
    const root = join(dir, 'target', 'compiled');
    const files = readdirSync(root, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    return Object.fromEntries(files.map((entry) => [join(entry.parentPath, entry.name).slice(root.length), readFileSync(join(entry.parentPath, entry.name), 'utf8')]));
  };
  const manifestBody = (dir: string): string => {
    const { metadata: _metadata, ...body } = JSON.parse(readFileSync(join(dir, 'target', 'manifest.json'), 'utf8')) as Record<string, unknown>;
    return JSON.stringify(body);
  };

  /** What a compile wrote: its output, target/compiled/ and manifest.json's body. */
  type Written = { stdout: string; files: Record<string, string>; manifest: string };
  const compileWriting = (dir: string): Written & { rendered: boolean } => {
    const run = compileLoading(dir);
    return { ...run, files: compiledFiles(dir), manifest: manifestBody(dir) };
  };
  /** A compile now renders nothing and writes exactly what `full` wrote. */
  const expectRepeated = (dir: string, full: Written): void => {
    const again = compileWriting(dir);
    expect(again.rendered).toBe(false);
    expect({ ...again, rendered: undefined }).toEqual({ ...full, rendered: undefined });
  };

  it('takes every node from the cache without rendering, and writes what a full compile writes', () => {
    const dir = repeatable();
    const full = compileWriting(dir);
    expect(full.rendered).toBe(true);
    expect(readCache(dir).complete).toBeDefined();
    expectRepeated(dir, full);
    // A deleted compiled file is written again.
    writeFileSync(join(dir, 'target/compiled/shop/models/plain.sql'), 'stale');
    expect(compileLoading(dir).rendered).toBe(false);
    expect(compiled(dir, 'plain')).toBe('select 1 as id');

    // The same through a selection: only what it picks is compiled, as a rendering compile does.
    const selected = compileLoading(dir, ['-s', 'child']);
    expect(selected.rendered).toBe(false);
    expect(selected.stdout).toContain('Compiled 1 nodes');
    const nodes = (JSON.parse(readFileSync(join(dir, 'target', 'manifest.json'), 'utf8')) as { nodes: Record<string, { compiled_code?: string }> }).nodes;
    expect(nodes['model.shop.child']!.compiled_code).toBe('select * from "main"."child"'.replace('child', 'plain'));
    expect(nodes['model.shop.plain']!.compiled_code).toBeUndefined();
  });

  it('repeats a whole compile without reading the saved manifest, and builds manifest.json again when it is not the one it wrote', () => {
    const dir = repeatable();
    const full = compileWriting(dir);
    // A compile that read the saved manifest would find it gone, parse again and save it again.
    const snapshot = join(dir, 'target', 'partial_parse_manifest.json');
    rmSync(snapshot);
    expectRepeated(dir, full);
    expect(existsSync(snapshot)).toBe(false);
    // manifest.json changed since: its body cannot be reused, so the whole document is built (here after parsing again).
    writeFileSync(join(dir, 'target', 'manifest.json'), '{}');
    expect(compileLoading(dir).stdout).toBe(full.stdout);
    expect(manifestBody(dir)).toBe(full.manifest);
    expect(existsSync(snapshot)).toBe(true);
  });

  it('repeats a whole compile reading no stored SQL while every compiled file is as it left it', () => {
    const dir = repeatable();
    const full = compileWriting(dir);
    // With the stored SQL unreadable, a repeat that needed it would render.
    const entries = readFileSync(cacheFile(dir), 'utf8');
    writeFileSync(cacheFile(dir), 'not a cache');
    expectRepeated(dir, full);
    // A compiled file changed since: its SQL is needed, and unreadable, so the compile renders it.
    writeFileSync(join(dir, 'target/compiled/shop/models/plain.sql'), 'stale');
    expect(compileLoading(dir).rendered).toBe(true);
    expect(compiledFiles(dir)).toEqual(full.files);

    // With the SQL there, a changed file is written from it, and the mark takes the file's new stamp.
    writeFileSync(cacheFile(dir), entries);
    expect(compileLoading(dir).rendered).toBe(false);
    writeFileSync(join(dir, 'target/compiled/shop/models/child.sql'), 'stale');
    expect(compileLoading(dir).rendered).toBe(false);
    expect(compiledFiles(dir)).toEqual(full.files);
    const stamps = readFileSync(completeFile(dir), 'utf8');
    expect(compileLoading(dir).rendered).toBe(false);
    expect(readFileSync(completeFile(dir), 'utf8')).toBe(stamps); // nothing to write again
  });

  it('after an edit, keeps without reading each compiled file the complete mark vouches for, and writes the rest', () => {
    const dir = repeatable();
    compileLoading(dir);
    // Alter two compiled files: one keeping its size and time (a compile that read it would write it
    // again), one not.
    const kept = join(dir, 'target/compiled/shop/models/uses_var.sql');
    const { atimeMs, mtimeMs } = statSync(kept);
    writeFileSync(kept, compiled(dir, 'uses_var').replace('red', 'RED'));
    utimesSync(kept, atimeMs / 1000, mtimeMs / 1000);
    writeFileSync(join(dir, 'target/compiled/shop/models/child.sql'), 'stale');
    writeFileSync(join(dir, 'models', 'plain.sql'), 'select 2 as id');
    expect(compileLoading(dir).rendered).toBe(true);
    expect(compiled(dir, 'plain')).toBe('select 2 as id');
    expect(compiled(dir, 'child')).toBe('select * from "main"."plain"');
    expect(compiled(dir, 'uses_var')).toBe("select 'RED' as colour"); // vouched for, so not read
    // Without the mark (a stored render removed it), every file is compared again.
    writeFileSync(join(dir, 'models', 'plain.sql'), 'select 3 as id');
    rmSync(join(dir, 'target', 'partial_parse_compiled_complete.json'));
    compileLoading(dir);
    expect(compiled(dir, 'uses_var')).toBe("select 'red' as colour");
  });

  it('prints the parse warnings again when it repeats a whole compile', () => {
    const dir = projectWith({
      'project.yml': 'name: shop\nversion: "1"\n',
      'models/a.sql': 'select 1 as id',
      'macros/props.yml': 'version: 2\nmacros:\n  - name: ghost\n    description: described, never defined\n',
    });
    const runs = [kiln(['compile'], dir), kiln(['compile'], dir)];
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    expect(runs[0]!.stderr).toContain("macro 'ghost' is described but not defined");
    expect(runs[1]!.stderr).toBe(runs[0]!.stderr);
    expect(runs[1]!.stdout).toBe(runs[0]!.stdout);
    expect(readCache(dir).complete).toBeDefined();
  });

  it('renders again what an edit changed, then takes the cache again', () => {
    const dir = repeatable();
    compileLoading(dir);
    writeFileSync(join(dir, 'macros', 'answer.sql'), '{% macro answer() %}43{% endmacro %}');
    expect(compileLoading(dir).rendered).toBe(true);
    expect(compiled(dir, 'uses_macro')).toBe('select 43 as a');
    expect(compileLoading(dir).rendered).toBe(false);
    expect(compiled(dir, 'uses_macro')).toBe('select 43 as a');
    // --vars is part of the parse: another value renders again.
    expect(compileLoading(dir, ['--vars', '{colour: blue}']).rendered).toBe(true);
    expect(compiled(dir, 'uses_var')).toBe("select 'blue' as colour");
  });

  it('keeps what kiln build rendered apart, so a build between two compiles renders nothing again', () => {
    const dir = repeatable();
    compileLoading(dir);
    const compileEntries = readCache(dir).entries;
    const built = kiln(['build'], dir);
    expect(built.code, built.stderr).toBe(0);
    expect(readCacheFile(dir).entries['execute']).toBeDefined(); // the build's renders are kept too
    expect(readCache(dir).entries).toEqual(compileEntries);
    expect(compileLoading(dir).rendered).toBe(false);
  });

  it('never skips rendering while a node reads something outside the project, or only part was compiled', () => {
    const dir = project(); // uses_env, uses_time … are never kept
    compileLoading(dir);
    expect(readCache(dir).complete).toBeUndefined();
    expect(compileLoading(dir).rendered).toBe(true);

    const partly = repeatable();
    compileLoading(partly, ['-s', 'plain']);
    expect(readCache(partly).complete).toBeUndefined();
    expect(compileLoading(partly).rendered).toBe(true); // the whole project, rendered
    expect(compileLoading(partly).rendered).toBe(false);
  });
});
