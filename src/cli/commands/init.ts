import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { describe } from '../commandTable.js';
import { KilnError } from '../../errors.js';
import { outputFor, type GlobalOptions } from '../common.js';

const FILES: Record<string, (name: string, kilnRoot: string) => string> = {
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

/**
 * `--template ai`: a project that runs kiln's AI package (kiln_ai) over its own documents:
 * the package comes from this kiln installation (packages.yml `local:`), the vars point its
 * landing models at docs/ and questions.jsonl.
 */
const AI_FILES: Record<string, (name: string, kilnRoot: string) => string> = {
  'project.yml': (name) => `name: ${name}
version: '1.0.0'

# The kiln_ai package (see packages.yml) lands, cleans, chunks, embeds and evaluates these files.
vars:
  kiln_ai:
    kiln_ai_documents: docs/**/*            # Markdown, text, HTML, PDF, DOCX
    kiln_ai_questions: questions.jsonl      # {"question", "answer", "source"} a line
    # kiln_ai_conversations: conversations.jsonl   # default: kiln's sample support conversations
    kiln_ai_chunk_tokens: 256
    kiln_ai_chunk_overlap: 32
  # Switch to a real embedding endpoint (any OpenAI-compatible POST /embeddings):
  # kiln_ai_embedding:
  #   provider: openai
  #   model: text-embedding-3-small
  #   dimensions: 1536
  #   api_key_env: OPENAI_API_KEY
`,
  'packages.yml': (_name, kilnRoot) => `packages:
  - local: ${kilnRoot}
`,
  'docs/getting-started.md': () => `---
title: Getting started
---
# Getting started

## Install

Install the command line tool with npm, then create a project folder for your notes.

## Your first build

Run the build command in the project folder. Every model is built in order, and the data tests run after the models they check.
`,
  'docs/faq.md': () => `# Frequently asked questions

## How often should I rebuild?

Rebuild whenever documents change: only changed documents are chunked and embedded again.

## Where do the vectors go?

Vectors are stored next to the chunks, in the chunks_embeddings table.
`,
  'questions.jsonl': () =>
    [
      { question: 'How do I install the command line tool?', answer: 'Install the command line tool with npm', source: 'getting-started.md' },
      { question: 'Which documents are embedded again after a change?', answer: 'only changed documents are chunked and embedded again', source: 'faq.md' },
      { question: 'Where are the vectors stored?', answer: 'in the chunks_embeddings table', source: 'faq.md' },
    ]
      .map((line) => JSON.stringify(line))
      .join('\n') + '\n',
  '.gitignore': () => 'target/\nlogs/\n',
};

/** The folder of this kiln installation (holding its package.json, models/ and macros/). */
function kilnRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
}

export function registerInit(program: Command): void {
  program
    .command('init')
    .description(describe('init'))
    .argument('<name>', 'the project name (and folder)')
    .option('--template <template>', "'basic' (a small shop) or 'ai' (kiln's AI package over your own documents)", 'basic')
    .option('--log-format <format>', 'text or json', 'text')
    .action((name: string, options: GlobalOptions & { template: string }) => {
      const output = outputFor(options);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        throw new KilnError(`'${name}' is not a valid project name`, { hint: 'use letters, digits and underscores, starting with a letter, e.g. my_project' });
      }
      const root = resolve(name);
      if (existsSync(join(root, 'project.yml')) || existsSync(join(root, 'dbt_project.yml'))) {
        throw new KilnError(`${root} already holds a project`, { hint: 'pick another name, or work in the existing project' });
      }
      if (options.template !== 'basic' && options.template !== 'ai') {
        throw new KilnError(`there is no template '${options.template}'`, { hint: 'use --template basic or --template ai' });
      }
      const kiln = kilnRoot();
      const files = options.template === 'ai' ? AI_FILES : FILES;
      for (const [file, content] of Object.entries(files)) {
        const path = join(root, file);
        mkdirSync(join(path, '..'), { recursive: true });
        // Inside the project (node_modules/kiln) the path is relative, so the project can move.
        writeFileSync(path, content(name, relative(root, kiln).startsWith('..') ? kiln : relative(root, kiln)));
      }
      output.info(`Created project '${name}' in ${root}\nNext: cd ${name} && kiln build`);
    });
}
