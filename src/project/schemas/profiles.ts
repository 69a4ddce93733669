/**
 * profiles.yml: `{ <profile>: { target, outputs: { <name>: { type, threads?, …adapter keys } } }, config? }`.
 * Each output's adapter keys (path, account, keyfile, …) belong to the adapter
 * and pass through unchecked; `type` and `threads` are kiln's. Values may be
 * `{{ env_var('…') }}` strings anywhere.
 */
import { z } from './zod.js';
import { registerRootKind } from './issues.js';
import { forward, int, isPlainObject, map, obj, opt, report, str } from './leaves.js';

const output = z.looseObject({ type: str, threads: opt(int) });

const outputs = z.custom<Record<string, unknown>>(() => true).superRefine((value, ctx) => {
  if (!isPlainObject(value)) {
    report(ctx, [], { kiln: 'type', expected: 'a mapping of target names to connection settings' });
    return;
  }
  for (const [name, settings] of Object.entries(value)) forward(ctx, output, settings, [name]);
});

const profile = obj({ target: opt(str), outputs });

export interface ProfileOutput {
  type: string;
  threads?: number | string | null;
  [key: string]: unknown;
}
export interface ProfileEntry {
  target?: string | null;
  outputs: Record<string, ProfileOutput>;
}
/** Profiles by name; `config` (legacy user settings) is the one key that is not a profile. */
export type ProfilesFile = Record<string, ProfileEntry>;

export const profilesFileSchema = registerRootKind(
  z.custom<ProfilesFile>(() => true).superRefine((value, ctx) => {
    if (!isPlainObject(value)) {
      report(ctx, [], { kiln: 'type', expected: 'a mapping of profile names to profiles' });
      return;
    }
    for (const [name, entry] of Object.entries(value)) {
      if (name === 'config') forward(ctx, map, entry, [name]);
      else if (!isPlainObject(entry)) report(ctx, [name], { kiln: 'type', expected: 'a profile mapping {target, outputs}' });
      else forward(ctx, profile, entry, [name]);
    }
  }),
  'profiles',
);
