/**
 * Step Functions on one machine: the synthesized state machine definitions run by
 * aws-local-stepfunctions, their Task states bound to the real handlers, with task
 * tokens and time emulated. It answers the Step Functions API calls the handlers make
 * (StartExecution, SendTaskSuccess, DescribeExecution) on a local HTTP endpoint, so the
 * handlers' code is the same as in AWS; only AWS_ENDPOINT_URL_SFN differs.
 *
 * Time is virtual and owned here (architecture.md, "Known limits"): aws-local-stepfunctions
 * arms a real setTimeout for a task's timeout, which fires at once past 24.8 days, and
 * reads TimeoutSecondsPath after Parameters. So each waiting state runs from a copy of
 * the definition without its TimeoutSecondsPath; its wait is registered with the virtual
 * clock, which raises States.Timeout when {@link LocalStepFunctions.advanceTo} passes it.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { StateMachine } from 'aws-local-stepfunctions';

/** A handler as the runner calls it: the Task's payload in, the result out. */
export type LocalHandler = (payload: unknown) => Promise<unknown>;

/** One state machine: its runnable ASL and which handler each placeholder function ARN is. */
export interface LocalDefinition {
  readonly definition: AslDefinition;
  /** Placeholder Lambda ARN -> handler name (e.g. 'plan-step'). */
  readonly handlers: Readonly<Record<string, string>>;
}

interface AslState {
  Type: string;
  Resource?: string;
  Parameters?: Record<string, unknown>;
  TimeoutSecondsPath?: string;
  TimeoutSeconds?: number;
  Retry?: unknown[];
  /** A Map state's states (the import runs its chunks in one). */
  ItemProcessor?: { States: Record<string, AslState> };
  Iterator?: { States: Record<string, AslState> };
}

/** Every state of a definition, those inside Map states included (their names are unique too). */
function allStates(states: Record<string, AslState>): [string, AslState][] {
  return Object.entries(states).flatMap(([name, state]) => {
    const inner = state.ItemProcessor ?? state.Iterator;
    return [[name, state] as [string, AslState], ...(inner ? allStates(inner.States) : [])];
  });
}
export interface AslDefinition {
  StartAt: string;
  States: Record<string, AslState>;
}

/** The fixed token aws-local-stepfunctions would put in every wait; replaced by a unique one per wait. */
const CONTEXT_TOKEN = 'local-context-token';
/** How long {@link LocalStepFunctions.settled} waits for news before looking again anyway. */
const QUIET_POLL_MS = 20;
/** Real timeout for a copied waiting state: under Node's 24.8-day setTimeout limit, never reached in a run. */
const REAL_TIMEOUT_SECONDS = 2_000_000;

interface Wait {
  readonly token: string;
  readonly execution: Execution;
  readonly deadline: number;
  readonly resolve: (output: unknown) => void;
  readonly reject: (error: Error) => void;
  parked: boolean;
}

interface Execution {
  readonly arn: string;
  readonly name: string;
  readonly stateMachineArn: string;
  readonly input: string;
  readonly startDate: number;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  error?: string;
  /** Set while the execution waits for a token or its timeout: it is not busy then. */
  waiting?: Wait;
  abort?: () => void;
  done: Promise<void>;
}

/** An error the Step Functions API answers with (the SDK maps `__type` to its exception). */
class ApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

class StatesTimeout extends Error {
  override readonly name = 'States.Timeout';
}

export interface LocalStepFunctionsOptions {
  /** By workflow name; state machine ARNs are `${arnPrefix}${workflow}`. */
  readonly definitions: Readonly<Record<string, LocalDefinition>>;
  /** By handler name. */
  readonly handlers: Readonly<Record<string, LocalHandler>>;
  readonly arnPrefix: string;
  /** Where virtual time starts (ISO instant). */
  readonly startAt: string;
  /** Counts what AWS bills: executions started and state transitions (each state entered or retried). */
  readonly usage?: { stateTransitions: number; executions: number };
  /** Tasks one execution may run before it is stopped as a runaway (tests lower it). */
  readonly maxTasksPerExecution?: number;
}

