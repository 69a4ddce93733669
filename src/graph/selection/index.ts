/**
 * Node selection: dbt's --select / --exclude / --selector grammar over the manifest graph.
 *
 *   selectNodes({ manifest, select: ['+orders tag:nightly'], exclude: ['stg_legacy'], rootPackage })
 *
 * returns the unique_ids selected; selectNodesWithWarnings also returns the
 * "does not match any enabled nodes" notes dbt prints for empty criteria.
 */
export { selectNodes, selectNodesWithWarnings } from './select.js';
export { parseSelectorsFile, defaultSelector } from './selectors-file.js';
export { parseCriterion, parseUnion, defaultMethod, SELECTOR_METHODS } from './parse.js';
export { fnmatch } from './fnmatch.js';
export { forgetGraphIndex } from './graph-index.js';
export { STATE_SELECTORS } from './state.js';
export { RESOURCE_TYPES } from './methods.js';
export type {
  IndirectSelection,
  PreviousResult,
  SelectionCriterion,
  SelectionDifference,
  SelectionInput,
  SelectionResult,
  SelectionSetOperation,
  SelectionSpec,
  SelectorDefinition,
  SelectorReference,
  SelectorsFile,
} from './types.js';
