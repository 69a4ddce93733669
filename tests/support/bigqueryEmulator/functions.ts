/**
 * What the emulator adds to DuckDB, as macros in its `memory.main` schema (on every
 * connection's search path): BigQuery's type names for DuckDB's, and table macros that
 * stand in for INFORMATION_SCHEMA.TABLES/COLUMNS/VIEWS/SCHEMATA and __TABLES__ of a dataset.
 * Sizes in __TABLES__ are estimates: rows × columns × 8 bytes.
 */
export const EMULATOR_MACROS = [
  `CREATE OR REPLACE MACRO bq_scalar_type(t) AS CASE
     WHEN t IN ('TINYINT','SMALLINT','INTEGER','BIGINT','HUGEINT','UTINYINT','USMALLINT','UINTEGER','UBIGINT') THEN 'INT64'
     WHEN t IN ('DOUBLE','FLOAT') THEN 'FLOAT64' WHEN t = 'VARCHAR' THEN 'STRING' WHEN t = 'BOOLEAN' THEN 'BOOL'
     WHEN t LIKE 'DECIMAL%' THEN 'NUMERIC' WHEN t LIKE 'TIMESTAMP%' THEN 'TIMESTAMP' WHEN t = 'BLOB' THEN 'BYTES' ELSE t END`,
  `CREATE OR REPLACE MACRO bq_type_name(t) AS CASE WHEN t LIKE '%[]' THEN 'ARRAY<' || bq_scalar_type(left(t, length(t) - 2)) || '>' ELSE bq_scalar_type(t) END`,
  `CREATE OR REPLACE MACRO bq_info_tables(p, d) AS TABLE
     SELECT database_name AS table_catalog, schema_name AS table_schema, table_name, 'BASE TABLE' AS table_type FROM duckdb_tables() WHERE database_name = p AND schema_name = d AND NOT temporary
     UNION ALL SELECT database_name, schema_name, view_name, 'VIEW' FROM duckdb_views() WHERE database_name = p AND schema_name = d AND NOT internal AND NOT temporary`,
  `CREATE OR REPLACE MACRO bq_info_columns(p, d) AS TABLE
     SELECT database_name AS table_catalog, schema_name AS table_schema, table_name, column_name, column_index AS ordinal_position,
            CASE WHEN is_nullable THEN 'YES' ELSE 'NO' END AS is_nullable, bq_type_name(data_type) AS data_type
     FROM duckdb_columns() WHERE database_name = p AND schema_name = d AND NOT internal`,
  `CREATE OR REPLACE MACRO bq_info_views(p, d) AS TABLE
     SELECT database_name AS table_catalog, schema_name AS table_schema, view_name AS table_name, comment AS view_definition FROM duckdb_views() WHERE database_name = p AND schema_name = d AND NOT internal`,
  `CREATE OR REPLACE MACRO bq_info_schemata(p, d) AS TABLE
     SELECT database_name AS catalog_name, schema_name FROM duckdb_schemas() WHERE database_name = p AND schema_name NOT IN ('main', 'information_schema', 'pg_catalog')`,
  `CREATE OR REPLACE MACRO bq_tables_meta(p, d) AS TABLE
     SELECT database_name AS project_id, schema_name AS dataset_id, table_name AS table_id, estimated_size AS row_count, estimated_size * column_count * 8 AS size_bytes, 1 AS type
     FROM duckdb_tables() WHERE database_name = p AND schema_name = d AND NOT temporary
     UNION ALL SELECT database_name, schema_name, view_name, 0, 0, 2 FROM duckdb_views() WHERE database_name = p AND schema_name = d AND NOT internal`,
];
