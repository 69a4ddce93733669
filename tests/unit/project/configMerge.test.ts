import { describe, expect, it } from 'vitest';
import { configFromTree, mergeConfig } from '../../../src/project/configMerge.js';

describe('config precedence', () => {
  it('deeper folders win, tags and hooks accumulate, meta merges', () => {
    const tree = {
      '+materialized': 'view',
      '+tags': ['all'],
      my_project: {
        '+meta': { owner: 'a' },
        marts: { materialized: 'table', '+tags': 'mart', '+meta': { tier: 1 }, 'post-hook': 'grant select' },
        staging: { '+materialized': 'ephemeral' },
      },
    };
    expect(configFromTree(tree, ['my_project', 'marts', 'orders'])).toEqual({
      materialized: 'table',
      tags: ['all', 'mart'],
      meta: { owner: 'a', tier: 1 },
      post_hook: [{ sql: 'grant select', transaction: true }],
    });
    expect(configFromTree(tree, ['my_project', 'staging', 'stg'])['materialized']).toBe('ephemeral');
    expect(configFromTree(tree, ['other_pkg', 'x'])['materialized']).toBe('view');
  });

  it('merges more specific levels over less specific ones', () => {
    const merged = mergeConfig({ materialized: 'view', tags: ['a'], pre_hook: [{ sql: 'one', transaction: true }] }, { materialized: 'table', tags: ['b', 'a'], 'pre-hook': ['two'] });
    expect(merged).toEqual({ materialized: 'table', tags: ['a', 'b'], pre_hook: [{ sql: 'one', transaction: true }, { sql: 'two', transaction: true }] });
  });
});