/**
 * AWS ends an execution at 25,000 history events, several per task: a loop that never
 * waits is stopped here well before, whatever an id or a fault makes it do.
 */
export const MAX_TASKS_PER_EXECUTION = 5_000;

/** Raised by the task that crosses the limit: the state machine's catch takes it to the alert path. */
class RunawayExecution extends Error {
  override readonly name = 'RunawayExecution';
}

export class LocalStepFunctions {
  private nowMs: number;
  private readonly machines = new Map<string, InstanceType<typeof StateMachine>>();
  private readonly runOverrides = new Map<string, object>();
  private readonly executions = new Map<string, Execution>();
  private readonly waits = new Map<string, Wait>();
  /** Executions still running, so checking for quiet does not walk every execution ever started. */
  private readonly active = new Set<Execution>();
  private readonly changed = new Set<() => void>();
  private server?: Server;
  /** What runs by the clock beside the executions (the morning list), earliest first when due together. */
  private readonly timers: {
    at: number;
    next: (afterMs: number) => number;
    run: () => Promise<void>;
  }[] = [];
  /** Failures of executions, for tests and the console. */
  readonly failures: { execution: string; error: string }[] = [];

  constructor(private readonly options: LocalStepFunctionsOptions) {
    this.nowMs = Date.parse(options.startAt);
    for (const [workflow, local] of Object.entries(options.definitions)) {
      const arn = `${options.arnPrefix}${workflow}`;
      const { definition, overrides } = this.localCopy(local);
      this.machines.set(
        arn,
        new StateMachine(definition as never, {
          validationOptions: { checkArn: false, checkPaths: false },
        }),
      );
      this.runOverrides.set(arn, overrides);
    }
  }

  /** The virtual now. */
  now(): string {
    return new Date(this.nowMs).toISOString();
  }

  /** The Step Functions API as a request listener, for a client in this process to call without a socket. */
  readonly listener = (request: IncomingMessage, response: ServerResponse): void =>
    void this.answer(request, response);

