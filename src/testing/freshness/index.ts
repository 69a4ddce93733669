/** Source freshness: rules, timestamp handling and the checks behind `kiln source freshness`. */
export * from './check.js';
export * from './criteria.js';
export * from './timestamps.js';
export type * from './types.js';
