/**
 * dbt-duckdb's own `adapter.*` members (its `@available` methods), as embedded DuckDB
 * answers them: no MotherDuck, no DuckLake, no plugins. The Jinja layer spreads them into
 * the `adapter` object it builds (AdapterDialect.templateMembers).
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { KilnError } from '../../errors.js';
import type { TemplateMemberHost } from '../types.js';
import { externalReadLocation, externalWriteOptions } from './external-files.js';

/** dbt-duckdb's schema for the staging tables of incremental builds on MotherDuck. */
const TEMP_SCHEMA_NAME = 'dbt_temp';

interface ModelLike {
  identifier?: string;
  database?: string;
  abs_path?: string;
  root_path?: string;
  original_file_path?: string;
  batch?: { event_time_start?: unknown } | null;
}

export function duckDbTemplateMembers(host: TemplateMemberHost): Record<string, unknown> {
  // One suffix per model and run, so a model's staging table keeps its name within the run.
  const stagingSuffixes = new Map<string, string>();
  const options = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' ? (value as Record<string, unknown>) : {});
  return {
    is_motherduck: () => false,
    is_ducklake: () => false,
    disable_transactions: () => false,
    valid_incremental_strategies: () => ['append', 'merge', 'delete+insert', 'microbatch'],
    external_root: () => String(host.targetSetting('external_root') ?? '.'),
    location_exists: (location: string) => host.fileExists(String(location)),
    external_write_options: (...args: unknown[]) => {
      const a = host.bindArgs(args, ['write_location', 'rendered_options']);
      return externalWriteOptions(String(a['write_location']), options(a['rendered_options']));
    },
    external_read_location: (...args: unknown[]) => {
      const a = host.bindArgs(args, ['write_location', 'rendered_options']);
      return externalReadLocation(String(a['write_location']), options(a['rendered_options']));
    },
    store_relation: () => {
      throw new KilnError("dbt-duckdb's plugins (glue_register, plugin: …) are not supported: kiln cannot register an external model in another catalog", {
        hint: 'remove the `plugin` and `glue_register` configs; the file and its view are still written',
      });
    },
    get_seed_file_path: (...args: unknown[]) => {
      const model = host.bindArgs(args, ['model'])['model'] as ModelLike;
      return model.abs_path ? String(model.abs_path) : path.join(String(model.root_path ?? ''), String(model.original_file_path ?? ''));
    },
    // kiln's seed tables already hold dates and times as their text.
    convert_datetimes_to_strs: (table: unknown) => table,
    /** A batch's start time squeezed into an identifier suffix (20240101_000000), '' outside microbatch. */
    batch_id_for_model: (...args: unknown[]) => {
      const model = host.bindArgs(args, ['model'])['model'] as ModelLike | undefined;
      const start = model?.batch?.event_time_start;
      return start ? String(start).replace(/[-:+]/g, '').replace(/ /g, '_') : '';
    },
    /** Where MotherDuck stages an incremental build (a real table, since it has no remote temporary ones). */
    get_temp_relation_path: (...args: unknown[]) => {
      const a = host.bindArgs(args, ['model', 'batch_id']);
      const model = a['model'] as ModelLike;
      const identifier = String(model.identifier ?? '');
      if (!stagingSuffixes.has(identifier)) stagingSuffixes.set(identifier, randomUUID().split('-').pop()!);
      const batchId = a['batch_id'] ? `__${String(a['batch_id'])}` : '';
      return { database: model.database ?? '', schema: TEMP_SCHEMA_NAME, identifier: `${identifier}__${stagingSuffixes.get(identifier)}${batchId}` };
    },
  };
}
