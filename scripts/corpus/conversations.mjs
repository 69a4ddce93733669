/**
 * Support tickets and chats about Lumen. Each topic has two ways a customer asks and two ways
 * support answers; every pairing is one conversation, so no two share more than one side.
 * PII, HTML from the ticketing system, duplicates, near-duplicates, low-quality conversations
 * and extra fields are planted on purpose, for the cleaning models to find.
 */
const topics = [
  {
    asks: ['Our Lumen server stopped starting after the weekend. The log says address already in use and then it exits. Nothing was changed on our side as far as I know.',
      'Lumen crashes straight away on boot with an error about the address being in use. We run it on an Ubuntu VM next to a couple of other services.'],
    answers: ['That message means another program is holding port 8420. Check with ss -ltnp which process it is; if you need both, set server.port in lumen.toml to a free port and restart the service.',
      'Something else on the machine has taken port 8420, often a second Lumen container left running. Stop the other process, or move Lumen to another port with server.port, and start it again.'],
  },
  {
    asks: ['Search returns nothing for our Confluence space since yesterday, although the pages are definitely still there. Other sources work fine.',
      'None of our wiki pages show up in results any more. Google Drive results are fine, only Confluence seems to be empty.'],
    answers: ['The indexing report probably shows zero documents for Confluence, which usually means the API token of the service account expired. Create a new token in Atlassian and reconnect the source from the admin console.',
      'When one source goes empty like that its credentials have almost always expired. Reconnect Confluence under Sources with a fresh API token and the next incremental update will bring the pages back.'],
  },
  {
    asks: ['How do I set up single sign-on with Okta? We are on the Business plan and want everyone to log in through Okta from next month.',
      'We would like to enforce SSO for all staff. Which protocols do you support, and is there a way to keep an emergency login?'],
    answers: ['You can use SAML 2.0 or OpenID Connect. Under Security and Single sign-on, copy the ACS URL and entity ID into Okta and upload its metadata XML back into Lumen. Once an admin has signed in through SSO you can switch on Enforce SSO.',
      'Both SAML and OpenID Connect are supported. When you enforce single sign-on, password login is disabled for everyone except the break-glass account, which keeps its password in case your identity provider is unavailable.'],
  },
  {
    asks: ['We were charged twice for November. Could you look into it and refund the extra payment?',
      'There are two identical payments on our statement this month for the Lumen subscription. Is that a mistake?'],
    answers: ['I am sorry about that. I can see a duplicate charge caused by a retry on our payment provider. I have refunded the second payment; it should be back on the card within five to ten business days.',
      'You are right, the invoice was paid twice after a timeout at the bank. The second payment has been refunded today and you will receive a credit note by e-mail.'],
  },
  {
    asks: ['How long do you keep our search history? Our data protection officer is asking before we sign the contract.',
      'Does Lumen store what people search for, and can employees delete it themselves?'],
    answers: ['Search history is kept for 90 days to power suggestions. Every person can clear it from their profile page, and administrators can switch it off for the whole workspace.',
      'Yes, each person has a search history that is deleted after 90 days. People can clear theirs at any time, and an admin can disable search history entirely in the workspace settings.'],
  },
  {
    asks: ['Indexing our shared drive has been running for six hours and is only at 40 percent. Is that normal? The server has 16 cores.',
      'The first sync of Google Drive is extremely slow. Can we make Lumen index faster? The machine is mostly idle.'],
    answers: ['The first pass over a large drive can take a while. Lumen uses four indexing workers by default; with 16 cores you can raise indexing.workers to 12 and restart. Google also rate-limits the Drive API, which sets an upper bound.',
      'By default only four workers index in parallel, so a big server stays idle. Increase indexing.workers in the configuration file. After the first full pass only changes are fetched, so later syncs are much quicker.'],
  },
  {
    asks: ['We need to move Lumen to a new server. What is the safest way to take the data with us?',
      'What should we back up so we can restore Lumen if the disk dies?'],
    answers: ['Run lumen backup create on the old server, copy the snapshot and the configuration file to the new one, and run lumen backup restore there with the server stopped. Update LUMEN_PUBLIC_URL if the address changes.',
      'The data directory holds everything, and lumen backup create writes a consistent snapshot of it. Keep the snapshots off the server and readable only by admins, because they contain the instance secret.'],
  },
  {
    asks: ['Our script gets HTTP 429 from the search API after a few dozen calls. We are on the Team plan.',
      'The API keeps answering Too Many Requests when our nightly export runs. How high are the limits?'],
    answers: ['On the Team plan a token can make 60 requests per minute. The 429 response has a Retry-After header; wait that many seconds and retry with exponential backoff, or upgrade to Business for 600 per minute.',
      'That is the rate limit: 60 requests per minute on Team and 600 on Business. Our official clients already honour the Retry-After header and back off, so switching to them usually solves it.'],
  },
  {
    asks: ['Can we upgrade directly from 2.8 to 3.3, or do we need to go through each version?',
      'We are still on Lumen 2.x. What is the upgrade path to the current release?'],
    answers: ['From 2.x you first upgrade to 3.0 and start the server once so the migrations run. After that you can go straight to the latest 3.x release. Take a backup before each step.',
      'Go to 3.0 first, let it start and migrate the database, then upgrade to 3.3 in one step. Read the release notes for 3.0, because it changed a few configuration keys.'],
  },
  {
    asks: ['Is there a discount for schools? We are a secondary school with about 120 staff.',
      'We are a registered charity. Do you have nonprofit pricing?'],
    answers: ['Yes, registered nonprofits and schools get the Business plan at half price. Please write to the sales team from your school address and they will set it up.',
      'We do: charities and education get 50 percent off the Business plan. Send a short note to sales from your organisation address with your registration number.'],
  },
  {
    asks: ['How do I verify the signature on your webhooks? Our endpoint receives them but we want to reject forged requests.',
      'Our webhook was paused and we got an e-mail about it. Why did that happen?'],
    answers: ['Each request has a Lumen-Signature header with an HMAC-SHA256 of the body, computed with the webhook secret. Compute the same HMAC and compare the two in constant time before you process the payload.',
      'Lumen retries a failing webhook with exponential backoff for up to 24 hours, then pauses it. Fix the endpoint so it answers 2xx within ten seconds, and resume the webhook in the admin console.'],
  },
  {
    asks: ['Half of our Mac users cannot index their Documents folder. Lumen shows permission denied.',
      'The desktop app on my MacBook does not find anything in Downloads. Did I miss a setting?'],
    answers: ['macOS needs to grant Lumen access to those folders. Open System Settings, Privacy and Security, Full Disk Access, enable Lumen, and restart it from the menu bar icon.',
      'That is the macOS privacy protection. If the permission prompt was dismissed, add Lumen under Full Disk Access in System Settings and restart the server from the menu bar.'],
  },
  {
    asks: ['We want to run Lumen in Docker in production. Is a single container enough?',
      'Our Lumen container lost all its settings after we recreated it. What went wrong?'],
    answers: ['A single container works for small teams, but for production use the Compose file, which adds PostgreSQL for metadata and Redis for sessions. Always mount a volume at /data.',
      'Without a volume mounted at /data, the index and settings live inside the container and are gone when it is removed. Recreate it with a named volume and restore from your last backup.'],
  },
  {
    asks: ['Where is European customer data stored in Lumen Cloud? We need this for our records of processing.',
      'Are you a processor under the GDPR, and do we need to sign a separate DPA?'],
    answers: ['Data of European workspaces is stored in Frankfurt and Dublin. Lumen Labs is the processor and your organisation is the controller; the DPA is part of the terms of service.',
      'You are the controller and Lumen Labs is the processor. The data processing agreement is included in the terms of service, so no separate signature is needed, and EU data stays in Frankfurt and Dublin.'],
  },
  {
    asks: ['An employee asked for a copy of all data Lumen has about her. How do I export it?',
      'How do I delete a former colleague completely from Lumen?'],
    answers: ['In the admin console, open the user and choose Export data. You get a JSON archive of everything Lumen stores about that person, which you can hand over for the access request.',
      'Deleting the user removes the profile, search history and saved searches. The documents the person wrote stay in their sources and are not touched by Lumen.'],
  },
  {
    asks: ['Our API tokens will expire in March according to the banner. Why is that?',
      'How do I limit an API token so it can only search and not push documents?'],
    answers: ['Since 3.3 every token needs an expiry date of at most one year, and tokens created earlier without one expire on 2027-03-31. Create new tokens with an expiry before then and update your scripts.',
      'Give the token only the search:read scope when you create it. documents:write is needed only for pushing documents, and admin:read for the indexing report.'],
  },
  {
    asks: ['The Slack command /lumen does nothing for me, it says my account is not linked.',
      'Can Slack show Lumen results to the whole channel? Right now only I can see them.'],
    answers: ['Type /lumen login in any channel and follow the link to connect your Lumen account. After that /lumen followed by your query searches with your permissions.',
      'Results are private at first so nobody sees documents they could not open. Press Share under a result to post it to the channel.'],
  },
  {
    asks: ['Search is slow for us since we passed about two million documents. Anything we can tune?',
      'The server is swapping a lot and searches take several seconds. It has 8 GB of memory.'],
    answers: ['Watch the index_resident_bytes metric. When the index no longer fits in memory, add memory or lower search.cache_size so the operating system can cache the index files, and make sure the data directory is on an SSD.',
      'With 8 GB the index probably no longer fits in memory. Give the server more memory, and raise server.search_threads only once the CPU has room to spare.'],
  },
  {
    asks: ['Does the mobile app work offline? Our field engineers often have no signal.',
      'How do I sign in to the Android app? Typing our long passwords on a phone is painful.'],
    answers: ['Starred documents are kept on the device for offline reading for up to seven days, and removed when an admin signs the device out.',
      'Open Profile, Mobile devices on the web and scan the QR code with the app. With single sign-on the app opens your identity provider instead.'],
  },
  {
    asks: ['When is your maintenance window? We have a launch on Sunday morning.',
      'Was there an outage of Lumen Cloud this morning? Search was down for about twenty minutes.'],
    answers: ['Planned maintenance is on Sundays between 02:00 and 04:00 UTC and announced at least five days ahead. Search stays available, only indexing may pause for up to thirty minutes.',
      'Yes, there was an incident with the search service in the EU region from 07:40 to 08:05 UTC. The status page has the timeline, and a post-mortem follows within five business days.'],
  },
];

