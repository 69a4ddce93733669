import { describe, expect, it } from 'vitest';
import { luhnValid, redactPii } from '../../../../src/ai/text/index.js';

describe('redactPii: e-mail', () => {
  it('replaces real-looking addresses and counts them', () => {
    const r = redactPii('Write to maria.garcia+billing@example.co.uk, or J_Smith99@mail-server.example.com. Not: @handle, user@, a@b');
    expect(r.text).toBe('Write to [EMAIL], or [EMAIL]. Not: @handle, user@, a@b');
    expect(r.counts).toEqual({ email: 2, phone: 0, credit_card: 0 });
    expect(r.total).toBe(2);
  });
});

describe('redactPii: phone numbers', () => {
  it.each([
    ['+1 (415) 555-2671'],
    ['+1 415 555 2671'],
    ['+14155552671'],
    ['415-555-2671'],
    ['415.555.2671'],
    ['(415) 555-2671'],
    ['1-800-555-0199'],
    ['+44 20 7946 0958'],
    ['+44 (0)20 7946 0958'],
    ['020 7946 0958'],
    ['+33 1 23 45 67 89'],
    ['06 12 34 56 78'],
    ['+49 30 12345678'],
    ['030 12345678'],
    ['07700 900123'],
  ])('redacts %s', (phone) => {
    const r = redactPii(`Call me at ${phone} tomorrow.`);
    expect(r.text).toBe('Call me at [PHONE] tomorrow.');
    expect(r.counts.phone).toBe(1);
  });

  it('leaves dates, times, versions, IP addresses, order ids and plain numbers alone', () => {
    const text = [
      'Shipped 2026-12-06 at 2026-12-06T10:15:30Z (06.12.2026, 12/06/2026).',
      'Upgrade from v1.2.3 to 10.15.7 or 2.0.1234; server 192.168.100.200.',
      'Order #48213, invoice 1234567, ticket 20261206, pi 3.14159, total 1 234 567 EUR, 12:30-14:00.',
    ].join('\n');
    const r = redactPii(text);
    expect(r.text).toBe(text);
    expect(r.total).toBe(0);
  });

  it('needs at least 7 digits', () => {
    expect(redactPii('ext 555-26 or +1 23 45').text).toBe('ext 555-26 or +1 23 45');
  });
});

describe('redactPii: payment cards', () => {
  it('redacts a Luhn-valid Visa number in every common grouping, and does not count it as a phone', () => {
    const r = redactPii('Visa 4111 1111 1111 1111, again 4111-1111-1111-1111 and 4111111111111111.');
    expect(r.text).toBe('Visa [CARD], again [CARD] and [CARD].');
    expect(r.counts).toEqual({ email: 0, phone: 0, credit_card: 3 });
  });

  it('redacts other networks (Mastercard, Amex 4-6-5, Discover)', () => {
    const r = redactPii('MC 5555 5555 5555 4444, Amex 3782 822463 10005, Discover 6011-1111-1111-1117');
    expect(r.text).toBe('MC [CARD], Amex [CARD], Discover [CARD]');
    expect(r.counts.credit_card).toBe(3);
  });

  it('leaves a 16-digit number that fails the Luhn check', () => {
    expect(luhnValid('4111111111111112')).toBe(false);
    const text = 'Tracking 4111 1111 1111 1112 and 1234567812345678.';
    const r = redactPii(text);
    expect(r.text).toBe(text);
    expect(r.total).toBe(0);
  });

  it('finds the card inside a longer run of digit groups', () => {
    expect(redactPii('paid with 4111 1111 1111 1111 12 items').text).toBe('paid with [CARD] 12 items');
    expect(redactPii('on 2026-12-06 4111-1111-1111-1111').text).toBe('on 2026-12-06 [CARD]');
  });

  it('finds every card in a long run of groups, trying only spans a card can be', () => {
    const r = redactPii('4111 1111 1111 1111 '.repeat(2000).trim());
    expect(r.counts.credit_card).toBe(2000);
    expect(r.text).toBe(Array(2000).fill('[CARD]').join(' '));
  });
});

describe('redactPii: kinds and counts', () => {
  const text = 'Mail ana@example.org, phone +1 415 555 2671, card 4111 1111 1111 1111, again ana@example.org.';

  it('counts each kind and the total', () => {
    const r = redactPii(text);
    expect(r.text).toBe('Mail [EMAIL], phone [PHONE], card [CARD], again [EMAIL].');
    expect(r.counts).toEqual({ email: 2, phone: 1, credit_card: 1 });
    expect(r.total).toBe(4);
  });

  it('redacts only the kinds asked for', () => {
    const r = redactPii(text, ['email']);
    expect(r.text).toBe('Mail [EMAIL], phone +1 415 555 2671, card 4111 1111 1111 1111, again [EMAIL].');
    expect(r.counts).toEqual({ email: 2, phone: 0, credit_card: 0 });
    const cards = redactPii(text, ['credit_card', 'phone']);
    expect(cards.counts).toEqual({ email: 0, phone: 1, credit_card: 1 });
  });

  it('returns text without PII unchanged', () => {
    const r = redactPii('Nothing to see here: 42 apples, version 3.1, room 101.');
    expect(r).toEqual({ text: 'Nothing to see here: 42 apples, version 3.1, room 101.', counts: { email: 0, phone: 0, credit_card: 0 }, total: 0 });
  });
});
