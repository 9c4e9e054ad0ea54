/**
 * aws-ses-v2-local as a test engine: a real SES v2 HTTP API on a free local port, so the
 * SES adapter runs unchanged and tests read back what was "sent" from `GET /store`.
 *
 * What the engine does (aws-ses-v2-local 2.10.2, read from its source):
 * - SendEmail (Simple, Raw, Template) and SendBulkEmail; any AWS-style Authorization
 *   header is accepted (no signature check), any region;
 * - it stores from, to/cc/bcc, replyTo, subject, text and html bodies, attachments,
 *   headers and the time in epoch seconds; `ConfigurationSetName` and `EmailTags` are
 *   accepted but neither stored nor acted on (no event publishing, no bounces);
 * - no quotas, no throttling, no identity verification, no address validation;
 * - a rejected request (no From, no subject, no body) is a 400 with `{ message, detail }`
 *   and no error type, which the SDK surfaces as an error named `Unknown` with `$fault`
 *   'client' and status 400, not as BadRequestException;
 * - `GET /store` lists everything, `POST /clear-store` empties it (templates too), and
 *   `GET /health-check` answers 200; these three need no Authorization header;
 * - with `SMTP_TRANSPORT` set it forwards every message to that SMTP server, so the
 *   engine is started without it: nothing a test sends can leave the machine.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { z } from 'zod';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/** One message as the engine stored it. */
export interface SentMail {
  readonly messageId: string;
  readonly from: string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly bcc: readonly string[];
  readonly subject: string;
  readonly text?: string;
  readonly html?: string;
  /** When the engine stored it, epoch seconds. */
  readonly at: number;
}

export interface SesLocal {
  /** The SES endpoint, also a web page showing every message sent. */
  readonly endpoint: string;
  /** Region eu-west-2, dummy credentials, pointed at the engine. */
  readonly client: SESv2Client;
  /** The engine's process, for a benchmark to read its memory. */
  readonly pid: number | undefined;
  /** Every message sent since start (or the last clear), oldest first. */
  sent(): Promise<SentMail[]>;
  clear(): Promise<void>;
  stop(): Promise<void>;
}

const storeSchema = z.object({
  emails: z.array(
    z.object({
      messageId: z.string(),
      from: z.string(),
      destination: z.object({
        to: z.array(z.string()),
        cc: z.array(z.string()),
        bcc: z.array(z.string()),
      }),
      subject: z.string(),
      body: z.object({ text: z.string().optional(), html: z.string().optional() }),
      at: z.number(),
    }),
  ),
});

const STARTUP_MS = 15_000;
const POLL_MS = 50;
const STOP_MS = 5_000;

const cliPath = createRequire(import.meta.url).resolve('aws-ses-v2-local/dist/cli.js');
/** Ends the engine when this process is gone, even killed with SIGKILL (no exit handler runs then). */
const DIE_WITH_PARENT = new URL('./die-with-parent.mjs', import.meta.url).href;

/** A port free a moment ago: the OS picks one for port 0, and we give it back. */
async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_MS);
  await exited;
  clearTimeout(timer);
}

/** Spawns the engine on `port`; resolves once it answers, rejects if it exits first. */
async function launch(port: number): Promise<ChildProcess> {
  const { SMTP_TRANSPORT: _forwarding, ...env } = process.env;
  const child = spawn(
    process.execPath,
    ['--import', DIE_WITH_PARENT, cliPath, '--host', '127.0.0.1', '--port', String(port)],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exit: string | undefined;
  child.once('exit', (code, signal) => {
    exit = `exited with ${signal ?? `code ${code}`}`;
  });
  child.once('error', (error) => {
    exit = `could not start: ${error.message}`;
  });

  const deadline = Date.now() + STARTUP_MS;
  while (exit === undefined && Date.now() < deadline) {
    if (await answers(`http://127.0.0.1:${port}/health-check`)) return child;
    await delay(POLL_MS);
  }
  await stopChild(child);
  throw new Error(
    `aws-ses-v2-local on port ${port} ${exit ?? `did not answer within ${STARTUP_MS} ms`}\n${output}`,
  );
}

/**
 * Starts a private aws-ses-v2-local for a test file. Call `stop()` in `afterAll`; the
 * process is also killed if the test process exits first.
 */
export async function startSesLocal(): Promise<SesLocal> {
  let child: ChildProcess | undefined;
  let port = 0;
  let lastError: unknown;
  // Another process may take the port between our probe and the engine's listen: try again.
  for (let attempt = 0; attempt < 3 && child === undefined; attempt++) {
    port = await freePort();
    try {
      child = await launch(port);
    } catch (error) {
      lastError = error;
    }
  }
  if (child === undefined) throw lastError;
  const running = child;
  const killOnExit = () => running.kill('SIGKILL');
  process.once('exit', killOnExit);

  const endpoint = `http://127.0.0.1:${port}`;
  const client = new SESv2Client({
    region: 'eu-west-2',
    endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

  return {
    endpoint,
    client,
    pid: running.pid,
    async sent() {
      const response = await fetch(`${endpoint}/store`);
      if (!response.ok) throw new Error(`GET /store answered ${response.status}`);
      const store = storeSchema.parse(await response.json());
      return store.emails.map((email) => ({
        messageId: email.messageId,
        from: email.from,
        to: email.destination.to,
        cc: email.destination.cc,
        bcc: email.destination.bcc,
        subject: email.subject,
        ...(email.body.text === undefined ? {} : { text: email.body.text }),
        ...(email.body.html === undefined ? {} : { html: email.body.html }),
        at: email.at,
      }));
    },
    async clear() {
      const response = await fetch(`${endpoint}/clear-store`, { method: 'POST' });
      await response.body?.cancel();
      if (!response.ok) throw new Error(`POST /clear-store answered ${response.status}`);
    },
    async stop() {
      client.destroy();
      process.removeListener('exit', killOnExit);
      await stopChild(running);
    },
  };
}