const openings = ['Hi,', 'Hello,', 'Hi team,', 'Good morning,', '', 'Hey there,'];
const closings = ['Thanks!', 'Thank you in advance.', 'Best regards', '', 'Cheers', 'Many thanks for your help.'];
const replies = ['Hi, thanks for reaching out.', 'Hello, and thanks for the details.', 'Thanks for the report.', 'Hi there.'];
const followUps = [
  ['That worked, thank you!', 'Glad to hear it. I will close this ticket; reply here if anything comes back.'],
  ['Perfect, that is exactly what I needed.', 'Great. Have a good day!'],
  ['Okay, we will try that tomorrow and let you know.', 'Sounds good. The ticket stays open until you confirm.'],
];
const names = ['Jane Doe', 'Marco Rossi', 'Aiko Tanaka', 'Liam Byrne', 'Sofia Lind', 'Omar Haddad', 'Chloé Martin', 'Pieter de Vries'];
const emails = ['jane.doe@example.com', 'm.rossi@example.org', 'aiko.tanaka@example.net', 'liam+lumen@example.co.uk', 'sofia.lind@example.se'];
const phones = ['+44 20 7946 0958', '(415) 555-0132', '030 1234567', '+1 212-555-0187', '+49 30 901820'];
const cards = ['4111 1111 1111 1111', '5500-0000-0000-0004', '4012888888881881'];

