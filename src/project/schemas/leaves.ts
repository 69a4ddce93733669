/**
 * The building blocks every kiln schema is made of. Leaves carry kiln's own
 * issue parameters (`params.kiln`) so that `issues.ts` can word every problem
 * the same way (`'materialized' must be a string, got 3`) and suggest a fix.
 *
 * Two rules apply everywhere:
 * - a string containing `{{` is accepted wherever a scalar is expected, since
 *   dbt renders Jinja in YAML values before it uses them;
 * - an optional key may be present with an empty value (`description:`), which
 *   YAML reads as null and dbt treats as absent.
 */
import type * as zod from 'zod';
import { z } from './zod.js';
import { isJinja } from './yaml.js';

/** What a kiln issue says beyond zod's own codes. */
export type KilnIssueParams =
  | {
      kiln: 'unknown_key';
      key: string;
      candidates: readonly string[];
      /** Added to the message after a colon. */
      note?: string;
      /** Shown instead of a did-you-mean. */
      hint?: string;
      /** Shown when no candidate is close enough for a did-you-mean. */
      fallbackHint?: string;
    }
  | { kiln: 'type'; expected: string }
  | { kiln: 'choice'; choices: readonly string[] }
  | { kiln: 'message'; message: string; hint?: string };

/** The part of zod's refinement context the helpers use. */
export interface IssueSink {
  addIssue(issue: { code: 'custom'; message: string; path?: PropertyKey[]; params?: Record<string, unknown> }): void;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function report(sink: IssueSink, path: PropertyKey[], params: KilnIssueParams): void {
  const message = params.kiln === 'message' ? params.message : params.kiln;
  sink.addIssue({ code: 'custom', message, path, params: params as unknown as Record<string, unknown> });
}

/** A scalar-ish value checked by `test`; Jinja strings always pass. `expected` reads "must be <expected>". */
export function leaf<T>(expected: string, test: (value: unknown) => boolean): zod.ZodType<T> {
  return z.custom<T>((value) => test(value) || isJinja(value), {
    params: { kiln: 'type', expected } satisfies KilnIssueParams,
    // zod's custom() aborts by default, which would hide the sibling unknown-key check of `obj`
    abort: false,
  });
}

export const str = leaf<string>('a string', (v) => typeof v === 'string');
/** Names and versions: YAML reads `version: 1.0` or `- name: 2024` as numbers; both are fine as text. */
export const strOrNum = leaf<string | number>('a string', (v) => typeof v === 'string' || typeof v === 'number');
export const bool = leaf<boolean | string>('true or false', (v) => typeof v === 'boolean');
export const int = leaf<number | string>('an integer', (v) => Number.isInteger(v));
export const num = leaf<number | string>('a number', (v) => typeof v === 'number');
export const map = leaf<Record<string, unknown>>('a mapping', isPlainObject);
export const anyValue = z.unknown();

const isStr = (v: unknown): boolean => typeof v === 'string';
export const strList = leaf<string[]>('a list of strings', (v) => Array.isArray(v) && v.every(isStr));
export const strOrList = leaf<string | string[]>(
  'a string or a list of strings',
  (v) => typeof v === 'string' || (Array.isArray(v) && v.every(isStr)),
);
export const strOrNumList = leaf<string | number | (string | number)[]>(
  'a string or a list of strings',
  (v) => typeof v === 'string' || typeof v === 'number' || (Array.isArray(v) && v.every((i) => isStr(i) || typeof i === 'number')),
);
/** A mapping whose values are all strings (column_types, snapshot_meta_column_names, labels). */
export const strMap = leaf<Record<string, string>>('a mapping of strings', (v) => isPlainObject(v) && Object.values(v).every((i) => isStr(i) || i === null));
/** A list of mappings (rows, constraints given loosely, exposures' owners…). */
export const mapList = leaf<Record<string, unknown>[]>('a list of mappings', (v) => Array.isArray(v) && v.every(isPlainObject));

/** One of a fixed set of words (compared case-insensitively when asked); Jinja passes. */
export function oneOf<T extends string>(choices: readonly T[], options: { caseInsensitive?: boolean } = {}): zod.ZodType<T> {
  const set = new Set<string>(options.caseInsensitive ? choices.map((c) => c.toLowerCase()) : choices);
  return z.custom<T>(
    (v) => isJinja(v) || (typeof v === 'string' && set.has(options.caseInsensitive ? v.toLowerCase() : v)),
    { params: { kiln: 'choice', choices } satisfies KilnIssueParams, abort: false },
  );
}

/** Optional key that may also be written empty (null). */
export function opt<T extends zod.ZodType>(schema: T) {
  return schema.nullable().optional();
}

/**
 * An object whose keys are all known: unknown keys are reported one by one
 * (with the known keys as did-you-mean candidates), alongside any problem
 * inside the known keys. `extraKeys` are accepted without a schema.
 */
export function obj<S extends zod.ZodRawShape>(shape: S, extraKeys: readonly string[] = []) {
  const known = [...Object.keys(shape), ...extraKeys];
  const knownSet = new Set(known);
  return z.looseObject(shape).superRefine(
    (value, ctx) => {
      if (!isPlainObject(value)) return;
      for (const key of Object.keys(value)) {
        if (!knownSet.has(key)) report(ctx, [key], { kiln: 'unknown_key', key, candidates: known });
      }
    },
    { when: () => true },
  );
}

/**
 * A value whose schema depends on its shape (a test is a name or a one-key
 * mapping; a package is `local:` or `package:` or `git:`…). `pick` returns the
 * schema to apply, or reports the problem itself and returns undefined.
 */
export function byShape<T>(pick: (value: unknown, ctx: IssueSink) => zod.ZodType | undefined) {
  return z.custom<T>(() => true).superRefine((value, ctx) => {
    const schema = pick(value, ctx);
    if (schema) forward(ctx, schema, value, []);
  });
}

/** Run `schema` over `value` and forward its issues under `path` (used by hand-written walkers). */
export function forward(sink: IssueSink, schema: zod.ZodType, value: unknown, path: PropertyKey[]): void {
  const result = schema.safeParse(value);
  if (result.success) return;
  for (const issue of result.error.issues) {
    const params = issue.code === 'custom' ? issue.params : { zod: issue };
    sink.addIssue({ code: 'custom', message: issue.message, path: [...path, ...issue.path], params });
  }
}
