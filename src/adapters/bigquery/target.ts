/**
 * The BigQuery target: dbt-bigquery's profile fields, validated. Credentials come from a
 * service-account key file (`keyfile`), its JSON (`keyfile_json`, usually from env_var()),
 * a short-lived access `token`, or application default credentials (`method: oauth`).
 * No secret is ever part of a message. `api_endpoint` (kiln's own field) points the SDK at
 * another endpoint, such as the emulator the test suite starts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { KilnError } from '../../errors.js';

export type BigQueryMethod = 'oauth' | 'service-account' | 'service-account-json' | 'oauth-secrets';

export interface ServiceAccountKey {
  client_email: string;
  private_key: string;
  private_key_id?: string;
  project_id?: string;
}

export interface BigQueryTarget {
  method: BigQueryMethod;
  /** Where the relations live (dbt's `project`, alias `database`). */
  project: string;
  /** The project that runs and pays for the jobs (dbt's `execution_project`). */
  executionProject: string;
  /** dbt's `dataset`, alias `schema`. */
  dataset: string;
  location: string | undefined;
  priority: 'interactive' | 'batch';
  maximumBytesBilled: number | undefined;
  jobExecutionTimeoutSeconds: number | undefined;
  /** Extra attempts of a job that failed for a transient reason. */
  jobRetries: number;
  labels: Record<string, string>;
  serviceAccount: ServiceAccountKey | undefined;
  token: string | undefined;
  apiEndpoint: string | undefined;
  /** Rows fetched per results page. */
  pageSize: number;
}

const METHODS = new Set<BigQueryMethod>(['oauth', 'service-account', 'service-account-json', 'oauth-secrets']);
/** BigQuery's label rules: lower-case keys and values of letters, digits, `_` and `-`. */
const LABEL = /^[\p{Ll}\p{Lo}0-9_-]{0,63}$/u;

export function readBigQueryTarget(raw: Record<string, unknown>, projectRoot = process.cwd()): BigQueryTarget {
  const text = (key: string): string | undefined => (raw[key] === undefined || raw[key] === null || raw[key] === '' ? undefined : String(raw[key]));
  const whole = (key: string, fallback: number | undefined, min = 0): number | undefined => {
    const value = raw[key];
    if (value === undefined || value === null || value === '') return fallback;
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min) throw new KilnError(`the bigquery target's '${key}' must be a whole number of at least ${min}, not ${JSON.stringify(value)}`, { hint: `fix '${key}' in profiles.yml` });
    return parsed;
  };
  const method = (text('method') ?? 'oauth') as BigQueryMethod;
  if (!METHODS.has(method)) throw new KilnError(`the bigquery target's method '${method}' is not one of ${[...METHODS].join(', ')}`, { hint: 'dbt-bigquery\'s methods: oauth (application default credentials), service-account (keyfile), service-account-json (keyfile_json), oauth-secrets (token)' });
  const project = text('project') ?? text('database');
  if (!project) throw new KilnError("the bigquery target has no 'project'", { hint: "add 'project: <your GCP project id>' to the target in profiles.yml" });
  const dataset = text('dataset') ?? text('schema');
  if (!dataset) throw new KilnError("the bigquery target has no 'dataset'", { hint: "add 'dataset: <dataset name>' to the target in profiles.yml (dbt-bigquery's field; 'schema' is its alias)" });
  const priority = (text('priority') ?? 'interactive').toLowerCase();
  if (priority !== 'interactive' && priority !== 'batch') throw new KilnError(`the bigquery target's priority '${priority}' is not interactive or batch`, { hint: 'fix priority in profiles.yml' });
  const apiEndpoint = text('api_endpoint');
  if (apiEndpoint && !/^https?:\/\/[^/]+/.test(apiEndpoint)) throw new KilnError(`the bigquery target's api_endpoint '${apiEndpoint}' is not an http(s) URL`, { hint: 'write it as http://host:port or https://host' });
  return {
    method,
    project,
    executionProject: text('execution_project') ?? project,
    dataset,
    location: text('location'),
    priority,
    maximumBytesBilled: whole('maximum_bytes_billed', undefined, 1),
    jobExecutionTimeoutSeconds: whole('job_execution_timeout_seconds', undefined, 1) ?? whole('timeout_seconds', undefined, 1),
    jobRetries: whole('job_retries', 1)!,
    labels: readLabels(raw['labels']),
    serviceAccount: readServiceAccount(method, raw, projectRoot),
    token: method === 'oauth-secrets' ? requireToken(text('token')) : undefined,
    apiEndpoint: apiEndpoint?.replace(/\/+$/, ''),
    pageSize: whole('page_size', 10_000, 1)!,
  };
}

function readLabels(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new KilnError("the bigquery target's 'labels' must be a mapping of label names to values", { hint: 'write labels: {team: data}' });
  const labels: Record<string, string> = {};
  for (const [key, raw] of Object.entries(value)) {
    const label = String(raw ?? '');
    if (!key || !LABEL.test(key) || !LABEL.test(label)) throw new KilnError(`the bigquery label '${key}: ${label}' breaks BigQuery's rules`, { hint: 'label keys and values hold at most 63 lower-case letters, digits, _ or -' });
    labels[key] = label;
  }
  return labels;
}

function requireToken(token: string | undefined): string {
  if (!token) throw new KilnError("method oauth-secrets needs a 'token'", { hint: "add token: \"{{ env_var('BIGQUERY_TOKEN') }}\" (an OAuth access token)" });
  return token;
}

function readServiceAccount(method: BigQueryMethod, raw: Record<string, unknown>, projectRoot: string): ServiceAccountKey | undefined {
  if (method === 'service-account') {
    const file = raw['keyfile'];
    if (!file) throw new KilnError("method service-account needs a 'keyfile'", { hint: 'add keyfile: /path/to/service-account.json, or use method service-account-json with keyfile_json' });
    const resolved = path.resolve(projectRoot, String(file));
    let text: string;
    try {
      text = readFileSync(resolved, 'utf8');
    } catch (error) {
      throw new KilnError(`cannot read the bigquery keyfile ${resolved}: ${(error as Error).message}`, { hint: 'fix keyfile in profiles.yml' });
    }
    return checkKey(parseKey(text, `the keyfile ${resolved}`), `the keyfile ${resolved}`);
  }
  if (method === 'service-account-json') {
    const json = raw['keyfile_json'];
    if (!json) throw new KilnError("method service-account-json needs 'keyfile_json'", { hint: "add keyfile_json: \"{{ env_var('BIGQUERY_KEYFILE_JSON') }}\" or the key's fields as a mapping" });
    return checkKey(typeof json === 'string' ? parseKey(json, 'keyfile_json') : (json as Record<string, unknown>), 'keyfile_json');
  }
  return undefined;
}

function parseKey(text: string, where: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Never echo the text: it holds a private key.
    throw new KilnError(`${where} is not valid JSON`, { hint: 'use the JSON key file Google Cloud gave for the service account' });
  }
}

function checkKey(key: Record<string, unknown>, where: string): ServiceAccountKey {
  for (const field of ['client_email', 'private_key']) {
    if (typeof key[field] !== 'string' || !key[field]) throw new KilnError(`${where} has no '${field}'`, { hint: 'use the JSON key file Google Cloud gave for the service account' });
  }
  // A YAML mapping often carries the key with literal \n.
  return { client_email: String(key['client_email']), private_key: String(key['private_key']).replace(/\\n/g, '\n'), private_key_id: key['private_key_id'] ? String(key['private_key_id']) : undefined, project_id: key['project_id'] ? String(key['project_id']) : undefined };
}
