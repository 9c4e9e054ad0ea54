/**
 * `npm start` as a person runs it, in a child process: a mistake in the flags, a
 * missing file or a port in use is one line and exit 2 before anything is replayed;
 * `--serve` keeps the unit in its data directory, so a restart loses nothing: the board
 * and the waiting clocks are as they were, the mail page still lists what was sent with
 * its virtual date, a reminder still comes when the clock moves on, and none twice.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const DEMO = 'infra/local/demo.ts';
const RUN_MS = 120_000;

interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `npm start -- <args>` (tsx in Node 24, as the npm script does) to its end. */
function runToEnd(args: readonly string[]): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', DEMO, ...args], {
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      timeout: RUN_MS,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

interface Serving {
  readonly api: string;
  readonly mail: string;
  readonly stdout: () => string;
  /** Ctrl-C, as a person stops it; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `npm start -- --serve ...` and resolves once it says it keeps running. */
function serve(args: readonly string[]): Promise<Serving> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', DEMO, '--serve', '--port', '0', '--mail-port', '0', ...args],
    { env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } },
  );
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`npm start --serve did not start in ${RUN_MS} ms:\n${stdout}\n${stderr}`));
    }, RUN_MS);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const early = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`npm start --serve exited with ${code}:\n${stdout}\n${stderr}`));
    };
    child.once('exit', early);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      // The last line it prints once serving; the addresses are on the lines before.
      if (!stdout.includes('(move the clock on)')) return;
      const api = /API\s+(http:\/\/\S+)/.exec(stdout)?.[1] ?? '';
      const mail = /mail sent\s+(http:\/\/\S+)/.exec(stdout)?.[1] ?? '';
      clearTimeout(timer);
      child.off('exit', early);
      resolve({
        api,
        mail,
        stdout: () => stdout,
        async stop() {
          child.kill('SIGINT');
          return await exited;
        },
      });
    });
  });
}

const asAdmin = { 'x-local-user': 'lpatel', 'x-local-roles': 'admin' };

