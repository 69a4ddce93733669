/** Each adapter fills in its own target defaults: nothing outside its folder knows them. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeTarget as duckdb } from '../../../src/adapters/duckdb/index.js';
import { normalizeTarget as postgres } from '../../../src/adapters/postgres/index.js';

describe('normalizeTarget', () => {
  it('duckdb: a path relative to the project, the database named as DuckDB names the catalog, schema main', () => {
    expect(duckdb({ type: 'duckdb', path: 'data/a.b.duckdb', schema: '', database: '' }, '/projects/shop')).toMatchObject({ path: path.resolve('/projects/shop/data/a.b.duckdb'), database: 'a', schema: 'main' });
    expect(duckdb({ type: 'duckdb', path: ':memory:', schema: 'raw', database: '' }, '/p')).toMatchObject({ path: ':memory:', database: 'memory', schema: 'raw' });
    expect(duckdb({ type: 'duckdb', path: 'md:cloud_db', database: 'named' }, '/p')).toMatchObject({ path: 'md:cloud_db', database: 'named' });
  });

  it('duckdb: external_root (default .) resolved against the project; a remote root left as written', () => {
    expect(duckdb({ type: 'duckdb', path: ':memory:' }, '/projects/shop')).toMatchObject({ external_root: path.resolve('/projects/shop') });
    expect(duckdb({ type: 'duckdb', path: ':memory:', external_root: 'out/files' }, '/projects/shop')).toMatchObject({ external_root: path.resolve('/projects/shop/out/files') });
    expect(duckdb({ type: 'duckdb', path: ':memory:', external_root: '/data/exports' }, '/p')).toMatchObject({ external_root: '/data/exports' });
    expect(duckdb({ type: 'duckdb', path: ':memory:', external_root: 's3://bucket/exports' }, '/p')).toMatchObject({ external_root: 's3://bucket/exports' });
  });

  it('postgres: the database is dbname, the schema public', () => {
    expect(postgres({ type: 'postgres', dbname: 'analytics', schema: '', database: '' })).toMatchObject({ database: 'analytics', schema: 'public' });
    expect(postgres({ type: 'postgres', dbname: 'analytics', schema: 'marts' })).toMatchObject({ schema: 'marts' });
  });
});
