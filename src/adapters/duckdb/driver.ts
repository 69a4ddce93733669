/**
 * @duckdb/node-api, loaded with require(). It is CommonJS: importing it as ESM makes
 * Node scan every re-exported file for named exports, which doubles its load time
 * (about 100 ms → 55 ms) on the path to the first statement.
 */
import { createRequire } from 'node:module';

export type DuckDbDriver = typeof import('@duckdb/node-api');

export const duckdb: DuckDbDriver = createRequire(import.meta.url)('@duckdb/node-api') as DuckDbDriver;
