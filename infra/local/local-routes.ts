/**
 * The routes only the local server has, and the local server's own rule on recording:
 *
 * - `GET /local/staff`: the sample unit's staff and their roles, with no sign-in: it
 *   stands in for the identity provider's login page ("sign in as").
 * - `GET /local/clock`: where the virtual clock stands, and what each workflow waits for.
 * - `POST /local/clock?to=<instant>`: moves the virtual clock on, letting every
 *   workflow act on the way. Time only moves forward, to a full instant. Only with the
 *   header {@link CLOCK_HEADER} and no foreign `Origin`: a web page the user visits
 *   cannot send that header without a CORS preflight this server never grants, so it
 *   cannot move the clock, which never moves back.
 * - An event dated after the virtual clock's day is refused: on a virtual clock nothing
 *   can have happened later than today, and accepting it would plan from a day to come.
 */
import type { IncomingMessage } from 'node:http';
import { isInstant, londonDate, toEpochMillis } from '../../workflows/calendar/index.js';
import { eventDate, parseEvent } from '../../workflows/events.js';
import type { LocalStepFunctions } from './step-functions.js';

/**
 * A member of staff as the sign-in page lists them: the roles their token will carry,
 * and the posts they are allocated to (team manager, head of service...), so a person
 * trying the system knows whom to be.
 */
export interface LocalStaffMember {
  readonly staffId: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly posts?: readonly string[];
}

export interface LocalServing {
  /** Who may "sign in" locally (`GET /local/staff`); none if not given. */
  readonly staff?: readonly LocalStaffMember[];
  /** Told after the clock moves (to keep its instant). */
  readonly onClockMoved?: (now: string) => Promise<void>;
}

export interface LocalAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** The header a move of the clock must carry (`x-local-clock: move`): no HTML form can send it. */
export const CLOCK_HEADER = 'x-local-clock';

/**
 * Why a request to move the clock may not, or undefined: it lacks {@link CLOCK_HEADER},
 * or comes from a page of another origin than this server's.
 */
function crossOrigin(request: IncomingMessage): LocalAnswer | undefined {
  const origin = request.headers.origin;
  const host = request.headers.host;
  if (origin !== undefined && (host === undefined || origin !== `http://${host}`)) {
    return {
      status: 403,
      body: { reason: "the clock is moved only from this server's own pages" },
    };
  }
  if (request.headers[CLOCK_HEADER] !== 'move') {
    return {
      status: 403,
      body: { reason: `send the header ${CLOCK_HEADER}: move to move the clock` },
    };
  }
  return undefined;
}

const TO_EXAMPLE = 'such as 2017-07-10T09:00:00Z or 2017-07-10T10:00:00+01:00';
const toProblem = (reason: string): LocalAnswer => ({
  status: 400,
  body: { problems: [{ field: 'to', reason }] },
});

/** The answer to a `/local/...` request, or undefined if the path is not one of them. */
export async function answerLocal(
  request: IncomingMessage,
  url: URL,
  stepFunctions: LocalStepFunctions,
  serving: LocalServing,
): Promise<LocalAnswer | undefined> {
  const method = request.method ?? 'GET';
  if (url.pathname === '/local/staff') {
    if (method !== 'GET') return { status: 405, body: { reason: 'use GET' } };
    return {
      status: 200,
      body: {
        staff: (serving.staff ?? []).map(({ staffId, name, roles, posts }) => ({
          staffId,
          name,
          roles: [...roles],
          posts: [...(posts ?? [])],
        })),
      },
    };
  }
  if (url.pathname !== '/local/clock') return undefined;
  const clock = () => ({
    status: 200,
    body: { now: stepFunctions.now(), running: stepFunctions.running().length },
  });
  if (method === 'GET') {
    const running = stepFunctions.running();
    return {
      status: 200,
      body: {
        now: stepFunctions.now(),
        running: running.length,
        // Names are hashes: they carry no child's id.
        waiting: running
          .map(({ workflow, name, waitingUntil }) => ({ workflow, name, until: waitingUntil }))
          .sort((a, b) => (a.name < b.name ? -1 : 1)),
      },
    };
  }
  if (method !== 'POST') return { status: 405, body: { reason: 'use GET or POST' } };
  const foreign = crossOrigin(request);
  if (foreign) return foreign;
  const to = url.searchParams.get('to');
  if (to === null || to === '') return toProblem(`is required: a full instant, ${TO_EXAMPLE}`);
  if (!isInstant(to)) {
    return toProblem(`must be a full instant with seconds and an offset or Z, ${TO_EXAMPLE}`);
  }
  if (toEpochMillis(to) < Date.parse(stepFunctions.now())) {
    return toProblem(
      `must not be before the virtual clock, which stands at ${stepFunctions.now()}: time only moves on`,
    );
  }
  await stepFunctions.advanceTo(to);
  await serving.onClockMoved?.(stepFunctions.now());
  return clock();
}

/**
 * The refusal of a recording whose event (or any event of a batch) is dated after the
 * virtual clock's day, naming the date field; undefined when every event may go on to
 * the handler (which answers every other rule). Nothing of the batch is recorded.
 */
export function afterToday(body: string, now: string): LocalAnswer | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  const today = londonDate(now);
  const items = Array.isArray(value) ? value : [value];
  const problems = items.flatMap((item, index) => {
    const parsed = parseEvent(item);
    if (!parsed.ok || eventDate(parsed.event) <= today) return [];
    const field = parsed.event.type === 'ReportShared' ? 'at' : 'date';
    return [
      {
        field: Array.isArray(value) ? `[${index}].${field}` : field,
        // In people's words: whoever records it reads this, not the API's routes.
        reason: `is after the virtual clock's day, ${today}: the local system's today has not reached it yet`,
      },
    ];
  });
  return problems.length > 0 ? { status: 400, body: { problems } } : undefined;
}
