/**
 * The zod functions kiln's schemas are built from, as one object. The build bundles this module
 * and the part of zod it reaches into one file (rolldown.config.mjs): zod's own entry loads 95
 * modules, 854 KB with every locale, about 120 ms of each command that validates a project;
 * the bundle is about 180 KB and loads in about 20. A function not listed here is a type error,
 * not a missing member at run time. zod's types come from 'zod' itself (`import type * as zod`).
 */
import { array, custom, enum as oneOfValues, lazy, looseObject, number, strictObject, string, unknown } from 'zod';

export const z = { array, custom, enum: oneOfValues, lazy, looseObject, number, strictObject, string, unknown };
