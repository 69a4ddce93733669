import { describe, expect, it } from 'vitest';
import { luhnValid, redactPii } from '../../../../src/ai/text/index.js';

describe('redactPii', () => {
  it('redacts e-mails, phones in several formats and Luhn-valid cards, and counts each', () => {
    const text = 'Write to jane.doe@example.com or liam+lumen@mail.example.co.uk. Call +44 20 7946 0958, (415) 555-0132, 030 1234567 or +1 212-555-0187. Card 4111 1111 1111 1111 and 5500-0000-0000-0004.';
    const result = redactPii(text);
    expect(result.text).toBe('Write to [EMAIL] or [EMAIL]. Call [PHONE], [PHONE], [PHONE] or [PHONE]. Card [CARD] and [CARD].');
    expect(result.counts).toEqual({ email: 2, phone: 4, credit_card: 2 });
    expect(result.total).toBe(8);
  });

  it('leaves dates, times, versions, order numbers, amounts and Luhn-invalid card-like numbers', () => {
    const text = 'On 2026-12-06 at 10:30 we shipped 3.3.1 for order #48213 (EUR 1,250.00); ref 4111 1111 1111 1112 and id 1234567890123456.';
    expect(redactPii(text)).toEqual({ text, counts: { email: 0, phone: 0, credit_card: 0 }, total: 0 });
  });

  it('redacts only the kinds asked for', () => {
    expect(redactPii('a@b.io +49 30 901820', ['email']).text).toBe('[EMAIL] +49 30 901820');
  });

  it('checks card numbers with Luhn', () => {
    expect(luhnValid('4012888888881881')).toBe(true);
    expect(luhnValid('4012888888881882')).toBe(false);
  });
});
