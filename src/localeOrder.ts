/**
 * Sorting in String.prototype.localeCompare's order (ICU's root collation) without ICU where it
 * is not needed: the first collator takes about 8 ms to create, and sorting 3,000 ids through it
 * 7 ms more, a sixth of a warm `kiln ls`. For keys of only lowercase ASCII letters, digits, `_`,
 * `-` and `.` (nearly every unique id) that collation is `_ - . 0-9 a-z`, which is code-point
 * order but for `_`: with `_` read as `,` (just below `-`, and never in such a key) a plain
 * comparison gives the same order. Any other key sends the whole sort through the collator.
 */
const PLAIN = /^[a-z0-9_.-]*$/;

let collator: Intl.Collator | undefined;

/** `items` sorted by `key` as `key(a).localeCompare(key(b))` would sort them (stable, as Array.sort is). */
export function sortByLocale<T>(items: T[], key: (item: T) => string): T[] {
  const keyed = items.map((item) => ({ item, key: key(item) }));
  if (keyed.every((entry) => PLAIN.test(entry.key))) {
    for (const entry of keyed) entry.key = entry.key.replaceAll('_', ',');
    keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  } else {
    const { compare } = (collator ??= new Intl.Collator());
    keyed.sort((a, b) => compare(a.key, b.key));
  }
  return keyed.map((entry) => entry.item);
}
