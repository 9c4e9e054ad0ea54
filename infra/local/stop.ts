/**
 * How `npm start` stops: on SIGINT (Ctrl-C), SIGTERM or SIGHUP, and when the process
 * that started it is gone (npm killed, even with SIGKILL, or a shell that ended without
 * passing the signal on). Before the system serves, a stop ends the process at once,
 * through its exit handlers (the SES engine's child, the data directory's lock); once it
 * serves, {@link StopWatch.requested} resolves and the caller closes everything in order.
 */

/** Exit codes as a shell reports a process ended by the signal (128 + its number). */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
/** How often the parent is looked for: a stop within this of npm's death. */
const PARENT_POLL_MS = 250;

export interface StopWatch {
  /** From now on a stop is the caller's to carry out: resolves with what asked for it. */
  serving(): Promise<string>;
}

export function watchStop(): StopWatch {
  const parent = process.ppid;
  let onRequest: ((reason: string) => void) | undefined;
  let requested = false;
  const request = (reason: string, code: number) => {
    if (requested || !onRequest) {
      // Not serving yet, or asked a second time while stopping: end now.
      process.exit(code);
    }
    requested = true;
    onRequest(reason);
  };
  for (const signal of Object.keys(SIGNAL_EXIT) as (keyof typeof SIGNAL_EXIT)[]) {
    process.on(signal, () => request(signal, SIGNAL_EXIT[signal]));
  }
  setInterval(() => {
    if (process.ppid !== parent) request('parent gone', SIGNAL_EXIT.SIGHUP);
  }, PARENT_POLL_MS).unref();
  return {
    serving: () =>
      new Promise((resolve) => {
        onRequest = resolve;
      }),
  };
}
