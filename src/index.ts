/**
 * kiln as a package: the types a TypeScript model is written against
 * (`import type { ModelContext } from 'kiln'`). kiln itself runs through its CLI.
 */
export type { ModelContext, ModelOutput, ModelTarget, Row } from './tsmodels/types.js';
export type { RelationReader } from './tsmodels/reader.js';
