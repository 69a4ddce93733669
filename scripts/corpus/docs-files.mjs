/** The pages exported from Lumen's website (HTML), two plain-text notices, and the PDF and DOCX. */
const page = (title, description, body) => `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${title}</title>
<meta name="description" content="${description}">
<style>body { font-family: sans-serif; } .banner { display: none; }</style>
<script>window.lumenAnalytics = { page: "${title}" };</script>
</head>
<body>
<nav><a href="/">Home</a> | <a href="/docs">Docs</a></nav>
${body}
<footer><p>&copy; 2026 Lumen Labs &middot; All rights reserved.</p></footer>
</body>
</html>
`;

export const html = [
  {
    path: 'site/status.html',
    text: page('Lumen Cloud status and incidents', 'How Lumen reports incidents and planned maintenance', `<h1>Status and incidents</h1>
<p>The status page at status.lumen.example shows the health of search, indexing, sign-in and the API for each Lumen Cloud region.</p>
<h2>Planned maintenance</h2>
<p>Planned maintenance happens on Sundays between 02:00 and 04:00 UTC and is announced at least five days ahead. Search stays available during maintenance; indexing may pause for up to thirty minutes.</p>
<h2>Incidents</h2>
<p>During an incident the status page is updated at least every thirty minutes until it is resolved. Subscribe by e-mail, RSS or Slack to get every update.</p>
<p>After a major incident Lumen Labs publishes a post-mortem within five business days, explaining the cause &amp; what changes to prevent it.</p>`),
    questions: [
      { question: 'When does Lumen Cloud do planned maintenance?', answer: 'Planned maintenance happens on Sundays between 02:00 and 04:00 UTC' },
      { question: 'How soon after a major outage is a post-mortem published?', answer: 'publishes a post-mortem within five business days' },
    ],
  },
  {
    path: 'site/pricing.html',
    text: page('Lumen pricing', 'Plans for teams of every size', `<h1>Pricing</h1>
<p>Simple pricing per active user. Annual billing saves two months compared with paying monthly.</p>
<h2>Nonprofits and education</h2>
<p>Registered nonprofits and schools get the Business plan at half price. Write to the sales team from your organisation's address to apply.</p>
<h2>What counts as a user</h2>
<ul>
<li>People who sign in at least once in the month.</li>
<li>Service accounts that call the API.</li>
<li>Guests invited to a single collection are free.</li>
</ul>`),
    questions: [
      { question: 'Do nonprofits get a discount on Lumen?', answer: 'Registered nonprofits and schools get the Business plan at half price' },
      { question: 'How much do I save with annual billing?', answer: 'Annual billing saves two months compared with paying monthly' },
    ],
  },
  {
    path: 'site/support-hours.html',
    text: page('Lumen support hours', 'When and how to reach Lumen support', `<h1>Support hours</h1>
<p>Support engineers answer tickets from Monday to Friday, 08:00 to 18:00 Central European Time, except public holidays in Germany.</p>
<h2>Urgent problems</h2>
<p>Enterprise customers can reach the on-call engineer around the clock for problems that stop the whole workspace from working. Use the urgent option in the help menu, which pages the engineer directly.</p>
<h2>Languages</h2>
<p>Support is available in English and German, and in French during European business hours.</p>`),
    questions: [
      { question: 'What are the support hours for Lumen tickets?', answer: 'Monday to Friday, 08:00 to 18:00 Central European Time' },
    ],
  },
  {
    path: 'site/mobile-apps.html',
    text: page('Lumen mobile apps', 'Search your workspace from iOS and Android', `<h1>Mobile apps</h1>
<p>The Lumen apps for iOS and Android search the same workspace as the web interface, with the same permissions.</p>
<h2>Signing in</h2>
<p>Scan the QR code shown under Profile, then Mobile devices, to sign in without typing a password. Workspaces with single sign-on open the identity provider's page in the app instead.</p>
<h2>Offline use</h2>
<p>Starred documents are kept on the device for offline reading for up to 7 days, and are removed when an administrator signs the device out.</p>`),
    questions: [
      { question: 'How do I sign in to the Lumen mobile app without typing my password?', answer: 'Scan the QR code shown under Profile, then Mobile devices' },
    ],
  },
  {
    path: 'site/accessibility.html',
    text: page('Accessibility at Lumen', 'Our accessibility commitment', `<h1>Accessibility</h1>
<p>Lumen's web interface aims to meet WCAG 2.2 level AA. Every feature can be used with the keyboard alone, and screen readers announce the number of results after each search.</p>
<h2>Display settings</h2>
<p>A high-contrast theme and reduced motion can be switched on in the profile settings, and follow the operating system's preferences by default.</p>
<h2>Reporting a barrier</h2>
<p>If something in Lumen does not work with your assistive technology, write to accessibility@lumen.example; the team answers within three business days.</p>`),
    questions: [
      { question: 'Which accessibility standard does the Lumen web interface target?', answer: 'aims to meet WCAG 2.2 level AA' },
    ],
  },
  {
    path: 'site/partners.html',
    text: page('Lumen partner programme', 'Resell and implement Lumen', `<h1>Partner programme</h1>
<p>Consultancies and resellers can join the partner programme to deploy Lumen for their clients.</p>
<h2>Benefits</h2>
<ul>
<li>A discount of 20 percent on every licence you resell.</li>
<li>A free internal workspace for your own team.</li>
<li>Early access to new releases and a partner Slack channel.</li>
</ul>
<h2>Certification</h2>
<p>Partners certify at least one engineer within six months of joining, through a one-day online course and an exam.</p>`),
    questions: [
      { question: 'What discount do resellers get from the Lumen partner programme?', answer: 'A discount of 20 percent on every licence you resell' },
    ],
  },
];

