/** Lumen's guides: installing, signing in, searching, indexing, backups, upgrades, troubleshooting. */
export const guides = [
  {
    path: 'guides/install-linux.md',
    text: `---
title: Installing Lumen on Linux
tags: [install, linux]
audience: administrators
---
# Installing Lumen on Linux

Lumen runs on any 64-bit Linux distribution with glibc 2.31 or newer. This guide installs the server from the official package repository and starts it as a systemd service.

## Requirements

A single server needs at least 2 CPU cores, 4 GB of memory and 20 GB of free disk for the search index. Larger teams should plan on 1 GB of index space for every 50,000 documents. Lumen listens on port 8420 by default, so open that port in your firewall or put a reverse proxy in front of it.

## Installing the package

On Debian and Ubuntu, add the Lumen Labs signing key and repository, then install the lumen-server package with apt. On Fedora, Rocky Linux and other RPM-based systems, enable the Lumen repository and install the same package with dnf. The package creates a lumen system user that owns the data directory at /var/lib/lumen.

## Starting the service

Enable and start the service with systemctl enable --now lumen. The first start takes about a minute because Lumen builds an empty index and generates the instance secret. Check that it is healthy with curl http://localhost:8420/healthz, which answers ok once the server accepts requests.

## First sign-in

Open the server address in a browser. The setup wizard asks for the name of your workspace and the e-mail address of the first administrator, then prints a one-time setup code to the service log. Read it with journalctl -u lumen and paste it into the wizard to finish.
`,
    questions: [
      { question: 'How much disk does the Lumen search index need for a large team?', answer: 'plan on 1 GB of index space for every 50,000 documents' },
      { question: 'Which port does Lumen listen on out of the box?', answer: 'Lumen listens on port 8420 by default' },
      { question: 'Where do I find the one-time setup code after installing on Linux?', answer: 'Read it with journalctl -u lumen and paste it into the wizard' },
    ],
  },
  {
    path: 'guides/install-macos.md',
    text: `# Installing Lumen on macOS

Lumen's desktop server is meant for trying Lumen out or for a single user; teams should run it on Linux or in Docker.

## With Homebrew

Install it with brew install lumenlabs/tap/lumen, then start it in the background with brew services start lumen. Homebrew keeps the data directory in the Homebrew prefix under var/lumen, and upgrades it together with your other formulae.

## With the app bundle

Download the signed disk image from the Lumen Labs website and drag Lumen into the Applications folder. The app puts an icon in the menu bar; from there you can open the web interface, pause indexing, or quit the server. On Apple silicon the app runs natively and indexes roughly twice as fast as under Rosetta.

## Letting Lumen read your files

macOS asks for permission the first time Lumen indexes a folder in Documents, Desktop or Downloads. If you dismissed the prompt, grant Full Disk Access to Lumen in System Settings under Privacy and Security, then restart the server from the menu bar icon.
`,
    questions: [
      { question: 'What command installs Lumen with Homebrew?', answer: 'Install it with brew install lumenlabs/tap/lumen' },
      { question: 'Lumen cannot index my Documents folder on a Mac, what do I do?', answer: 'grant Full Disk Access to Lumen in System Settings under Privacy and Security' },
    ],
  },
  {
    path: 'guides/install-docker.md',
    text: `# Running Lumen in Docker

The lumenlabs/lumen image contains the server and everything it needs. It is the quickest way to run Lumen on any machine with Docker or Podman.

## A single container

Run the image with a named volume for the data directory and publish port 8420. Mount the volume at /data inside the container; without it the index and your settings disappear when the container is removed. Set the LUMEN_PUBLIC_URL environment variable to the address people will use, so that links in e-mails and Slack messages point to the right place.

## Docker Compose

For production, the Compose file in the Lumen repository starts the server together with a PostgreSQL database for metadata and a Redis cache for sessions. Copy it, edit the passwords in the .env file, and run docker compose up -d. The server waits for the database to accept connections before it starts.

## Resource limits

Give the container at least 4 GB of memory. When the container is killed for running out of memory, Lumen restarts indexing from its last checkpoint, but search stays unavailable until the index is loaded again, which can take several minutes on large workspaces.
`,
    questions: [
      { question: 'Where should I mount the volume when running Lumen in a container?', answer: 'Mount the volume at /data inside the container' },
      { question: 'What does the production Compose file start besides the server?', answer: 'a PostgreSQL database for metadata and a Redis cache for sessions' },
    ],
  },
  {
    path: 'guides/authentication-sso.md',
    text: `---
title: Authentication and single sign-on
tags: [security, sso]
---
# Authentication and single sign-on

Lumen supports password sign-in, magic links sent by e-mail, and single sign-on through SAML 2.0 or OpenID Connect. Single sign-on is available on the Business and Enterprise plans.

## Setting up SAML

In the admin console, open Security, then Single sign-on, and choose SAML. Copy the Assertion Consumer Service URL and the entity ID into your identity provider, then upload the provider's metadata XML back into Lumen. Lumen maps the NameID to the user's e-mail address, and reads the groups attribute to place people in Lumen teams.

## Setting up OpenID Connect

Create an OpenID Connect application in your identity provider with the redirect URI shown in the admin console. Paste the client ID, the client secret and the issuer URL into Lumen. Lumen requests the openid, email and profile scopes, and refreshes tokens silently while a browser tab stays open.

## Enforcing single sign-on

Once single sign-on works for at least one administrator, you can switch on Enforce SSO. Password sign-in is then disabled for everyone except the break-glass account, which keeps a password so that you can still sign in if the identity provider is down.

## Sessions

Sessions last 14 days by default and end when a user signs out or an administrator removes them. Administrators can shorten the session lifetime to as little as one hour in the Security settings.
`,
    questions: [
      { question: 'Which Lumen plans include single sign-on?', answer: 'Single sign-on is available on the Business and Enterprise plans' },
      { question: 'How can I still get into Lumen when our identity provider is down and SSO is enforced?', answer: 'the break-glass account, which keeps a password' },
      { question: 'How long does a Lumen session last?', answer: 'Sessions last 14 days by default' },
    ],
  },
  {
    path: 'guides/search-syntax.md',
    text: `# Search syntax

Lumen ranks results by meaning and by keywords at the same time, so plain questions work well. When you need precision, the search box understands a small query language.

## Phrases and exclusions

Put words in double quotes to match them as an exact phrase. Put a minus sign before a word to leave out every document that contains it, for example onboarding -contractor.

## Filters

Filters narrow results by where a document lives or who wrote it. Use source: to search one connector, such as source:confluence, author: to find documents by a person, and type: to pick a file type such as type:pdf. Combine several filters in one query; they all have to match.

## Dates

The before: and after: filters take a date in the form 2026-03-31 or a relative period such as 30d for the last thirty days. Lumen compares them with the time a document was last modified in its source, not the time it was indexed.

## Saved searches

Press the star next to the search box to save a query. Saved searches can send a daily digest of new matches by e-mail or to a Slack channel.
`,
    questions: [
      { question: 'How do I leave out documents that contain a certain word?', answer: 'Put a minus sign before a word to leave out every document that contains it' },
      { question: 'Which date does the after filter compare against?', answer: 'the time a document was last modified in its source, not the time it was indexed' },
    ],
  },
  {
    path: 'guides/indexing.md',
    text: `# How indexing works

Lumen keeps a search index of every document its connectors can read. Indexing runs continuously in the background and never blocks searching.

## What gets indexed

For each document Lumen stores its text, its title, its author, its source and its permissions. Files larger than 50 MB are skipped and listed in the indexing report, as are password-protected PDFs and files in formats Lumen cannot read.

## Incremental updates

After the first full pass, connectors only fetch what changed. Most sources notify Lumen through webhooks within seconds; sources without webhooks are polled every fifteen minutes. A document deleted in its source disappears from search results at the next update.

## Rebuilding the index

Rebuild the index after changing the language settings or the embedding model. Start a rebuild from the admin console under Indexing; the old index keeps answering searches until the new one is complete, then Lumen switches over in one step.

## The indexing report

The indexing report lists every source, the number of documents indexed, the last successful update and the errors of the last run. A source that has not updated for more than a day is marked stale.
`,
    questions: [
      { question: 'Does Lumen index very large files?', answer: 'Files larger than 50 MB are skipped and listed in the indexing report' },
      { question: 'How often are sources without webhooks checked for changes?', answer: 'sources without webhooks are polled every fifteen minutes' },
      { question: 'Can people still search while the index is being rebuilt?', answer: 'the old index keeps answering searches until the new one is complete' },
    ],
  },
  {
    path: 'guides/backups.md',
    text: `# Backups and restore

Lumen's data directory holds everything needed to restore a server: the metadata database, the search index and the instance secret.

## Taking a backup

Run lumen backup create to write a consistent snapshot to the backup directory, by default /var/lib/lumen/backups. The command pauses writes for a few seconds while it copies the metadata database, but searching keeps working throughout. Schedule it nightly with a systemd timer or cron.

## Keeping backups safe

Backups contain the instance secret, which decrypts stored connector credentials. Copy them to storage that only administrators can read, and keep at least one copy outside the server. Lumen can upload each backup to an S3-compatible bucket when you set backup.s3_bucket in the configuration file.

## Restoring

Stop the server, then run lumen backup restore with the path of the snapshot. Restoring replaces the data directory completely. If you restore onto a new machine, copy the configuration file too, and update LUMEN_PUBLIC_URL if the address changed.
`,
    questions: [
      { question: 'Which command makes a backup of a Lumen server?', answer: 'Run lumen backup create to write a consistent snapshot to the backup directory' },
      { question: 'Why must Lumen backups be kept somewhere only administrators can read?', answer: 'Backups contain the instance secret, which decrypts stored connector credentials' },
    ],
  },
  {
    path: 'guides/upgrading.md',
    text: `# Upgrading Lumen

Lumen follows semantic versioning: minor releases add features and never need manual steps, major releases may change the configuration file or the data directory layout.

## Before you upgrade

Read the release notes of every version between yours and the target. Take a backup with lumen backup create; an upgrade migrates the metadata database, and the migration cannot be undone without one.

## Upgrading a package install

Upgrade the lumen-server package with your package manager and restart the service. The server runs the database migrations when it starts and logs each one. Large workspaces may take several minutes to migrate, during which the web interface shows a maintenance page.

## Upgrading in Docker

Pull the new image tag and recreate the container with the same volume. Pin an exact version such as lumenlabs/lumen:3.3.1 rather than latest, so that a restart never upgrades by surprise.

## Skipping versions

You can upgrade directly from any 3.x release to the latest 3.x release. To upgrade from 2.x, first upgrade to 3.0, start the server once so the migrations run, and then continue to the latest version.
`,
    questions: [
      { question: 'Can I upgrade straight from Lumen 2.x to the latest version?', answer: 'first upgrade to 3.0, start the server once so the migrations run' },
      { question: 'Which image tag should I use in Docker to avoid surprise upgrades?', answer: 'Pin an exact version such as lumenlabs/lumen:3.3.1 rather than latest' },
    ],
  },
  {
    path: 'guides/troubleshooting.md',
    text: `# Troubleshooting

Most problems show up in the service log first. Read it with journalctl -u lumen on Linux, or docker logs for a container.

## Search returns nothing

Check the indexing report: if the source shows zero documents, its credentials have probably expired. Reconnect the source from the admin console. If documents are indexed but do not appear, the searching user may not have permission to see them in the source, since Lumen only shows what a person could open themselves.

## The server does not start

A server that exits right after starting usually cannot open its data directory. Make sure the directory belongs to the lumen user and that the disk is not full. The error message address already in use means another program holds port 8420; change server.port in the configuration file or stop the other program.

## Indexing is slow

The first pass over a large source can take hours. Lumen limits itself to four indexing workers by default; raise indexing.workers if the server has spare cores. Connectors also respect the rate limits of their source, so a busy Confluence or Google Drive can slow Lumen down.

## Collecting a diagnostics bundle

Run lumen diagnostics to collect logs, configuration with secrets removed and the indexing report into one archive you can attach to a support ticket.
`,
    questions: [
      { question: 'Lumen says address already in use when it starts, what does that mean?', answer: 'another program holds port 8420' },
      { question: 'How many indexing workers does Lumen use by default?', answer: 'Lumen limits itself to four indexing workers by default' },
      { question: 'What should I attach to a support ticket when Lumen misbehaves?', answer: 'Run lumen diagnostics to collect logs, configuration with secrets removed and the indexing report into one archive' },
    ],
  },
  {
    path: 'guides/performance-tuning.md',
    text: `# Performance tuning

A default Lumen server answers searches in well under a second for workspaces of up to a million documents. This page covers what to change when it does not.

## Memory

The search index is fastest when it fits in memory. Watch the index_resident_bytes metric; when it stays close to the memory limit, add memory or set search.cache_size lower so that the operating system can cache the index files instead.

## Disk

Put the data directory on an SSD. On spinning disks, searches that touch many documents wait for the disk, and a rebuild of the index can take ten times longer.

## Embeddings

Semantic ranking embeds every document once when it is indexed. On servers without a GPU, the bundled embedding model processes about 200 documents per second per core. You can point Lumen at an external embedding service instead by setting embeddings.endpoint, which moves that work off the server.

## Many concurrent users

Each search uses one worker thread. Raise server.search_threads above the default of eight if many people search at the same time and the CPU is not yet busy.
`,
    questions: [
      { question: 'How fast does the bundled embedding model run without a GPU?', answer: 'the bundled embedding model processes about 200 documents per second per core' },
      { question: 'What kind of disk should the Lumen data directory be on?', answer: 'Put the data directory on an SSD' },
    ],
  },
  {
    path: 'guides/connectors.md',
    text: `# Connecting sources

Connectors bring documents into Lumen from the tools your team already uses. Each connector reads documents with the permissions of the account that connected it.

## Google Drive

Connect Google Drive with a workspace administrator account to index every shared drive, or with a personal account to index only that person's files. Lumen reads Docs, Sheets and Slides as text, and PDFs and Office files stored in Drive.

## Confluence

For Confluence Cloud, create an API token for a service account and paste it together with the site address. Lumen indexes pages, blog posts and attachments, and keeps page hierarchy as the document's path, so results show the space and the parent pages.

## Git repositories

The Git connector clones a repository over HTTPS or SSH and indexes Markdown, reStructuredText and plain text files on the default branch. It checks for new commits every ten minutes, or at once when the repository sends a push webhook.

## Local folders

On a single-user install, any folder on the machine can be a source. Lumen watches the folder and indexes a changed file within a few seconds of saving it.
`,
    questions: [
      { question: 'Which branch does the Git connector index?', answer: 'indexes Markdown, reStructuredText and plain text files on the default branch' },
      { question: 'How does Lumen show where a Confluence page sits?', answer: 'keeps page hierarchy as the document\u2019s path, so results show the space and the parent pages' },
    ],
  },
  {
    path: 'guides/permissions.md',
    text: `# Teams and permissions

Lumen never shows a document to someone who could not open it in its source. On top of that, administrators organise people into teams that decide who can manage what inside Lumen.

## Roles

There are three roles. Members search and save searches. Editors can also create collections and pin results for their team. Administrators manage sources, users, billing and security settings.

## Teams

A team groups people who share collections and pinned results. People can belong to several teams. With single sign-on, teams can follow groups in your identity provider so that nobody has to maintain them twice.

## Source permissions

Lumen copies each document's permissions from its source during indexing and checks them again at search time for sources that support it. When someone loses access to a document in its source, it disappears from their results at the next incremental update.
`,
    questions: [
      { question: 'What can an editor do in Lumen that a member cannot?', answer: 'Editors can also create collections and pin results for their team' },
    ],
  },
];