  /** Serves the Step Functions API on 127.0.0.1; returns the endpoint URL. */
  async listen(): Promise<string> {
    this.server = createServer(this.listener);
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** Stops every execution where it stands (no failure, no alert) and the endpoint. */
  async close(): Promise<void> {
    for (const execution of this.executions.values()) execution.abort?.();
    // Settle the aborted waits too, so the library clears its real timeout timers.
    for (const wait of this.waits.values()) wait.reject(new Error('runner closed'));
    this.waits.clear();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  /** Executions by name, for assertions. */
  execution(name: string): Readonly<Execution> | undefined {
    return [...this.executions.values()].find((e) => e.name === name);
  }

  /** Where each running execution waits: state machine, name, and whether parked. */
  running(): { workflow: string; name: string; waitingUntil?: string }[] {
    return [...this.executions.values()]
      .filter((e) => e.status === 'RUNNING')
      .map((e) => ({
        workflow: e.stateMachineArn.slice(this.options.arnPrefix.length),
        name: e.name,
        ...(e.waiting ? { waitingUntil: new Date(e.waiting.deadline).toISOString() } : {}),
      }));
  }

  /**
   * Resolves once every execution is waiting or finished: nothing moves until time or an
   * event does. Quiet must hold over three turns of the event loop in a row; while
   * something is busy, it waits for a wait to park or an execution to end (or, as a
   * safety net, a short while) rather than polling on a timer.
   */
  async settled(): Promise<void> {
    let quietChecks = 0;
    while (quietChecks < 3) {
      await new Promise((resolve) => setImmediate(resolve));
      if (this.busy()) {
        quietChecks = 0;
        await this.quieter();
      } else {
        quietChecks++;
      }
    }
  }

  /** Whether some execution runs a step rather than waiting or having finished. */
  private busy(): boolean {
    for (const execution of this.active) if (!execution.waiting?.parked) return true;
    return false;
  }

  /** Resolves when an execution may have become quiet: a wait parked or an execution ended. */
  private quieter(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.changed.delete(wake);
        resolve();
      }, QUIET_POLL_MS);
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      this.changed.add(wake);
    });
  }

  /** Tells whoever waits in {@link settled} that something may have become quiet. */
  private notifyChanged(): void {
    const waiting = [...this.changed];
    this.changed.clear();
    for (const wake of waiting) wake();
  }

  /**
   * Runs `run` at each instant `next` gives as virtual time passes it (as EventBridge
   * Scheduler would): `next(ms)` is the first instant strictly after `ms`. A failure is
   * recorded in {@link failures} under `name`, as a failed execution would be.
   */
  every(name: string, next: (afterMs: number) => number, run: () => Promise<unknown>): void {
    this.timers.push({
      // A run started at the very instant a timer fell (a restart after a kill in the
      // middle of it) runs it again: a rerun sends only what did not go.
      at: next(this.nowMs - 1),
      next,
      run: async () => {
        try {
          await run();
        } catch (error) {
          this.failures.push({ execution: name, error: (error as Error).name });
        }
      },
    });
  }

  /**
   * Moves virtual time to `instant`, timing out each wait that falls due on the way, in
   * order, and letting the workflows settle after each before moving on. A timer due at
   * the same instant as a wait runs first.
   */
  async advanceTo(instant: string): Promise<void> {
    const target = Date.parse(instant);
    await this.settled();
    for (;;) {
      const next = [...this.waits.values()]
        .filter((w) => w.parked && w.deadline <= target)
        .sort((a, b) => a.deadline - b.deadline)[0];
      const timer = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at)[0];
      if (timer && (!next || timer.at <= next.deadline)) {
        this.nowMs = Math.max(this.nowMs, timer.at);
        timer.at = timer.next(timer.at);
        await timer.run();
        await this.settled();
        continue;
      }
      if (!next) break;
      this.nowMs = Math.max(this.nowMs, next.deadline);
      this.endWait(next);
      next.reject(new StatesTimeout('States.Timeout'));
      await this.settled();
    }
    this.nowMs = Math.max(this.nowMs, target);
  }

  /** StartExecution: idempotent for the same name and input while running, as in AWS. */
  startExecution(stateMachineArn: string, name: string, input: string): Execution {
    const machine = this.machines.get(stateMachineArn);
    if (!machine)
      throw new ApiError('StateMachineDoesNotExist', `no state machine ${stateMachineArn}`);
    const arn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
    const existing = this.executions.get(arn);
    if (existing) {
      if (existing.status === 'RUNNING' && existing.input === input) return existing;
      throw new ApiError('ExecutionAlreadyExists', `execution ${name} already exists`);
    }
    const startDate = this.nowMs;
    const execution: Execution = {
      arn,
      name,
      stateMachineArn,
      input,
      startDate,
      status: 'RUNNING',
      done: Promise.resolve(),
    };
    this.executions.set(arn, execution);
    this.active.add(execution);
    const run = machine.run(JSON.parse(input), {
      noThrowOnAbort: true,
      overrides: this.withExecution(this.runOverrides.get(stateMachineArn) ?? {}, execution),
      context: {
        Execution: {
          Id: arn,
          Name: name,
          StartTime: new Date(startDate).toISOString(),
          Input: JSON.parse(input),
        },
        StateMachine: { Id: stateMachineArn },
        Task: { Token: CONTEXT_TOKEN },
      },
    } as never);
    execution.abort = run.abort;
    void this.countTransitions(run.eventLogs);
    execution.done = run.result
      .then(
        () => {
          execution.status = 'SUCCEEDED';
        },
        (error: Error) => {
          execution.status = 'FAILED';
          execution.error = error.name;
          this.failures.push({ execution: name, error: `${error.name}: ${error.message}` });
        },
      )
      .finally(() => {
        this.active.delete(execution);
        this.notifyChanged();
      });
    return execution;
  }

  /**
   * Reads the run's event log as it is written (which also lets the library drop each
   * event, input and output included, instead of keeping them for the execution's life).
   */
  private async countTransitions(events: AsyncGenerator<{ type: string }>): Promise<void> {
    const usage = this.options.usage;
    if (usage) usage.executions++;
    for await (const event of events) {
      if (usage && (event.type === 'StateEntered' || event.type === 'StateRetried'))
        usage.stateTransitions++;
    }
  }

  /** SendTaskSuccess: wakes the wait holding the token. */
  sendTaskSuccess(token: string, output: string): void {
    const wait = this.waits.get(token);
    if (!wait) throw new ApiError('TaskDoesNotExist', 'no task waits on this token');
    this.endWait(wait);
    wait.resolve(JSON.parse(output));
  }

  private endWait(wait: Wait): void {
    this.waits.delete(wait.token);
    if (wait.execution.waiting === wait) delete wait.execution.waiting;
  }

  /**
   * The copy the runner executes: waiting states lose TimeoutSecondsPath (the virtual
   * clock owns it) and every Task is bound to its handler; retries pause for no real time.
   */
  private localCopy(local: LocalDefinition): { definition: AslDefinition; overrides: object } {
    const definition = structuredClone(local.definition);
    const handlersByState: Record<
      string,
      { handler: string; waits: boolean; startTimeKeys: string[] }
    > = {};
    const retryIntervalOverrides: Record<string, number> = {};
    for (const [stateName, state] of allStates(definition.States)) {
      if (state.Type !== 'Task') continue;
      const waits = state.Resource?.endsWith(':lambda:invoke.waitForTaskToken') ?? false;
      const functionArn = waits ? String(state.Parameters?.FunctionName) : String(state.Resource);
      const handler = local.handlers[functionArn];
      if (!handler) throw new Error(`state ${stateName}: no handler for ${functionArn}`);
      if (!this.options.handlers[handler])
        throw new Error(`state ${stateName}: handler ${handler} is not bound`);
      // aws-local-stepfunctions stamps $$.Execution.StartTime with the real time; the
      // handler must see the virtual start, so those payload fields are filled in here.
      const startTimeKeys = Object.entries(state.Parameters ?? {})
        .filter(([, value]) => value === '$$.Execution.StartTime')
        .map(([key]) => key.slice(0, -2));
      handlersByState[stateName] = { handler, waits, startTimeKeys };
      if (waits) {
        const payload = state.Parameters?.Payload as Record<string, unknown> | undefined;
        if (!state.TimeoutSecondsPath || payload?.['waitSeconds.$'] !== state.TimeoutSecondsPath) {
          throw new Error(
            `state ${stateName}: a wait must carry its TimeoutSecondsPath as waitSeconds`,
          );
        }
        delete state.TimeoutSecondsPath;
        state.TimeoutSeconds = REAL_TIMEOUT_SECONDS;
      }
      // AWS gives a Lambda task no timeout of its own (Lambda's applies, which middy
      // emulates); aws-local-stepfunctions would give it 60 real seconds, which a step
      // on a busy machine can take.
      if (!waits && state.TimeoutSeconds === undefined && state.TimeoutSecondsPath === undefined)
        state.TimeoutSeconds = REAL_TIMEOUT_SECONDS;
      if (state.Retry) retryIntervalOverrides[stateName] = 0;
    }
    return {
      definition,
      overrides: { handlersByState, retryIntervalOverrides },
    };
  }

  private withExecution(overrides: object, execution: Execution): object {
    const { handlersByState, retryIntervalOverrides } = overrides as {
      handlersByState: Record<string, { handler: string; waits: boolean; startTimeKeys: string[] }>;
      retryIntervalOverrides: Record<string, number>;
    };
    const startTime = new Date(execution.startDate).toISOString();
    const taskResourceLocalHandlers: Record<string, (input: unknown) => Promise<unknown>> = {};
    const limit = this.options.maxTasksPerExecution ?? MAX_TASKS_PER_EXECUTION;
    let tasks = 0;
    for (const [stateName, { handler, waits, startTimeKeys }] of Object.entries(handlersByState)) {
      const bound = this.options.handlers[handler] as LocalHandler;
      // Past the limit every task fails (retries included), except the alert that the
      // state machine's catch runs before it fails the execution.
      const call: LocalHandler = (input) =>
        ++tasks > limit && handler !== 'alert'
          ? Promise.reject(new RunawayExecution(`more than ${limit} tasks in one execution`))
          : bound(input);
      const virtual = (input: unknown) =>
        startTimeKeys.length === 0
          ? input
          : {
              ...(input as object),
              ...Object.fromEntries(startTimeKeys.map((key) => [key, startTime])),
            };
      taskResourceLocalHandlers[stateName] = waits
        ? (input) => this.waitForToken(execution, call, input)
        : (input) => call(virtual(input));
    }
    return { taskResourceLocalHandlers, retryIntervalOverrides };
  }

  /** A `.waitForTaskToken` state: a unique token, the handler told it, then wait for a signal or the virtual timeout. */
  private async waitForToken(
    execution: Execution,
    call: LocalHandler,
    input: unknown,
  ): Promise<unknown> {
    const { Payload } = input as { Payload: Record<string, unknown> };
    const token = `${execution.name}:${randomUUID()}`;
    const seconds = Number(Payload.waitSeconds);
    if (!Number.isInteger(seconds) || seconds < 1) {
      throw new Error(
        `TimeoutSecondsPath must give a whole number of seconds >= 1, got ${seconds}`,
      );
    }
    let resolve!: (output: unknown) => void;
    let reject!: (error: Error) => void;
    const promise = new Promise<unknown>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // Closing the runner rejects every wait, even one whose handler never returned (a
    // process killed mid-step): that rejection is no failure of anyone's.
    promise.catch(() => {});
    const wait: Wait = {
      token,
      execution,
      deadline: this.nowMs + seconds * 1000,
      resolve,
      reject,
      parked: false,
    };
    this.waits.set(token, wait);
    execution.waiting = wait;
    try {
      await call({ ...Payload, token });
    } catch (error) {
      this.endWait(wait);
      throw error;
    }
    wait.parked = true;
    this.notifyChanged();
    return promise;
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const target = String(request.headers['x-amz-target'] ?? '').replace('AWSStepFunctions.', '');
    const reply = (status: number, body: object) => {
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(JSON.stringify(body));
    };
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      if (target === 'StartExecution') {
        const execution = this.startExecution(body.stateMachineArn, body.name, body.input ?? '{}');
        reply(200, { executionArn: execution.arn, startDate: execution.startDate / 1000 });
      } else if (target === 'SendTaskSuccess') {
        this.sendTaskSuccess(body.taskToken, body.output ?? '{}');
        reply(200, {});
      } else if (target === 'DescribeExecution') {
        const execution = this.executions.get(body.executionArn);
        if (!execution) throw new ApiError('ExecutionDoesNotExist', 'no such execution');
        reply(200, {
          executionArn: execution.arn,
          stateMachineArn: execution.stateMachineArn,
          name: execution.name,
          status: execution.status,
          startDate: execution.startDate / 1000,
          input: execution.input,
        });
      } else {
        throw new ApiError('UnknownOperationException', `${target} is not emulated`);
      }
    } catch (error) {
      const type = error instanceof ApiError ? error.type : 'InternalFailure';
      reply(error instanceof ApiError ? 400 : 500, {
        __type: type,
        message: (error as Error).message,
      });
    }
  }
}
