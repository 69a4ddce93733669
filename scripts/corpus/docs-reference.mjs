/** Lumen's reference pages: configuration, API tokens, limits, plans, retention, shortcuts, CLI, privacy. */
export const reference = [
  {
    path: 'reference/configuration.md',
    text: `# Configuration file reference

Lumen reads its settings from /etc/lumen/lumen.toml, or from the file named by the LUMEN_CONFIG environment variable. Every setting can also be given as an environment variable: upper-case the name, replace dots with underscores and add the LUMEN_ prefix.

## server

server.port sets the listening port and defaults to 8420. server.public_url is the address users reach Lumen at. server.search_threads sets how many searches run at once.

## storage

storage.data_dir is where the index, the metadata database and backups live, by default /var/lib/lumen. storage.database_url switches metadata from the built-in SQLite file to PostgreSQL, which every server with more than 200 users should use.

## indexing

indexing.workers sets the number of parallel indexing workers. indexing.max_file_mb skips files above this size and defaults to 50. indexing.languages lists the languages used for stemming; changing it requires a rebuild of the index.

## mail

Lumen sends magic links and digests through SMTP. Set mail.host, mail.port, mail.username and mail.password, and mail.from for the sender address. Without mail settings, magic links are disabled and digests are only available in Slack.
`,
    questions: [
      { question: 'How do I set a Lumen setting through an environment variable?', answer: 'upper-case the name, replace dots with underscores and add the LUMEN_ prefix' },
      { question: 'When should Lumen use PostgreSQL instead of SQLite for metadata?', answer: 'which every server with more than 200 users should use' },
    ],
  },
  {
    path: 'reference/api-tokens.md',
    text: `---
title: API tokens
tags: [api, security]
---
# API tokens

The Lumen REST API lets scripts search, add documents and read the indexing report. Every request needs an API token sent in the Authorization header as a bearer token.

## Creating a token

Open your profile, choose API tokens, and create a token with a name and an expiry date. The token is shown once; store it in a secret manager. A token acts with the permissions of the person who created it, so it never sees more than they do.

## Scopes

Tokens can be limited to scopes: search:read for searching, documents:write for pushing documents into a custom source, and admin:read for the indexing report and audit log. A token without scopes can only call the health endpoint.

## Revoking a token

Revoke a token from the same page, or let an administrator revoke all tokens of a user from the admin console. Revoked tokens stop working within one minute on every server of a cluster.
`,
    questions: [
      { question: 'Which scope does a token need to push documents into a custom source?', answer: 'documents:write for pushing documents into a custom source' },
      { question: 'How quickly does a revoked API token stop working?', answer: 'Revoked tokens stop working within one minute on every server of a cluster' },
    ],
  },
  {
    path: 'reference/rate-limits.md',
    text: `# Rate limits

To keep search fast for everyone, the Lumen API limits how many requests a token can make.

## Limits per plan

On the Team plan a token may make 60 requests per minute. Business raises that to 600 requests per minute, and Enterprise limits are set in the contract. Pushing documents counts one request per batch of up to 100 documents.

## When you hit the limit

A request over the limit gets the status 429 Too Many Requests with a Retry-After header giving the seconds to wait. Well-behaved clients wait that long, then retry with exponential backoff. The official Python and JavaScript clients do this for you.

## Self-hosted servers

Self-hosted servers apply the same defaults, and administrators can change them with api.rate_limit_per_minute in the configuration file.
`,
    questions: [
      { question: 'How many API requests per minute does the Team plan allow?', answer: 'On the Team plan a token may make 60 requests per minute' },
      { question: 'What should a client do when the API answers 429?', answer: 'wait that long, then retry with exponential backoff' },
    ],
  },
  {
    path: 'reference/billing-plans.md',
    text: `# Plans and billing

Lumen has three plans. Prices are per active user per month; a user who does not sign in during a month is not billed for it.

## Team

The Team plan costs 8 euros per user and covers up to 50 users, ten sources, and community support.

## Business

The Business plan costs 15 euros per user and adds single sign-on, unlimited sources, audit logs, and support by e-mail with an answer within one business day.

## Enterprise

Enterprise adds a dedicated support engineer, a 99.9 percent uptime commitment for Lumen Cloud, custom data retention, and invoicing in US dollars or pounds. Contact sales for a quote.

## Invoices and payment

Invoices are issued on the first day of each month and can be paid by card or by bank transfer. Changing plans takes effect immediately, and the difference is prorated on the next invoice.
`,
    questions: [
      { question: 'Am I billed for users who did not sign in this month?', answer: 'a user who does not sign in during a month is not billed for it' },
      { question: 'What does the Business plan cost?', answer: 'The Business plan costs 15 euros per user' },
      { question: 'What happens on my invoice when I change plans in the middle of a month?', answer: 'the difference is prorated on the next invoice' },
    ],
  },
  {
    path: 'reference/data-retention.md',
    text: `# Data retention

Lumen keeps as little as it needs, for as short a time as it can.

## Search history

Each person's search history is kept for 90 days to power suggestions, and can be cleared at any time from the profile page. Administrators can switch search history off for the whole workspace.

## Deleted documents

When a document is deleted in its source, Lumen removes its text and embedding from the index at the next update, and purges it from backups as they age out.

## Audit logs

Audit logs record sign-ins, permission changes and administrative actions. They are kept for one year on Business and for a retention period you choose on Enterprise.

## Closing an account

When a workspace is closed on Lumen Cloud, all of its data is deleted within 30 days, including backups. Self-hosted servers keep their data until you delete the data directory.
`,
    questions: [
      { question: 'How long does Lumen keep my search history?', answer: 'search history is kept for 90 days to power suggestions' },
      { question: 'How soon is data deleted after closing a Lumen Cloud workspace?', answer: 'all of its data is deleted within 30 days, including backups' },
    ],
  },
  {
    path: 'reference/keyboard-shortcuts.md',
    text: `# Keyboard shortcuts

Press the question mark key anywhere in Lumen to see this list.

## Everywhere

Press slash to jump to the search box. Press g then h to go home, and g then s to open saved searches.

## In results

Use j and k to move down and up the result list, and press Enter to open the selected result in its source. Press p to preview a result without leaving Lumen, and s to star the current query.

## In the preview

Press Escape to close the preview, and n and Shift+n to jump between highlighted matches in the document.
`,
    questions: [
      { question: 'How do I move through search results with the keyboard?', answer: 'Use j and k to move down and up the result list' },
    ],
  },
  {
    path: 'reference/cli.md',
    text: `# Command line reference

The lumen command manages a self-hosted server. Run lumen help to list the commands and lumen help followed by a command name for its options.

## lumen status

Prints the server version, the number of indexed documents, the state of each source and the health of the database connection. It exits with a non-zero code when anything is unhealthy, so it can be used in monitoring scripts.

## lumen users

lumen users list prints every user with their role and last sign-in. lumen users invite takes an e-mail address and sends an invitation. lumen users deactivate ends a user's sessions and frees their seat.

## lumen reindex

lumen reindex rebuilds the index of one source, given by its name, without touching the others. Add the --full flag to re-read every document instead of only those that changed.

## lumen backup

lumen backup create, lumen backup list and lumen backup restore manage snapshots, as described in the backups guide.
`,
    questions: [
      { question: 'How can I check from a script whether a Lumen server is healthy?', answer: 'It exits with a non-zero code when anything is unhealthy, so it can be used in monitoring scripts' },
      { question: 'How do I rebuild the index of a single source?', answer: 'lumen reindex rebuilds the index of one source, given by its name, without touching the others' },
    ],
  },
  {
    path: 'reference/privacy-gdpr.md',
    text: `# Privacy and the GDPR

Lumen Labs is based in the European Union, and Lumen Cloud stores the data of European workspaces in data centres in Frankfurt and Dublin.

## Roles under the GDPR

For Lumen Cloud, your organisation is the controller of the documents it indexes, and Lumen Labs is the processor. The data processing agreement is part of the terms of service and needs no separate signature.

## Requests from individuals

When someone asks for a copy of their data, an administrator can export everything Lumen stores about a user from the admin console, as a JSON archive. Deleting a user removes their profile, search history and saved searches; documents they wrote stay in their sources and are not affected.

## Sub-processors

Lumen Cloud uses a small number of sub-processors for hosting, e-mail delivery and payments. The list is published on the trust page, and customers are told 30 days before a new sub-processor is added.
`,
    questions: [
      { question: 'Where does Lumen Cloud store data of European customers?', answer: 'stores the data of European workspaces in data centres in Frankfurt and Dublin' },
      { question: 'How much notice do customers get before Lumen adds a sub-processor?', answer: 'customers are told 30 days before a new sub-processor is added' },
    ],
  },
];