async function call(url: string, init: RequestInit = {}) {
  const response = await fetch(url, {
    ...init,
    headers: { 'content-type': 'application/json', ...(init.headers ?? {}) },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The board as the API shows it, without when each entry was last planned. */
async function board(api: string) {
  const { body } = await call(`${api}/obligations`, { headers: asAdmin });
  return (body.obligations as Record<string, unknown>[]).map(({ plannedAt: _, ...rest }) => rest);
}

const mailSent = async (mail: string) =>
  ((await call(`${mail}/mail.json`)).body.mail as { sentAt: string; to: string[] }[]).map(
    (m) => `${m.sentAt} ${m.to.join(',')}`,
  );

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'iro-local-start-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npm start refuses a mistake in one line, exit 2, before anything starts', () => {
  it.each([
    ['an unknown flag', ['--colour'], '--colour is not a flag of npm start'],
    [
      'a missing events file',
      ['--events', 'no/such/file.jsonl'],
      '--events must name a file that exists',
    ],
    ['a bad --until', ['--until', '2017-02-29'], '--until must be a real date'],
    ['a bad port', ['--serve', '--port', '70000'], '--port must be a whole number from 0 to 65535'],
    [
      '--fresh with --sample',
      ['--serve', '--fresh', '--sample'],
      '--fresh and --sample cannot go together',
    ],
    [
      'a data directory that cannot be made',
      ['--serve', '--port', '0', '--mail-port', '0', '--data', 'package.json/kept'],
      '--data: package.json/kept/ cannot be created or written',
    ],
  ])('%s', async (_, args, message) => {
    // Act
    const { code, stdout, stderr } = await runToEnd(args);

    // Assess: one line, the rule, no stack trace, nothing replayed.
    expect(code).toBe(2);
    expect(stderr.startsWith(`npm start: ${message}`)).toBe(true);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stdout).toBe('');
  });

  it('--help prints the usage and exits 0', async () => {
    const { code, stdout, stderr } = await runToEnd(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('--serve');
    expect(stdout).toContain('--fresh');
    expect(stderr).toBe('');
  });

  describe('a port in use', () => {
    let taken: Server;
    let port: number;
    beforeAll(async () => {
      taken = createServer();
      await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
      port = (taken.address() as AddressInfo).port;
    });
    afterAll(async () => {
      await new Promise((resolve) => taken.close(resolve));
    });

    it.each(['port', 'mail-port'])(
      '--%s: found before the replay, and the data left alone',
      async (flag) => {
        // Prepare
        const data = join(dir, `never-${flag}`);
        const other = flag === 'port' ? ['--mail-port', '0'] : ['--port', '0'];

        // Act
        const { code, stdout, stderr } = await runToEnd([
          '--serve',
          '--data',
          data,
          ...other,
          `--${flag}`,
          String(port),
        ]);

        // Assess
        expect(code).toBe(2);
        expect(stderr).toBe(
          `npm start: --${flag}: port ${port} is in use by another program: choose another with --${flag}\n`,
        );
        expect(stdout).toBe('');
        expect(await stat(data).catch(() => 'absent')).toBe('absent');
      },
    );
  });
});

describe('npm start -- --serve keeps the unit between runs', () => {
  it(
    'a restart loses nothing: board, clocks, mail; the next reminder comes once',
    async () => {
      // Prepare: two children looked after from Monday 2 January 2017. The sample unit
      // spreads them: C1 to IRO Amira Khan and social worker Tom Brennan (team manager
      // Claire White), C2 to IRO Daniel Okafor and Tom Brennan. Each child's first review
      // is due within 20 working days: Monday 30 January (2 Jan is a bank holiday and
      // is not counted: 3 Jan is day 1, ..., 30 Jan day 20). Morning lists at 07:30 London
      // (GMT in January, so 07:30Z) 15 working days before (Monday 9 January) and 5
      // working days before (Monday 23 January), to the IRO and the social worker (Tom
      // Brennan's one list carries both children); the team manager's the day after it
      // falls due (Tuesday 31 January).
      const data = join(dir, 'kept');
      const events = join(dir, 'two-children.jsonl');
      await writeFile(
        events,
        [
          '{"eventId":"k1","type":"BecameLookedAfter","childId":"C1","date":"2017-01-02"}',
          '{"eventId":"k2","type":"BecameLookedAfter","childId":"C2","date":"2017-01-02"}',
        ].join('\n'),
      );
      const first = await serve(['--data', data, '--events', events, '--until', '2017-01-02']);
      await call(`${first.api}/local/clock?to=2017-01-09T09:00:00Z`, {
        method: 'POST',
        headers: { 'x-local-clock': 'move' },
      });
      // C2 leaves care on the 9th, recorded through the API: its clock closes.
      const ceased = await call(`${first.api}/events`, {
        method: 'POST',
        headers: asAdmin,
        body: JSON.stringify({ type: 'CeasedLookedAfter', childId: 'C2', date: '2017-01-09' }),
      });
      const boardBefore = await board(first.api);
      const clockBefore = (await call(`${first.api}/local/clock`)).body;
      const mailBefore = await mailSent(first.mail);
      const whileRunning = await runToEnd([
        '--serve',
        '--data',
        data,
        '--port',
        '0',
        '--mail-port',
        '0',
      ]);
      expect(await first.stop()).toBe(0);

      // Act: start again from the same directory, then let the clock run on.
      const second = await serve(['--data', data]);
      const boardAfter = await board(second.api);
      const clockAfter = (await call(`${second.api}/local/clock`)).body;
      const mailOnRestart = await mailSent(second.mail);
      await call(`${second.api}/local/clock?to=2017-01-31T09:00:00Z`, {
        method: 'POST',
        headers: { 'x-local-clock': 'move' },
      });
      const mailLater = await mailSent(second.mail);
      const page = await (await fetch(second.mail)).text();
      expect(await second.stop()).toBe(0);

      // Assess
      expect(ceased.status).toBe(201);
      // A second npm start on the same directory while the first runs is refused.
      expect(whileRunning.code).toBe(2);
      expect(whileRunning.stderr).toMatch(
        /^npm start: --data: .* is in use by another npm start \(process \d+\): stop it first\n$/,
      );
      expect(second.stdout()).toContain('Resumed the unit kept in');
      expect(boardBefore).toEqual([
        expect.objectContaining({ kind: 'lac-review', subjectId: 'C1', due: '2017-01-30' }),
      ]);
      expect(boardAfter).toEqual(boardBefore);
      // One clock waits (C1's reviews): its reminders go in the morning lists, so it
      // sleeps until it hands over, 330 days after it started (2 January 09:00Z).
      expect(clockBefore).toMatchObject({
        now: '2017-01-09T09:00:00.000Z',
        running: 1,
        waiting: [{ workflow: 'review-cycle', until: '2017-11-28T09:00:00.000Z' }],
      });
      // The same clock waits after the restart, in an execution re-armed then: it hands
      // over 330 days after that start (9 January 09:00Z), on 5 December.
      const untilNow = (clock: unknown, until: string) => {
        const { waiting, ...rest } = clock as { waiting: { until: string }[] };
        return { ...rest, waiting: waiting.map((w) => ({ ...w, until })) };
      };
      expect(clockAfter).toEqual(untilNow(clockBefore, '2017-12-05T09:00:00.000Z'));
      const akhan = 'amira.khan@sample.council.example';
      const dokafor = 'daniel.okafor@sample.council.example';
      const tbrennan = 'tom.brennan@sample.council.example';
      const cwhite = 'claire.white@sample.council.example';
      const ninth = [
        `2017-01-09T07:30:00.000Z ${akhan}`,
        `2017-01-09T07:30:00.000Z ${dokafor}`,
        `2017-01-09T07:30:00.000Z ${tbrennan}`,
      ];
      expect([...mailBefore].sort()).toEqual(ninth);
      expect(mailOnRestart).toEqual(mailBefore);
      // After the restart: C1's 5-day lines and the team manager's escalation, once
      // each; nothing more for C2, whose clock closed before the restart.
      expect([...mailLater].sort()).toEqual([
        ...ninth,
        `2017-01-23T07:30:00.000Z ${akhan}`,
        `2017-01-23T07:30:00.000Z ${tbrennan}`,
        `2017-01-31T07:30:00.000Z ${cwhite}`,
      ]);
      // The page shows the virtual date of sending, in London time.
      expect(page).toContain('Tue, 31 Jan 2017, 07:30');
    },
    2 * RUN_MS,
  );

  it(
    'refuses to resume with --events; --sample replays afresh, --fresh starts empty',
    async () => {
      // Prepare: the directory the test above kept (6 messages sent, clock on 31 January).
      const data = join(dir, 'kept');
      const events = join(dir, 'two-children.jsonl');

      // Act
      const refused = await runToEnd(['--serve', '--data', data, '--events', events]);
      const sample = await serve([
        '--data',
        data,
        '--sample',
        '--events',
        events,
        '--until',
        '2017-01-02',
      ]);
      const replayed = {
        board: await board(sample.api),
        clock: (await call(`${sample.api}/local/clock`)).body,
        mail: await mailSent(sample.mail),
      };
      expect(await sample.stop()).toBe(0);
      const fresh = await serve(['--data', data, '--fresh', '--until', '2017-03-01']);
      const empty = {
        board: await board(fresh.api),
        clock: (await call(`${fresh.api}/local/clock`)).body,
        mail: await mailSent(fresh.mail),
      };
      expect(await fresh.stop()).toBe(0);

      // Assess
      expect(refused.code).toBe(2);
      expect(refused.stderr).toBe(
        `npm start: --events cannot go with resuming ${data}/: add --sample to replay into it afresh, or --fresh to start empty\n`,
      );
      // Replayed afresh: both children's first reviews open again, no mail yet (the
      // first reminder is on 9 January), the clock at 09:00 on 2 January (GMT).
      expect(replayed.board).toEqual([
        expect.objectContaining({ kind: 'lac-review', subjectId: 'C1', due: '2017-01-30' }),
        expect.objectContaining({ kind: 'lac-review', subjectId: 'C2', due: '2017-01-30' }),
      ]);
      expect(replayed.clock).toMatchObject({ now: '2017-01-02T09:00:00.000Z', running: 2 });
      expect(replayed.mail).toEqual([]);
      // Empty: 09:00 London on 1 March 2017 is 09:00Z (GMT).
      expect(empty).toMatchObject({
        board: [],
        clock: { now: '2017-03-01T09:00:00.000Z', running: 0 },
        mail: [],
      });
    },
    2 * RUN_MS,
  );
});