export function conversations() {
  const out = [];
  let n = 0;
  const id = () => `conv-${String(++n).padStart(4, '0')}`;
  const when = (i) => new Date(Date.UTC(2026, 8, 1, 8, 0) + i * 7 * 3600_000 + (i % 5) * 611_000).toISOString().replace('.000Z', 'Z');
  const planted = { pii: [], html: [], exact: [], near: [], lowQuality: [], extraFields: [] };

  topics.forEach((topic, t) => {
    topic.asks.forEach((ask, a) => {
      topic.answers.forEach((answer, r) => {
        const i = out.length;
        const who = names[i % names.length];
        let user = [openings[i % openings.length], ask, closings[(i * 5) % closings.length]].filter(Boolean).join(' ');
        if (i % 3 === 0) {
          const kind = (i / 3) % 3;
          user += kind === 0 ? ` You can reach me at ${emails[i % emails.length]}.`
            : kind === 1 ? ` My number is ${phones[i % phones.length]} if a call is easier.`
            : ` The payment was made with the card ${cards[i % cards.length]}.`;
          planted.pii.push(`conv-${String(n + 1).padStart(4, '0')}`);
        }
        const channel = (t + a + r) % 2 === 0 ? 'ticket' : 'chat';
        let reply = `${replies[(i * 3) % replies.length]} ${answer}`;
        if (channel === 'ticket' && i % 4 === 1) {
          reply = `<p>${reply.replace('. ', '.<br>')}</p><p>Kind regards &amp; good luck,<br><b>${who.split(' ')[0] === 'Jane' ? 'Sam' : 'Alex'}</b>, Lumen support</p>`;
          planted.html.push(`conv-${String(n + 1).padStart(4, '0')}`);
        }
        const messages = [{ role: 'user', content: user }, { role: 'assistant', content: reply }];
        if ((t + a * 2 + r) % 3 !== 2) {
          const [u, s] = followUps[(t + a + r) % followUps.length];
          messages.push({ role: 'user', content: u }, { role: 'assistant', content: s });
        }
        const line = { conversation_id: id(), channel, created_at: when(i), customer: { plan: ['team', 'business', 'enterprise'][i % 3], region: ['eu', 'us', 'uk'][i % 3] }, messages };
        if (i % 11 === 5) {
          Object.assign(line, { tags: ['billing', 'setup', 'bug'].slice(0, 1 + (i % 3)), satisfaction: 1 + (i % 5), agent: `agent-${i % 4}` });
          planted.extraFields.push(line.conversation_id);
        }
        out.push(line);
      });
    });
  });

  // A ticket system exports some tickets twice: same messages, a new id.
  for (const source of [2, 9, 17, 24, 33, 41, 58, 66]) {
    const copy = { ...structuredClone(out[source]), conversation_id: id(), created_at: when(out.length) };
    planted.exact.push(`${copy.conversation_id}=${out[source].conversation_id}`);
    out.push(copy);
  }
  // Near-duplicates: the same conversation re-sent with a word or two changed.
  const inserted = ['really', 'actually', 'now', 'also', 'again', 'still'];
  for (const [k, source] of [4, 12, 21, 30, 45, 53].entries()) {
    const copy = { ...structuredClone(out[source]), conversation_id: id(), created_at: when(out.length) };
    const words = copy.messages[0].content.split(' ');
    words.splice(5, 0, inserted[k]);
    copy.messages[0].content = words.join(' ');
    planted.near.push(`${copy.conversation_id}~${out[source].conversation_id}`);
    out.push(copy);
  }
  // Conversations with nothing to learn from.
  const poor = [
    [{ role: 'user', content: 'test' }, { role: 'assistant', content: 'Hello! How can I help?' }],
    [{ role: 'user', content: 'asdf' }],
    [{ role: 'user', content: 'Is the search API down right now? I get errors on every call.' }],
    [{ role: 'user', content: 'Where can I download the invoice for October?' }, { role: 'assistant', content: 'Thank you for contacting Lumen support. We have received your request and will get back to you shortly.' }],
    [{ role: 'user', content: 'The preview of a spreadsheet freezes my browser tab.' }, { role: 'assistant', content: 'Thank you for contacting Lumen support. A member of our team will answer within one business day.' }],
    [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'Hi! What can I do for you today?' }, { role: 'user', content: 'ok' }],
    [{ role: 'assistant', content: 'This is an automated message: your ticket has been closed because we did not hear back from you.' }],
    [{ role: 'user', content: '.' }, { role: 'assistant', content: 'ok' }],
  ];
  for (const messages of poor) {
    const line = { conversation_id: id(), channel: 'chat', created_at: when(out.length), customer: { plan: 'team', region: 'eu' }, messages };
    planted.lowQuality.push(line.conversation_id);
    out.push(line);
  }
  return { lines: out, planted };
}
