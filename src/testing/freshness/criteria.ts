/**
 * Freshness rules as dbt evaluates them: a threshold is `count` `period`s; a table is
 * `error` when its age is strictly more than `error_after`, else `warn` when strictly
 * more than `warn_after`, else `pass`. A threshold missing its count or period is off,
 * and a rule with neither threshold on is no rule at all (the table is not checked).
 */
import type { FreshnessRule } from '../../project/nodes.js';
import type { FreshnessCriteria, FreshnessPeriod, FreshnessStatus, FreshnessThreshold } from './types.js';

const SECONDS_PER: Record<FreshnessPeriod, number> = { minute: 60, hour: 3_600, day: 86_400 };

export function isFreshnessPeriod(value: unknown): value is FreshnessPeriod {
  return typeof value === 'string' && Object.hasOwn(SECONDS_PER, value);
}

/** Seconds in one `period`. */
export function periodSeconds(period: FreshnessPeriod): number {
  return SECONDS_PER[period];
}

/** The threshold in seconds, or undefined when it is off (no count or no period). */
export function thresholdSeconds(threshold: FreshnessThreshold | null | undefined): number | undefined {
  if (!threshold || threshold.count === null || threshold.count === undefined || !threshold.period) return undefined;
  return threshold.count * periodSeconds(threshold.period);
}

/** True when `ageSeconds` is past the threshold (strictly more, as dbt). */
export function exceeds(threshold: FreshnessThreshold | null | undefined, ageSeconds: number): boolean {
  const limit = thresholdSeconds(threshold);
  return limit !== undefined && ageSeconds > limit;
}

/** The rule with both thresholds normalised to `{count, period}` (null when off), as sources.json writes them. */
export function criteriaOf(rule: FreshnessRule | null | undefined): FreshnessCriteria {
  const threshold = (t: FreshnessRule['warn_after']): FreshnessThreshold =>
    t && t.count !== undefined && t.count !== null && t.period ? { count: t.count, period: t.period } : { count: null, period: null };
  return { warn_after: threshold(rule?.warn_after), error_after: threshold(rule?.error_after), filter: rule?.filter ?? null };
}

/** Whether a source table has a freshness rule that asks for a check. */
export function hasFreshness(rule: FreshnessRule | null | undefined): rule is FreshnessRule {
  const criteria = criteriaOf(rule);
  return thresholdSeconds(criteria.warn_after) !== undefined || thresholdSeconds(criteria.error_after) !== undefined;
}

export function freshnessStatus(criteria: FreshnessCriteria, ageSeconds: number): Exclude<FreshnessStatus, 'runtime error'> {
  if (exceeds(criteria.error_after, ageSeconds)) return 'error';
  if (exceeds(criteria.warn_after, ageSeconds)) return 'warn';
  return 'pass';
}
