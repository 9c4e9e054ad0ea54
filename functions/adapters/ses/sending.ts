/**
 * One SendEmail with the retry policy every SES adapter shares: throttling and server
 * faults are retried with capped exponential backoff and full jitter; what retrying
 * cannot fix is thrown at once as a {@link PermanentMailError}. Neither error ever
 * carries the email: only SES's error code, our own words for it, and the request id.
 */
import {
  type SESv2Client,
  SendEmailCommand,
  type SendEmailCommandInput,
} from '@aws-sdk/client-sesv2';
import type { Logger } from '../../shared/observability.js';

export interface MailRetryOptions {
  /** Calls in all, the first included (at least 1). */
  readonly attempts: number;
  /** The ceiling of the first wait; it doubles on each retry up to `maxDelayMs`. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Injected by tests; a real timer otherwise. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Uniform in [0, 1); injected by tests for exact delays. */
  readonly random?: () => number;
}

/**
 * What a permanent failure stops: this one email (`message`: SES refuses its content or
 * its recipient), or every email from this sender until someone fixes the account or
 * its configuration (`sender`): the email itself may go once they have.
 */
export type MailFailureScope = 'message' | 'sender';

/** SES refused the email and will refuse it again: do not retry as it stands. */
export class PermanentMailError extends Error {
  override readonly name = 'PermanentMailError';
  constructor(
    /** The SES error code, e.g. `MessageRejected`. */
    readonly code: string,
    readonly affects: MailFailureScope,
    /** Our own words for the code: never SES's message, never the email. */
    readonly reason: string,
    readonly requestId: string | undefined,
  ) {
    super(`SES will not send this email: ${reason} (${code})`);
  }
}

/** SES kept throttling (or failing) until the attempts ran out: try again later. */
export class TransientMailError extends Error {
  override readonly name = 'TransientMailError';
  constructor(
    readonly code: string,
    readonly attempts: number,
    readonly requestId: string | undefined,
  ) {
    super(`SES did not accept the email after ${attempts} attempt(s); last error ${code}`);
  }
}

/** SendEmail's documented errors that retrying does not cure. */
const PERMANENT: Readonly<Record<string, { affects: MailFailureScope; reason: string }>> = {
  MessageRejected: {
    affects: 'message',
    reason: 'SES rejected the message (its content, or a recipient it will not send to)',
  },
  BadRequestException: { affects: 'message', reason: 'SES found the request invalid' },
  MailFromDomainNotVerifiedException: {
    affects: 'sender',
    reason: "the sender's MAIL FROM domain is not verified",
  },
  AccountSuspendedException: {
    affects: 'sender',
    reason: "the account's ability to send email has been permanently restricted",
  },
  // Paused by AWS review or by disabling the configuration set: lifted by a person, not
  // by waiting seconds, so it is not retried here.
  SendingPausedException: {
    affects: 'sender',
    reason: 'sending is paused for the account or the configuration set',
  },
  NotFoundException: {
    affects: 'sender',
    reason: 'the configuration set or the sending identity does not exist',
  },
};

/** Rate limits: SES asks callers to back off and retry. */
const THROTTLING = new Set([
  'TooManyRequestsException',
  'LimitExceededException',
  'ThrottlingException',
  'Throttling',
]);
const TRANSIENT = new Set(['InternalServiceErrorException', 'TimeoutError', 'RequestTimeout']);
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT']);

interface ErrorFacts {
  readonly name: string;
  readonly fault?: unknown;
  readonly status?: number;
  readonly requestId?: string;
  readonly code?: unknown;
}

function factsOf(error: unknown): ErrorFacts {
  if (typeof error !== 'object' || error === null) return { name: typeof error };
  const e = error as {
    name?: unknown;
    $fault?: unknown;
    code?: unknown;
    $metadata?: { httpStatusCode?: unknown; requestId?: unknown };
  };
  const status = e.$metadata?.httpStatusCode;
  const requestId = e.$metadata?.requestId;
  return {
    name: typeof e.name === 'string' ? e.name : 'Error',
    fault: e.$fault,
    code: e.code,
    ...(typeof status === 'number' ? { status } : {}),
    ...(typeof requestId === 'string' ? { requestId } : {}),
  };
}

