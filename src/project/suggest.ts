import { closest, distance } from 'fastest-levenshtein';

/** The closest candidate to `name`, if it is close enough to be a likely typo. */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates];
  if (list.length === 0) return undefined;
  const best = closest(name, list);
  const limit = Math.max(2, Math.floor(name.length / 3));
  return distance(name, best) <= limit ? best : undefined;
}

/** ` Did you mean 'x'?` or the empty string. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const best = closestName(name, candidates);
  return best ? `did you mean '${best}'?` : '';
}
