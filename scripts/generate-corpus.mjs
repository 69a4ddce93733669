#!/usr/bin/env node
/**
 * Generates kiln's shipped sample corpus, data/corpus/, the input of the built-in AI package
 * (kiln_ai: landing → rag / training → monitoring). Everything in it is fiction written for kiln:
 * "Lumen", a self-hosted search and analytics server for a team's notes and documents, made by
 * the equally fictional company Lumen Labs. Domains are example.com/.org/.net and lumenlabs.example;
 * phone numbers and card numbers are from fictional or test ranges.
 *
 * It writes:
 *   data/corpus/docs/            the Lumen documentation: Markdown guides and reference pages (some
 *                                with YAML front matter), HTML site pages (with <script>/<style> and
 *                                entities to strip), two plain-text files, a PDF (makePdf) and a DOCX
 *                                (makeDocx); docs/archive/ holds an exact copy of one page and an
 *                                older revision (near-duplicate) of another.
 *   data/corpus/conversations.jsonl
 *                                support tickets and chats about Lumen, with planted problems for the
 *                                training models to find: PII (e-mail addresses, phone numbers,
 *                                Luhn-valid card numbers), HTML from a ticketing export, exact
 *                                duplicates, near-duplicates, low-quality conversations, and lines
 *                                with extra fields (schema-on-read).
 *   data/corpus/questions.jsonl  question / answer / source triples for the retrieval evaluation;
 *                                each answer is a span of one paragraph of its source page.
 *
 * Deterministic: no clock and no Math.random (a seeded PRNG spaces the timestamps and places the
 * planted copies), the ZIP inside the DOCX is STORED with fixed timestamps, so every run writes
 * the same bytes. The script checks its own promises (answers present in their page, distinct
 * conversations not similar to each other, near-duplicates similar enough, unique file names,
 * total size) and fails loudly when content edits break one.
 *
 * Run: node scripts/generate-corpus.mjs
 */
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeDocx, makePdf } from './lib/office-files.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'corpus');
const DOCS = join(ROOT, 'docs');
const MAX_BYTES = 600 * 1024;

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

/** mulberry32: a tiny seeded PRNG, so "random" choices are the same on every run. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Lower-case words, everything that is not a letter or digit a separator (how answers are matched). */
const squash = (s) => (s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).join(' ');
const words = (s) => (s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
const countWords = (s) => words(s).length;

/** The visible text of an HTML page, roughly as a reader sees it (for checking answers). */
function visibleHtml(s) {
  return s
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<head>[\s\S]*?<\/head>/i, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&mdash;/g, '-')
    .replace(/&amp;/g, '&');
}

/** Paragraphs of a page (blank-line separated blocks; HTML block elements count as breaks). */
function paragraphsOf(text, format) {
  const plain = format === 'html' ? visibleHtml(text.replace(/<\/(p|li|h1|h2|h3|td|th|dd|dt)>/gi, '\n\n')) : text;
  return plain.split(/\n\s*\n/).map(squash).filter(Boolean);
}

/** Greedy word wrap for the PDF, which draws lines as they are. */
function wrap(text, width = 88) {
  const lines = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** Sets of w-word shingles, over the text as kiln's MinHash sees it (lower-case words). */
function shingles(text, size) {
  const w = words(text);
  const out = new Set();
  if (w.length <= size) out.add(w.join(' '));
  else for (let i = 0; i + size <= w.length; i++) out.add(w.slice(i, i + size).join(' '));
  return out;
}
function jaccard(a, b) {
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter || 1);
}

// ---------------------------------------------------------------------------------------------
// Documentation: Markdown guides
// ---------------------------------------------------------------------------------------------
// Each page: its path under docs/, its text, and the questions it answers ([question, answer]
// with the answer a verbatim span of one paragraph of the page).

