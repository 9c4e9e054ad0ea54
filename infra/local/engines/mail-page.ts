/**
 * The mail the local system sent, as a person trying it reads it: each message with the
 * virtual date it was sent on (aws-ses-v2-local's own page shows the real time, which on
 * a virtual clock says nothing), newest first. The journal is filled from the SES
 * client as each send succeeds; with a file it outlives a restart, which the engine's
 * in-memory store does not.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { SEND_TAG_NAME } from '../../../functions/adapters/send-tag.js';

/** One message sent, as the journal keeps it. */
export interface JournalledMail {
  /** The virtual instant the message was sent at. */
  readonly sentAt: string;
  readonly messageId: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  /** The send tag of the notification claim it went under (functions/adapters/send-tag.ts), if any. */
  readonly claim?: string;
  /** When the engine took it, by the real clock: a restart delivers again the Send events of the last moments. */
  readonly acceptedAt?: string;
}

/** Every message the local system sent, oldest first; kept in `file` (JSON lines) if given. */
export class MailJournal {
  private readonly mail: JournalledMail[] = [];

  constructor(private readonly file?: string) {
    if (!file) return;
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return;
    }
    for (const line of text.split('\n')) if (line.trim()) this.mail.push(JSON.parse(line));
  }

  entries(): readonly JournalledMail[] {
    return this.mail;
  }

  /**
   * The tagged mail taken within `seconds` (real time) of the newest: the emails whose
   * Send events a process killed at that point may not have delivered.
   */
  lastTaken(seconds: number): JournalledMail[] {
    const taken = this.mail.filter((m) => m.claim !== undefined && m.acceptedAt !== undefined);
    const newest = Math.max(...taken.map((m) => Date.parse(m.acceptedAt ?? '')));
    return taken.filter((m) => Date.parse(m.acceptedAt ?? '') >= newest - seconds * 1000);
  }

  add(mail: JournalledMail): void {
    this.mail.push(mail);
    if (this.file) appendFileSync(this.file, `${JSON.stringify(mail)}\n`);
  }

  /** Journals each message `client` sends, dated by `now` (the virtual clock). */
  watch(client: SESv2Client, now: () => string): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (context.commandName !== 'SendEmailCommand') return result;
        const input = args.input as {
          Destination?: { ToAddresses?: string[] };
          Content?: {
            Simple?: { Subject?: { Data?: string }; Body?: { Text?: { Data?: string } } };
          };
          EmailTags?: { Name?: string; Value?: string }[];
        };
        const simple = input.Content?.Simple;
        const claim = input.EmailTags?.find((tag) => tag.Name === SEND_TAG_NAME)?.Value;
        this.add({
          sentAt: now(),
          messageId: String((result.output as { MessageId?: string }).MessageId ?? ''),
          to: input.Destination?.ToAddresses ?? [],
          subject: simple?.Subject?.Data ?? '',
          text: simple?.Body?.Text?.Data ?? '',
          ...(claim === undefined ? {} : { claim }),
          acceptedAt: new Date().toISOString(),
        });
        return result;
      },
      { step: 'initialize', name: 'localMailJournal' },
    );
  }
}

const html = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** The page: newest first, each with its virtual sending time (London) and its text. */
export function mailPage(mail: readonly JournalledMail[], now: string): string {
  const london = (instant: string) =>
    new Date(instant).toLocaleString('en-GB', {
      timeZone: 'Europe/London',
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    });
  const rows = [...mail]
    .reverse()
    .map(
      (m) => `<article>
<h2>${html(m.subject)}</h2>
<p><b>Sent</b> <time datetime="${html(m.sentAt)}">${html(london(m.sentAt))}</time> (virtual clock) <b>to</b> ${html(m.to.join(', '))}</p>
<details><summary>The message</summary><pre>${html(m.text)}</pre></details>
</article>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Mail sent (local)</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}article{border-top:1px solid #b1b4b6;padding:.5rem 0}h2{font-size:1.1rem;margin:.3rem 0}pre{white-space:pre-wrap}</style>
</head><body>
<h1>Mail sent by the local system</h1>
<p>${mail.length} message${mail.length === 1 ? '' : 's'}, newest first. The virtual clock stands at <time datetime="${html(now)}">${html(london(now))}</time>.</p>
${rows}
</body></html>`;
}

/**
 * Serves the page at `/` and the journal as JSON at `/mail.json` on an already
 * listening server (so its port was taken before the replay began).
 */
export function serveMailPage(server: Server, journal: MailJournal, now: () => string): void {
  server.removeAllListeners('request');
  server.on('request', (request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    if (request.method !== 'GET') {
      response.writeHead(405, { 'content-type': 'application/json', allow: 'GET' });
      return void response.end(JSON.stringify({ reason: 'the mail page is read only' }));
    }
    if (pathname === '/mail.json') {
      response.writeHead(200, { 'content-type': 'application/json' });
      return void response.end(JSON.stringify({ mail: journal.entries() }));
    }
    if (pathname !== '/') {
      response.writeHead(404, { 'content-type': 'application/json' });
      return void response.end(JSON.stringify({ reason: 'not found' }));
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(mailPage(journal.entries(), now()));
  });
}

/**
 * Listens on `port` at once, answering 503 until the real handler is attached: a port
 * in use is found before the replay, not after it.
 */
export async function listenEarly(port: number): Promise<Server> {
  const server = createServer((_request, response) => {
    response.writeHead(503, { 'content-type': 'application/json', 'retry-after': '5' });
    response.end(JSON.stringify({ reason: 'starting: the replay is still running' }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}
