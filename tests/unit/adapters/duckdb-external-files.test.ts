/** dbt-duckdb's COPY options and read-back globs for external models (src/adapters/duckdb/external-files.ts). */
import { describe, expect, it } from 'vitest';
import { externalReadLocation, externalWriteOptions } from '../../../src/adapters/duckdb/external-files.js';

describe('externalWriteOptions', () => {
  it.each([
    ['/tmp/test.csv', {}, 'format csv, header 1'],
    ['./foo.parquet', { codec: 'zstd' }, 'codec zstd, format parquet'],
    ['bar', { delimiter: '|', header: '0' }, "delimiter '|', header 0, format csv"],
    ['bar', {}, 'format parquet'],
    ['a.parquet', { partition_by: 'ds' }, 'partition_by ds, format parquet'],
    ['b.csv', { partition_by: 'ds,category' }, 'partition_by (ds,category), format csv, header 1'],
    ['c.csv', { partition_by: '(ds, category)' }, 'partition_by (ds, category), format csv, header 1'],
    ['/path/to/c.csv', { null: '\\N' }, "null '\\N', format csv, header 1"],
    ['d.csv', { quote: "'\"'", overwrite: true }, `quote '"', overwrite True, format csv, header 1`],
  ])('%s with %j → %s', (location, options, expected) => {
    expect(externalWriteOptions(location, { ...options })).toBe(expected);
  });

  it('fills in the caller’s options, which the read location then needs', () => {
    const options: Record<string, unknown> = { partition_by: 'region' };
    externalWriteOptions('out/orders.csv', options);
    expect(options).toEqual({ partition_by: 'region', format: 'csv', header: 1 });
    expect(externalReadLocation('out/orders.csv', options)).toBe('out/orders.csv/*/*.csv');
  });
});

describe('externalReadLocation', () => {
  it.each([
    ['bar', { format: 'csv', delimiter: '|', header: '0' }, 'bar'],
    ['/tmp/a', { partition_by: 'ds', format: 'parquet' }, '/tmp/a/*/*.parquet'],
    ['b', { partition_by: 'ds,category' }, 'b/*/*/*.parquet'],
    ['c', { per_thread_output: true, format: 'json' }, 'c/*.json'],
  ])('%s with %j → %s', (location, options, expected) => {
    expect(externalReadLocation(location, options)).toBe(expected);
  });
});