export const text = [
  {
    path: 'CHANGELOG.txt',
    text: `Lumen server changelog (abridged)

3.3.1 - 2026-10-02
Fixed a crash of the Confluence connector on pages with empty titles.
Fixed digests being sent twice after a server restart.

3.3.0 - 2026-09-20
Added answers with citations. API tokens now need an expiry date.

3.2.2 - 2026-07-30
Security fix: session cookies are now marked SameSite=Lax by default. Upgrading is strongly recommended.

3.2.0 - 2026-06-15
Added multilingual semantic ranking and team collections.
`,
    questions: [
      { question: 'Which Lumen release fixed digests being sent twice?', answer: 'Fixed digests being sent twice after a server restart' },
    ],
  },
  {
    path: 'support-policy.txt',
    text: `Lumen support and end-of-life policy

Each minor release of Lumen receives security fixes for twelve months after the next minor release comes out. Major versions are supported for at least two years.

Self-hosted customers must run a supported release to open support tickets about bugs; questions about configuration are answered for any version.

Lumen Cloud is always on the latest release, so this policy applies only to self-hosted servers.
`,
    questions: [
      { question: 'How long does a Lumen minor release get security fixes?', answer: 'receives security fixes for twelve months after the next minor release comes out' },
    ],
  },
];

export const whitepaper = {
  path: 'lumen-security-whitepaper.pdf',
  title: 'Lumen Security Whitepaper',
  pages: [
    [
      'Lumen Security Whitepaper',
      '',
      'Encryption',
      'All traffic to Lumen Cloud is encrypted with TLS 1.3. Documents, embeddings and metadata',
      'are encrypted at rest with AES-256, with keys held in a hardware security module.',
      'Enterprise customers can bring their own key, and revoking it makes the workspace unreadable.',
      '',
      'Isolation',
      'Each workspace has its own index and its own database schema. Search requests are checked',
      'against the permissions of the signed-in user before any document leaves the index.',
    ],
    [
      'Vulnerability management',
      'Lumen Labs runs an external penetration test every year and fixes critical findings within',
      'seven days. Dependencies are scanned on every build, and the bug bounty programme rewards',
      'researchers who report security problems responsibly.',
      '',
      'Certifications',
      'Lumen Cloud is audited for SOC 2 Type II every year, and the latest report is available',
      'under a non-disclosure agreement from the trust page.',
    ],
  ],
  questions: [
    { question: 'How is Lumen Cloud data encrypted at rest?', answer: 'encrypted at rest with AES-256, with keys held in a hardware security module' },
    { question: 'How quickly does Lumen fix critical security findings?', answer: 'fixes critical findings within seven days' },
  ],
};

export const onboarding = {
  path: 'lumen-onboarding-guide.docx',
  title: 'Lumen onboarding guide',
  paragraphs: [
    { style: 'Heading1', text: 'Lumen onboarding guide' },
    { text: 'This guide walks a new administrator through the first week with Lumen.' },
    { style: 'Heading2', text: 'Day one: connect two sources' },
    { text: 'Start with the two sources your team searches most, usually the wiki and the shared drive. Connecting everything at once makes the first indexing pass slow and the results hard to judge.' },
    { style: 'Heading2', text: 'Day two: invite a pilot group' },
    { text: 'Invite ten to twenty people from different teams as a pilot group, and ask them to search for real questions for a week.' },
    { style: 'Heading2', text: 'End of the week: review the search analytics' },
    { text: 'Open the search analytics to see queries without results. Each one points to a missing source or a document that should be written.' },
  ],
  questions: [
    { question: 'How many sources should I connect on the first day?', answer: 'Start with the two sources your team searches most, usually the wiki and the shared drive' },
  ],
};