const GUIDES = [
  {
    path: 'guides/getting-started.md',
    text: `---
title: Getting started with Lumen
tags: [quickstart, basics]
---
# Getting started with Lumen

Lumen is a self-hosted search and analytics server for the notes, wikis and files your team already has. It indexes content where people write it, gives everyone one search box across all of it, and shows administrators what people look for and what they fail to find. Lumen Labs builds and supports it; you run it on your own hardware or cloud account, so documents never leave your network.

## How the pieces fit together

A Lumen installation has three parts. The server process, \`lumen-server\`, holds the search index and answers queries over HTTP on port 8420. Connectors run inside the server and pull content from sources such as Confluence, Google Drive, Notion, GitHub or a shared folder. The web app is served by the same process and is what most people use; the desktop and mobile apps talk to the same API.

## Your first hour

1. Install the server on Linux, macOS or Docker (see the installation guides).
2. Open the server address in a browser and complete the setup wizard.
3. Connect a first source. A small one, such as a single wiki space, indexes in minutes and lets you check that permissions look right.
4. Invite two or three colleagues and ask them to search for things they needed last week.
5. Connect the remaining sources once you are happy with the results.

## Workspaces and members

Everything in Lumen belongs to a workspace. A workspace has members, sources, saved searches and its own Insights dashboards. Most companies need a single workspace; agencies sometimes create one per client so that results never mix. Members have one of four roles, Owner, Admin, Editor or Viewer, described in the permissions guide.

## What gets indexed

Lumen indexes the text of documents together with their titles, authors, tags and modification dates. It respects the permissions of each source: if a person cannot open a page in Confluence, that page never appears in their Lumen results. Attachments up to 50 MB are indexed in full; larger files are listed by name only.

## Where to go next

- Learn the search syntax to filter by author, source or date.
- Set up single sign-on before you invite the whole company.
- Schedule backups on the first day rather than after the first incident.
`,
    qa: [
      ['Which port does the Lumen server use for queries by default?', 'holds the search index and answers queries over HTTP on port 8420'],
      ['If someone lacks access to a Confluence page, can they still find it through Lumen?', 'if a person cannot open a page in Confluence, that page never appears in their Lumen results'],
    ],
  },
  {
    path: 'guides/install-linux.md',
    text: `---
title: Installing Lumen on Linux
tags: [install, linux, systemd]
---
# Installing Lumen on Linux

Lumen runs on any 64-bit Linux distribution with glibc 2.31 or newer, on x86-64 and ARM64. This guide installs the server from the Lumen Labs package repository and runs it as a systemd service. If you prefer containers, follow the Docker guide instead.

## Requirements

A single server needs at least 2 CPU cores, 4 GB of memory and 20 GB of free disk for the search index. Plan on roughly 1 GB of index space for every 50,000 documents, and keep the index on an SSD: spinning disks work, but searches over large indexes become noticeably slower. Lumen listens on port 8420, so open that port in your firewall or put a reverse proxy in front of it.

## Adding the package repository

On Debian and Ubuntu, download the signing key from \`https://packages.lumenlabs.example/key.asc\` into \`/etc/apt/keyrings/lumen.asc\`, add the repository line for your release to \`/etc/apt/sources.list.d/lumen.list\`, and run \`apt update\`. On Fedora, Rocky Linux and other RPM-based systems, install the \`lumen-release\` package, which adds the repository and its key for \`dnf\`.

## Installing the server

Install the \`lumen-server\` package with \`apt install lumen-server\` or \`dnf install lumen-server\`. The package creates a \`lumen\` system user, the data directory \`/var/lib/lumen\` owned by that user, the configuration file \`/etc/lumen/lumen.toml\` and the systemd unit \`lumen.service\`. It does not start the service, so you can edit the configuration first.

## Starting the service

Enable and start the service with \`systemctl enable --now lumen\`. The first start takes about a minute because Lumen creates an empty index and generates the instance secret. Check that it is healthy with \`curl http://localhost:8420/healthz\`, which answers \`ok\` once the server accepts requests. Logs go to the journal: \`journalctl -u lumen -f\` follows them.

## First sign-in

Open the server address in a browser. The setup wizard asks for the name of your workspace and the e-mail address of the first administrator, then prints a one-time setup code to the service log. Read it with \`journalctl -u lumen | grep setup-code\` and paste it into the wizard. The code expires after 30 minutes; restarting the service prints a new one.

## Uninstalling

Stop the service and remove the package with your package manager. The data directory and the configuration file are kept on purpose, so that a reinstall finds the index again. Delete \`/var/lib/lumen\` and \`/etc/lumen\` by hand if you want to remove everything.
`,
    qa: [
      ['How much memory and disk does a Linux server need for Lumen?', 'at least 2 CPU cores, 4 GB of memory and 20 GB of free disk for the search index'],
      ['Where do I find the setup code the wizard asks for after installing on Linux?', 'then prints a one-time setup code to the service log'],
    ],
  },
  {
    path: 'guides/install-macos.md',
    text: `# Installing Lumen on macOS

Lumen for macOS is the same server as on Linux, packaged as a menu bar app. It suits a single person or a small team that shares one Mac mini, and it is the quickest way to try Lumen on your own notes. For a company-wide installation we recommend Linux or Docker on a server that does not go to sleep.

## Requirements

macOS 13 Ventura or newer, on Apple silicon or Intel. Lumen needs about 500 MB for the app itself plus space for the index, which lives in \`~/Library/Application Support/Lumen\`. The configuration file is \`lumen.toml\` in the same folder.

## Installing with Homebrew

Run \`brew install --cask lumenlabs/tap/lumen\`. Homebrew installs the app into \`/Applications\` and links the \`lumen\` command-line tool into your path. Upgrades then arrive with \`brew upgrade\`.

## Installing from the disk image

Download the \`.dmg\` from the download page, open it and drag Lumen into Applications. The disk image is signed and notarized by Lumen Labs, so Gatekeeper opens it without warnings. To get the command-line tool, choose Install Command Line Tool from the menu bar icon.

## Granting access to your files

macOS protects Documents, Desktop, Downloads and external drives. The first time Lumen indexes one of those folders, macOS asks for permission. If the prompt was dismissed, Lumen reports permission denied for every file there: enable Full Disk Access for Lumen in System Settings, under Privacy and Security, and then restart Lumen from the menu bar icon.

## Running in the background

By default Lumen starts when you log in and keeps running while the lid is open. To keep indexing while the screen is locked, leave the Mac connected to power; on battery, Lumen pauses indexing below 20 percent charge and resumes when you plug it in. Quit from the menu bar icon to stop the server completely.

## Removing Lumen

Quit Lumen, then move the app to the Bin. Your index and settings stay in \`~/Library/Application Support/Lumen\` until you delete that folder.
`,
    qa: [
      ['Lumen on my Mac says permission denied for everything in Documents, what do I do?', 'enable Full Disk Access for Lumen in System Settings, under Privacy and Security, and then restart Lumen from the menu bar icon'],
      ['Does the Mac app keep indexing when my laptop is on battery?', 'Lumen pauses indexing below 20 percent charge and resumes when you plug it in'],
    ],
  },
  {
    path: 'guides/install-docker.md',
    text: `---
title: Running Lumen with Docker
tags: [install, docker, containers]
---
# Running Lumen with Docker

The official image \`registry.lumenlabs.example/lumen\` contains the server and the command-line tool. It is built for linux/amd64 and linux/arm64 and runs as an unprivileged user with UID 10001.

## Choosing a tag

Every release is published as a full version tag such as \`3.4.1\`, a minor tag such as \`3.4\` that follows patch releases, and \`latest\`. Pin the minor tag in production. Never run \`latest\` on a server you care about: a new minor version can run database migrations on start, and you want to take a backup before that happens, not after.

## Storing data

All state lives under \`/data\` inside the container: the index, the database, uploaded files and the instance secret. Mount a named volume or a host directory at /data, otherwise everything is lost when the container is recreated. A host directory must be writable by UID 10001.

## A minimal Compose file

~~~yaml
services:
  lumen:
    image: registry.lumenlabs.example/lumen:3.4
    ports:
      - "8420:8420"
    volumes:
      - lumen-data:/data
    environment:
      LUMEN_PUBLIC_URL: https://search.example.com
      LUMEN_LICENSE_KEY_FILE: /run/secrets/lumen_license
    secrets:
      - lumen_license
    restart: unless-stopped
volumes:
  lumen-data:
secrets:
  lumen_license:
    file: ./license.key
~~~

## Configuration in containers

Every setting of \`lumen.toml\` can also be given as an environment variable: the section and key in capitals joined by underscores, prefixed with \`LUMEN_\`, so \`search.cache_mb\` becomes \`LUMEN_SEARCH_CACHE_MB\`. Variables win over the file. Secrets such as the license key or an SSO client secret should be passed as files with the \`_FILE\` suffix rather than as plain variables, which show up in \`docker inspect\`.

## Health checks

The image declares a health check against \`/healthz\`, so \`docker ps\` shows the container as healthy once the server accepts requests. Orchestrators should use \`/readyz\` for readiness instead: it stays unavailable while a migration or an index rebuild is running.

## Running commands

Run the command-line tool inside the running container, for example \`docker compose exec lumen lumen backup create\`. Commands that need the server stopped, such as \`lumen backup restore\`, are run in a one-off container that mounts the same volume: \`docker compose run --rm lumen lumen backup restore /data/backups/<file>\`.
`,
    qa: [
      ['Where should I mount a volume so my Lumen container keeps its data?', 'mount a named volume or a host directory at /data, otherwise everything is lost when the container is recreated'],
      ['Which image tag should we use for Lumen in production?', 'Pin the minor tag in production'],
    ],
  },
  {
    path: 'guides/reverse-proxy.md',
    text: `# Putting Lumen behind a reverse proxy

Lumen speaks plain HTTP on port 8420. In production, put it behind a reverse proxy that terminates TLS, such as nginx, Caddy, HAProxy or your cloud load balancer. The proxy also gives you one place for certificates, access logs and IP allow lists.

## What the proxy must pass on

- The \`Host\` header, unchanged, and \`X-Forwarded-Proto\` so Lumen knows the original request used HTTPS.
- WebSocket upgrades on \`/api/v1/stream\`, which the web app uses for live results while you type.
- Request bodies up to 60 MB, so that uploads of large attachments are not cut off.

Set \`server.public_url\` to the address people type, for example \`https://search.example.com\`. Lumen uses it in links, e-mails and SSO redirects; a wrong value is the most common cause of sign-in loops after moving behind a proxy.

## Trusting the proxy

Lumen only believes \`X-Forwarded-For\` and \`X-Forwarded-Proto\` from addresses listed in \`server.trusted_proxies\`. Add the proxy's address or network there, for example \`["10.0.0.0/8"]\`. Without it, audit log entries show the proxy's address instead of the client's, and rate limits count all users as one.

## nginx

A working nginx location block forwards to \`http://127.0.0.1:8420\`, sets \`proxy_http_version 1.1\`, passes the \`Upgrade\` and \`Connection\` headers for WebSockets and sets \`client_max_body_size 60m\`. CSV exports from Insights and full backups downloaded through the browser can take several minutes on large workspaces; if nginx answers 502 or 504 during an export, raise proxy_read_timeout to at least 300 seconds.

## Caddy

Caddy handles certificates and WebSockets on its own. A two-line site block, the host name followed by \`reverse_proxy 127.0.0.1:8420\`, is all Lumen needs.

## Serving Lumen under a path

Lumen can live under a path such as \`https://intranet.example.com/search/\`. Set \`server.base_path = "/search"\` and make the proxy forward the path unchanged; do not strip the prefix, because Lumen builds its own links from it.
`,
    qa: [
      ['nginx gives a 502 when someone exports a big CSV from Insights. How do I fix it?', 'raise proxy_read_timeout to at least 300 seconds'],
      ['Why does the audit log show our load balancer IP for every user?', 'Without it, audit log entries show the proxy\'s address instead of the client\'s'],
    ],
  },
  {
    path: 'guides/authentication-sso.md',
    text: `---
title: Authentication and single sign-on
tags: [security, sso, saml, oidc, scim]
---
# Authentication and single sign-on

Lumen supports local accounts with passwords on every plan, and single sign-on through SAML 2.0 or OpenID Connect on the Business and Enterprise plans. Whatever you choose, sessions last 14 days of inactivity by default; change \`auth.session_days\` to shorten them.

## Local accounts

Passwords must be at least 12 characters long. Lumen checks new passwords against a list of common and breached passwords that ships with the server, so nothing leaves your network. Members can turn on two-factor authentication with any TOTP app from their profile page, and admins can require it for everyone under Security, Two-factor authentication.

## SAML 2.0

Under Security, Single sign-on, choose SAML and copy the ACS URL and the entity ID into your identity provider. Then upload the identity provider's metadata XML back into Lumen. Lumen matches people by e-mail address, so the assertion must contain an \`email\` attribute; \`name\` and \`groups\` are optional and used if present. Okta, Microsoft Entra ID, Google Workspace, Keycloak and JumpCloud are tested with every release.

## OpenID Connect

For OpenID Connect, register Lumen as a web application with the redirect URI \`<public URL>/auth/oidc/callback\`, then enter the issuer URL, client ID and client secret in Lumen. Lumen requests the \`openid\`, \`email\` and \`profile\` scopes, plus \`groups\` if you map groups to roles.

## Enforcing single sign-on

Once at least one admin has signed in through SSO, you can switch on Enforce SSO. From then on password login is disabled for everyone except the break-glass account. The break-glass account keeps its password and its two-factor code, so you can still get in when the identity provider is down; store its credentials in your password vault and review who can read them.

## Provisioning with SCIM

On Business and Enterprise, Lumen offers a SCIM 2.0 endpoint at \`/scim/v2\`. Create a SCIM token under Security, Provisioning and give it to your identity provider. People deactivated in the identity provider lose access to Lumen within a minute, and their saved searches are transferred to the workspace owner.

## Troubleshooting sign-in

- A redirect loop after signing in nearly always means \`server.public_url\` does not match the address in the browser.
- An error about an assertion not yet valid means the clocks disagree. Lumen accepts a clock skew of up to three minutes; keep the server's time synchronised with NTP.
- If people get a new account instead of their existing one, the identity provider sends a different e-mail address than the one they registered with.
`,
    qa: [
      ['After we turn on enforced SSO, how do we get in if Okta is down?', 'The break-glass account keeps its password and its two-factor code, so you can still get in when the identity provider is down'],
      ['SAML login fails saying the assertion is not yet valid. What is wrong?', 'Lumen accepts a clock skew of up to three minutes; keep the server\'s time synchronised with NTP'],
    ],
  },
  {
    path: 'guides/permissions.md',
    text: `# Roles and permissions

Lumen has two layers of permissions. Workspace roles decide what a member can do in Lumen itself. Source permissions decide which documents a member can find, and they always come from the source.

## Workspace roles

| Role | Can do |
| --- | --- |
| Owner | Everything, including billing, deleting the workspace and transferring ownership |
| Admin | Manage members, sources, SSO, webhooks and API tokens; see Insights |
| Editor | Search, save and share searches, create collections, see Insights for their own collections |
| Viewer | Search and save searches for themselves |

Every workspace has exactly one Owner. To hand the role to someone else, the current Owner opens Settings, Members, chooses the new Owner and confirms with their password; the previous Owner becomes an Admin.

## Source permissions

When a connector indexes a document it also records who may read it, as users and groups of the source system. At query time Lumen filters results against those lists, so a search never returns a document the person could not open in the source. Permission changes in the source are picked up on the next sync, usually within 15 minutes. For sources without their own permissions, such as a shared folder, the admin who connects the source chooses which Lumen groups may see it.

## Groups

Groups come from three places: created by hand in Lumen, synced from your identity provider through SCIM, or mirrored from a source such as Google Workspace. A member's effective access is the union of all their groups. Groups can also be mapped to roles, so that everyone in the \`it-admins\` group of your identity provider becomes an Admin in Lumen automatically.

## Guests

Business and Enterprise workspaces can invite guests, for instance contractors. A guest is a Viewer who only sees the sources an admin shares with them explicitly, never the whole workspace, and whose access expires after 90 days unless renewed.

## Sharing saved searches

Saved searches can be shared with people or groups. Sharing a search shares the query, not the results: each person sees only what they are allowed to see, so the same shared search can show different results to two colleagues.
`,
    qa: [
      ['How do I transfer ownership of our Lumen workspace to a colleague?', 'The current Owner opens Settings, Members, chooses the new Owner and confirms with their password'],
      ['Can a contractor we invite as a guest see all of our sources?', 'only sees the sources an admin shares with them explicitly, never the whole workspace'],
    ],
  },
  {
    path: 'guides/connectors.md',
    text: `---
title: Connecting sources
tags: [connectors, sources, sync]
---
# Connecting sources

A source is a place Lumen indexes: a Confluence site, a Google Drive, a Notion workspace, a GitHub organization, an S3 bucket or a folder on the server. Each source is handled by a connector that knows how to list documents, fetch their content and read their permissions.

## Available connectors

- **Confluence** (Cloud and Data Center): pages, blog posts, comments and attachments.
- **Google Drive**: Docs, Sheets, Slides, PDFs and Office files in shared drives and in the drives of the people you choose.
- **Notion**: pages and databases shared with the Lumen integration.
- **GitHub**: README files, wikis, issues, pull requests and discussions; code is not indexed.
- **Slack**: messages in public channels (see the Slack integration for the search command).
- **S3 and compatible storage**: objects in a bucket and prefix, with the permissions you assign.
- **Local folder**: files under a path on the server, useful for exported archives.

## Adding a source

Open Settings, Sources, Add source and choose the connector. Most connectors authenticate with a service account or an API token created by an administrator of the other system. Use a dedicated service account rather than a person's account: when that person leaves and their account is disabled, the source silently stops updating.

## How syncing works

The first sync fetches everything and can take hours for large sources. After that, Lumen checks every connected source for changes every 15 minutes and fetches only what changed. Deleted documents disappear from results on the next sync. You can change the interval per source with \`sources.<name>.interval\`, down to 5 minutes, or trigger a sync at any time with Sync now on the source's page.

## Credentials that expire

Many systems expire tokens after a fixed time. When a connector's credentials stop working, the source turns red on the Sources page, its admins get an e-mail, and the index keeps the documents it already has. Reconnect the source with a fresh token; the next sync catches up with everything that changed in between.

## Excluding content

Each source has include and exclude rules on paths, spaces, labels or file types. Exclusions apply at the next sync and remove already indexed documents that now match.
`,
    qa: [
      ['How often does Lumen pick up changes from connected sources?', 'Lumen checks every connected source for changes every 15 minutes and fetches only what changed'],
      ['Should I connect Google Drive using my own account?', 'Use a dedicated service account rather than a person\'s account'],
    ],
  },
  {
    path: 'guides/indexing.md',
    text: `# How indexing works

Indexing turns the documents of your sources into the search index that answers queries. Knowing its stages helps when something is missing from the results or when the first sync is slow.

## The pipeline

1. **Fetch.** The connector downloads new and changed documents and their permissions.
2. **Extract.** Lumen extracts plain text from HTML, Markdown, PDF, Office files and e-mail. Images inside documents are skipped unless OCR is on.
3. **Analyze.** Text is split into words, stemmed for its language and enriched with synonyms from the workspace glossary.
4. **Write.** Documents are written to the index in batches and become searchable within seconds of the batch completing.

## Workers

Extraction and analysis run in parallel workers. Lumen uses four indexing workers by default, which keeps a small server responsive. On a dedicated machine with many cores, raise \`indexing.workers\`; a good starting point is the number of cores minus two. Connectors that call external APIs may still be limited by the other side's rate limits rather than by your CPU.

## Languages

Lumen detects the language of each document and stems English, German, French, Spanish, Italian, Dutch, Portuguese, Swedish and Polish. Other languages are indexed without stemming, so exact words still match. Japanese, Chinese and Korean are indexed with character n-grams.

## OCR

Scanned PDFs and images contain no text until OCR reads it. OCR is off by default because it is slow: a scanned page takes about a second of CPU time. Turn it on with \`indexing.ocr = true\`, optionally limited to some sources.

## Files Lumen skips

Files larger than 50 MB are listed by title only, and so are encrypted PDFs and password-protected Office files. Archives such as ZIP files are not opened. The indexing report on each source's page lists every skipped file with the reason.

## Rebuilding the index

A rebuild re-extracts every document and writes a fresh index next to the current one; searches keep working on the old index until the new one is complete. Run \`lumen index rebuild\` after changing analysis settings such as stemming or the glossary, or when \`lumen doctor\` reports index corruption. A rebuild takes about as long as the first sync minus the download time.
`,
    qa: [
      ['Why is text in our scanned PDFs not searchable?', 'OCR is off by default because it is slow'],
      ['Can people still search while the index is being rebuilt?', 'searches keep working on the old index until the new one is complete'],
    ],
  },
  {
    path: 'guides/search-syntax.md',
    text: `---
title: Search syntax
tags: [search, queries, filters]
---
# Search syntax

Type words and Lumen finds documents that contain them, ranked by relevance. Everything on this page is optional; most people never go beyond a few words and a filter from the sidebar. The syntax helps when you know exactly what you want.

## Words and phrases

Several words find documents that contain all of them, in any order and with any ending: \`deploy staging\` also finds "deployed to staging". Put words in double quotes to find an exact phrase, such as \`"quarterly planning"\`. Lumen ignores case and most punctuation.

## Combining terms

- \`OR\` (in capitals) finds either term: \`invoice OR receipt\`.
- A minus sign excludes a term: \`onboarding -contractor\`.
- Parentheses group terms: \`(vpn OR wifi) setup\`.
- An asterisk at the end of a word matches any ending: \`migrat*\` finds migrate, migration and migrating.
- A tilde allows one typo: \`kubernets~\` still finds kubernetes.

## Filters

Filters narrow results by a field and can be combined with words:

| Filter | Example | Finds |
| --- | --- | --- |
| \`author:\` | \`author:maria\` | documents written or last edited by Maria |
| \`source:\` | \`source:confluence\` | documents from one source |
| \`type:\` | \`type:pdf\` | one file type |
| \`tag:\` | \`tag:runbook\` | documents with a label or tag |
| \`in:title\` | \`in:title budget\` | documents with the word in their title |
| \`after:\`, \`before:\` | \`after:2026-01-01\` | documents modified after or before a date |

Filters on people accept a name, a part of the e-mail address or \`me\`. The filter author:me finds documents you wrote or edited last, which is the fastest way to find your own draft.

## Sorting

Results are sorted by relevance. Relevance combines how well the words match, how recent the document is and how often colleagues opened it after similar searches. Add \`sort:modified\` to sort by date instead, newest first.

## Saved searches

Save any query with Shift+S or the star next to the search box. Saved searches can notify you by e-mail or Slack when new documents match, at most once a day.
`,
    qa: [
      ['How can I find only the documents that I wrote myself?', 'The filter author:me finds documents you wrote or edited last'],
      ['Is there a way to find words even if I misspell them?', 'A tilde allows one typo: kubernets~ still finds kubernetes'],
    ],
  },
  {
    path: 'guides/insights.md',
    text: `# Insights: search analytics

Insights shows how your workspace uses Lumen: what people search for, which searches find nothing, which sources are stale and how many people search each week. Owners and Admins see all dashboards; Editors see the dashboards of their own collections.

## Dashboards

- **Top searches**: the most frequent queries of the period and how often someone opened a result.
- **Zero-result searches**: queries that found nothing. These are the questions your documentation does not answer yet, and the best list of pages to write next.
- **Abandoned searches**: queries where results came back but nobody opened one, often a sign that titles are unclear or the right page is outdated.
- **Source freshness**: for each source, the share of documents not modified in a year.
- **Adoption**: weekly searchers, by team if you map groups to teams.

## Privacy by design

Insights never shows who searched for what. Queries are counted, not attributed, and a query only appears once at least five different people have searched for it in the period, so a rare query cannot point to one colleague. Admins cannot switch this threshold off.

## When the numbers update

Lumen aggregates search events once a day, shortly after 02:00 server time, so the dashboards show data up to the end of the previous day. Raw search events are deleted after the aggregation; only the counts are kept, for 13 months.

## Exporting

Every dashboard can be exported as CSV for the selected period, or read from the API at \`/api/v1/insights\`. Exports of large workspaces can take a few minutes; if you run Lumen behind a proxy, see the reverse proxy guide for the timeout.

## Acting on Insights

Review the zero-result list with the owners of your documentation every month. Many zero-result queries are synonyms of words your documents already use; add them to the workspace glossary under Settings, Search, Glossary, and the next rebuild makes them match.
`,
    qa: [
      ['Can an admin see which employee searched for a particular term?', 'Insights never shows who searched for what'],
      ['Why doesn\'t the Insights dashboard show today\'s searches?', 'Lumen aggregates search events once a day, shortly after 02:00 server time'],
    ],
  },
  {
    path: 'guides/backups.md',
    text: `---
title: Backups and restore
tags: [operations, backups, disaster-recovery]
---
# Backups and restore

Everything Lumen knows lives in its data directory: the database of members, sources and settings, the search index, uploaded files and the instance secret. A backup is a consistent snapshot of that directory, taken while the server keeps running.

## Creating a backup

Run \`lumen backup create\` on the server. It pauses index writes for a few seconds, writes a compressed snapshot to \`/var/lib/lumen/backups\` (\`/data/backups\` in Docker) and prints the file name. Snapshots of the search index are incremental, so the second and later backups of the day are much smaller than the first.

## Scheduling backups

Set \`backup.schedule\` in \`lumen.toml\` to a cron expression, for example \`"0 3 * * *"\` for every night at three. Lumen keeps the last seven scheduled snapshots and deletes older ones; change \`backup.keep\` to keep more. A schedule inside Lumen is enough for most installations, but you can also run the command from a systemd timer or cron.

## Keeping copies elsewhere

A backup on the same disk does not survive the loss of that disk. Copy snapshots to another machine or to object storage, and keep at least one copy outside the server. Set \`backup.upload_url\` to an S3-compatible bucket and Lumen uploads every scheduled snapshot after writing it.

Snapshots contain the instance secret, which decrypts the source credentials stored in the database. Treat them like passwords: encrypt the bucket and restrict who can read it.

## Verifying backups

\`lumen backup verify <file>\` checks a snapshot's checksums and opens its database without starting the server. Run it from time to time, ideally on a different machine, and rehearse a full restore at least once a year.

## Restoring

To restore, stop the server, run lumen backup restore with the snapshot file, then start the server again. The restore replaces the whole data directory. A snapshot can be restored on the same version of Lumen or a newer one, never an older one; a newer server migrates the restored data on start. If the server address changed, update \`server.public_url\` before starting.
`,
    qa: [
      ['What are the steps to restore Lumen from a snapshot?', 'stop the server, run lumen backup restore with the snapshot file, then start the server again'],
      ['How many scheduled backups does Lumen keep?', 'Lumen keeps the last seven scheduled snapshots and deletes older ones'],
    ],
  },
  {
    path: 'guides/upgrading.md',
    text: `# Upgrading Lumen

Lumen Labs publishes a minor release every three months and patch releases when they are needed. Patch releases (3.4.0 to 3.4.1) only fix bugs and never change the database. Minor releases (3.3 to 3.4) may run migrations on their first start.

## Before you upgrade

1. Read the release notes of every version between yours and the target.
2. Take a backup with \`lumen backup create\` and copy it off the server.
3. Run \`lumen migrate --check\` with the new version's binary, or the new image, against your data. It lists the migrations that will run and estimates how long they take, without changing anything.

## Upgrade paths

Within version 3 you can jump straight to the latest release: 3.1 to 3.4 is a single step. From version 2, first upgrade to 3.0 and start the server once so that its migrations run, then upgrade to the latest 3.x. Version 1 installations must go through 2.9 first. There is no supported way to skip these steps.

## Upgrading packages

On Linux, \`apt upgrade lumen-server\` or \`dnf upgrade lumen-server\` installs the new version and restarts the service. On macOS, \`brew upgrade\` does the same. The server is unavailable while migrations run; small workspaces are back in under a minute.

## Upgrading Docker installations

Change the image tag, for example from \`3.3\` to \`3.4\`, and recreate the container with \`docker compose up -d\`. The new container runs the migrations before it starts serving; \`/readyz\` reports unavailable until they are done.

## Rolling back

Migrations are not reversible. To go back to the previous version, stop the server, install the previous version and restore the backup you took before upgrading. Any documents indexed since then are fetched again on the next sync, but changes made in Lumen itself, such as new saved searches, are lost.

## Long-term support

Each minor release gets security fixes for twelve months. The release notes list the end-of-support date; \`lumen doctor\` warns when your version is within 30 days of it.
`,
    qa: [
      ['We are on Lumen 2.7. Can we go straight to 3.4?', 'first upgrade to 3.0 and start the server once so that its migrations run, then upgrade to the latest 3.x'],
      ['Can I downgrade Lumen after a bad upgrade?', 'To go back to the previous version, stop the server, install the previous version and restore the backup you took before upgrading'],
    ],
  },
  {
    path: 'guides/troubleshooting.md',
    text: `---
title: Troubleshooting
tags: [support, errors, operations]
---
# Troubleshooting

Start with \`lumen doctor\`. It checks the configuration, the data directory, the index, the connection to each source, the clock and the license, and prints what it finds with a suggested fix. Most of the problems below show up in its report.

## The server does not start

Read the last lines of the log (\`journalctl -u lumen -n 50\`, or \`docker logs\` for containers).

- **address already in use**: another program holds port 8420, often a second Lumen container left running. Find it with \`ss -ltnp | grep 8420\`, stop it, or set \`server.port\` to another port.
- **permission denied on /var/lib/lumen**: the data directory must belong to the \`lumen\` user. Files restored by hand as root are the usual cause; fix them with \`chown -R lumen:lumen /var/lib/lumen\`.
- **license expired**: the server still starts, in read-only mode, so people can search while you renew.

## Search results are missing

Open the source's page under Settings, Sources and look at the indexing report. A source with zero documents usually has expired credentials. A single missing document is often excluded by a rule, larger than 50 MB, or not shared with the service account. If the report says the document is indexed, check the permissions: the person searching may not be allowed to open it.

## Search is slow

A search should answer in well under a second. If it does not, look at memory first: when the server swaps, every query waits for the disk. See the performance tuning guide for cache sizes and worker counts.

## Sign-in problems

Redirect loops, assertion errors and duplicate accounts are covered in the authentication guide. The short version: check \`server.public_url\` and the server's clock.

## The index is corrupted

After a disk failure or a killed process, \`lumen doctor\` may report index corruption. Run \`lumen index rebuild\`; the server keeps answering from the intact parts while it works.

## Sending a diagnostics bundle

When you open a ticket, attach the file written by lumen doctor --bundle, which collects the configuration without secrets, the last 10,000 log lines and the doctor report. Support can usually answer from the bundle without a call. The bundle never contains document text or credentials.
`,
    qa: [
      ['Lumen will not start and the log says address already in use.', 'another program holds port 8420, often a second Lumen container left running'],
      ['What should I attach when I open a support ticket?', 'attach the file written by lumen doctor --bundle, which collects the configuration without secrets'],
    ],
  },
  {
    path: 'guides/performance-tuning.md',
    text: `# Performance tuning

A default Lumen installation is tuned for a small server with 4 GB of memory. Larger workspaces get faster searches and faster indexing with a few settings. Change one thing at a time and compare the numbers on the Status page, which shows the median and 95th percentile search time of the last hour.

## Memory

The search cache holds the most used parts of the index in memory. Its size is \`search.cache_mb\`, 512 by default. A good rule is to give the cache a quarter of the server's memory, up to the size of the index on disk. Beyond that size, more cache brings nothing. Leave at least 2 GB for the operating system and the indexing workers.

## Disk

Put the data directory on an SSD. On network storage such as NFS or EBS with burst credits, searches slow down unpredictably when the storage is busy, and the index can be damaged if the network drops during a write. Local NVMe disks give the best results.

## Indexing workers

\`indexing.workers\` sets how many documents are extracted and analyzed at the same time, four by default. More workers make the first sync faster but compete with searches for CPU. On a server shared with searches during office hours, keep the default and set \`indexing.night_workers\` to a higher number; Lumen uses it between 20:00 and 06:00 server time.

## Query limits

Very broad queries, such as a single letter followed by an asterisk, can touch most of the index. Lumen stops any query after \`search.timeout_ms\`, 5000 by default, and returns the results found so far with a warning. Lower the timeout on busy servers so that one expensive query cannot slow down everyone else.

## Many documents

Beyond about five million documents, split the index into shards with \`storage.shards\`. Each shard is searched in parallel on its own core. Changing the number of shards requires a rebuild, so choose it with growth in mind: one shard per two million documents is a good starting point.

## Measuring

\`lumen status --perf\` prints cache hit rate, queue lengths and the slowest queries of the last hour. A cache hit rate below 80 percent on a busy server is the clearest sign that the cache is too small.
`,
    qa: [
      ['How big should the search cache be on a server with 32 GB of RAM?', 'give the cache a quarter of the server\'s memory, up to the size of the index on disk'],
      ['Can indexing use more CPU at night when nobody is searching?', 'set indexing.night_workers to a higher number; Lumen uses it between 20:00 and 06:00 server time'],
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// Documentation: Markdown reference, integrations, release notes, FAQ
// ---------------------------------------------------------------------------------------------

const REFERENCE = [
  {
    path: 'reference/configuration.md',
    text: `---
title: Configuration file reference
tags: [reference, configuration, toml]
---
# Configuration file reference

Lumen reads its settings from \`lumen.toml\`: \`/etc/lumen/lumen.toml\` on Linux, \`~/Library/Application Support/Lumen/lumen.toml\` on macOS and \`/data/lumen.toml\` in Docker. Most settings can also be changed in the admin console, which writes them to the database; a value in the file always wins over the console, and the console shows such settings as locked.

Check a file before restarting with \`lumen config check\`. It reports unknown keys, wrong types and values out of range, with the line number.

## [server]

| Key | Default | Meaning |
| --- | --- | --- |
| \`port\` | \`8420\` | HTTP port |
| \`bind\` | \`"0.0.0.0"\` | Address to listen on; \`"127.0.0.1"\` behind a local proxy |
| \`public_url\` | none | The address people use, for links, e-mails and SSO |
| \`base_path\` | \`"/"\` | Path prefix when served under a path |
| \`trusted_proxies\` | \`[]\` | Addresses allowed to set X-Forwarded headers |

## [storage]

| Key | Default | Meaning |
| --- | --- | --- |
| \`data_dir\` | \`/var/lib/lumen\` | Database, index, uploads and secret |
| \`shards\` | \`1\` | Index shards; changing it requires a rebuild |

## [indexing]

| Key | Default | Meaning |
| --- | --- | --- |
| \`workers\` | \`4\` | Parallel extraction workers |
| \`night_workers\` | same as workers | Workers between 20:00 and 06:00 |
| \`ocr\` | \`false\` | Read text from images and scanned PDFs |
| \`max_file_mb\` | \`50\` | Larger files are indexed by title only |

## [search]

| Key | Default | Meaning |
| --- | --- | --- |
| \`cache_mb\` | \`512\` | Memory for the search cache |
| \`timeout_ms\` | \`5000\` | Longest time a query may run |
| \`history_days\` | \`90\` | How long personal search history is kept; \`0\` turns it off |

## [backup]

| Key | Default | Meaning |
| --- | --- | --- |
| \`schedule\` | none | Cron expression for scheduled snapshots |
| \`keep\` | \`7\` | Scheduled snapshots to keep |
| \`upload_url\` | none | S3-compatible bucket for copies |

## [telemetry]

| Key | Default | Meaning |
| --- | --- | --- |
| \`enabled\` | \`true\` | Send anonymous usage statistics to Lumen Labs |

## Environment variables

Any key can be set through an environment variable named after its section and key, such as \`LUMEN_SERVER_PUBLIC_URL\` or \`LUMEN_SEARCH_CACHE_MB\`. Add the suffix \`_FILE\` to read the value from a file instead, which is how secrets should be passed in containers. Environment variables override the configuration file, which overrides the admin console.
`,
    qa: [
      ['How do I check my lumen.toml for mistakes before restarting?', 'It reports unknown keys, wrong types and values out of range, with the line number'],
      ['If a setting is in both the environment and lumen.toml, which one is used?', 'Environment variables override the configuration file, which overrides the admin console'],
    ],
  },
  {
    path: 'reference/cli.md',
    text: `# Command-line reference

The \`lumen\` command manages a server from its own machine. It talks to the server through a local socket, so most commands need no token, but they must run as the \`lumen\` user or as root. Every command accepts \`--help\`, and \`--json\` for output that scripts can read.

## Server

- \`lumen serve\`: run the server in the foreground (what the systemd unit and the container run).
- \`lumen status\`: version, uptime, documents in the index and the state of each source. \`--perf\` adds cache and queue statistics.
- \`lumen doctor\`: check configuration, storage, index, clock, license and sources. \`--bundle\` writes a diagnostics archive for support.
- \`lumen version\`: the version and build of the binary.

## Configuration

- \`lumen config check [file]\`: validate a configuration file.
- \`lumen config show\`: the effective configuration, with the origin of each value (file, environment or console) and secrets masked.

## Index

- \`lumen index status\`: documents per source, queue length and the last error.
- \`lumen index rebuild [--source <name>]\`: rebuild the whole index or one source's part of it.
- \`lumen index pause\` and \`lumen index resume\`: stop and restart indexing without stopping searches, for instance during a storage migration.

## Backups

- \`lumen backup create\`: write a snapshot now.
- \`lumen backup list\`: snapshots on disk with their size and version.
- \`lumen backup verify <file>\`: check a snapshot.
- \`lumen backup restore <file>\`: replace the data directory with a snapshot; the server must be stopped.

## Members

- \`lumen user list\`: members with their role and last sign-in.
- \`lumen user create <email> --role <role>\`: add a member and print an invitation link.
- To reset a forgotten password, run lumen user reset-password followed by the e-mail address; it prints a link that works once, for one hour.
- \`lumen user disable <email>\`: block sign-in and revoke the member's sessions and tokens.
- \`lumen user export <email>\` and \`lumen user erase <email>\`: answer data subject requests (see the privacy page).

## Tokens

- \`lumen token create --name <name> --scope <scope>\`: create an API token and print it once.
- \`lumen token list\` and \`lumen token revoke <id>\`.

## Maintenance

- \`lumen migrate --check\`: list pending migrations without running them.
- \`lumen logs --since 1h\`: the server log of the last hour, on systems without the journal.

Exit codes: 0 on success, 1 on an error, 2 on wrong usage, and 3 when \`lumen doctor\` found problems.
`,
    qa: [
      ['An admin forgot their password and SSO is not set up. How can I reset it on the server?', 'run lumen user reset-password followed by the e-mail address; it prints a link that works once, for one hour'],
      ['Is there a way to stop indexing for a while without taking search offline?', 'stop and restart indexing without stopping searches, for instance during a storage migration'],
    ],
  },
  {
    path: 'reference/rest-api.md',
    text: `---
title: REST API
tags: [api, reference, developers]
---
# REST API

The REST API lets scripts and other applications search Lumen, push documents into it and manage the workspace. Its base URL is your server's public URL followed by \`/api/v1\`. Requests and responses are JSON, encoded as UTF-8.

## Authentication

Send an API token in the \`Authorization\` header as \`Bearer lmn_...\`. Requests without a valid token get \`401\`; requests whose token lacks the needed scope get \`403\`. Tokens are described in the API tokens reference.

## Searching

\`GET /api/v1/search?q=<query>\` runs a query with the same syntax and the same permissions as the search box, as the member who owns the token. Optional parameters are \`limit\` (default 20, at most 100), \`cursor\` for the next page and \`source\` to limit the search to one source. Each result has the document's \`id\`, \`title\`, \`url\`, \`source\`, \`modified_at\`, a \`snippet\` with the matching words in \`<mark>\` tags and a \`score\`.

## Pushing documents

Systems without a connector can push documents. \`POST /api/v1/documents\` with a JSON body of \`external_id\`, \`title\`, \`body\` (Markdown or plain text), \`url\` and \`readers\` (e-mail addresses or group names) creates or replaces a document of a push source. \`DELETE /api/v1/documents/<external_id>\` removes it. Pushed documents are searchable within a few seconds.

## Pagination

List endpoints return at most \`limit\` items and a \`next_cursor\`. Pass it as \`cursor\` to get the next page; a missing \`next_cursor\` means you reached the end. Cursors stay valid for ten minutes.

## Errors

Errors have a status code and a JSON body with \`error.code\`, a stable machine-readable string such as \`invalid_query\` or \`rate_limited\`, and \`error.message\` for people. Retry \`429\` and \`503\` responses after the number of seconds in \`Retry-After\`; do not retry other \`4xx\` responses unchanged.

## Versioning

Within \`/api/v1\` we only add fields and endpoints. Removing or changing a field needs a new version, and the old version keeps working for at least 18 months after the new one is released.

## Client libraries

Lumen Labs maintains clients for Python (\`pip install lumen-client\`), JavaScript (\`npm install @lumenlabs/client\`) and Go. They handle pagination, retries and rate limits for you.
`,
    qa: [
      ['How many results can one API search request return?', 'Optional parameters are limit (default 20, at most 100)'],
      ['We have an internal tool with no connector. Can we send its pages to Lumen ourselves?', 'Systems without a connector can push documents'],
    ],
  },
  {
    path: 'reference/api-tokens.md',
    text: `# API tokens

API tokens authenticate scripts and integrations against the REST API. A token acts as the member who created it: it can never see documents that member could not see, and it stops working when the member is disabled.

## Creating a token

Open your profile, API tokens, Create token, or run \`lumen token create\` on the server. Give the token a name that says where it is used, choose its scopes and an expiry. The token is shown once, right after you create it; Lumen only stores a hash, so a lost token cannot be recovered, only replaced.

Tokens start with \`lmn_\` followed by 40 characters. The prefix lets secret scanners, such as the ones in GitHub and GitLab, recognise a leaked Lumen token and warn you.

## Scopes

| Scope | Allows |
| --- | --- |
| \`search:read\` | Searching and reading documents |
| \`documents:write\` | Pushing and deleting documents of push sources |
| \`insights:read\` | Reading Insights dashboards (Admins only) |
| \`admin\` | Managing members, sources and settings (Admins only) |

Give each token the smallest set of scopes it needs. A reporting script needs \`insights:read\`, not \`admin\`.

## Expiry

Tokens expire after 90 days by default. You can choose any expiry up to 365 days; workspaces on the Enterprise plan can also allow tokens without expiry for service accounts. Lumen e-mails the owner of a token seven days before it expires.

## Revoking

Revoke a token from the profile page or with \`lumen token revoke <id>\`. Revocation takes effect immediately on every server of a cluster. Admins can see and revoke every token of the workspace under Security, API tokens, which also shows when each token was last used and from which address.

## If a token leaked

Revoke it first, then create a replacement. The audit log shows every request made with the token, so you can see what was read before you revoked it.
`,
    qa: [
      ['I lost the API token I created yesterday. Can I see it again?', 'Lumen only stores a hash, so a lost token cannot be recovered, only replaced'],
      ['How long are Lumen API tokens valid?', 'Tokens expire after 90 days by default'],
    ],
  },
  {
    path: 'reference/rate-limits.md',
    text: `# Rate limits

Rate limits protect your server and Lumen's hosted services from runaway scripts. They apply per token and are counted in a sliding window of one minute.

## Limits by plan

| Plan | Requests per minute | Burst |
| --- | --- | --- |
| Free | 20 | 5 |
| Team | 60 | 20 |
| Business | 600 | 100 |
| Enterprise | 3,000, adjustable | 500 |

On the Team plan, a token can make 60 requests per minute. The burst is how many requests may arrive at once before the limit starts spreading them out. Pushing documents counts one request per call, however many documents the call contains, so batch pushes of up to 100 documents make the most of the limit.

## Headers

Every API response carries \`X-RateLimit-Limit\` (the limit per minute), \`X-RateLimit-Remaining\` (requests left in the current window) and \`X-RateLimit-Reset\` (seconds until a full window is available again).

## When you hit the limit

The server answers \`429 Too Many Requests\` with a \`Retry-After\` header in seconds. Wait that long before sending the next request, and back off exponentially if 429s continue. The official client libraries do this for you. Requests rejected with 429 do not count against the limit.

## Self-hosted servers

On your own server the limits of your plan are the defaults, and admins can lower them per token under Security, API tokens. Raising them above the plan's limit needs the Enterprise plan. Searches from the web app and the desktop apps are never rate-limited.

## Asking for more

If a legitimate integration needs more than your plan allows, contact support with the token name and the expected traffic. Enterprise customers can raise their limits themselves.
`,
    qa: [
      ['What is the API request limit per minute on the Team plan?', 'On the Team plan, a token can make 60 requests per minute'],
      ['What should our script do when it gets HTTP 429 from Lumen?', 'Wait that long before sending the next request, and back off exponentially if 429s continue'],
    ],
  },
  {
    path: 'reference/billing-plans.md',
    text: `---
title: Plans and billing
tags: [billing, pricing, plans]
---
# Plans and billing

Lumen is licensed per member per month. Every plan runs on your own infrastructure; the plan decides the features, the limits and the support you get.

## Plans

- **Free**: up to 5 members and 10,000 documents, local accounts, community support.
- **Team**: 8 US dollars per member per month. Unlimited documents, all connectors, Insights, Slack integration, e-mail support on business days.
- **Business**: 15 US dollars per member per month. Everything in Team plus SAML and OpenID Connect single sign-on, SCIM, guests, audit log and support with a response within four business hours.
- **Enterprise**: priced per contract. Everything in Business plus clustering, custom rate limits, tokens without expiry, 24/7 support for critical incidents and a named support engineer.

Paying yearly costs the same as ten months, so you get two months free.

## Who counts as a member

A member is anyone who signed in during the billing month. Invited people who never accepted and disabled members are not counted. Guests are free up to the number of paid members.

## Invoices and payment

Owners find invoices under Settings, Billing. We accept cards and, for yearly plans, bank transfer against an invoice. Invoices show the VAT number you enter in billing settings; customers in the EU with a valid VAT number are invoiced without VAT under the reverse charge.

## Changing plans

Upgrades apply immediately and are charged pro rata for the rest of the period. Downgrades apply at the end of the current period. If you downgrade from Business to Team, single sign-on is switched off at that date, so make sure every member has a password or is invited again.

## Discounts

Registered nonprofits and schools get 50 percent off the Business plan. Write to sales from your organization's address with proof of your status.

## Cancelling

Cancel any time under Settings, Billing; the plan runs until the end of the paid period, then the workspace falls back to Free. Nothing is deleted: the server keeps your data, and you can export it at any time.
`,
    qa: [
      ['Do charities get a discount on Lumen?', 'Registered nonprofits and schools get 50 percent off the Business plan'],
      ['What happens to SSO if we move from Business back to Team?', 'single sign-on is switched off at that date, so make sure every member has a password or is invited again'],
    ],
  },
  {
    path: 'reference/data-retention.md',
    text: `# Data retention

This page lists how long Lumen keeps each kind of data. On a self-hosted server all of it stays on your machines; the periods below are the defaults, and most can be changed in \`lumen.toml\` or the admin console.

## Documents

The index holds documents for as long as they exist in their source. When a document is deleted in the source, it disappears from results at the next sync and is purged from the index within 24 hours, when the index compacts. Documents pushed through the API stay until they are deleted through the API or their push source is removed.

## Search history

Each member's personal search history powers suggestions in the search box. It is kept for 90 days, configurable with \`search.history_days\`, and members can clear it from their profile at any time. Setting \`search.history_days = 0\` turns personal history off for the workspace.

## Insights

Raw search events are aggregated once a day and then deleted. The daily counts behind the Insights dashboards are kept for 13 months, so that you can compare a month with the same month a year earlier.

## Audit log

The audit log records sign-ins, permission and settings changes, token use and exports. It is kept for one year on the Business plan and three years on Enterprise, and can be streamed to your SIEM through a webhook or syslog for longer retention.

## Trash

Saved searches, collections and notes deleted in Lumen go to the trash for 30 days, where their owner or an admin can restore them. After 30 days they are deleted for good.

## Disabled and deleted members

Disabling a member keeps their saved searches and collections, so they can be transferred. Deleting a member removes their account, history and personal saved searches; shared items move to the workspace owner. Audit log entries keep the member's e-mail address until the entry itself expires.

## Backups

Backups contain everything above as it was when the snapshot was taken. Data deleted from Lumen remains in older snapshots until those are deleted by rotation, after seven scheduled snapshots by default.
`,
    qa: [
      ['How long after deleting a page in the source does it get removed from the Lumen index?', 'it disappears from results at the next sync and is purged from the index within 24 hours'],
      ['How long is the audit log kept on the Business plan?', 'It is kept for one year on the Business plan and three years on Enterprise'],
    ],
  },
  {
    path: 'reference/keyboard-shortcuts.md',
    text: `# Keyboard shortcuts

Lumen can be used without a mouse. Press \`?\` anywhere in the web app to see the shortcuts for the current page. Shortcuts are off while you type in a text field, except those with a modifier key.

## Everywhere

| Shortcut | Action |
| --- | --- |
| \`/\` | Focus the search box |
| \`Ctrl+K\` / \`Cmd+K\` | Open the command palette |
| \`g\` then \`h\` | Go to the home page |
| \`g\` then \`s\` | Go to saved searches |
| \`g\` then \`i\` | Go to Insights |
| \`?\` | Show shortcuts |
| \`Esc\` | Close a dialog or the preview |

Ctrl+K on Windows and Linux or Cmd+K on macOS opens the command palette, from which you can reach every page and setting by typing part of its name.

## In search results

| Shortcut | Action |
| --- | --- |
| \`j\` / \`k\` | Next / previous result |
| \`Enter\` | Open the preview of the selected result |
| \`o\` | Open the selected document in its source |
| \`c\` | Copy the link to the selected document |
| \`Shift+S\` | Save the current search |
| \`f\` | Focus the filters in the sidebar |

## In the preview

| Shortcut | Action |
| --- | --- |
| \`n\` / \`p\` | Next / previous match in the document |
| \`Esc\` | Back to the results |

## Customizing

Shortcuts cannot be remapped yet. If a single-key shortcut clashes with a browser extension or assistive technology, turn single-key shortcuts off under Profile, Accessibility; shortcuts with modifier keys keep working.
`,
    qa: [
      ['Is there a keyboard shortcut to open the command palette?', 'Ctrl+K on Windows and Linux or Cmd+K on macOS opens the command palette'],
    ],
  },
  {
    path: 'reference/security.md',
    text: `---
title: Security overview
tags: [security, compliance, encryption]
---
# Security overview

Lumen is designed to run inside your network, under your control. This page summarises how the server protects the data it holds; the security whitepaper describes the same measures in more detail for security reviews.

## Encryption

Traffic should reach Lumen over TLS through a reverse proxy. Between servers of a cluster, Lumen encrypts traffic itself with mutual TLS and certificates it issues from its own internal authority. At rest, credentials for sources, SSO client secrets and webhook secrets are encrypted with AES-256-GCM using a key derived from the instance secret. The index and the database rely on disk encryption, which we recommend enabling on the server.

## The instance secret

The instance secret is generated on first start and stored in the data directory with permissions that only the \`lumen\` user can read. Anyone with the secret and a copy of the database can decrypt stored credentials, which is why backups must be protected like passwords. Rotate the secret with \`lumen secret rotate\`; it re-encrypts the stored credentials in place.

## Access control

Searches are filtered by the permissions of each source at query time, and admin actions require the Admin or Owner role. API tokens carry scopes and expire. Business and Enterprise add single sign-on, SCIM deprovisioning and an audit log of every sign-in, permission change, token use and export.

## Telemetry

Unless you turn it off, the server sends anonymous usage statistics once a day: version, operating system, counts of members, documents and sources, and feature usage. It never sends document content, queries, names or e-mail addresses. Turn telemetry off with \`telemetry.enabled = false\`.

## Software supply chain

Release binaries, packages and container images are signed, and each release publishes a software bill of materials. Dependencies are scanned daily, and security fixes are released as patch versions for every supported minor version.

## Reporting a vulnerability

Report vulnerabilities to security@lumenlabs.example, encrypted with the key published on our website if you wish. We confirm receipt within one business day and keep you informed until the fix is released. Our bug bounty rewards valid reports according to their severity.
`,
    qa: [
      ['Are source credentials stored encrypted in Lumen?', 'credentials for sources, SSO client secrets and webhook secrets are encrypted with AES-256-GCM'],
      ['Where do I report a security vulnerability in Lumen?', 'Report vulnerabilities to security@lumenlabs.example'],
    ],
  },
  {
    path: 'reference/privacy-gdpr.md',
    text: `# Privacy and GDPR

When you run Lumen on your own servers, you are the controller of the personal data in it, and Lumen Labs never has access to it. This page explains which personal data Lumen processes and how to answer the requests of the people it belongs to.

## Personal data in Lumen

- **Members**: name, e-mail address, role, group memberships, sign-in times and, if enabled, personal search history.
- **Documents**: whatever your sources contain, including names and contact details in pages and files.
- **Audit log**: the member, time, address and action of security-relevant events.

Lumen Labs receives only the anonymous telemetry described on the security page, and, when you ask for support, the diagnostics bundle you choose to send. We sign a data processing agreement for support access on request.

## Access requests

To answer a request for access, run \`lumen user export <email>\`. It writes a ZIP file with the member's profile, groups, saved searches, search history and audit log entries, as JSON. Documents a person wrote live in their sources; Lumen only holds an index of them, so the source system answers for their content.

## Erasure requests

The command lumen user erase removes the person's account, search history and saved searches, and replaces their name in audit log entries with a pseudonym. Items they shared are moved to the workspace owner first. The erasure reaches backups when old snapshots are rotated away, which you should state in your records of processing.

## Data minimization

- Turn off personal search history with \`search.history_days = 0\` if you do not want suggestions.
- Exclude sources or folders that hold personal data nobody needs to search, such as HR records.
- Insights only show queries searched by at least five people, and never who searched.

## Hosting and transfers

A self-hosted server processes data wherever you run it; choose a region that matches your obligations. The optional hosted services of Lumen Labs, such as e-mail delivery for notifications, run in the EU for EU workspaces and send only the address and the text of the notification.
`,
    qa: [
      ['How do we delete a former employee\'s personal data from Lumen under GDPR?', 'lumen user erase removes the person\'s account, search history and saved searches'],
      ['Does Lumen Labs have access to the data on our self-hosted server?', 'you are the controller of the personal data in it, and Lumen Labs never has access to it'],
    ],
  },
];

const INTEGRATIONS = [
  {
    path: 'integrations/slack.md',
    text: `---
title: Slack integration
tags: [integrations, slack]
---
# Slack integration

The Slack integration brings Lumen into your Slack workspace: a search command, previews of Lumen links, notifications for saved searches and, optionally, indexing of public channels. It is available on the Team plan and above.

## Installing

An Admin opens Settings, Integrations, Slack and clicks Connect to Slack. Slack asks a Slack administrator to approve the app for the workspace. Because your Lumen server runs in your network, Slack must be able to reach it: the server needs a public URL, or you can use the Lumen relay, which forwards Slack's requests over an outgoing connection so no port has to be opened.

## The /lumen command

Type \`/lumen\` followed by a query in any channel to search Lumen. The results appear only to you, with the same permissions as in the web app, and you can share one of them into the channel with a button. People who have not linked their Slack account to Lumen are asked to do so the first time; linking matches the two accounts by e-mail address.

## Link previews

When someone posts a link to a Lumen document or saved search, Slack shows its title and a short snippet, but only if the person who posted it can read the document. Nobody learns anything through a preview that they could not see in Lumen.

## Saved search notifications

Members can ask for a daily Slack message when new documents match one of their saved searches. The message arrives at nine in the morning in the member's time zone and lists at most ten new documents.

## Indexing Slack messages

The Slack connector indexes messages of public channels. Private channels and direct messages are never indexed. Messages are searchable about five minutes after they are posted, and edits and deletions are picked up on the next sync.

## Removing the integration

Disconnect under Settings, Integrations, Slack, or remove the app in Slack. Indexed Slack messages are removed from the index within 24 hours.
`,
    qa: [
      ['Does Lumen index our private Slack channels or DMs?', 'Private channels and direct messages are never indexed'],
      ['Our Lumen server is not reachable from the internet. Can we still use the Slack app?', 'you can use the Lumen relay, which forwards Slack\'s requests over an outgoing connection so no port has to be opened'],
    ],
  },
  {
    path: 'integrations/webhooks.md',
    text: `# Webhooks

Webhooks notify your own systems when something happens in Lumen. Each webhook has a URL, a secret and a list of events; Lumen sends an HTTPS POST with a JSON body to the URL whenever one of the events occurs.

## Events

| Event | When |
| --- | --- |
| \`document.indexed\` | A document was added or changed in the index |
| \`document.deleted\` | A document was removed |
| \`source.failed\` | A source's sync failed, for example because of expired credentials |
| \`search.zero_results\` | A search found nothing (query text only, never the member) |
| \`member.joined\`, \`member.disabled\` | Membership changes |
| \`audit.event\` | Any audit log entry (Business and Enterprise) |

## Payload

Every request body has \`id\` (unique per delivery), \`event\`, \`created_at\` in UTC and \`data\` with the details of the event. The \`id\` stays the same when a delivery is retried, so your endpoint can ignore repeats.

## Verifying signatures

Each request carries a \`Lumen-Signature\` header with a timestamp and an HMAC-SHA256 of the timestamp and the raw body, computed with the webhook's secret. Compute the same HMAC on your side and compare the two in constant time before you trust the payload. Reject requests whose timestamp is more than five minutes old to stop replays.

## Delivery and retries

Your endpoint must answer with a 2xx status within ten seconds. Anything else counts as a failure, and Lumen retries with exponential backoff for up to 24 hours. After 24 hours of failures the webhook is paused and its admins get an e-mail. Fix the endpoint, then resume the webhook in the admin console; deliveries from the pause are not resent, but the delivery log lists them.

## Testing

Send test event on the webhook's page delivers a sample of each selected event. The delivery log shows the last 100 deliveries with the status code and the response time, which is usually the quickest way to see why an endpoint fails.
`,
    qa: [
      ['Why was our webhook paused automatically?', 'After 24 hours of failures the webhook is paused and its admins get an e-mail'],
      ['How do I check that a webhook request really came from Lumen?', 'Compute the same HMAC on your side and compare the two in constant time before you trust the payload'],
    ],
  },
];

const RELEASE_NOTES = [
  {
    path: 'release-notes/v3.2.md',
    text: `---
title: Lumen 3.2 release notes
tags: [release-notes]
version: 3.2.0
released: 2026-03-10
---
# Lumen 3.2

Released on 10 March 2026. Supported with security fixes until March 2027.

## New

- **Notion connector.** Index Notion pages and databases shared with the Lumen integration, with their permissions.
- **Abandoned searches** dashboard in Insights: searches that returned results nobody opened.
- **Night workers.** \`indexing.night_workers\` runs more indexing workers between 20:00 and 06:00.

## Improved

- First syncs of Google Drive are about 40 percent faster, because file listings are fetched in parallel.
- The command palette finds settings by their old names too.

## Fixed

- Saved searches with a date filter sometimes sent notifications for documents that only changed their permissions.
- \`lumen backup verify\` reported a wrong checksum for snapshots larger than 4 GB.
- Sign-in through OpenID Connect failed when the identity provider sent group names containing commas.

## Deprecated

- The \`indexing.threads\` setting is now called \`indexing.workers\`. The old name still works in 3.2 and 3.3 and logs a warning on start.

## Upgrade notes

No configuration changes are needed. The first start runs a migration that adds a column to the saved searches table; it finishes in seconds.
`,
    qa: [['Can Lumen search our Notion workspace, and since which version?', 'Index Notion pages and databases shared with the Lumen integration, with their permissions']],
  },
  {
    path: 'release-notes/v3.3.md',
    text: `---
title: Lumen 3.3 release notes
tags: [release-notes]
version: 3.3.0
released: 2026-06-09
---
# Lumen 3.3

Released on 9 June 2026. Supported with security fixes until June 2027.

## New

- **Guests** on the Business and Enterprise plans: invite contractors who see only the sources you share with them.
- **Push API** for documents from systems without a connector (\`POST /api/v1/documents\`).
- **Lumen relay** for the Slack integration, so Slack reaches servers that have no public address.

## Improved

- Typo tolerance with \`~\` now also applies inside phrases.
- Webhook deliveries show the response time in the delivery log.
- The indexing report groups skipped files by reason and can be downloaded as CSV.

## Fixed

- After a restore, sources connected with OAuth sometimes had to be reconnected. The OAuth refresh tokens are now kept in the snapshot.
- The macOS app no longer pauses indexing on battery when the charge is above 20 percent.

## Upgrade notes

The \`search.max_results\` setting was removed; use the API's \`limit\` parameter instead. \`lumen config check\` warns if the old key is still present.
`,
    qa: [['After upgrading to 3.3 my config check warns about search.max_results. What replaced it?', 'The search.max_results setting was removed; use the API\'s limit parameter instead']],
  },
  {
    path: 'release-notes/v3.4.md',
    text: `---
title: Lumen 3.4 release notes
tags: [release-notes]
version: 3.4.0
released: 2026-09-15
---
# Lumen 3.4

Released on 15 September 2026. Supported with security fixes until September 2027.

## New

- **SCIM group push**: groups pushed by your identity provider can be mapped to Lumen roles.
- **Secret rotation** with \`lumen secret rotate\`, which re-encrypts stored credentials in place.
- **Readiness endpoint** \`/readyz\` for orchestrators; it stays unavailable during migrations and rebuilds.

## Improved

- Searches on indexes with several shards are about 25 percent faster at the 95th percentile.
- \`lumen doctor\` checks the clock against NTP and warns about a skew that would break SSO.
- Polish stemming.

## Fixed

- The Slack link preview could show the title of a document the poster could not read when the poster had just lost access. Previews now check permissions at the moment of posting.

## Upgrade notes

The migration to 3.4 rewrites the permission tables and takes about one minute per million documents. Run \`lumen migrate --check\` beforehand for an estimate.

## 3.4.1

Released on 6 October 2026. Fixes a memory leak in the Confluence connector when pages have more than 1,000 attachments, and a crash of \`lumen user export\` for members without search history.
`,
    qa: [
      ['How long will the database migration take when upgrading to 3.4?', 'takes about one minute per million documents'],
      ['Was the memory leak in the Confluence connector fixed?', 'Fixes a memory leak in the Confluence connector when pages have more than 1,000 attachments'],
    ],
  },
];

const FAQ = [
  {
    path: 'faq.md',
    text: `---
title: Frequently asked questions
tags: [faq]
---
# Frequently asked questions

## Is there a hosted version of Lumen?

No. Lumen is self-hosted only: it runs on your servers or in your cloud account. That is the point of the product, because your documents and your search history stay inside your network. Lumen Labs partners can operate a server for you if you do not want to run it yourself.

## Does Lumen use my documents to train AI models?

No. Lumen Labs never receives your documents. The ranking model that ships with the server was trained by Lumen Labs on public data, and it adapts to your workspace only through counts of which results people open, which stay on your server.

## Can I try Lumen before buying?

Yes. The Free plan is not time-limited and covers up to 5 members and 10,000 documents. For a larger evaluation, ask sales for a 30-day trial license of the Business plan, which lifts the limits and unlocks single sign-on.

## Which browsers are supported?

The current and previous major versions of Firefox, Chrome, Edge and Safari. Internet Explorer is not supported.

## Can Lumen search inside images?

Only with OCR turned on. OCR reads text in scanned PDFs and images; it is off by default because it uses a lot of CPU.

## How many documents can one server handle?

A single server with 16 GB of memory comfortably serves five million documents. Beyond that, split the index into shards, or use a cluster on the Enterprise plan.

## Do you offer support in languages other than English?

Tickets can be written in English, German, French or Spanish. Phone support for Enterprise customers is in English and German.

## What happens if our license expires?

The server switches to read-only mode: people can still search, but sources stop syncing and settings cannot be changed. Renewing the license restores everything immediately, and the next sync catches up.
`,
    qa: [
      ['Is there a cloud-hosted Lumen or do we have to run it ourselves?', 'Lumen is self-hosted only: it runs on your servers or in your cloud account'],
      ['What happens to search if we forget to renew our Lumen license?', 'The server switches to read-only mode: people can still search, but sources stop syncing'],
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// Documentation: HTML pages of the Lumen website
// ---------------------------------------------------------------------------------------------

/** A page of the website: the shared head, navigation, footer and tracking snippet around `body`. */
function sitePage({ title, description, body }) {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${title}</title>
<meta name="description" content="${description}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { font-family: system-ui, sans-serif; margin: 0; color: #1d2330; }
  nav a { margin-right: 1rem; color: #3a5bd9; text-decoration: none; }
  main { max-width: 46rem; margin: 2rem auto; line-height: 1.55; }
  .note { background: #fff6d6; padding: .75rem 1rem; border-radius: 6px; }
</style>
</head>
<body>
<nav><a href="/">Lumen</a> <a href="/docs/">Docs</a> <a href="/pricing">Pricing</a> <a href="/download">Download</a> <a href="/status">Status</a></nav>
<main>
${body.trim()}
</main>
<footer><p>&copy; 2026 Lumen Labs &mdash; Search &amp; insight for your team&#39;s knowledge. <a href="/privacy">Privacy</a></p></footer>
<script>
  // Page-view counter of the website (not of the product); the corpus keeps it to show script stripping.
  window.lumenSite = window.lumenSite || [];
  window.lumenSite.push({ event: 'page_view', page: location.pathname });
  document.querySelectorAll('a[data-track]').forEach(function (a) { a.addEventListener('click', function () { window.lumenSite.push({ event: 'click', href: a.href }); }); });
</script>
</body>
</html>
`;
}

const HTML = [
  {
    path: 'site/pricing.html',
    text: sitePage({
      title: 'Pricing &amp; plans | Lumen',
      description: 'Lumen plans for teams of every size: Free, Team, Business and Enterprise, all self-hosted.',
      body: `
<h1>Simple pricing, on your own servers</h1>
<p>Every Lumen plan runs on infrastructure you control. Pick the plan by the features you need; you can change at any time and we charge the difference pro rata.</p>
<h2>Free</h2>
<p>For trying Lumen and for small teams. Up to 5 members and 10,000 documents, every connector except Slack, and help from the community forum.</p>
<h2>Team &mdash; $8 per member per month</h2>
<ul>
<li>Unlimited documents and sources</li>
<li>Insights dashboards &amp; CSV export</li>
<li>Slack integration and webhooks</li>
<li>E-mail support on business days</li>
</ul>
<h2>Business &mdash; $15 per member per month</h2>
<ul>
<li>Everything in Team</li>
<li>SAML &amp; OpenID Connect single sign-on, SCIM provisioning</li>
<li>Guests, audit log and 600 API requests per minute</li>
<li>Support response within four business hours</li>
</ul>
<h2>Enterprise</h2>
<p>Clustering for high availability, custom rate limits, a named support engineer and 24/7 response for critical incidents. Contact sales for a quote based on your number of members and servers.</p>
<h2>Billing questions</h2>
<p class="note">Paying yearly? You only pay for ten months, which means two months of every yearly plan are free.</p>
<p>Members are counted when they sign in during the month, so people who never log in cost nothing. Schools and registered nonprofits get half price on Business.</p>
`,
    }),
    qa: [['Is it cheaper to pay for Lumen once a year?', 'You only pay for ten months, which means two months of every yearly plan are free']],
  },
  {
    path: 'site/status.html',
    text: sitePage({
      title: 'Service status | Lumen',
      description: 'Current status of the services Lumen Labs runs: license server, package repository, Slack relay and notification e-mail.',
      body: `
<h1>Service status</h1>
<p>Your Lumen server runs on your own infrastructure, so this page cannot tell you whether it is up. It shows the services Lumen Labs operates for all customers. A self-hosted server keeps searching even when every service below is down.</p>
<h2>Services</h2>
<ul>
<li><b>License server</b> &mdash; operational. Servers check their license once a day and keep working for 14 days without reaching it.</li>
<li><b>Package repository &amp; container registry</b> &mdash; operational.</li>
<li><b>Slack relay</b> &mdash; operational. Forwards Slack commands to servers without a public address.</li>
<li><b>Notification e-mail</b> &mdash; operational. Delivers saved-search and admin e-mails for servers that use our mail service.</li>
</ul>
<h2>Recent incidents</h2>
<p><b>2 October 2026, 14:05&ndash;14:40 UTC.</b> The Slack relay dropped commands for servers in the EU region after a certificate renewal. Commands sent during that window received no answer; nothing was lost on customer servers.</p>
<p><b>18 September 2026.</b> Downloads from the package repository were slow for about two hours because of a CDN misconfiguration.</p>
<h2>Subscribing</h2>
<p>Subscribe to incident updates by e-mail or RSS with the buttons on this page. Enterprise customers are also notified by their named support engineer.</p>
`,
    }),
    qa: [['Does our Lumen server stop working if it cannot reach the license server?', 'Servers check their license once a day and keep working for 14 days without reaching it']],
  },
  {
    path: 'site/support-hours.html',
    text: sitePage({
      title: 'Support hours and response times | Lumen',
      description: 'When Lumen support is available and how quickly we answer, by plan and severity.',
      body: `
<h1>Support hours &amp; response times</h1>
<p>Our support engineers work from Lisbon, Toronto and Singapore. Business days are Monday to Friday, excluding public holidays in the customer&#39;s region.</p>
<h2>Response times by plan</h2>
<ul>
<li><b>Free</b>: community forum, answered by other users and sometimes by our team.</li>
<li><b>Team</b>: e-mail support, first response within one business day.</li>
<li><b>Business</b>: e-mail and chat, first response within four business hours.</li>
<li><b>Enterprise</b>: critical incidents are answered within one hour, at any time of day, every day of the year.</li>
</ul>
<h2>Severity levels</h2>
<p>A critical incident means Lumen is down or unusable for most people and there is no workaround. High severity means an important feature fails for many people. Everything else, including questions and feature requests, is normal severity.</p>
<h2>How to reach us</h2>
<p>Open a ticket from the admin console under Help, Contact support, or write to support@lumenlabs.example. Attaching a diagnostics bundle from <code>lumen doctor --bundle</code> usually saves a round of questions.</p>
<p>Phone support is available to Enterprise customers in English and German.</p>
`,
    }),
    qa: [
      ['How fast does Lumen support respond to Business plan customers?', 'e-mail and chat, first response within four business hours'],
      ['Is there support on weekends for outages if we are on Enterprise?', 'critical incidents are answered within one hour, at any time of day, every day of the year'],
    ],
  },
  {
    path: 'site/mobile-apps.html',
    text: sitePage({
      title: 'Lumen for iOS and Android',
      description: 'Search your team knowledge from your phone with the Lumen mobile apps.',
      body: `
<h1>Lumen on your phone</h1>
<p>The Lumen apps for iOS and Android search the same server as the web app, with the same permissions. They are free on every plan, including Free.</p>
<h2>Connecting to your server</h2>
<p>Open the app and enter your server&#39;s address, or scan the QR code shown on your profile page in the web app. If your company uses single sign-on, the app opens your identity provider&#39;s sign-in page in the system browser.</p>
<h2>Offline favourites</h2>
<p>Star a document to keep a copy on the device. Starred documents stay readable without a connection for 30 days and are removed when you sign out or when an admin disables your account.</p>
<h2>Requirements</h2>
<ul>
<li>iOS 17 or newer, on iPhone and iPad</li>
<li>Android 12 or newer</li>
<li>A Lumen server on version 3.1 or newer, reachable from the phone (through your VPN if it is internal)</li>
</ul>
<h2>For admins</h2>
<p>Admins can turn off mobile access or offline favourites under Settings, Security, Mobile. The apps support managed app configuration, so an MDM system can preset the server address &amp; enforce a passcode.</p>
`,
    }),
    qa: [['How long can I read starred documents on my phone without a connection?', 'Starred documents stay readable without a connection for 30 days']],
  },
  {
    path: 'site/accessibility.html',
    text: sitePage({
      title: 'Accessibility | Lumen',
      description: 'How Lumen supports keyboard use, screen readers and other assistive technology.',
      body: `
<h1>Accessibility</h1>
<p>We want everyone in your team to be able to search. The Lumen web app aims to conform to WCAG 2.2 at level AA, and we test every release with keyboard-only use and with the NVDA, JAWS and VoiceOver screen readers.</p>
<h2>What you can expect</h2>
<ul>
<li>Every action is reachable with the keyboard, with visible focus.</li>
<li>Results are announced to screen readers as they update, without moving the focus away from the search box.</li>
<li>Text can be zoomed to 200 percent without losing content, and the app follows the system setting for reduced motion.</li>
<li>Colour is never the only way information is shown; the high-contrast theme is under Profile, Appearance.</li>
</ul>
<h2>Single-key shortcuts</h2>
<p>Shortcuts such as <kbd>j</kbd> and <kbd>k</kbd> can interfere with speech input and some screen readers. Turn single-key shortcuts off under Profile, Accessibility; shortcuts with a modifier keep working.</p>
<h2>Known issues</h2>
<p>Charts in Insights are not yet fully described to screen readers. Each chart has a table view with the same numbers, reachable with the button below it.</p>
<h2>Feedback</h2>
<p>Tell us about barriers at accessibility@lumenlabs.example. We answer within five business days and publish an updated conformance report with every minor release.</p>
`,
    }),
    qa: [['Can screen reader users read the Insights charts?', 'Each chart has a table view with the same numbers, reachable with the button below it']],
  },
  {
    path: 'site/download.html',
    text: sitePage({
      title: 'Download Lumen',
      description: 'Packages, disk images and container images of the Lumen server, with checksums and signatures.',
      body: `
<h1>Download Lumen 3.4.1</h1>
<p>Lumen 3.4.1 is the current release. Every download below is the same server; choose the one that fits your platform.</p>
<h2>Linux</h2>
<p>Use the package repository for Debian, Ubuntu, Fedora, Rocky Linux and openSUSE, so that security updates arrive with your normal system updates. A tarball with a static binary is available for other distributions.</p>
<h2>macOS</h2>
<p>Install with Homebrew or download the disk image. The app is a universal binary for Apple silicon and Intel Macs.</p>
<h2>Docker</h2>
<p>Pull <code>registry.lumenlabs.example/lumen:3.4</code>. Images are multi-architecture, so the same tag works on amd64 and arm64 hosts.</p>
<h2>Verifying downloads</h2>
<p>Every file is published with a SHA-256 checksum and a signature. Check the signature with <code>cosign verify-blob</code> and the public key from this page before installing on a production server.</p>
<h2>Older versions</h2>
<p>Releases that still receive security fixes are listed in the archive. Versions older than twelve months no longer get fixes &amp; should be upgraded.</p>
`,
    }),
    qa: [['Does the Lumen Docker image run on ARM servers?', 'Images are multi-architecture, so the same tag works on amd64 and arm64 hosts']],
  },
  {
    path: 'site/community.html',
    text: sitePage({
      title: 'Community | Lumen',
      description: 'The Lumen community forum, office hours and events for administrators.',
      body: `
<h1>Join the Lumen community</h1>
<p>Thousands of administrators run Lumen. The community is where they share connector tips, search recipes and dashboards, and where our engineers answer questions in the open.</p>
<h2>Forum</h2>
<p>The forum at community.lumenlabs.example is free for everyone, including the Free plan. Search it before asking: most installation questions have been answered there before. Please never post license keys, tokens or logs that contain internal host names.</p>
<h2>Office hours</h2>
<p>Every second Thursday, a Lumen engineer answers questions live for an hour. Sessions alternate between 09:00 and 17:00 UTC so that every time zone gets a turn, and recordings are posted on the forum the next day.</p>
<h2>Feature requests</h2>
<ul>
<li>Post ideas in the Ideas category and vote for the ones you need.</li>
<li>Our product team reviews the most voted ideas every quarter &amp; posts what will be built.</li>
</ul>
<h2>Code of conduct</h2>
<p>Be kind and assume good intent. Moderators remove posts that attack people, and repeated offences lead to a ban.</p>
`,
    }),
    qa: [['When are the Lumen community office hours held?', 'Every second Thursday, a Lumen engineer answers questions live for an hour']],
  },
  {
    path: 'site/system-requirements.html',
    text: sitePage({
      title: 'System requirements | Lumen',
      description: 'Hardware and software you need to run a Lumen server, by workspace size.',
      body: `
<h1>System requirements</h1>
<p>Lumen needs little to get started and grows with your content. The numbers below are for one server without other heavy workloads.</p>
<h2>By workspace size</h2>
<ul>
<li><b>Up to 100,000 documents</b>: 2 cores, 4 GB of memory, 20 GB of SSD.</li>
<li><b>Up to 1 million documents</b>: 4 cores, 8 GB of memory, 60 GB of SSD.</li>
<li><b>Up to 5 million documents</b>: 8 cores, 16 GB of memory, 250 GB of NVMe SSD.</li>
<li><b>More than 5 million documents</b>: several index shards, or a cluster on the Enterprise plan.</li>
</ul>
<h2>Operating systems</h2>
<p>64-bit Linux with glibc 2.31 or newer on x86-64 or ARM64, macOS 13 or newer, or any host that runs Docker or Kubernetes. Windows servers are supported through Docker Desktop or WSL2 only, not natively.</p>
<h2>Network</h2>
<p>Lumen listens on one port, 8420 by default. It needs outgoing HTTPS to the sources it indexes and, once a day, to the license server. Everything else, including the Slack relay and telemetry, is optional.</p>
<h2>Browsers</h2>
<p>The current and previous major versions of Firefox, Chrome, Edge and Safari.</p>
`,
    }),
    qa: [
      ['Can I install the Lumen server natively on Windows Server?', 'Windows servers are supported through Docker Desktop or WSL2 only, not natively'],
      ['What hardware do we need for about a million documents?', '4 cores, 8 GB of memory, 60 GB of SSD'],
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// Documentation: plain text
// ---------------------------------------------------------------------------------------------

const TEXT = [
  {
    path: 'CHANGELOG.txt',
    text: `Lumen server changelog

3.4.1 (2026-10-06)
  - Fixed a memory leak in the Confluence connector for pages with more than 1,000 attachments.
  - Fixed a crash of "lumen user export" for members without search history.

3.4.0 (2026-09-15)
  - SCIM group push mapped to roles.
  - New command "lumen secret rotate".
  - New readiness endpoint /readyz.
  - Faster searches on sharded indexes; Polish stemming.

3.3.2 (2026-08-04)
  - Security: a crafted Markdown link in a pushed document could run script in the preview pane. All 3.3 servers should upgrade.

3.3.1 (2026-07-01)
  - The Google Drive connector no longer stops at 10,000 files in one folder.

3.3.0 (2026-06-09)
  - Guests, the push API and the Lumen relay for Slack.
  - Removed the setting search.max_results.

3.2.0 (2026-03-10)
  - Notion connector, abandoned searches in Insights, night workers.
`,
    qa: [],
  },
  {
    path: 'support-policy.txt',
    text: `Lumen Labs support policy for self-hosted releases

Lumen Labs publishes a minor release of the Lumen server every three months. Each minor release receives security fixes for twelve months after its release date, and bug fixes until the next minor release is published.

Support engineers answer questions about every supported release. For releases past their end of support, we will help you upgrade, but we cannot investigate problems or provide fixes until you are on a supported version.

Critical security fixes are announced by e-mail to the technical contacts of every paid workspace and on the status page, at least three days before the details are published, so that you can patch first.

Custom builds, modified source code and plugins not published by Lumen Labs are outside this policy.
`,
    qa: [['How long does a Lumen minor version get security patches?', 'Each minor release receives security fixes for twelve months after its release date']],
  },
];

// ---------------------------------------------------------------------------------------------
// Documentation: the security whitepaper (PDF) and the onboarding guide (DOCX)
// ---------------------------------------------------------------------------------------------

const WHITEPAPER = {
  path: 'lumen-security-whitepaper.pdf',
  title: 'Lumen Security Whitepaper',
  subject: 'How the Lumen server protects the data it indexes',
  // Each page: headings (drawn bold) and paragraphs (wrapped to the page width).
  pages: [
    [
      ['h', 'Lumen Security Whitepaper'],
      ['p', 'Version 3.4, October 2026. Prepared by Lumen Labs for security and compliance reviews.'],
      ['h', 'Summary'],
      ['p', 'Lumen is a search and analytics server that customers run on their own infrastructure. Lumen Labs does not operate a hosted copy of the product and has no access to customer documents, search queries or member data. This paper describes the controls built into the server and the responsibilities that remain with the customer.'],
      ['h', 'Architecture'],
      ['p', 'A Lumen installation is a single server process, or a cluster of them on the Enterprise plan. The process holds a database of settings and members, a full-text index and an encrypted store of source credentials. Connectors run inside the process and make outgoing requests to the sources they index. No inbound connection from Lumen Labs is ever required.'],
      ['h', 'Data in transit'],
      ['p', 'Customers terminate TLS at a reverse proxy in front of the server. Traffic between the nodes of a cluster is protected with mutual TLS, using certificates that the cluster issues from its own internal authority and renews every 30 days. Connectors only use HTTPS to reach cloud sources.'],
      ['h', 'Data at rest'],
      ['p', 'Source credentials, SSO client secrets and webhook secrets are encrypted with AES-256-GCM under a key derived from the instance secret, which is generated on first start and never leaves the server. The index and the database are protected by the encryption of the underlying disk, which customers should enable.'],
    ],
    [
      ['h', 'Identity and access'],
      ['p', 'Search results are filtered at query time against the permissions recorded from each source, so a member never sees a document they could not open in the source system. Administrative functions require the Admin or Owner role. Business and Enterprise plans add SAML and OpenID Connect single sign-on, SCIM deprovisioning within one minute and a tamper-evident audit log.'],
      ['h', 'Audit log integrity'],
      ['p', 'Each audit log entry includes a hash of the previous entry, forming a chain that reveals any deletion or modification of past entries. The chain can be verified with the command lumen audit verify, and entries can be streamed to an external SIEM as they are written.'],
      ['h', 'Secure development'],
      ['p', 'Every change to the server is reviewed by a second engineer and tested automatically, including static analysis and dependency scanning. An independent firm performs a penetration test of each minor release before it is published, and a summary of the findings is available to customers under a non-disclosure agreement.'],
      ['h', 'Vulnerability management'],
      ['p', 'Critical vulnerabilities are fixed in a patch release for every supported version within 72 hours of confirmation. Customers are notified by e-mail before the details are made public. Researchers can report issues to security@lumenlabs.example and are rewarded through the bug bounty programme.'],
      ['h', 'Customer responsibilities'],
      ['p', 'Customers are responsible for the security of the host, for disk encryption, for TLS at the proxy, for protecting backups that contain the instance secret and for keeping the server on a supported release.'],
    ],
  ],
  qa: [['How quickly does Lumen Labs patch critical vulnerabilities?', 'Critical vulnerabilities are fixed in a patch release for every supported version within 72 hours of confirmation']],
};

const ONBOARDING = {
  path: 'lumen-onboarding-guide.docx',
  title: 'Lumen onboarding guide for administrators',
  paragraphs: [
    { style: 'Heading1', text: 'Lumen onboarding guide for administrators' },
    { text: 'This guide walks a new Lumen administrator through the first two weeks, from an empty server to a workspace that the whole company uses every day. It assumes the server is installed and you have signed in as the first administrator.' },
    { style: 'Heading2', text: 'Day one: the foundations' },
    { text: 'Start by setting the public URL in the configuration and checking it with lumen doctor. Then schedule nightly backups and copy the first snapshot off the server, because a backup you never made cannot be restored.' },
    { text: 'Invite a second administrator on the first day, so that nobody is locked out when you are on holiday.' },
    { style: 'Heading2', text: 'Days two and three: the first sources' },
    { text: 'Connect the source where most answers live, usually the company wiki. Create a dedicated service account for it. While the first sync runs, read the indexing report and exclude archives and spaces that nobody needs to search.' },
    { style: 'Heading2', text: 'Week one: a pilot group' },
    { text: 'Invite a pilot group of ten to twenty people from different teams. Ask each of them to search for five things they needed recently and to note what they could not find. Their list is the best input for exclusions, synonyms and the next sources to connect.' },
    { style: 'Heading1', text: 'Rolling out to everyone' },
    { style: 'Heading2', text: 'Single sign-on first' },
    { text: 'Before the company-wide launch, configure single sign-on and SCIM, so that people sign in with the account they already have and leavers lose access automatically. Keep the break-glass account in the password vault.' },
    { style: 'Heading2', text: 'Announcing Lumen' },
    { text: 'Announce the launch in the channels people already read, with three example searches that show something people could not find before. Put the search shortcut and the Slack command in the announcement.' },
    { style: 'Heading2', text: 'Week two: reading Insights' },
    { text: 'After a week of company-wide use, open the zero-result searches in Insights. Each zero-result query is either a missing source, a missing page or a synonym, and fixing the top ten usually lifts the share of successful searches noticeably.' },
    { text: 'Review Insights with the owners of your documentation once a month from then on.' },
  ],
  qa: [['Who should we invite first when piloting Lumen?', 'Invite a pilot group of ten to twenty people from different teams']],
};

/** The PDF's pages as lines: headings marked for makePdf, paragraphs wrapped, a blank line after each. */
function whitepaperLines() {
  return WHITEPAPER.pages.map((blocks) => {
    const lines = [];
    blocks.forEach(([kind, text], i) => {
      if (kind === 'h') lines.push(`# ${text}`);
      else lines.push(...wrap(text), ...(i < blocks.length - 1 ? [''] : []));
    });
    return lines;
  });
}

// ---------------------------------------------------------------------------------------------
// Documentation: the archive (an exact copy and an older revision)
// ---------------------------------------------------------------------------------------------

/** docs/archive/: an exact copy of a page under another name, and an older revision of another. */
function archivePages() {
  const linux = GUIDES.find((p) => p.path === 'guides/install-linux.md');
  const backups = GUIDES.find((p) => p.path === 'guides/backups.md');
  const edits = [
    ['Snapshots of the search index are incremental, so the second and later backups of the day are much smaller than the first.', 'Every snapshot contains the full search index.'],
    ['Lumen keeps the last seven scheduled snapshots and deletes older ones; change `backup.keep` to keep more.', 'Lumen keeps the last five scheduled snapshots and deletes older ones.'],
    ['keep at least one copy outside the server', 'keep one copy off the server'],
    ['tags: [operations, backups, disaster-recovery]', 'tags: [operations, backups]\nversion: 3.3'],
  ];
  let revised = backups.text;
  for (const [from, to] of edits) {
    if (!revised.includes(from)) throw new Error(`archive: "${from}" is not in guides/backups.md`);
    revised = revised.replace(from, to);
  }
  return [
    { path: 'archive/install-linux-2026-09.md', text: linux.text, qa: [], exactCopyOf: linux.path },
    { path: 'archive/backups-3.3.md', text: revised, qa: [], nearCopyOf: backups.path },
  ];
}

// ---------------------------------------------------------------------------------------------
// Conversations
// ---------------------------------------------------------------------------------------------
// Distinct support conversations, each written on its own (no templates), about the features
// and facts of the documentation above. `t` is a ticket from the ticketing system (some keep
// its HTML), `c` a chat. Messages alternate user, assistant, user, ...

const t = (plan, region, ...messages) => ({ channel: 'ticket', customer: { plan, region }, messages });
const c = (plan, region, ...messages) => ({ channel: 'chat', customer: { plan, region }, messages });

const CONVERSATIONS = [
  t('team', 'eu',
    'Hi, our Lumen server refuses to start since the VM was rebooted on Sunday. The journal shows "address already in use" and then the process exits. We did not change anything in lumen.toml.',
    'That message means something else is already listening on port 8420. Run ss -ltnp | grep 8420 to see which process it is; after a reboot it is often a second Lumen container started by Docker\'s restart policy. Stop that process, or give Lumen a different port with server.port, and start the service again.',
    'You were right, an old docker compose project had restart: always. Removed it and Lumen is up. Thanks!'),
  c('business', 'us',
    'Confluence results vanished overnight. Drive and GitHub still show up fine.',
    'When one source suddenly returns nothing, its credentials have usually expired. Could you open Settings, Sources, Confluence and check whether it is red and what the indexing report says?',
    'It says 401 Unauthorized on every request.',
    'Then the API token of the service account has expired. Create a new token in Atlassian for the same service account and use Reconnect on the source page. The documents already indexed stay in place, and the next sync catches up with everything that changed.'),
  t('business', 'eu',
    '<p>Hello,</p><p>we are rolling out Okta to all 340 employees next month and want Lumen to use it. Which settings do we need on each side?</p><p>Best regards,<br>Henrik Sandvik<br>IT Operations</p>',
    'Under Security, Single sign-on, choose SAML and copy the ACS URL and the entity ID into a new SAML app in Okta. Make sure the assertion includes an email attribute, which Lumen uses to match people; name and groups are optional. Then download the app\'s metadata XML from Okta and upload it back into Lumen. Once one admin has signed in through Okta successfully, you can switch on Enforce SSO.',
    'Thank you, that worked on the first try. Do we need SCIM as well?',
    'It is optional but recommended: with SCIM, people you deactivate in Okta lose access to Lumen within a minute, and group memberships stay in sync. Create a SCIM token under Security, Provisioning and paste it into the provisioning tab of the Okta app.'),
  t('team', 'uk',
    'We have been charged twice for October, two identical payments on the same day. Card on file is 4111 1111 1111 1111, please check and refund one of them. Finance contact: amelia.hart@example.co.uk',
    'I am sorry about the double charge. I can see that our payment provider retried a payment that had in fact gone through. The second payment has been refunded today and should reach your account within five to ten business days. For your security, please do not send full card numbers by e-mail; the last four digits are always enough for us to find a payment.'),
  c('business', 'eu',
    'Our data protection officer wants to know how long Lumen stores what employees search for.',
    'Each member\'s personal search history is kept for 90 days and powers the suggestions in the search box. Members can clear it from their profile at any time, and you can change the period with search.history_days or switch history off entirely by setting it to 0.',
    'And the Insights dashboards? Do they keep the raw queries?',
    'No. Raw search events are aggregated once a day and then deleted. Only daily counts are kept, for 13 months, and a query only appears in Insights once at least five different people searched for it.'),
  t('enterprise', 'apac',
    'The initial Google Drive sync has been running for nine hours and the progress bar shows 35 percent. The server has 24 cores and sits mostly idle. Is there anything we can do to speed it up?',
    'By default Lumen runs four indexing workers, which is why most of your cores are idle. Raise indexing.workers in lumen.toml, for example to 20 on a dedicated 24-core machine, and restart the service. Keep in mind that Google also limits how fast the Drive API answers, so the speedup has an upper bound. After the first full pass only changed files are fetched, so later syncs take minutes.',
    'Set it to 20 and the rate roughly tripled. We will leave it like that.'),
  c('team', 'us',
    'what is the safest way to move lumen to a new VM? old one is being decommissioned friday',
    'Run lumen backup create on the old server and copy the snapshot and your lumen.toml to the new one. Install the same or a newer Lumen version there, stop the service, run lumen backup restore with the snapshot file and start it again. If the address changes, update server.public_url before you start.',
    'same hostname, so nothing to change there. does the restore include the connector credentials?',
    'Yes. The snapshot contains the whole data directory, including the instance secret that decrypts the stored credentials, so every source keeps working. That is also why you should delete the snapshot from any temporary location once the move is done.'),
  t('team', 'eu',
    'Our nightly export script starts failing with HTTP 429 after about a minute. We are on the Team plan and the script runs one search per customer record.',
    'On the Team plan a token can make 60 requests per minute, so a tight loop of searches reaches the limit quickly. Each 429 response has a Retry-After header with the seconds to wait; honour it and back off exponentially if the 429s continue. The official client libraries do this automatically. If you need more throughput, the Business plan allows 600 requests per minute.',
    'We switched to the Python client and the export now finishes, just a bit slower. Good enough.'),
  c('business', 'eu',
    'Hey, can we go straight from 2.8 to 3.4?',
    'Not in one step. From version 2, first upgrade to 3.0 and start the server once so its migrations run. After that you can jump directly to the latest 3.x. Take a backup before each step and run lumen migrate --check with the new version first to see which migrations will run.',
    'OK so 2.8 → 3.0 → 3.4, backup before each. Got it.'),
  t('business', 'eu',
    'Good morning, we are a secondary school with about 120 staff. Is there an education discount? You can call me on 030 1234567 between 8 and 12.',
    'Good morning, and thank you for your interest. Schools and registered nonprofits get 50 percent off the Business plan. Please write to our sales team from your school\'s e-mail address with a document that confirms your status, and they will set up the discounted plan for you.'),
  t('business', 'us',
    'We receive your webhooks fine, but our security team wants us to reject anything that was not sent by Lumen. How do we do that?',
    'Every webhook request carries a Lumen-Signature header with a timestamp and an HMAC-SHA256 of the timestamp and the raw request body, computed with the webhook\'s secret. Compute the same HMAC with the secret on your side and compare the two values in constant time. Also reject requests whose timestamp is more than five minutes old, which stops replays of captured requests.',
    'Is the raw body the exact bytes, or the parsed JSON re-serialized?',
    'The exact bytes as received. Re-serialized JSON can differ in spacing or key order, and the signature would no longer match, so compute the HMAC before your framework parses the body.'),
  c('free', 'eu',
    'The desktop app on my MacBook finds nothing from my Documents folder. The indexing report says permission denied for every file.',
    'That is the macOS privacy protection. macOS asks for permission the first time Lumen reads Documents, Desktop or Downloads, and if the prompt was dismissed, every file there is denied. Open System Settings, Privacy and Security, Full Disk Access, enable Lumen, and restart it from the menu bar icon.',
    'Done, it is indexing now. Thanks a lot.'),
  t('team', 'uk',
    'We recreated our Lumen container to change an environment variable and now the workspace is gone, the setup wizard shows up again. What happened?? Please call me urgently on +44 20 7946 0958.',
    'I am sorry, that is stressful. Lumen keeps all its state under /data inside the container. If no volume or host directory is mounted at /data, the data lives in the container itself and is deleted when the container is recreated. Please check your compose file for a volume at /data. If there was none, the only way back is a backup: do you have a snapshot from lumen backup create, or a backup of the host?',
    'No volume. We do have a snapshot from last Tuesday in our backup bucket.',
    'Then mount a named volume at /data, start a one-off container with docker compose run --rm lumen lumen backup restore pointing at the snapshot, and start the service. Documents changed since Tuesday will be fetched again on the next sync; changes made inside Lumen since then, such as new saved searches, are lost.'),
  c('business', 'us',
    'After moving Lumen behind our load balancer, SSO sign-in loops: Okta, back to Lumen, back to Okta, forever.',
    'A sign-in loop after a move behind a proxy almost always means server.public_url does not match the address in the browser. What is it set to, and what do people type?',
    'It still says http://lumen01:8420, people use https://search.example.com now.',
    'That is it. Set server.public_url to https://search.example.com, restart, and update the ACS URL in Okta if it still points to the old address. Also add the load balancer\'s network to server.trusted_proxies so that Lumen believes its X-Forwarded-Proto header.'),
  t('enterprise', 'eu',
    'Since this morning every SAML login fails with "assertion not yet valid". Nothing changed in our IdP configuration.',
    'That error means the clocks of the identity provider and the Lumen server disagree. Lumen accepts a clock skew of up to three minutes. Please check the server time with timedatectl; a virtual machine that was restored or paused often drifts. Enable NTP synchronisation and the logins will work again immediately.',
    'The VM was 6 minutes behind after a host migration. NTP is on now and logins work. Can Lumen warn us next time?',
    'Yes: since 3.4, lumen doctor compares the clock with NTP and warns about a skew that would break SSO. If you run doctor from your monitoring, exit code 3 tells you it found a problem.'),
  c('team', 'eu',
    'I created an API token yesterday, copied it somewhere and now I cannot find it. Can you show it to me again?',
    'Unfortunately not: a token is shown only once, when it is created, and Lumen stores only a hash of it, so nobody can display it again. Revoke the old one under Profile, API tokens and create a new one. Store it in your password manager or your CI system\'s secret store right away.'),
  t('business', 'us',
    'Several people got an e-mail saying their API token expires in seven days. Can tokens be made permanent? Our integrations break every few months.',
    'Tokens expire after 90 days by default, and you can choose any expiry up to 365 days when you create one. Tokens without expiry are available on the Enterprise plan, for service accounts only. For integrations on Business, a yearly token with a calendar reminder, or a small job that rotates the token through the API before it expires, avoids the surprise.'),
  t('business', 'eu',
    '<p>Hi,</p><p>a former employee has asked us to delete all personal data we hold about her under Art. 17 GDPR. Her address was <b>m.kowalczyk@example.eu</b>. What do we need to do in Lumen?</p>',
    'Run lumen user erase with her e-mail address on the server. It removes her account, search history and saved searches, and replaces her name in audit log entries with a pseudonym; items she had shared are moved to the workspace owner first. Two things to note in your records: documents she wrote live in your sources and must be handled there, and the erasure reaches backups only when the older snapshots are rotated away.',
    'Understood. Is there a way to prove it was done?',
    'The erasure itself is recorded in the audit log with the time and the admin who ran it, without her personal data. You can export that entry for your records.'),
  c('enterprise', 'eu',
    'We got a subject access request. What can Lumen export for one person?',
    'lumen user export with the person\'s e-mail address writes a ZIP file with their profile, groups, saved searches, search history and audit log entries as JSON. The content of documents they wrote is held by the source systems, since Lumen only keeps an index of it.',
    'Is the JSON readable for a non-technical person?',
    'It is structured rather than pretty. Most customers attach a short cover letter explaining each file; the field names are in plain English, such as saved_searches and search_history.'),
  c('free', 'us',
    'is there a keyboard shortcut for jumping to settings? clicking around is slow',
    'Press Ctrl+K, or Cmd+K on a Mac, to open the command palette and type part of a setting\'s name, for example "webhooks". It reaches every page and setting. Press ? anywhere to see the shortcuts of the current page.'),
  t('business', 'eu',
    'One of our colleagues uses speech input and the app keeps triggering actions when she dictates. Letters like j and k move the selection. Can this be turned off?',
    'Yes. Single-key shortcuts can interfere with speech input and some screen readers. She can turn them off under Profile, Accessibility; shortcuts with a modifier key, such as Ctrl+K, keep working. Admins cannot change this for others yet, so each person sets it for themselves.',
    'That fixed it, thank you. She also asked whether the charts in Insights work with her screen reader.',
    'Not fully yet: the charts are not described to screen readers. Each chart has a table view with the same numbers, reachable with the button below it, which works well with NVDA and JAWS.'),
  c('business', 'uk',
    'Our HR lead asked me whether I can see in Insights who searched for "redundancy" last week. I said I don\'t think so, but wanted to confirm.',
    'You are right, that is not possible. Insights never shows who searched for what: queries are counted, not attributed, and a query only appears once at least five different people have searched for it in the period. Admins cannot lower that threshold or switch it off.'),
  t('team', 'us',
    'The Insights dashboard shows no searches for today although people have been searching all morning. Is something broken? Reach me at 415-555-0132 if you need more details.',
    'Nothing is broken. Lumen aggregates search events once a day, shortly after 02:00 server time, so the dashboards always show data up to the end of the previous day. This morning\'s searches will appear tomorrow.'),
  c('business', 'eu',
    'Insights shows "vpn" as one of our top zero-result searches. We do have a page, it is called "Remote access setup". How do we make people find it?',
    'That is a classic synonym gap. Add vpn as a synonym of remote access in the workspace glossary under Settings, Search, Glossary. The glossary is applied when documents are analyzed, so run lumen index rebuild afterwards; searches keep working on the old index while the rebuild runs.',
    'Rebuild is running. How long will it take for 80k documents?',
    'About as long as your first sync minus the download time, since everything is re-extracted from the stored copies. For 80,000 documents on a typical server that is usually well under an hour.'),
  t('team', 'eu',
    'Hello, a lot of our contracts are scanned PDFs and searching for words inside them finds nothing. Is that a known limitation?',
    'Hello, scanned PDFs contain images of text, not text, so Lumen needs OCR to read them. OCR is off by default because it is slow, about one second of CPU per page. Set indexing.ocr = true in lumen.toml, restart, and rebuild the sources with scans, for example with lumen index rebuild --source contracts.',
    'How do I know which files were skipped?',
    'The indexing report on each source\'s page lists every skipped file with the reason, such as "no text found", "larger than 50 MB" or "encrypted".'),
  c('enterprise', 'apac',
    'Our video training files are in Drive and they show up in results only by name, never by content.',
    'That is expected. Lumen indexes the text of documents; videos have no text to extract. Files larger than 50 MB are also listed by title only, which covers most video files anyway. If the videos have transcripts, store the transcripts next to them in Drive and those will be indexed in full.'),
  t('business', 'us',
    'After a power outage Lumen started again, but lumen doctor now says "index segment checksum mismatch". Searches still work. Should we worry?',
    'A checksum mismatch after an outage means part of the index was being written when the power went. Run lumen index rebuild: it writes a fresh index next to the current one, and the server keeps answering from the intact parts until the new index is complete. If the data directory is on a disk without power-loss protection, consider moving it to one; local NVMe disks are the most robust choice.'),
  c('team', 'eu',
    'I restored a backup by unpacking it manually as root and now the service fails with permission denied on /var/lib/lumen',
    'The data directory must belong to the lumen user, and files you unpacked as root belong to root. Fix the ownership with chown -R lumen:lumen /var/lib/lumen and start the service again. Next time, lumen backup restore sets the ownership for you.',
    'chown fixed it. thanks'),
  t('business', 'eu',
    'Our license expired on Friday because the renewal was stuck in procurement. Users say they can still search but nothing new appears. Is data being lost? Phone: +49 30 901820',
    'No data is lost. When the license expires the server switches to read-only mode: people can still search, but sources stop syncing and settings cannot be changed. As soon as you enter the renewed license key under Settings, Billing, everything works again, and the next sync catches up with all the changes from the last days.'),
  c('enterprise', 'us',
    'Our Lumen servers sit in a network with no internet access except a proxy that is down for maintenance this weekend. Will they keep working?',
    'Yes. Servers check their license once a day and keep working for 14 days without reaching the license server. Searches never depend on any Lumen Labs service. Only the optional services, such as the Slack relay and notification e-mails through our mail service, would be unavailable during that time.'),
];

CONVERSATIONS.push(
  t('team', 'eu',
    'Does Lumen index private Slack channels if we connect Slack? Some of ours contain salary discussions.',
    'No. The Slack connector indexes messages of public channels only. Private channels and direct messages are never indexed, whatever the permissions of the account that installs the app.'),
  c('business', 'eu',
    'We want the /lumen command in Slack but our server is only reachable inside the VPN. Do we have to expose it to the internet?',
    'You do not. Enable the Lumen relay when you connect Slack: the server opens an outgoing connection to the relay, and Slack\'s requests are forwarded over it, so no port has to be opened. The relay was added in 3.3, so check that your server runs 3.3 or newer.',
    'We are on 3.4.1. Does the relay see our search results?',
    'The relay forwards the command and the reply, encrypted end to end between Slack and your server over TLS. It does not store them. If that is not acceptable for your policies, the alternative is a public URL restricted to Slack\'s published address ranges.'),
  t('business', 'uk',
    'Someone posted a link to a confidential board document in a public Slack channel. Could people in the channel see its content through the preview?',
    'Only if the person who posted the link could read the document, and then Slack shows just the title and a short snippet. Since 3.4, previews check permissions at the moment of posting. The full document still requires signing in to Lumen, where each person\'s own permissions apply, so colleagues without access to the board documents cannot open it.'),
  c('team', 'us',
    'when i type /lumen in slack it asks me to link my account. is that normal?',
    'Yes, that happens once. Linking matches your Slack account with your Lumen account by e-mail address, so that /lumen can show you exactly what you are allowed to see. After that, results appear only to you, with a button to share one into the channel.'),
  t('enterprise', 'eu',
    'Exports of the Insights dashboards fail for our largest workspace with a 504 from nginx after exactly 60 seconds. Smaller exports are fine.',
    'nginx waits 60 seconds for an upstream response by default, and a CSV export of a large workspace can take several minutes. Raise proxy_read_timeout to at least 300 seconds in the location block that forwards to Lumen and reload nginx. The same setting helps with full backups downloaded through the browser.'),
  c('business', 'eu',
    'Results no longer update while typing since we put Lumen behind HAProxy. You have to press Enter now.',
    'Live results use a WebSocket on /api/v1/stream. When the proxy does not pass the upgrade, the web app falls back to searching on Enter. In HAProxy, make sure the backend for Lumen does not set option http-server-close for that path and that timeout tunnel is long enough, for example one hour.',
    'Added timeout tunnel 1h and the stream path works again.'),
  t('business', 'us',
    'Every single entry in our audit log shows 10.20.0.4 as the source address. That is our ingress controller, not the users.',
    'Lumen only trusts the X-Forwarded-For header from addresses listed in server.trusted_proxies. Without an entry there, it records the address of the connection, which is your ingress. Add the ingress network, for example ["10.20.0.0/16"], restart, and new entries will show the clients\' addresses. The same setting also makes rate limits count clients separately.'),
  c('team', 'eu',
    'We want Lumen at https://intranet.example.org/search instead of its own hostname. Possible?',
    'Yes. Set server.base_path = "/search" and server.public_url to the full address, then have the proxy forward requests under /search unchanged. Do not strip the prefix in the proxy, because Lumen builds its links from it.'),
  t('business', 'eu',
    'We work with an external agency for three months. They need to search our brand guidelines, but nothing else. What is the cleanest way?',
    'Invite them as guests. A guest is a Viewer who only sees the sources an admin shares with them explicitly, never the whole workspace. Create a source for the brand guidelines, or share the existing one, with the guest accounts. Guest access expires after 90 days unless renewed, which fits your three months nicely.',
    'Do guests count as paid members?',
    'Guests are free up to the number of paid members in your workspace, so for a small agency team there is no extra cost.'),
  c('business', 'us',
    'I am leaving the company next week and I am the Owner of our Lumen workspace. How do I hand it over?',
    'Open Settings, Members, choose your successor as the new Owner and confirm with your password. You become an Admin, and your successor can then disable your account after you leave. There is always exactly one Owner, so do it before your last day.'),
  t('enterprise', 'eu',
    'Can we map our Entra ID group "lumen-admins" to the Admin role automatically? Manually promoting people is error-prone.',
    'Yes, since 3.4 groups pushed through SCIM can be mapped to roles. Under Security, Provisioning, Group mapping, map lumen-admins to Admin. Everyone in the group becomes an Admin on the next push, and people removed from the group fall back to their default role.'),
  c('business', 'eu',
    'How quickly does Lumen react when we offboard someone in Okta?',
    'With SCIM provisioning, people deactivated in Okta lose access to Lumen within a minute: their sessions end and their API tokens stop working. Their saved searches are transferred to the workspace owner. Without SCIM, access ends only when an admin disables them in Lumen, so we recommend SCIM for offboarding.'),
  t('business', 'uk',
    'We are thinking of downgrading from Business to Team at renewal. What would we lose in practice? Our accounts contact is Priya Natarajan, priya.natarajan@example.com, +44 161 496 0731.',
    'The main changes would be single sign-on, SCIM, guests and the audit log, which are Business features. The downgrade applies at the end of the current period; at that date single sign-on is switched off, so every member needs a password or a new invitation. API rate limits drop from 600 to 60 requests per minute per token, and the support response target changes from four business hours to one business day.'),
  t('business', 'eu',
    '<p>Dear support,</p><p>our invoice INV-2026-0412 was issued with 21% VAT although we are a company in the Netherlands with a valid VAT number. Could you correct this &amp; send a new invoice?</p><p>Kind regards<br>Finance team</p>',
    'Thank you for pointing this out. EU customers with a valid VAT number are invoiced without VAT under the reverse charge, but only once the number is entered in the billing settings, and yours was added after the invoice date. I have cancelled the invoice and issued a corrected one without VAT; you will find it under Settings, Billing. Future invoices will be correct automatically.'),
  c('team', 'us',
    'We have 45 seats but only about 30 people use Lumen regularly. Are we paying for the other 15?',
    'Only if they signed in during the month. A member counts for billing when they sign in at least once in the billing month; people who never log in, invitations that were never accepted and disabled members are not charged. Your invoice lists the members counted for each month.'),
  c('team', 'eu',
    'Is there a discount if we pay for the year up front?',
    'Yes. A yearly plan costs the same as ten months, so two months are free. You can switch to yearly billing under Settings, Billing at any time; the remaining value of your monthly period is credited.'),
  t('free', 'us',
    'We are closing our small studio and want to cancel. Will our data be deleted immediately?',
    'Sorry to hear that. Cancelling never deletes anything: the paid plan runs until the end of the period, then the workspace falls back to the Free plan, and your server keeps all its data. Because Lumen is self-hosted, the data is deleted only when you delete it from your server, for example by removing /var/lib/lumen.'),
  c('business', 'apac',
    'Our script paginates through search results and sometimes fails with invalid_cursor on page 30 or so.',
    'Cursors stay valid for ten minutes. A script that pauses between pages, for example to process results, can run past that. Either fetch all pages first and process them afterwards, or restart the query when you get invalid_cursor. The official clients restart automatically.'),
  t('business', 'eu',
    'We push documents from our ticket archive through the API. How do we control who can see them in search?',
    'Each pushed document has a readers field with e-mail addresses or group names. Only those people and groups find the document. For a ticket archive, a group per team is easiest to maintain, for example readers: ["support-team"]. When someone leaves the group, they stop seeing the documents immediately, without pushing them again.',
    'What if readers is empty?',
    'Then nobody except admins of the push source can find the document. Lumen never treats an empty list as public, so a bug in your script cannot expose everything by accident.'),
  c('free', 'eu',
    'how do I find my own drafts quickly? I never remember the titles',
    'Search with the filter author:me, which finds documents you wrote or edited last. Combine it with words or a date, for example author:me after:2026-09-01, and add sort:modified to see the newest first.'),
  t('team', 'us',
    'Searching "release checklist" with quotes finds nothing, but the page "Release Checklist (mobile)" definitely exists.',
    'Phrase search should find it, since it ignores case and punctuation. The usual reason is that the words in the page are separated by something other than a space, for example a line break in a table cell, or the page is in a source you cannot see. Could you search in:title checklist and tell me whether the page appears?',
    'It appears with in:title. The title in Confluence is actually "Release-Checklist (mobile)".',
    'That explains it: the hyphen joins the words into one token in Confluence titles, so the phrase with a space does not match the title. The body of the page should still match; searching release-checklist with the hyphen finds the title too.'),
  c('business', 'eu',
    'Is there a wildcard? I want everything about migrations, migrating, migrated...',
    'Add an asterisk to the end of the word: migrat* matches migrate, migration, migrating and migrated. Note that Lumen also stems English words, so migration alone already finds migrations and migrating in most cases.'),
  c('team', 'uk',
    'People keep misspelling kubernetes and find nothing. Can search be more forgiving?',
    'Add a tilde to allow one typo: kubernets~ still finds kubernetes. Since 3.3 it works inside phrases too. For frequent misspellings, adding them to the glossary as synonyms makes them work without the tilde.'),
  t('team', 'eu',
    'How do I exclude results that mention contractors? I am searching for our onboarding pages.',
    'Put a minus sign in front of the word to exclude it: onboarding -contractor. You can combine several exclusions and filters, for example onboarding -contractor source:confluence.'),
  c('business', 'us',
    'Can I limit results to documents changed this quarter?',
    'Yes, with the date filters: after:2026-10-01 finds documents modified after the first of October, and before: limits the other end. Both can be combined with words and other filters.'),
  t('business', 'eu',
    'I saved a search for "security incident" and would like to get a Slack message when new documents match. Is that possible?',
    'Yes. Open Saved searches, choose the search and turn on Slack notifications. You get one message a day, at nine in the morning in your time zone, listing at most ten new documents. Your Slack account must be linked to Lumen, which happens the first time you use /lumen.'),
  c('enterprise', 'eu',
    'My colleague and I open the same shared saved search and see different results. Is that a bug?',
    'No, that is by design. Sharing a saved search shares the query, not the results. Each person sees only the documents they are allowed to open in the sources, so two people can get different results for the same shared search.'),
  t('enterprise', 'us',
    'Our server has 64 GB of RAM and the index is 40 GB on disk. Searches take two to three seconds. What should search.cache_mb be?',
    'A good rule is to give the cache a quarter of the server\'s memory, up to the size of the index on disk. On a 64 GB server that is 16 GB, so set search.cache_mb = 16384 and restart. Then watch the cache hit rate with lumen status --perf; below 80 percent on a busy server means the cache is still too small, and you could go towards 24 GB while leaving enough for the OS and the workers.',
    'Hit rate went from 61 to 93 percent and the median search is under 300 ms now.'),
  c('team', 'eu',
    'We put the data directory on an NFS share to save local disk. Search is sometimes fast and sometimes takes ten seconds.',
    'That pattern is typical for network storage. Searches wait for the storage whenever it is busy, and if the network drops during a write the index can be damaged. Please move the data directory to a local SSD; stop the server, copy the directory, update storage.data_dir, and start again. Local NVMe gives the most consistent results.'),
  t('business', 'eu',
    'Some users search for single letters with an asterisk, like a*, and the whole server slows down for a few seconds.',
    'Very broad queries touch most of the index. Lumen stops every query after search.timeout_ms, 5000 by default, and returns what it found with a warning. On a busy server, lower the timeout, for example to 1500, so one expensive query cannot slow down everyone else. Normal searches finish far below that.'),
);

CONVERSATIONS.push(
  c('enterprise', 'us',
    'We are approaching eight million documents on one server. At what point should we shard?',
    'Beyond about five million documents, splitting the index into shards pays off, because each shard is searched in parallel on its own core. Set storage.shards in lumen.toml; changing it requires a rebuild, so plan for growth. One shard per two million documents is a good starting point, so four or five shards for you.',
    'We will go with five and rebuild over the weekend. Anything else?',
    'Make sure the server has at least as many free cores as shards during office hours, and take a backup before the rebuild. Searches keep working on the old index while the new one is written.'),
  t('team', 'eu',
    'Indexing slows down our searches during the day. We would love it to run harder at night. Regards, Jonas Weber, jonas.weber@example.de, Tel. 089 12345678',
    'Keep indexing.workers at the default for office hours and set indexing.night_workers to a higher number, for example 12. Lumen uses the night value between 20:00 and 06:00 server time, so large syncs and rebuilds progress quickly at night without competing with searches during the day.'),
  c('free', 'eu',
    'lumen on my macbook stops indexing in the evening, is it broken?',
    'Probably not. On battery, Lumen pauses indexing when the charge drops below 20 percent and resumes when you plug the Mac in. If it is plugged in and still paused, check the menu bar icon: it shows the reason for any pause.',
    'yep, it was the battery. makes sense'),
  t('free', 'us',
    'I installed Lumen with brew install --cask lumenlabs/tap/lumen but the terminal says command not found: lumen',
    'The cask links the lumen command into Homebrew\'s bin directory. Open a new terminal window so your shell picks up the path, or run brew doctor to check that Homebrew\'s bin directory is on your PATH. If you installed from the disk image instead, choose Install Command Line Tool from the menu bar icon.'),
  c('business', 'eu',
    'How do employees connect the iOS app to our server? Typing the URL on a phone is annoying.',
    'They can scan the QR code shown on their profile page in the web app, which fills in the server address. If you use single sign-on, the app then opens your identity provider\'s sign-in page in the system browser. The phone must be able to reach the server, so for an internal server that means through your VPN.'),
  t('business', 'uk',
    'Our sales team travels a lot. Can they read documents offline on their phones?',
    'Yes, with offline favourites. When someone stars a document in the mobile app, a copy is kept on the device and stays readable without a connection for 30 days. The copies are removed when they sign out or when an admin disables their account. Admins can turn offline favourites off under Settings, Security, Mobile if your policy does not allow it.'),
  c('enterprise', 'eu',
    'We manage phones with Intune. Can we preconfigure the Lumen app?',
    'Yes. The apps support managed app configuration, so Intune or another MDM system can preset the server address and enforce a passcode. Your users then only need to sign in.'),
  t('team', 'us',
    'Our infrastructure is all Windows Server 2022. Is there a Windows installer for the Lumen server?',
    'There is no native Windows server. On Windows, Lumen runs through Docker Desktop or WSL2. For production we recommend a small Linux VM next to your Windows servers, which is also what most of our Windows-centred customers do; the web app and the desktop apps work normally on Windows.'),
  c('team', 'eu',
    'does the docker image work on a raspberry pi / arm64 box?',
    'Yes, the images are multi-architecture, so the same tag works on amd64 and arm64 hosts. A Raspberry Pi 5 with 8 GB of memory and an SSD handles a small workspace fine; avoid running the index on an SD card.'),
  t('enterprise', 'eu',
    'Our security policy requires verifying every binary before deployment. How do we verify the Lumen packages?',
    'Every download is published with a SHA-256 checksum and a signature. Verify the signature with cosign verify-blob using the public key from the download page. Packages from our repository are also signed with the repository key, which apt and dnf check automatically, and each release publishes a software bill of materials.'),
  c('business', 'eu',
    'What exactly does the telemetry send, and how do I turn it off?',
    'Once a day the server sends anonymous statistics: the version, operating system, counts of members, documents and sources, and which features are used. It never sends document content, queries, names or e-mail addresses. Set telemetry.enabled = false in lumen.toml, or LUMEN_TELEMETRY_ENABLED=false, to turn it off.'),
  t('enterprise', 'us',
    'An engineer who had root on the Lumen server left on bad terms. Should we rotate anything?',
    'Yes. Rotate the instance secret with lumen secret rotate, which re-encrypts the stored source credentials in place; it was added in 3.4. Also rotate the credentials of the source service accounts themselves, since someone with root could have read them while decrypted in memory, and revoke any API tokens the engineer created. The audit log shows which tokens were used and from where.'),
  c('team', 'eu',
    'Can Lumen upload backups to our MinIO bucket automatically?',
    'Yes. Set backup.upload_url to the bucket, for example s3://lumen-backups/prod, with the endpoint and credentials of your MinIO server, and Lumen uploads every scheduled snapshot after writing it. Encrypt the bucket and restrict who can read it, because the snapshots contain the instance secret.'),
  t('business', 'eu',
    'lumen backup verify reports a checksum error for last night\'s snapshot. The nights before are fine.',
    'A single bad snapshot usually means it was damaged after writing, during the upload or on the storage, rather than a problem with the server. Please run lumen backup verify on the local copy in /var/lib/lumen/backups as well. If the local copy is fine, the upload was interrupted; if both fail, check the disk with smartctl and send us a diagnostics bundle.',
    'The local copy verifies fine. Looks like the upload got cut.',
    'Then you are safe. Delete the damaged copy from the bucket; tonight\'s scheduled snapshot will be uploaded again as usual.'),
  c('team', 'us',
    'Can I restore a 3.4 snapshot onto a 3.3 server? we want to test something',
    'No, a snapshot can be restored on the same version or a newer one, never an older one. Install 3.4 on the test server first, then restore; a newer server would migrate the data on start.'),
  t('business', 'eu',
    'We upgraded to 3.4 this morning and the Confluence connector is misbehaving. How do we roll back to 3.3?',
    'Migrations are not reversible, so a rollback means restoring the backup taken before the upgrade: stop the server, install 3.3, run lumen backup restore with that snapshot and start again. Documents indexed since then are fetched again on the next sync, but changes made in Lumen today are lost. Before you do that, could you describe what the connector does? 3.4.1 fixed a memory leak for Confluence pages with more than 1,000 attachments, and upgrading may be the quicker fix.',
    'It is exactly that, memory grows until the OOM killer hits. Upgrading to 3.4.1 now.'),
  c('enterprise', 'eu',
    'How long will the upgrade to 3.4 take for 12 million documents? We need to plan downtime.',
    'The 3.4 migration rewrites the permission tables and takes about one minute per million documents, so roughly 12 minutes for you. Run lumen migrate --check with the 3.4 binary against your data first; it lists the migrations and estimates their duration without changing anything.'),
  t('team', 'eu',
    'After upgrading to 3.3 lumen config check warns about search.max_results. What should we use instead?',
    'The search.max_results setting was removed in 3.3. Use the limit parameter of the search API instead, which defaults to 20 and allows at most 100 results per request. Remove the old key from lumen.toml and the warning goes away.'),
  c('business', 'us',
    'We connected Notion but half of our pages are missing',
    'The Notion connector only sees pages and databases that are shared with the Lumen integration in Notion. Open the top-level pages of the missing areas in Notion, choose Connections and add the Lumen integration; child pages inherit it. They will appear after the next sync.'),
  t('team', 'eu',
    'Does the GitHub connector index our source code? We were hoping to search functions.',
    'No, code is not indexed. The GitHub connector indexes README files, wikis, issues, pull requests and discussions, which is where most of the knowledge about a codebase is written down. For searching code itself, a dedicated code search tool is a better fit.'),
  c('business', 'eu',
    'If I index an S3 bucket, who can see the files? S3 has no users like Drive.',
    'Right, S3 has no document permissions Lumen can read. When you connect the bucket, you choose which Lumen groups may see it, either the whole source or per prefix. Everyone outside those groups never finds the files.'),
  t('free', 'eu',
    'I have an export of our old wiki as a folder of HTML files. Can Lumen search those?',
    'Yes, use the Local folder connector. Copy the folder to the server, for example to /srv/wiki-export, make it readable by the lumen user, and add a Local folder source pointing at it. Lumen extracts text from the HTML files and indexes them like any other document. Since a folder has no permissions of its own, you choose which groups can see it.'),
  c('business', 'apac',
    'Can sources sync more often than every 15 minutes? Our support wiki changes constantly.',
    'Yes. Set sources.<name>.interval for that source, down to 5 minutes, or press Sync now on the source page whenever you need an immediate update. Shorter intervals mean more API calls to the source, so keep the default for sources that change rarely.'),
  t('team', 'us',
    'I added an exclude rule for our archive space an hour ago, but archive pages still show up in results.',
    'Exclusions apply at the next sync of the source, and then the already indexed documents that match are removed. If the source syncs every 15 minutes, check the source page for the time of the last sync; you can also press Sync now to apply the rule immediately.',
    'Last sync failed because of a timeout. Sync now worked, archive pages are gone.'),
  c('free', 'us',
    'I deleted a page in Confluence but it still shows up in Lumen.',
    'It disappears from results at the next sync, within 15 minutes by default. The index purges it completely within 24 hours, when it compacts. If it is still there after a sync, check that the sync succeeded on the source page.'),
  t('enterprise', 'apac',
    'A large part of our documentation is in Japanese. Will search work properly?',
    'Yes. Lumen detects the language of each document and indexes Japanese, Chinese and Korean with character n-grams, so words match without spaces between them. Stemming is only applied to the European languages Lumen supports, which does not matter for Japanese.'),
  c('business', 'eu',
    'Czy Lumen obsługuje język polski? Our Warsaw office keeps asking.',
    'Yes, since 3.4 Lumen stems Polish, so searching for one form of a word finds the others. Documents indexed before the upgrade get the Polish analysis after a rebuild, so run lumen index rebuild --source for the sources your Warsaw office uses.'),
  t('business', 'us',
    'Our auditors require 2FA for every account that can sign in with a password. Can we enforce it?',
    'Yes. Under Security, Two-factor authentication, admins can require it for everyone. Members then have to set up a TOTP app the next time they sign in. With SSO enforced, only the break-glass account still uses a password, and it keeps its own two-factor code.'),
);

CONVERSATIONS.push(
  c('team', 'eu',
    'What are the password rules for local accounts? A user complains that "Summer2026!" is rejected.',
    'Passwords must be at least 12 characters long, and Lumen checks new passwords against a list of common and breached passwords that ships with the server. "Summer2026!" is 11 characters and also a very common pattern, so it fails both checks. A passphrase of a few unrelated words works well.'),
  t('business', 'eu',
    'Our security team wants sessions to end after one day of inactivity instead of two weeks.',
    'Set auth.session_days = 1 in lumen.toml and restart. Sessions last 14 days of inactivity by default; the new value applies to sessions created after the change, so ask people to sign in again or revoke existing sessions under Security, Sessions if you need it immediately.'),
  c('business', 'us',
    'Who should own the break-glass account? Our IT lead suggests her personal login.',
    'Better not tie it to one person. The break-glass account is the only account that keeps its password once SSO is enforced, so store its credentials and its two-factor secret in your shared password vault, restrict who can read that entry, and review the list regularly. It is for the day your identity provider is unavailable.'),
  t('team', 'eu',
    'We use Keycloak. What redirect URI do we register for OpenID Connect? Contact: dev-ops@example.org',
    'Register Lumen as a confidential web client with the redirect URI of your public URL followed by /auth/oidc/callback, for example https://lumen.example.org/auth/oidc/callback. Then enter the issuer URL of the Keycloak realm, the client ID and the client secret in Lumen. Note that OpenID Connect needs the Business plan.',
    'We are on Team. So no SSO for us?',
    'On Team you can use local accounts with two-factor authentication. Single sign-on through SAML or OpenID Connect comes with the Business plan; if you want to test it first, sales can give you a 30-day Business trial license.'),
  c('enterprise', 'eu',
    'Since switching to SSO some people have two accounts in Lumen, an old one and a new empty one.',
    'That happens when the identity provider sends a different e-mail address than the one the person registered with, for example firstname.lastname@ instead of an alias. Lumen matches people by e-mail. Fix the e-mail attribute in the identity provider, then merge the accounts under Settings, Members, Merge, which keeps the saved searches of the old account.'),
  t('business', 'uk',
    'What does the diagnostics bundle contain? Legal wants to know before we send it to you.',
    'The file written by lumen doctor --bundle contains the configuration without secrets, the last 10,000 log lines and the doctor report. It never contains document text or credentials. Log lines can include host names and e-mail addresses of members, so legal may want to glance at the log file inside the archive; it is plain text.'),
  c('team', 'us',
    'How fast do you usually reply to tickets on the Team plan?',
    'On the Team plan you get e-mail support with a first response within one business day. Business adds chat and a response within four business hours, and Enterprise gets round-the-clock response for critical incidents.'),
  t('enterprise', 'eu',
    'Guten Tag, can our operations team call support in German during an outage? Erreichbar unter 0171 2345678.',
    'Guten Tag. Yes, phone support for Enterprise customers is available in English and German. For an outage, open a critical ticket first so the incident is on record; the engineer on duty calls you back within the hour.'),
  c('free', 'eu',
    'where can i suggest a feature? i want dark mode in the mobile app',
    'Post it in the Ideas category of the community forum and vote for it. Our product team reviews the most voted ideas every quarter and posts what will be built. Dark mode in the mobile apps may already have a thread you can vote on.'),
  c('team', 'us',
    'Are there any live sessions where I can ask the engineers questions?',
    'Yes, the community office hours: every second Thursday a Lumen engineer answers questions live for an hour. Sessions alternate between 09:00 and 17:00 UTC, and recordings are posted on the forum the next day.'),
  t('enterprise', 'us',
    'Our procurement requires a VPAT or conformance report for accessibility. Do you have one?',
    'Yes. The web app aims to conform to WCAG 2.2 at level AA, and we publish an updated conformance report with every minor release. I have attached the report for 3.4. The known gap is the Insights charts, which are not yet fully described to screen readers; each chart has a table view with the same numbers.'),
  c('team', 'eu',
    'Do you have a SaaS version? We don\'t want to manage servers.',
    'Lumen is self-hosted only, on your servers or your cloud account, so that documents and search history stay in your network. If you prefer not to run it yourself, several Lumen Labs partners operate servers for customers; sales can introduce you to one in your region.'),
  t('business', 'eu',
    'Will our documents be used to train your AI models? This is a blocker for our works council.',
    'No. Lumen Labs never receives your documents. The ranking model that ships with the server was trained on public data, and it adapts to your workspace only through counts of which results people open, and those counts stay on your server. Feel free to share the security whitepaper with the works council; it describes the data flows.'),
  c('free', 'us',
    'We outgrew the free plan limits during our evaluation. Can we test the Business features for a bit?',
    'Yes. Ask sales for a 30-day trial license of the Business plan. It lifts the member and document limits and unlocks single sign-on, so you can test the full rollout before buying.'),
  t('team', 'eu',
    'Some of our warehouse PCs still run Internet Explorer. Lumen shows a blank page there.',
    'Internet Explorer is not supported. Lumen supports the current and previous major versions of Firefox, Chrome, Edge and Safari. Edge is available for the same Windows versions and can open legacy intranet sites in IE mode, so it is usually the easiest replacement on those PCs.'),
  c('enterprise', 'apac',
    'What hardware would you recommend for about four million documents?',
    'For up to five million documents, plan on 8 cores, 16 GB of memory and 250 GB of NVMe SSD on a server without other heavy workloads. Give about a quarter of the memory to search.cache_mb, and consider shards once you approach five million.'),
  t('business', 'us',
    'We run Lumen on Kubernetes. Our pods get killed during upgrades because the liveness probe fails while migrations run.',
    'Use /healthz for liveness and /readyz for readiness. /readyz stays unavailable while a migration or index rebuild runs, which keeps traffic away from the pod without restarting it; /healthz keeps answering as long as the process works. If your liveness probe points at /readyz, Kubernetes kills the pod in the middle of the migration.',
    'That was exactly it. Switched liveness to /healthz and the upgrade went through.'),
  c('team', 'eu',
    'what is the env variable for search.cache_mb? docker setup',
    'LUMEN_SEARCH_CACHE_MB. Every setting works that way: LUMEN_, then the section and key in capitals joined by underscores. Environment variables win over lumen.toml.'),
  t('enterprise', 'eu',
    'Our security scan flagged that the OIDC client secret is visible in docker inspect. How should secrets be passed?',
    'Pass secrets as files with the _FILE suffix instead of plain variables: for example LUMEN_AUTH_OIDC_CLIENT_SECRET_FILE=/run/secrets/oidc_secret, with the secret mounted by Docker or Kubernetes. Lumen reads the value from the file, and docker inspect only shows the path.'),
  c('business', 'eu',
    'Some settings in the admin console are greyed out with a lock icon. Why can\'t I change them?',
    'A locked setting is defined in lumen.toml or through an environment variable, and those always win over the console. Change it in the file or the variable instead; lumen config show tells you where each value comes from.'),
  t('enterprise', 'us',
    'We run lumen doctor from Nagios. It sometimes exits with 3. Is that an error of the check itself?',
    'No, exit code 3 means doctor ran fine and found problems, for example a source with expired credentials or a clock skew. Exit code 1 is an error of the command itself, and 2 is wrong usage. Treat 3 as a warning in Nagios and use the --json output to show which check failed.'),
  c('team', 'us',
    'How do I kick someone out immediately? They should not be able to use their API tokens either.',
    'Run lumen user disable with their e-mail address, or disable them under Settings, Members. It blocks sign-in and revokes the member\'s sessions and tokens at once. Their saved searches and collections are kept so that you can transfer them.'),
  t('business', 'eu',
    'Which headers tell us how much of the rate limit is left? We want to throttle before hitting 429.',
    'Every API response carries X-RateLimit-Limit, the limit per minute, X-RateLimit-Remaining, the requests left in the current window, and X-RateLimit-Reset, the seconds until a full window is available again. Slowing down when Remaining gets low avoids 429s entirely.'),
  c('enterprise', 'eu',
    'Our data platform needs about 5,000 API requests per minute for a nightly sync. Can the limit be raised?',
    'On Enterprise the default is 3,000 requests per minute per token, and you can raise it yourself under Security, API tokens. Also consider batching: pushing documents counts one request per call, however many documents it contains, and a call can carry up to 100.'),
  t('team', 'uk',
    'We got an e-mail that our webhook was paused. What does that mean and how do we get it going again?',
    'Lumen retries failing deliveries with exponential backoff for up to 24 hours; after 24 hours of failures, it pauses the webhook and e-mails its admins. Your endpoint must answer with a 2xx status within ten seconds. Check the delivery log on the webhook\'s page to see the status codes, fix the endpoint and press Resume. Deliveries from the paused period are listed in the log but not resent.'),
  c('business', 'eu',
    'If we subscribe to search.zero_results webhooks, do they tell us who searched?',
    'No. The search.zero_results event contains the query text only, never the member. It is meant for documentation teams that want to see missing topics as they happen.'),
  t('business', 'us',
    'Our endpoint sometimes receives the same webhook event twice. Is that a bug?',
    'It happens when your endpoint processed a delivery but answered too late or with an error, so Lumen retried it. Every delivery has an id that stays the same across retries; store the ids you have processed and ignore repeats. Answering within ten seconds, and doing the slow work asynchronously, makes retries rare.'),
  c('enterprise', 'eu',
    'Can we send the audit log to Splunk?',
    'Yes, either with a webhook on the audit.event event or through syslog. Both stream each entry as it is written, so you can keep the audit log longer than the three years Lumen retains it on Enterprise.'),
  t('enterprise', 'eu',
    'Our auditors ask how we would detect tampering with the Lumen audit log.',
    'Each audit log entry includes a hash of the previous entry, forming a chain that reveals any deletion or modification of past entries. You can verify the chain with lumen audit verify, and streaming the entries to an external SIEM as they are written gives you an independent copy. The security whitepaper describes this in the section on audit log integrity.'),
  c('enterprise', 'us',
    'Can we get your latest penetration test report?',
    'An independent firm tests every minor release before it is published. A summary of the findings is available to customers under a non-disclosure agreement; your account manager can send the NDA and the summary for 3.4.'),
  t('free', 'eu',
    'I think I found an XSS in the preview pane. Where do I report it, and do you pay bounties?',
    'Thank you for reporting it responsibly. Please send the details to security@lumenlabs.example, encrypted with the key on our website if you wish. We confirm receipt within one business day and keep you informed until the fix is released. Valid reports are rewarded through our bug bounty according to their severity.'),
  c('team', 'eu',
    'Our Drive connector stops at exactly 10,000 files in one big folder. Known issue?',
    'Yes, that was a bug in 3.3.0, fixed in 3.3.1. Upgrading to any newer release fixes it; 3.4.1 is the current one. After the upgrade, the next sync picks up the remaining files.'),
  t('business', 'eu',
    'We are still on 3.3.1. Is the security issue in 3.3.2 relevant for us?',
    'Yes. 3.3.2 fixed a crafted Markdown link in a pushed document that could run script in the preview pane. Every 3.3 server should upgrade, to 3.3.2 at least or directly to 3.4.1. If you do not use the push API, the risk is lower, but we still recommend upgrading soon.'),
  c('business', 'us',
    'I accidentally deleted a collection my team uses every day. Can I get it back?',
    'Yes, if it was within the last 30 days. Deleted collections, saved searches and notes go to the trash, where their owner or an admin can restore them. Open Trash in the sidebar, select the collection and choose Restore.'),
  t('team', 'eu',
    'Is there a way for me to clear my own search history? I searched for a surprise party and my manager sometimes looks over my shoulder.',
    'Yes, open your profile and choose Clear search history. It removes the suggestions immediately. Insights is not affected, because it never shows who searched for what, and rare queries never appear there at all.'),
  c('enterprise', 'eu',
    'Do you have a data processing agreement for support access?',
    'Yes, we sign a data processing agreement for support access on request. Lumen Labs only receives the anonymous telemetry and the diagnostics bundles you choose to send, and notification e-mails for EU workspaces are processed in the EU.'),
);

// ---------------------------------------------------------------------------------------------
// Conversations: the planted problems
// ---------------------------------------------------------------------------------------------

/** Originals copied verbatim under a new id, with the same timestamp (a ticket exported twice). */
const EXACT_COPIES = [3, 17, 22, 29, 44, 58, 77, 101];

/**
 * Originals sent again with one to three words changed (a re-sent ticket, a retyped greeting):
 * [index of the original, [from, to] replacements applied to the first message containing `from`].
 */
const NEAR_COPIES = [
  [0, [['Hi, our Lumen server', 'Hello, our Lumen server'], ['Thanks!', 'Thank you!']]],
  [2, [['<p>Hello,</p>', '<p>Hi,</p>'], ['Best regards', 'Kind regards']]],
  [5, [['running for nine hours', 'running for ten hours']]],
  [13, [['forever.', 'endlessly.']]],
  [12, [['We recreated', 'Hi, we recreated']]],
  [60, [['approaching eight million', 'approaching nine million']]],
  [75, [['this morning and the Confluence', 'yesterday and the Confluence']]],
  [104, [['Our pods get killed', 'Our pods got killed']]],
];

const BOILERPLATE_OPENING = 'Thank you for contacting Lumen';

/** Conversations nobody should train on: one-sided, placeholders, canned replies only, too short. */
const LOW_QUALITY = [
  t('team', 'us', 'Our Lumen instance has been down since this morning, please call me back as soon as possible on (646) 555-0187.'),
  c('free', 'eu', 'hello?'),
  c('free', 'us', 'test', 'Thank you for contacting Lumen support. An agent will be with you shortly.'),
  c('team', 'eu', 'asdf', 'Thank you for contacting Lumen support! Our team is available Monday to Friday and will reply as soon as possible.'),
  t('business', 'eu',
    'Can we connect two Confluence sites to one workspace, one Cloud and one Data Center? We are migrating and want both searchable for a while.',
    'Thank you for contacting Lumen support. We have received your request and will get back to you within one business day.'),
  t('team', 'uk',
    'The Slack command answers dispatch_failed for everyone since this morning.',
    'Thank you for contacting Lumen support. Your ticket number is 58213. Please do not reply to this message.',
    'Hello? Is anyone looking at this?',
    'Thank you for contacting Lumen support. Your message has been added to ticket 58213.'),
  c('free', 'us', 'help', 'ok'),
  c('team', 'eu', 'hi', 'Thank you for contacting Lumen Labs support, how can we help today?'),
  { channel: 'ticket', customer: { plan: 'business', region: 'us' }, messages: [{ role: 'assistant', content: 'This is an automated reply: your ticket has been closed after 14 days without a response.' }] },
  t('enterprise', 'eu', '.', 'Thank you for contacting Lumen support. Please describe the problem in as much detail as you can, including the version of Lumen you run.'),
];

/** Extra fields on some lines, which landing keeps in `metadata` (schema-on-read). */
const EXTRA_FIELDS = new Map([
  [2, { tags: ['sso', 'okta', 'scim'], agent: 'Tomás Ferreira', satisfaction: 5 }],
  [7, { tags: ['api', 'rate-limits'], satisfaction: 4 }],
  [27, { priority: 'high', agent: 'Mei Lin Tan' }],
  [43, { tags: ['billing', 'vat'], satisfaction: 3, agent: 'Jonas Berg' }],
  [91, { priority: 'urgent', sla_breached: false }],
]);

/**
 * Contact details customers put in their messages (signatures, call-me-back numbers, card numbers
 * pasted against advice), appended to the first message. Every number is from a fictional or
 * test range: UK 020 7946 0xxx, US 555-01xx, the well-known test card numbers.
 */
const PII_ADDITIONS = new Map([
  [1, ' My admin address is r.okafor@example.com in case you need it.'],
  [7, '\n\nCheers,\nLuis Ortega\nluis.ortega@example.es'],
  [10, '\n\nNadia Karimi | Platform Security | +31 20 123 4567'],
  [14, '\n\n-- \nPierre Lambert, +33 1 23 45 67 89'],
  [20, '\n\nBest,\nGrace Whitfield\n(020) 7946 0555'],
  [24, '\n\nIngrid Solberg\ningrid.solberg@example.no\n+47 22 12 34 56'],
  [26, '\n\nOn call today: Dan Cho, 617-555-0143'],
  [32, '\n\nRegards, Olivia Brennan (olivia.brennan@example.ie)'],
  [34, '\n\nMarek Dvořák, marek.dvorak@example.com, +420 601 123 456'],
  [38, '\n\nThanks,\nSofia Russo\n+39 02 1234 5678'],
  [44, ' The card on file is 5500-0000-0000-0004 if that helps.'],
  [45, ' We would pay with the company Amex, 3782 822463 10005.'],
  [46, ' Please make sure the card 4012 8888 8888 1881 is not charged again.'],
  [48, '\n\nAnja Keller\nanja.keller@example.ch\n+41 44 123 45 67'],
  [55, '\n\nChen Wei\nchen.wei@example.sg\n+65 6123 4567'],
  [65, '\n\nHannah Fischer\n0171/1234567'],
  [67, '\n\nGreg Walsh\n(312) 555-0168\ngreg.walsh@example.com'],
  [69, '\n\nSecurity Engineering, secops@example.org, 07700 900123'],
  [71, '\n\nPlease treat this as confidential. Direct line: +1 415 555 0121.'],
  [73, '\n\nYusuf Demir, yusuf.demir@example.com.tr'],
  [81, '\n\nThanks! Camille (camille.roux@example.fr, 06 12 34 56 78)'],
  [93, '\n\nLegal contact: Fiona MacLeod, fiona.macleod@example.co.uk, 020 7946 0321'],
  [98, '\n\nProcurement: Kevin Park, kevin.park@example.com, (415) 555-0199'],
  [101, ' I am jess.taylor@example.com, and the card for the purchase later would be 6011 1111 1111 1117.'],
  [112, '\n\nTom Hughes\n+44 20 7946 0123'],
]);

/** Tickets as the ticketing system exports them: every message as HTML paragraphs. */
const HTML_EXPORT = new Set([7, 10, 24, 34, 48, 67, 93, 112]);

function asTicketHtml(text) {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return escaped
    .split(/\n\n/)
    .map((paragraph) => `<p>${paragraph.replace(/\n/g, '<br>')}</p>`)
    .join('');
}

function prepareOriginal(conversation, i) {
  const messages = [...conversation.messages];
  if (PII_ADDITIONS.has(i)) messages[0] += PII_ADDITIONS.get(i);
  if (HTML_EXPORT.has(i)) {
    if (conversation.channel !== 'ticket') fail(`conversation #${i} is a chat, not a ticket to export as HTML`);
    for (let k = 0; k < messages.length; k++) messages[k] = asTicketHtml(messages[k]);
  }
  return withRoles({ ...conversation, messages });
}

/** Turns a list of strings into alternating user/assistant messages (objects pass through). */
function withRoles(conversation) {
  const messages = conversation.messages.map((m, i) => (typeof m === 'string' ? { role: i % 2 === 0 ? 'user' : 'assistant', content: m } : m));
  return { ...conversation, messages };
}

function buildConversations() {
  const rng = prng(20261001);
  const originals = CONVERSATIONS.map(prepareOriginal).map((conv, i) => ({ ...conv, kind: 'original', index: i, extra: EXTRA_FIELDS.get(i) }));
  const list = [...originals];
  const insertAfter = (original, item) => {
    const at = list.indexOf(original);
    const pos = at + 1 + Math.floor(rng() * (list.length - at));
    list.splice(pos, 0, item);
  };
  for (const i of EXACT_COPIES) insertAfter(originals[i], { ...originals[i], kind: 'exact', of: originals[i], extra: undefined });
  for (const [i, edits] of NEAR_COPIES) {
    const messages = originals[i].messages.map((m) => ({ ...m }));
    for (const [from, to] of edits) {
      const message = messages.find((m) => m.content.includes(from));
      if (!message) throw new Error(`near copy of #${i}: "${from}" is not in the conversation`);
      message.content = message.content.replace(from, to);
    }
    insertAfter(originals[i], { ...originals[i], messages, kind: 'near', of: originals[i], extra: undefined });
  }
  for (const conv of LOW_QUALITY.map(withRoles)) list.splice(Math.floor(rng() * (list.length + 1)), 0, { ...conv, kind: 'low_quality' });

  // Ids in file order; timestamps rising through October and November 2026 (office-ish hours).
  let minute = Date.UTC(2026, 9, 1, 8, 3) / 60000;
  list.forEach((conv, i) => {
    conv.id = `conv-${String(i + 1).padStart(4, '0')}`;
    minute += 60 + Math.floor(rng() * 540);
    const hour = new Date(minute * 60000).getUTCHours();
    if (hour >= 19 || hour < 7) {
      // Outside 07:00-19:00 UTC: the next morning, somewhere between 07:00 and 10:00.
      const day = Math.floor(minute / 1440) + (hour >= 19 ? 1 : 0);
      minute = day * 1440 + 7 * 60 + Math.floor(rng() * 180);
    }
    conv.created_at = new Date(minute * 60000).toISOString().replace('.000Z', 'Z');
  });
  for (const conv of list) if (conv.kind === 'exact') conv.created_at = conv.of.created_at;

  const lines = list.map((conv) => ({
    conversation_id: conv.id,
    channel: conv.channel,
    created_at: conv.created_at,
    customer: conv.customer,
    messages: conv.messages,
    ...(conv.extra ?? {}),
  }));
  return { list, lines };
}

// ---------------------------------------------------------------------------------------------
// Checks and output
// ---------------------------------------------------------------------------------------------

/** One question per page keeps questions.jsonl near 40 lines; 2 gives the larger set (every pair below). */
const QUESTIONS_PER_PAGE = 1;

function fail(message) {
  throw new Error(`generate-corpus: ${message}`);
}

function main() {
  rmSync(ROOT, { recursive: true, force: true });
  mkdirSync(DOCS, { recursive: true });
  const names = new Map();
  const questions = [];
  const summary = { md: 0, html: 0, txt: 0, pdf: 0, docx: 0 };

  /** Writes one document and records its questions after checking each answer is in one paragraph. */
  function writeDoc(path, bytes, format, paragraphs, qa) {
    const name = basename(path);
    if (names.has(name)) fail(`two documents are named ${name}: ${names.get(name)} and ${path}`);
    names.set(name, path);
    const file = join(DOCS, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, bytes);
    summary[format]++;
    qa.forEach(([question, answer], i) => {
      const n = countWords(answer);
      if (n < 5 || n > 25) fail(`${path}: the answer "${answer}" has ${n} words (5 to 25 wanted)`);
      const needle = squash(answer);
      const hits = paragraphs.filter((p) => ` ${p} `.includes(` ${needle} `)).length;
      if (hits === 0) fail(`${path}: the answer "${answer}" is not inside one paragraph of the page`);
      if (i < QUESTIONS_PER_PAGE) questions.push({ question, answer, source: name });
    });
  }

  const markdown = [...GUIDES, ...REFERENCE, ...INTEGRATIONS, ...RELEASE_NOTES, ...FAQ];
  for (const page of markdown) {
    const body = page.text.replace(/^---\n[\s\S]*?\n---\n/, '');
    const n = countWords(body);
    if (n < 150 || n > 900) fail(`${page.path}: ${n} words (150 to 900 wanted)`);
    if (!/^# .+/m.test(body) || !/^## .+/m.test(body)) fail(`${page.path}: needs a # title and ## sections`);
    writeDoc(page.path, page.text, 'md', paragraphsOf(page.text, 'md'), page.qa);
  }
  for (const page of archivePages()) writeDoc(page.path, page.text, 'md', [], []);
  for (const page of HTML) writeDoc(page.path, page.text, 'html', paragraphsOf(page.text, 'html'), page.qa);
  for (const page of TEXT) writeDoc(page.path, page.text, 'txt', paragraphsOf(page.text, 'txt'), page.qa);
  writeDoc(
    WHITEPAPER.path,
    makePdf({ title: WHITEPAPER.title, subject: WHITEPAPER.subject, pages: whitepaperLines() }),
    'pdf',
    WHITEPAPER.pages.flat().map(([, text]) => squash(text)),
    WHITEPAPER.qa,
  );
  writeDoc(ONBOARDING.path, makeDocx({ title: ONBOARDING.title, paragraphs: ONBOARDING.paragraphs }), 'docx', ONBOARDING.paragraphs.map((p) => squash(p.text)), ONBOARDING.qa);

  // The archived revision must stay a near-duplicate of its page (and the copy an exact one).
  const [copy, revision] = archivePages();
  const revisionSimilarity = jaccard(shingles(revision.text, 5), shingles(GUIDES.find((p) => p.path === revision.nearCopyOf).text, 5));
  if (revisionSimilarity < 0.7 || revisionSimilarity >= 1) fail(`archive/backups-3.3.md is ${revisionSimilarity.toFixed(2)} similar to its page`);
  if (copy.text !== GUIDES.find((p) => p.path === copy.exactCopyOf).text) fail('the archived copy is not exact');

  // Conversations.
  const { list, lines } = buildConversations();
  for (const conv of list) {
    if (conv.kind === 'low_quality') continue;
    const m = conv.messages;
    if (m.length < 2 || m.length > 6) fail(`${conv.id}: ${m.length} messages`);
    m.forEach((msg, i) => msg.role !== (i % 2 === 0 ? 'user' : 'assistant') && fail(`${conv.id}: roles do not alternate`));
    if (m.some((msg) => msg.role === 'assistant' && msg.content.startsWith(BOILERPLATE_OPENING))) fail(`${conv.id}: canned reply in a clean conversation`);
  }
  const textOf = (conv) => conv.messages.map((m) => `${m.role}: ${visibleHtml(m.content)}`).join('\n');
  const distinct = list.filter((conv) => conv.kind === 'original' || conv.kind === 'low_quality');
  const sh5 = distinct.map((conv) => shingles(textOf(conv), 5));
  let closest = { similarity: 0, a: '', b: '' };
  for (let i = 0; i < distinct.length; i++) {
    for (let j = i + 1; j < distinct.length; j++) {
      const similarity = jaccard(sh5[i], sh5[j]);
      if (similarity > closest.similarity) closest = { similarity, a: distinct[i].id, b: distinct[j].id };
    }
  }
  if (closest.similarity >= 0.3) fail(`${closest.a} and ${closest.b} are ${closest.similarity.toFixed(2)} similar (5-word shingles)`);
  const nearSimilarity = [];
  for (const conv of list.filter((x) => x.kind === 'near')) {
    const similarity = jaccard(shingles(textOf(conv), 5), shingles(textOf(conv.of), 5));
    const words = countWords(textOf(conv.of));
    if (similarity <= 0.85 || words < 60) fail(`near copy ${conv.id} of ${conv.of.id}: similarity ${similarity.toFixed(3)} over ${words} words`);
    nearSimilarity.push(`${conv.id}~${conv.of.id} ${similarity.toFixed(3)}`);
  }

  writeFileSync(join(ROOT, 'conversations.jsonl'), lines.map((line) => JSON.stringify(line)).join('\n') + '\n');
  writeFileSync(join(ROOT, 'questions.jsonl'), questions.map((q) => JSON.stringify(q)).join('\n') + '\n');

  const total = totalBytes(ROOT);
  if (total > MAX_BYTES) fail(`data/corpus is ${total} bytes, over ${MAX_BYTES}`);

  const ids = (kind) => list.filter((x) => x.kind === kind).map((x) => (x.of ? `${x.id}=${x.of.id}` : x.id));
  console.log(`data/corpus: ${names.size} documents (${summary.md} Markdown, ${summary.html} HTML, ${summary.txt} text, ${summary.pdf} PDF, ${summary.docx} DOCX), ${lines.length} conversations, ${questions.length} questions, ${total} bytes`);
  console.log(`  exact copies: ${ids('exact').join(' ')}`);
  console.log(`  near copies:  ${nearSimilarity.join(', ')}`);
  console.log(`  low quality:  ${ids('low_quality').join(' ')}`);
  console.log(`  extra fields: ${list.filter((x) => x.extra).map((x) => x.id).join(' ')}`);
  console.log(`  archive: ${copy.path} = ${copy.exactCopyOf}, ${revision.path} ~ ${revision.nearCopyOf} ${revisionSimilarity.toFixed(3)} (5-word shingles)`);
  console.log(`  most similar distinct pair: ${closest.a} ${closest.b} ${closest.similarity.toFixed(3)} (5-word shingles)`);
}

function totalBytes(dir) {
  let sum = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    sum += entry.isDirectory() ? totalBytes(path) : statSync(path).size;
  }
  return sum;
}

main();
