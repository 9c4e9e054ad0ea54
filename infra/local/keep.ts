/**
 * What `npm start -- --serve` keeps between runs in its data directory: the table
 * (dynalite on disk, `dynamo/`), the mail sent (`mail.jsonl`) and the virtual clock's
 * instant (`state.json`, written last, so its presence says a unit is there). The Step
 * Functions executions live in memory only, so a restart arms every clock again from
 * what the table holds: each clock still watched gets an execution under the name its
 * head records, which plans as any new event would make it plan, and the notification
 * claims keep it from sending again what was sent before.
 */
import { unlinkSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { workflowInput } from '../../functions/clock-steps.js';
import { isInstant } from '../../workflows/calendar/index.js';
import { type Clock, clocksOf } from '../../workflows/clocks.js';
import type { LocalRuntime } from './runtime.js';
import { STATE_FILE } from './start-options.js';

/** The part of a kept unit that lives in no table: where the virtual clock stood. */
export interface KeptState {
  readonly clock: string;
}

/** The kept state, or undefined if the directory holds none (or an unreadable one). */
export async function readKept(dir: string): Promise<KeptState | undefined> {
  try {
    const state = JSON.parse(await readFile(join(dir, STATE_FILE), 'utf8')) as {
      clock?: unknown;
    };
    return typeof state.clock === 'string' && isInstant(state.clock)
      ? { clock: state.clock }
      : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the state whole or not at all (a rename), so a crash leaves the last good one. */
export async function writeKept(dir: string, state: KeptState): Promise<void> {
  const file = join(dir, STATE_FILE);
  await writeFile(`${file}.new`, `${JSON.stringify(state)}\n`);
  await rename(`${file}.new`, file);
}

/** Says which process uses the data directory (LevelDB allows one). */
const PID_FILE = 'pid';

/**
 * Takes the data directory for this process, creating it if need be: 'held', or the id
 * of the live process that has it. The claim is given back when this process exits.
 */
export async function holdData(dir: string): Promise<'held' | number> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, PID_FILE);
  // `<pid> <parent's pid>`: the process holding it, and the npm (or shell) that started it.
  const [other, parent] = (await readFile(file, 'utf8').catch(() => ''))
    .trim()
    .split(' ')
    .map(Number);
  const known = (id: number | undefined): id is number =>
    id !== undefined && Number.isInteger(id) && id > 0;
  if (
    known(other) &&
    other !== process.pid &&
    (await stillHeld(other, known(parent) ? parent : undefined))
  )
    return other;
  await writeFile(file, `${process.pid} ${process.ppid}\n`);
  process.once('exit', () => {
    try {
      unlinkSync(file);
    } catch {
      // Already gone: nothing to give back.
    }
  });
  return 'held';
}

/** How long a start waits for a holder that is stopping (its npm killed a moment ago) to go. */
const HOLDER_GONE_MS = 10_000;

/**
 * Whether the process `pid`, started by `parent`, still holds the directory. A lock
 * left by a process that is gone (killed with SIGKILL) is stale. A holder whose parent
 * is gone (npm killed) stops itself within a moment (./stop.ts), so it is waited for
 * rather than called in use.
 */
async function stillHeld(pid: number, parent: number | undefined): Promise<boolean> {
  const deadline = Date.now() + HOLDER_GONE_MS;
  while (alive(pid)) {
    const stopping = parent !== undefined && !alive(parent);
    if (!stopping || Date.now() > deadline) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as { code?: string }).code === 'EPERM';
  }
}

/** Empties the data directory of what a run keeps there, and nothing else in it. */
export async function wipeKept(dir: string): Promise<void> {
  for (const entry of [STATE_FILE, `${STATE_FILE}.new`, 'mail.jsonl', 'dynamo']) {
    await rm(join(dir, entry), { recursive: true, force: true });
  }
}

/**
 * Starts an execution for every clock the table says is watched, under the watcher's
 * own name, and lets them settle. Returns how many were armed.
 */
export async function rearmClocks(runtime: LocalRuntime): Promise<number> {
  const { deps, stepFunctions } = runtime;
  const clocks = new Map<string, Clock>();
  for (const log of await deps.events.logs()) {
    for (const { event } of await deps.events.history(log)) {
      let routed: Clock[];
      try {
        routed = clocksOf(event);
      } catch {
        // A retraction keeps no clock of its own: the clocks of the event it names do.
        continue;
      }
      for (const clock of routed) clocks.set(clock.id, clock);
    }
  }
  let armed = 0;
  for (const clock of clocks.values()) {
    const head = await deps.heads.read(clock.id);
    if (head.execution === undefined) continue;
    await deps.signals.start(clock.workflow, head.execution, workflowInput(clock));
    armed++;
  }
  await stepFunctions.settled();
  return armed;
}
