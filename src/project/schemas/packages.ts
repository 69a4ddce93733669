/**
 * packages.yml and dependencies.yml: `packages:` entries are one of
 * `{local}`, `{package, version}`, `{git, revision}`, `{tarball, name}` or
 * `{private, revision}`; dependencies.yml may also list `projects:` (dbt Mesh).
 */
import type * as zod from 'zod';
import { z } from './zod.js';
import { registerRootKind } from './issues.js';
import { bool, byShape, isPlainObject, obj, opt, report, str, strOrNumList } from './leaves.js';

const version = strOrNumList;

const KINDS = {
  local: obj({ local: str }),
  package: obj({ package: str, version: opt(version), 'install-prerelease': opt(bool) }),
  git: obj({ git: str, revision: opt(version), subdirectory: opt(str), 'warn-unpinned': opt(bool) }),
  tarball: obj({ tarball: str, name: opt(str) }),
  private: obj({ private: str, revision: opt(version), subdirectory: opt(str), provider: opt(str), 'warn-unpinned': opt(bool) }),
} as const;
const KIND_KEYS = Object.keys(KINDS) as (keyof typeof KINDS)[];

const packageEntry = byShape<Record<string, unknown>>((value, sink) => {
  if (!isPlainObject(value)) {
    report(sink, [], { kiln: 'type', expected: "a mapping such as {package: dbt-labs/dbt_utils, version: '1.3.0'}" });
    return undefined;
  }
  const kinds = KIND_KEYS.filter((k) => k in value);
  if (kinds.length === 1) return KINDS[kinds[0]!];
  if (kinds.length > 1) {
    report(sink, [kinds[1]!], {
      kiln: 'message',
      message: `a package entry takes one of ${KIND_KEYS.map((k) => `'${k}'`).join(', ')}, got both '${kinds[0]}' and '${kinds[1]}'`,
    });
    return undefined;
  }
  // None of the kind keys: a typo of one of them is the likely cause.
  const all = [...new Set(Object.values(KINDS).flatMap((schema) => Object.keys(schema.shape)))];
  const typo = Object.keys(value).find((key) => !all.includes(key)) ?? Object.keys(value)[0];
  report(sink, typo === undefined ? [] : [typo], {
    kiln: 'unknown_key',
    key: typo ?? '',
    candidates: KIND_KEYS,
    note: `a package entry needs one of ${KIND_KEYS.map((k) => `'${k}'`).join(', ')}`,
  });
  return undefined;
});

export const packagesFileSchema = registerRootKind(
  obj({
    packages: opt(z.array(packageEntry)),
    projects: opt(z.array(obj({ name: str }))),
  }),
  'packages',
);

export type PackagesFile = zod.infer<typeof packagesFileSchema>;
