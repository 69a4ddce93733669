import { describe, expect, it } from 'vitest';
import { sortByLocale } from '../../src/localeOrder.js';

/** Seeded, so that a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const byLocaleCompare = (keys: string[]): string[] => [...keys].sort((a, b) => a.localeCompare(b));

describe('sortByLocale', () => {
  it("sorts ids as localeCompare does, without the collator, over every character they are made of", () => {
    const next = random(7);
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789_.-';
    for (let round = 0; round < 200; round++) {
      const keys = Array.from({ length: 50 }, () => Array.from({ length: 1 + Math.floor(next() * 10) }, () => alphabet[Math.floor(next() * alphabet.length)]).join(''));
      expect(sortByLocale(keys, (key) => key)).toEqual(byLocaleCompare(keys));
    }
    const ids = ['model.shop.stg_1', 'model.shop.stg1', 'model.shop.stg-1', 'model.shop.stg.1', 'model.shop.stg', 'test.shop.a_b', 'model.shop_2.x', 'model.shop.x'];
    expect(sortByLocale(ids, (id) => id)).toEqual(byLocaleCompare(ids));
  });

  it('sorts any other key through the collator: capitals, accents, spaces', () => {
    const keys = ['model.shop.Orders', 'model.shop.orders', 'model.shop.ördérs', 'model.shop.order s', 'model.shop.order_s', 'Model.a', 'model.b'];
    expect(sortByLocale(keys, (key) => key)).toEqual(byLocaleCompare(keys));
  });

  it('keeps items with equal keys in their order, and leaves the input alone', () => {
    const items = [{ id: 'b', n: 1 }, { id: 'a', n: 2 }, { id: 'b', n: 3 }];
    expect(sortByLocale(items, (item) => item.id).map((item) => item.n)).toEqual([2, 1, 3]);
    expect(items.map((item) => item.n)).toEqual([1, 2, 3]);
  });
});
