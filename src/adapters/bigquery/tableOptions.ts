/**
 * A model's BigQuery table settings as dbt-bigquery takes them from its config, rendered as the
 * clauses of `CREATE OR REPLACE TABLE … PARTITION BY … CLUSTER BY … OPTIONS(…)`:
 * partition_by ({field, data_type: date|timestamp|datetime|int64, granularity, range}),
 * cluster_by, labels, require_partition_filter, partition_expiration_days, hours_to_expiration,
 * kms_key_name, description. Bad settings are errors that name the setting.
 */
import { KilnError } from '../../errors.js';

export interface PartitionBy {
  field: string;
  dataType: 'date' | 'timestamp' | 'datetime' | 'int64';
  granularity: 'hour' | 'day' | 'month' | 'year';
  range?: { start: number; end: number; interval: number };
}

const DATA_TYPES = new Set(['date', 'timestamp', 'datetime', 'int64']);
const GRANULARITIES = new Set(['hour', 'day', 'month', 'year']);

export function readPartitionBy(value: unknown): PartitionBy | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value) || !(value as Record<string, unknown>)['field']) {
    throw new KilnError("partition_by must be a mapping with a 'field'", { hint: "write partition_by: {field: created_at, data_type: timestamp, granularity: day} (dbt-bigquery's form)" });
  }
  const raw = value as Record<string, unknown>;
  const dataType = String(raw['data_type'] ?? 'date').toLowerCase();
  const granularity = String(raw['granularity'] ?? 'day').toLowerCase();
  if (!DATA_TYPES.has(dataType)) throw new KilnError(`partition_by's data_type '${dataType}' is not one of ${[...DATA_TYPES].join(', ')}`);
  if (!GRANULARITIES.has(granularity)) throw new KilnError(`partition_by's granularity '${granularity}' is not one of ${[...GRANULARITIES].join(', ')}`);
  let range: PartitionBy['range'];
  if (raw['range'] !== undefined) {
    const r = raw['range'] as Record<string, unknown>;
    const [start, end, interval] = ['start', 'end', 'interval'].map((k) => Number(r?.[k]));
    if (dataType !== 'int64' || ![start, end, interval].every(Number.isInteger)) throw new KilnError('partition_by.range needs data_type int64 and whole numbers start, end and interval');
    range = { start: start!, end: end!, interval: interval! };
  }
  return { field: String(raw['field']), dataType: dataType as PartitionBy['dataType'], granularity: granularity as PartitionBy['granularity'], range };
}

/** dbt-bigquery's PartitionConfig.render: the column, or its truncation to the granularity. */
export function partitionExpression(partition: PartitionBy, quote: (name: string) => string): string {
  const column = quote(partition.field);
  if (partition.range) return `range_bucket(${column}, generate_array(${partition.range.start}, ${partition.range.end}, ${partition.range.interval}))`;
  if (partition.dataType === 'int64' || (partition.dataType === 'date' && partition.granularity === 'day')) return column;
  return `${partition.dataType}_trunc(${column}, ${partition.granularity})`;
}

/** The clauses after the table name, each on its own line, or '' for a plain table. */
export function tableClausesSql(config: Record<string, unknown>, quote: (name: string) => string, literal: (value: string) => string): string {
  const clauses: string[] = [];
  const partition = readPartitionBy(config['partition_by']);
  if (partition) clauses.push(`PARTITION BY ${partitionExpression(partition, quote)}`);
  const cluster = config['cluster_by'];
  if (cluster !== undefined && cluster !== null) {
    const columns = (Array.isArray(cluster) ? cluster : [cluster]).map(String);
    if (columns.length > 4) throw new KilnError(`cluster_by names ${columns.length} columns; BigQuery clusters by at most 4`);
    clauses.push(`CLUSTER BY ${columns.map(quote).join(', ')}`);
  }
  const options: string[] = [];
  const labels = config['labels'];
  if (labels && typeof labels === 'object') options.push(`labels=[${Object.entries(labels as Record<string, unknown>).map(([k, v]) => `(${literal(k)}, ${literal(String(v))})`).join(', ')}]`);
  if (config['require_partition_filter'] !== undefined) options.push(`require_partition_filter=${config['require_partition_filter'] ? 'true' : 'false'}`);
  if (config['partition_expiration_days'] !== undefined) options.push(`partition_expiration_days=${Number(config['partition_expiration_days'])}`);
  if (config['hours_to_expiration'] !== undefined) options.push(`expiration_timestamp=TIMESTAMP_ADD(CURRENT_TIMESTAMP(), INTERVAL ${Number(config['hours_to_expiration'])} HOUR)`);
  if (config['kms_key_name']) options.push(`kms_key_name=${literal(String(config['kms_key_name']))}`);
  if (typeof config['description'] === 'string' && config['description']) options.push(`description=${literal(config['description'])}`);
  if (options.length) clauses.push(`OPTIONS(${options.join(', ')})`);
  return clauses.join('\n');
}
