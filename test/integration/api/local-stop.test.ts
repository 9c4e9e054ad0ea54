/**
 * Stopping `npm start -- --serve` as a person or a supervisor does: SIGINT or SIGTERM to
 * the npm process stops everything it started (the server, the SES engine) and gives
 * back the data directory; after a SIGKILL, of npm or of the server itself, a restart
 * right away takes the directory over and resumes the unit.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Generous: the machine is shared; each wait below ends as soon as its condition holds. */
const LIMIT_MS = 90_000;
/** Up to two starts of the whole system each. */
const TEST_MS = 240_000;

interface Started {
  readonly npm: ChildProcess;
  readonly api: string;
  readonly output: () => string;
  readonly exited: Promise<void>;
}

/** `npm start -- --serve` on any free ports, resolved once it says it keeps running. */
function npmStart(data: string, mode: string[] = []): Promise<Started> {
  const npm = spawn(
    'npm',
    ['start', '--', '--serve', '--port', '0', '--mail-port', '0', '--data', data, ...mode],
    { env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } },
  );
  let output = '';
  const exited = new Promise<void>((resolve) => npm.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`did not start:\n${output}`)), LIMIT_MS);
    const early = () => {
      clearTimeout(timer);
      reject(new Error(`npm start ended early:\n${output}`));
    };
    npm.once('exit', early);
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (!output.includes('(move the clock on)')) return;
      clearTimeout(timer);
      npm.off('exit', early);
      const api = /API\s+(http:\/\/\S+)/.exec(output)?.[1] ?? '';
      resolve({ npm, api, output: () => output, exited });
    };
    npm.stdout.on('data', read);
    npm.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
  });
}

/** Every process below `pid`, read from /proc. */
function descendants(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const text = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parentOf.set(Number(entry), Number(text.slice(text.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // Ended while being read.
    }
  }
  const found: number[] = [];
  const walk = (parent: number) => {
    for (const [child, p] of parentOf) {
      if (p === parent) {
        found.push(child);
        walk(child);
      }
    }
  };
  walk(pid);
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // A zombie has ended; only its parent has yet to read its status.
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
}

/** Waits until `condition` holds, or fails after {@link LIMIT_MS}. */
async function until(what: string, condition: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + LIMIT_MS;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${LIMIT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const answers = async (url: string) =>
  fetch(`${url}/local/staff`).then(
    () => true,
    () => false,
  );
const lockOf = (data: string) =>
  stat(join(data, 'pid')).then(
    () => true,
    () => false,
  );
/** The server's process: the one the lock names. */
const serverOf = (data: string) => Number(readFileSync(join(data, 'pid'), 'utf8').split(' ')[0]);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'iro-local-stop-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npm start -- --serve stops cleanly', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s to the npm process stops everything it started and gives back the data',
    async (signal) => {
      // Prepare
      const data = join(dir, signal);
      const started = await npmStart(data, ['--fresh']);
      const npmPid = started.npm.pid as number;
      const tree = descendants(npmPid);
      expect(tree).toContain(serverOf(data));
      expect(tree.length).toBeGreaterThanOrEqual(2);

      // Act
      process.kill(npmPid, signal);
      await started.exited;

      // Assess: no process of it left, the API silent, the lock given back
      await until('every process it started ended', () => tree.every((pid) => !alive(pid)));
      expect(await answers(started.api)).toBe(false);
      expect(await lockOf(data)).toBe(false);
      expect(started.output()).not.toContain('Error');
    },
    TEST_MS,
  );

  it.each([
    ['the npm process', (started: Started) => started.npm.pid as number],
    ['the server itself', (_: Started, data: string) => serverOf(data)],
  ])(
    'a restart right after SIGKILL of %s takes the data over and resumes',
    async (_, victim) => {
      // Prepare
      const data = join(dir, `kill-${_.replaceAll(' ', '-')}`);
      const started = await npmStart(data, ['--fresh']);
      const tree = descendants(started.npm.pid as number);

      // Act: killed with no chance to give anything back, then started again at once
      process.kill(victim(started, data), 'SIGKILL');
      const again = await npmStart(data);

      // Assess
      expect(again.output()).toContain('Resumed the unit kept in');
      expect(await answers(again.api)).toBe(true);
      await until('what the killed one started ended', () => tree.every((pid) => !alive(pid)));
      process.kill(again.npm.pid as number, 'SIGTERM');
      await again.exited;
      await until('the restarted unit stopped', async () => !(await lockOf(data)));
    },
    TEST_MS,
  );
});