type Verdict =
  | { readonly kind: 'retry' }
  | { readonly kind: 'permanent'; readonly affects: MailFailureScope; readonly reason: string }
  | { readonly kind: 'unknown' };

function verdictOn(facts: ErrorFacts): Verdict {
  const { name, fault, status, code } = facts;
  const permanent = Object.hasOwn(PERMANENT, name) ? PERMANENT[name] : undefined;
  if (permanent !== undefined) return { kind: 'permanent', ...permanent };
  if (THROTTLING.has(name) || TRANSIENT.has(name) || status === 429) return { kind: 'retry' };
  if (fault === 'server' || (status !== undefined && status >= 500)) return { kind: 'retry' };
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return { kind: 'retry' };
  // Any other client fault is the same request refused again on retry.
  if (fault === 'client' && status !== undefined && status >= 400 && status < 500) {
    return status === 400
      ? { kind: 'permanent', affects: 'message', reason: 'SES found the request invalid' }
      : { kind: 'permanent', affects: 'sender', reason: `SES refused the sender (HTTP ${status})` };
  }
  return { kind: 'unknown' };
}

/**
 * Full jitter: a uniform wait up to the exponential ceiling, which spreads retries of
 * many Lambdas throttled at once instead of having them return together.
 */
export function backoffDelay(
  retry: number,
  retryOptions: Pick<MailRetryOptions, 'baseDelayMs' | 'maxDelayMs'>,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(retryOptions.maxDelayMs, retryOptions.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}

const DEFAULT_RETRY: MailRetryOptions = { attempts: 4, baseDelayMs: 200, maxDelayMs: 5_000 };

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function checkRetry(retry: MailRetryOptions): void {
  const { attempts, baseDelayMs, maxDelayMs } = retry;
  if (!Number.isInteger(attempts) || attempts < 1) {
    throw new RangeError(`retry.attempts must be a whole number of at least 1, got ${attempts}`);
  }
  if (!(baseDelayMs >= 0) || !(maxDelayMs >= baseDelayMs)) {
    throw new RangeError(
      `retry delays must satisfy 0 <= baseDelayMs <= maxDelayMs, got ${baseDelayMs} and ${maxDelayMs}`,
    );
  }
}

export interface SendOptions {
  readonly retry?: MailRetryOptions;
  /** Told of each retry: the error code and the wait, never the email. */
  readonly logger?: Pick<Logger, 'warn'> | undefined;
}

/** A sender bound to a client and a retry policy; the policy is checked once, here. */
export function sesSender(
  client: SESv2Client,
  options: SendOptions = {},
): (input: SendEmailCommandInput) => Promise<{ messageId: string }> {
  const retry = options.retry ?? DEFAULT_RETRY;
  checkRetry(retry);
  const sleep = retry.sleep ?? realSleep;
  const random = retry.random ?? Math.random;
  const { logger } = options;

  return async (input) => {
    const command = new SendEmailCommand(input);
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await client.send(command);
        // SES always returns one; the email has gone, so a missing id is not a failure.
        return { messageId: response.MessageId ?? 'unknown' };
      } catch (error) {
        const facts = factsOf(error);
        const verdict = verdictOn(facts);
        if (verdict.kind === 'permanent') {
          throw new PermanentMailError(
            facts.name,
            verdict.affects,
            verdict.reason,
            facts.requestId,
          );
        }
        if (verdict.kind === 'unknown') throw error;
        // A network failure is named by its errno code (ECONNRESET), an SES error by its name.
        const code = typeof facts.code === 'string' ? facts.code : facts.name;
        if (attempt >= retry.attempts) throw new TransientMailError(code, attempt, facts.requestId);
        const delayMs = backoffDelay(attempt, retry, random);
        logger?.warn('SES did not accept the email; retrying', { code, attempt, delayMs });
        await sleep(delayMs);
      }
    }
  };
}
