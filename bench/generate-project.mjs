/**
 * A synthetic kiln project in dbt's usual shape: staging → intermediate → marts,
 * with fan-in and fan-out, a few macros, configs and YAML tests.
 *
 *   node bench/generate-project.mjs <dir> <models> [--tables N]
 *
 * Deterministic (seeded) so that figures are comparable between runs.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

export function generateProject(dir, modelCount, options = {}) {
  const random = rng(42);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const tables = options.tables ?? 0;
  rmSync(dir, { recursive: true, force: true });
  for (const sub of ['models/staging', 'models/intermediate', 'models/marts', 'macros', 'seeds']) mkdirSync(join(dir, sub), { recursive: true });
  writeFileSync(join(dir, 'project.yml'), `name: bench\nversion: '1.0.0'\nvars:\n  min_amount: 0\nmodels:\n  bench:\n    +materialized: view\n`);
  writeFileSync(join(dir, 'macros/money.sql'), `{% macro cents_to_dollars(column, scale=2) %}round({{ column }} / 100.0, {{ scale }}){% endmacro %}\n{% macro positive(column) %}greatest({{ column }}, 0){% endmacro %}\n`);
  writeFileSync(join(dir, 'seeds/raw_events.csv'), 'id,user_id,amount_cents,kind\n' + Array.from({ length: 50 }, (_, i) => `${i},${i % 7},${i * 137},${['a', 'b', 'c'][i % 3]}`).join('\n') + '\n');
  const staging = Math.max(1, Math.round(modelCount * 0.3));
  const intermediate = Math.max(1, Math.round(modelCount * 0.4));
  const marts = Math.max(0, modelCount - staging - intermediate);
  const names = { staging: [], intermediate: [], marts: [] };
  const yaml = [];
  let tableBudget = tables;
  const config = (i) => {
    if (tableBudget > 0 && i % 3 === 0) {
      tableBudget--;
      return "{{ config(materialized='table') }}\n";
    }
    return '';
  };
  for (let i = 0; i < staging; i++) {
    const name = `stg_events_${i}`;
    names.staging.push(name);
    const dynamic = i % 5 === 0;
    const body = dynamic
      ? `select id, user_id, {{ cents_to_dollars('amount_cents') }} as amount, kind\nfrom {{ ref('raw_events') }}\nwhere amount_cents >= {{ var('min_amount') }}\n`
      : `select id, user_id, amount_cents, kind\nfrom {{ ref('raw_events') }}\n`;
    writeFileSync(join(dir, `models/staging/${name}.sql`), config(i) + body);
    if (i % 4 === 0) yaml.push(`  - name: ${name}\n    columns:\n      - name: id\n        data_tests: [not_null]\n`);
  }
  for (let i = 0; i < intermediate; i++) {
    const name = `int_events_${i}`;
    names.intermediate.push(name);
    const parents = [...new Set([pick(names.staging), pick(names.staging), pick(names.staging)])].slice(0, 1 + (i % 3));
    const union = parents.map((p) => `select id, user_id, kind from {{ ref('${p}') }}`).join('\nunion all\n');
    const body = i % 7 === 0
      ? `{% set kinds = ['a', 'b', 'c'] %}\nselect user_id,\n{% for k in kinds %}  count(*) filter (where kind = '{{ k }}') as n_{{ k }}{% if not loop.last %},{% endif %}\n{% endfor %}from (\n${union}\n) u\ngroup by user_id\n`
      : `select user_id, count(*) as n from (\n${union}\n) u\ngroup by user_id\n`;
    writeFileSync(join(dir, `models/intermediate/${name}.sql`), config(i) + body);
  }
  for (let i = 0; i < marts; i++) {
    const name = `fct_users_${i}`;
    names.marts.push(name);
    const parents = [...new Set(Array.from({ length: 2 + (i % 3) }, () => pick(names.intermediate)))];
    const joins = parents.map((p, j) => (j === 0 ? `from {{ ref('${p}') }} t0` : `left join {{ ref('${p}') }} t${j} using (user_id)`)).join('\n');
    writeFileSync(join(dir, `models/marts/${name}.sql`), `${config(i)}select t0.user_id\n${joins}\n`);
    if (i % 5 === 0) yaml.push(`  - name: ${name}\n    description: Mart ${i}\n    columns:\n      - name: user_id\n        data_tests: [not_null]\n`);
  }
  writeFileSync(join(dir, 'models/schema.yml'), `version: 2\n\nmodels:\n${yaml.join('')}`);
  return { staging, intermediate, marts };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir, count] = process.argv.slice(2);
  const tablesFlag = process.argv.indexOf('--tables');
  const result = generateProject(dir, Number(count), { tables: tablesFlag > 0 ? Number(process.argv[tablesFlag + 1]) : 0 });
  console.log(`generated ${count} models in ${dir}:`, result);
}
