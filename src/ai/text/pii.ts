/**
 * PII redaction for training data: e-mail addresses, phone numbers and payment card numbers
 * replaced by `[EMAIL]`, `[PHONE]` and `[CARD]`, with a count of each.
 *
 * Cards are found before phones, so a card is never counted as a phone: 13–19 digits, as one
 * run or in groups split by one kind of separator (space or dash) with a first group of four,
 * as cards are printed and typed, and passing the Luhn check. Phones need the shape of a phone:
 * a `+` country code, an area code in parentheses, 3-3/4-4 digit groups, or a trunk `0`, with
 * 7–15 digits in all; so dates (2026-12-06), versions (1.2.3), times, IP addresses, decimals
 * and plain numbers such as order ids (#48213, 1234567) stay as they are.
 */

export type PiiKind = 'email' | 'phone' | 'credit_card';
export const PII_KINDS: readonly PiiKind[] = ['email', 'phone', 'credit_card'];

export interface Redaction {
  text: string;
  counts: Record<PiiKind, number>;
  total: number;
}

const EMAIL = /(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-]|@)/g;

// Digit groups separated by single spaces or dashes, not inside a word, number or version.
const DIGIT_RUN = /(?<![\w.+,/-])\d+(?:[ -]\d+)*/g;

const PHONE = new RegExp(
  // Not the tail of a longer number, word, version or date.
  String.raw`(?<![\w+.,/-])(?<!\d[ .])` +
    '(?:' +
    // +CC, an optional (area) or (0), then 2–5 groups: +1 415 555 2671, +44 (0)20 7946 0958, +33 1 23 45 67 89
    String.raw`\+\d{1,3}(?:[ .-]?\(\d{1,4}\))?(?:[ .-]?\d{1,5}){2,5}` +
    // (area) number: (415) 555-2671, (020) 7946 0958
    String.raw`|\(\d{2,5}\)[ .-]?\d{2,5}(?:[ .-]\d{2,5}){0,2}` +
    // groups of 3-4, 3-4, 4-5 digits, optionally after a 1 trunk: 415-555-2671, 415.555.2671, 020 7946 0958, 1-800-555-0199
    String.raw`|(?:1[ .-])?\d{3,4}[ .-]\d{3,4}[ .-]\d{4,5}` +
    // a trunk 0 and four pairs: 06 12 34 56 78, 01.23.45.67.89
    String.raw`|0\d(?:[ .-]\d{2}){4}` +
    // a trunk-0 area code and the subscriber number: 030 12345678, 07700 900123, 0171/1234567
    String.raw`|0\d{2,4}[ /-]\d{5,8}` +
    ')' +
    // Not followed by more of a number (a lone count after a space is not: "415-555-2671 2 times").
    String.raw`(?![\w-]|[ .]\d{2})`,
  'g',
);

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

export function redactPii(text: string, kinds: readonly PiiKind[] = PII_KINDS): Redaction {
  const counts: Record<PiiKind, number> = { email: 0, phone: 0, credit_card: 0 };
  let out = text;
  if (kinds.includes('email') && out.includes('@')) {
    out = out.replace(EMAIL, () => (counts.email++, '[EMAIL]'));
  }
  if (kinds.includes('credit_card')) {
    out = out.replace(DIGIT_RUN, (run) => (run.length < 13 ? run : redactCards(run, counts)));
  }
  if (kinds.includes('phone')) {
    out = out.replace(PHONE, (match) => {
      const digits = match.replace(/\D/g, '').length;
      if (digits < 7 || digits > 15) return match;
      counts.phone++;
      return '[PHONE]';
    });
  }
  return { text: out, counts, total: counts.email + counts.phone + counts.credit_card };
}

/**
 * The cards in a run of digit groups. A run can hold a card and more (`4111 1111 1111 1111 12
 * items`), so every span of whole groups is tried, the longest first from each start.
 */
function redactCards(run: string, counts: Record<PiiKind, number>): string {
  const groups: { start: number; end: number }[] = [];
  for (const m of run.matchAll(/\d+/g)) groups.push({ start: m.index!, end: m.index! + m[0].length });
  let out = '';
  let copied = 0;
  for (let i = 0; i < groups.length; i++) {
    // A card is at most 19 digits, so at most 19 groups: the spans tried stay short in any run.
    for (let j = Math.min(groups.length - 1, i + 18); j >= i; j--) {
      if (!cardShaped(run, groups, i, j)) continue;
      const digits = run.slice(groups[i]!.start, groups[j]!.end).replace(/\D/g, '');
      // All one digit (0000 0000 0000 0000) is a placeholder, not a card.
      if (!luhnValid(digits) || /^(\d)\1*$/.test(digits)) continue;
      out += run.slice(copied, groups[i]!.start) + '[CARD]';
      copied = groups[j]!.end;
      counts.credit_card++;
      i = j;
      break;
    }
  }
  return out + run.slice(copied);
}

function cardShaped(run: string, groups: { start: number; end: number }[], i: number, j: number): boolean {
  const length = (k: number) => groups[k]!.end - groups[k]!.start;
  let digits = 0;
  for (let k = i; k <= j; k++) digits += length(k);
  if (digits < 13 || digits > 19) return false;
  if (i === j) return true;
  if (length(i) !== 4) return false;
  const separator = run[groups[i]!.end];
  for (let k = i + 1; k <= j; k++) {
    if (run[groups[k - 1]!.end] !== separator || groups[k]!.start - groups[k - 1]!.end !== 1) return false;
    if (k < j && (length(k) < 4 || length(k) > 6)) return false;
  }
  return length(j) <= 6;
}
