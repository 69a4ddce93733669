/** Integrations, the FAQ and release notes. */
export const other = [
  {
    path: 'integrations/slack.md',
    text: `# Slack integration

The Slack app brings Lumen search into your channels and sends saved-search digests where your team already talks.

## Installing the app

A Lumen administrator installs the app from the admin console under Integrations. Slack asks a Slack workspace owner to approve it. After that, anyone can link their Lumen account by typing /lumen login in any channel.

## Searching from Slack

Type /lumen followed by your query to search. Results are visible only to you until you press Share, so nobody sees documents they could not open themselves.

## Digests

Saved searches can post their daily digest to a channel. The digest lists new and changed documents that match, with links, and respects the permissions of the person who saved the search.
`,
    questions: [
      { question: 'How do I connect my Lumen account in Slack?', answer: 'anyone can link their Lumen account by typing /lumen login in any channel' },
    ],
  },
  {
    path: 'integrations/webhooks.md',
    text: `# Webhooks

Webhooks tell your own systems when something happens in Lumen, such as a source finishing a sync or a document being flagged.

## Creating a webhook

Administrators add webhooks in the admin console under Integrations. Give the URL to call and choose the events; Lumen sends a test event straight away so you can check your endpoint.

## Verifying requests

Every request carries a Lumen-Signature header, an HMAC-SHA256 of the request body made with the webhook's secret. Compute the same HMAC on your side and compare the two before trusting the payload.

## Retries

Lumen expects an answer with a 2xx status within ten seconds. Failed deliveries are retried with exponential backoff for up to 24 hours, after which the webhook is paused and the administrators get an e-mail.
`,
    questions: [
      { question: 'How do I check that a webhook request really comes from Lumen?', answer: 'an HMAC-SHA256 of the request body made with the webhook\u2019s secret' },
      { question: 'What happens when my webhook endpoint keeps failing?', answer: 'retried with exponential backoff for up to 24 hours, after which the webhook is paused' },
    ],
  },
  {
    path: 'faq.md',
    text: `# Frequently asked questions

## Does Lumen send my documents to a third party?

No. A self-hosted Lumen server processes documents on your own machines, including embeddings, unless you configure an external embedding endpoint yourself.

## Can I try Lumen before buying?

Yes. Every new Lumen Cloud workspace starts with a free 30-day trial of the Business plan, and no card is needed to start it.

## Which languages does search understand?

Search works in English, German, French, Spanish, Italian, Dutch and Portuguese, and finds exact keywords in any language.

## Is there a mobile app?

There are apps for iOS and Android. They search and preview documents, and open them in the source's own app when it is installed.

## How do I get help?

Customers on Business and Enterprise can write to support from the help menu. Everyone can ask questions in the community forum.
`,
    questions: [
      { question: 'Is there a free trial of Lumen?', answer: 'Every new Lumen Cloud workspace starts with a free 30-day trial of the Business plan' },
      { question: 'Do embeddings leave my server when I self-host Lumen?', answer: 'processes documents on your own machines, including embeddings, unless you configure an external embedding endpoint' },
    ],
  },
  {
    path: 'release-notes/v3.2.md',
    text: `---
title: Lumen 3.2 release notes
version: 3.2.0
released: 2026-06-15
---
# Lumen 3.2

## New

Semantic ranking now uses a multilingual embedding model, so a query in German finds documents written in English. Collections can be shared with a whole team instead of one person at a time.

## Changed

The minimum supported PostgreSQL version is now 13. The indexing report groups errors by cause instead of listing every file.

## Fixed

Previews of large spreadsheets no longer freeze the browser. Searching for words with apostrophes works again in French.
`,
    questions: [
      { question: 'Which PostgreSQL version does Lumen 3.2 need at least?', answer: 'The minimum supported PostgreSQL version is now 13' },
    ],
  },
  {
    path: 'release-notes/v3.3.md',
    text: `---
title: Lumen 3.3 release notes
version: 3.3.0
released: 2026-09-20
---
# Lumen 3.3

## New

Answers: for a question typed into the search box, Lumen writes a short answer from the top results and cites the documents it used. Answers can be switched off per workspace.

## Changed

API tokens now require an expiry date of at most one year. Existing tokens without one expire on 2027-03-31.

## Fixed

The Git connector no longer indexes files deleted on the default branch. Digests are sent in the recipient's time zone.
`,
    questions: [
      { question: 'When do old API tokens without an expiry date stop working?', answer: 'Existing tokens without one expire on 2027-03-31' },
    ],
  },
];
