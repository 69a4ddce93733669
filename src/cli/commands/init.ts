import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { KilnError } from '../../errors.js';
import { outputFor, type GlobalOptions } from '../common.js';

const FILES: Record<string, (name: string) => string> = {
  'project.yml': (name) => `name: ${name}
version: '1.0.0'

# Where kiln looks for things (these are the defaults).
model-paths: [models]
seed-paths: [seeds]
macro-paths: [macros]
test-paths: [tests]
snapshot-paths: [snapshots]

# Folder-level configs: every model under models/marts is a table.
models:
  ${name}:
    +materialized: view
    marts:
      +materialized: table
`,
  'seeds/raw_customers.csv': () => `id,first_name,last_name
1,Ada,Lovelace
2,Grace,Hopper
3,Edsger,Dijkstra
`,
  'seeds/raw_orders.csv': () => `id,customer_id,order_date,status,amount
1,1,2024-01-01,completed,120.50
2,1,2024-01-03,completed,80.00
3,2,2024-01-04,returned,45.25
4,3,2024-01-05,placed,300.00
`,
  'models/staging/stg_customers.sql': () => `select
    id as customer_id,
    first_name,
    last_name
from {{ ref('raw_customers') }}
`,
  'models/staging/stg_orders.sql': () => `select
    id as order_id,
    customer_id,
    cast(order_date as date) as order_date,
    status,
    amount
from {{ ref('raw_orders') }}
`,
  'models/marts/customers.sql': () => `with orders as (
    select customer_id, count(*) as order_count, sum(amount) as lifetime_value
    from {{ ref('stg_orders') }}
    where status <> 'returned'
    group by customer_id
)
select
    c.customer_id,
    c.first_name,
    c.last_name,
    coalesce(o.order_count, 0) as order_count,
    coalesce(o.lifetime_value, 0) as lifetime_value
from {{ ref('stg_customers') }} c
left join orders o using (customer_id)
`,
  'models/schema.yml': () => `version: 2

models:
  - name: customers
    description: One row per customer with their order totals.
    columns:
      - name: customer_id
        description: The customer's id.
        data_tests: [unique, not_null]
  - name: stg_orders
    columns:
      - name: status
        data_tests:
          - accepted_values:
              arguments:
                values: [placed, shipped, completed, returned]
`,
  'macros/.gitkeep': () => '',
  'tests/.gitkeep': () => '',
  'snapshots/.gitkeep': () => '',
  '.gitignore': () => 'target/\nlogs/\n',
};

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('create a new project that builds out of the box on embedded DuckDB')
    .argument('<name>', 'the project name (and folder)')
    .option('--log-format <format>', 'text or json', 'text')
    .action((name: string, options: GlobalOptions) => {
      const output = outputFor(options);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        throw new KilnError(`'${name}' is not a valid project name`, { hint: 'use letters, digits and underscores, starting with a letter, e.g. my_project' });
      }
      const root = resolve(name);
      if (existsSync(join(root, 'project.yml')) || existsSync(join(root, 'dbt_project.yml'))) {
        throw new KilnError(`${root} already holds a project`, { hint: 'pick another name, or work in the existing project' });
      }
      for (const [file, content] of Object.entries(FILES)) {
        const path = join(root, file);
        mkdirSync(join(path, '..'), { recursive: true });
        writeFileSync(path, content(name));
      }
      output.info(`Created project '${name}' in ${root}\nNext: cd ${name} && kiln build`);
    });
}
