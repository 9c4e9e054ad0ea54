/**
 * The young person's views before a review (architecture.md, "The child's voice").
 *
 * Staff, signed in: the allocated IRO or social worker makes a link for the child's next
 * review (`POST /children/{childId}/views-links`), withdraws it (`DELETE
 * .../views-links/{linkId}`), and records that they acted on a safety alert (`POST
 * .../views-links/{linkId}/safety-acted`); they and managers read the views (`GET
 * /children/{childId}/views`).
 *
 * The young person, with no sign-in: `POST /views/open` (may this link be used?) and
 * `POST /views/answers`. Both take the link's secret in the body, never in the path or
 * query, so no access log holds it. Every link that cannot be used (unknown, used up,
 * expired, withdrawn, its review held) gets the same answer. The young person's words
 * are never logged, emailed or echoed.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { type LocalDate, londonDate } from '../workflows/calendar/index.js';
import { reviewsClock } from '../workflows/clocks.js';
import {
  type CaseEventOf,
  FEELS_SAFE,
  MAX_VIEWS_LENGTH,
  WOULD_ATTEND,
} from '../workflows/events.js';
import { RESERVED_SUBJECT_ID } from '../workflows/ids.js';
import type { Obligation } from '../workflows/obligations.js';
import { NOT_SAFE_ROLES, notSafeKey } from '../workflows/schedule.js';
import {
  MAX_VIEWS_SUBMISSIONS,
  type ViewsLinkRecord,
  viewsLinkKey,
  viewsLinkLastDay,
  viewsLinkState,
} from '../workflows/voice/links.js';
import { dynamoClockHeads } from './adapters/dynamodb/clock-heads.js';
import { dynamoEventStore } from './adapters/dynamodb/event-store.js';
import { dynamoNotificationLog } from './adapters/dynamodb/notification-log.js';
import { dynamoObligationBoard } from './adapters/dynamodb/obligation-board.js';
import { dynamoStaffDirectory } from './adapters/dynamodb/staff-directory.js';
import { dynamoViewsLinks } from './adapters/dynamodb/views-links.js';
import { dynamoPorts } from './aws/dynamodb.js';
import { sesSafety } from './aws/ses.js';
import { sfnDependencies } from './aws/sfn.js';
import { type Caller, childLinkCaller } from './shared/access.js';
import type { Needs } from './shared/dependencies.js';
import { baseDependencies } from './shared/dependencies.js';
import { plannerEvents } from './shared/history.js';
import {
  badPathId,
  bodyOf,
  callerOf,
  forbidden,
  json,
  notFound,
  problems,
  refused,
  unauthenticated,
} from './shared/http.js';
import { awsHandler, lambda } from './shared/lambda.js';
import { recordEvent } from './shared/record.js';
import { sendOnce } from './shared/send-once.js';
import { childPageLink } from './shared/tray-links.js';

export type ViewsNeeds = Needs<
  | 'events'
  | 'heads'
  | 'signals'
  | 'staff'
  | 'now'
  | 'board'
  | 'viewsLinks'
  | 'safetyMail'
  | 'alerts'
  | 'notifications'
  | 'sendLease'
  | 'caseRecordUrl'
>;

/** The one answer for every link that cannot be used: it says nothing of why. */
export const LINK_NOT_WORKING = 'this link no longer works: ask your IRO for a new one';
/** A request body larger than this is refused before it is read (the answers are 5,000 characters at most). */
export const MAX_VIEWS_BODY_BYTES = 32 * 1024;
/** Bytes of randomness in a link's secret: 256 bits, written as 43 base64url characters. */
const SECRET_BYTES = 32;
/** Where the young person's page is, on the work tray's origin; the secret follows `#`, which no server receives. */
export const VIEWS_PAGE_PATH = '/your-views.html';

const hashOf = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/**
 * A small in-process limit per key (a link's hash, an address) over a sliding window.
 * In AWS the stage's route throttle and the WAF rate rule do this across containers
 * (infra/stacks/api-stack.ts, edge-stack.ts); this one stands for them locally and
 * backs them up in each container.
 */
export class RateLimiter {
  private readonly seen = new Map<string, number[]>();
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly clock: () => number = Date.now,
  ) {}
  /** Counts one request for `key`; false when it is over the limit. */
  allow(key: string): boolean {
    const now = this.clock();
    const recent = (this.seen.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length >= this.limit) {
      this.seen.set(key, recent);
      return false;
    }
    recent.push(now);
    this.seen.set(key, recent);
    if (this.seen.size > 10_000) this.seen.delete(this.seen.keys().next().value as string);
    return true;
  }
}

export interface ViewsLimits {
  readonly perLink: RateLimiter;
  readonly perAddress: RateLimiter;
}

/** 20 requests a link and 60 an address in 10 minutes: plenty for one young person, little for a guesser. */
export const defaultLimits = (): ViewsLimits => ({
  perLink: new RateLimiter(20, 10 * 60_000),
  perAddress: new RateLimiter(60, 10 * 60_000),
});

const sharedLimits = defaultLimits();

/**
 * Where the safety email's link goes: the child's page in the work tray (`WORK_TRAY_URL`,
 * its origin, set by the API stack), where the person records that they acted; without
 * it (the local system), the council's case record.
 */
export interface ViewsOptions {
  readonly workTrayUrl?: string | undefined;
}

export async function answerViews(
  event: APIGatewayProxyEventV2,
  deps: ViewsNeeds,
  limits: ViewsLimits = sharedLimits,
  options: ViewsOptions = { workTrayUrl: process.env.WORK_TRAY_URL },
): Promise<APIGatewayProxyResultV2> {
  const route = event.routeKey;
  if (route === 'POST /views/open' || route === 'POST /views/answers') {
    return await publicViews(event, deps, limits, options);
  }
  const caller = callerOf(event);
  if (!caller) return unauthenticated();
  const childId = event.pathParameters?.childId;
  const badId = badPathId('childId', childId) ?? badPathId('linkId', event.pathParameters?.linkId);
  if (badId) return badId;
  if (!childId) return notFound();
  const allocation = await deps.staff.allocation(childId);
  const allocated =
    (caller.roles.includes('iro') && allocation?.roles.iro === caller.id) ||
    (caller.roles.includes('social-worker') && allocation?.roles['social-worker'] === caller.id);
  if (route === 'GET /children/{childId}/views') {
    if (!allocated && !caller.roles.includes('manager')) {
      return forbidden(
        "only the child's allocated IRO and social worker, and managers, read a young person's views",
      );
    }
    return json(200, await childViews(childId, deps));
  }
  if (!allocated) {
    return forbidden(
      "only the child's allocated IRO or social worker makes or withdraws their links",
    );
  }
  const linkId = event.pathParameters?.linkId;
  const today = londonDate(deps.now());
  if (route === 'POST /children/{childId}/views-links') return makeLink(childId, caller, deps);
  if (route === 'DELETE /children/{childId}/views-links/{linkId}' && linkId) {
    return (await deps.viewsLinks.withdraw(childId, linkId, caller.id, today))
      ? json(200, { linkId, withdrawn: true })
      : notFound('this child has no such link');
  }
  if (route === 'POST /children/{childId}/views-links/{linkId}/safety-acted' && linkId) {
    const marked = await deps.viewsLinks.markSafetyActed(childId, linkId, caller.id, deps.now());
    if (marked === 'unknown') return notFound('this child has no such link');
    return json(marked === 'marked' ? 201 : 200, { linkId, acted: true });
  }
  return notFound();
}

/** The child's next review's due date, from the board. */
async function nextReviewDue(childId: string, deps: ViewsNeeds): Promise<LocalDate | undefined> {
  const entries = await deps.board.forSubject(childId);
  return entries
    .filter((e) => e.kind === 'lac-review')
    .map((e) => e.due as LocalDate)
    .sort()[0];
}

async function makeLink(childId: string, caller: Caller, deps: ViewsNeeds) {
  const reviewDue = await nextReviewDue(childId, deps);
  if (!reviewDue) {
    return refused(
      409,
      'no looked-after review is due for this child: a link is for their next review',
    );
  }
  const secret = randomBytes(SECRET_BYTES).toString('base64url');
  const link: ViewsLinkRecord = {
    linkId: randomUUID(),
    childId,
    reviewDue,
    madeOn: londonDate(deps.now()),
    madeBy: caller.id,
    submissions: 0,
  };
  await deps.viewsLinks.make(link, hashOf(secret));
  // The IRO's morning list need no longer say that no link was made for this review.
  await deps.notifications.markSent(viewsLinkKey(childId, reviewDue), 'link-made', deps.now());
  deps.metrics.addMetric('ViewsLinksMade', 'Count', 1);
  // The secret is given once, here: only its hash is kept.
  return json(201, {
    linkId: link.linkId,
    reviewDue,
    lastDay: viewsLinkLastDay(reviewDue),
    maxSendings: MAX_VIEWS_SUBMISSIONS,
    path: `${VIEWS_PAGE_PATH}#${secret}`,
  });
}

type Views = CaseEventOf<'ChildViewsShared'>;

/** The child's links and, for each review, the views the young person sent last. */
async function childViews(childId: string, deps: ViewsNeeds) {
  const history = await deps.events.history(reviewsClock(childId).log);
  const events = plannerEvents(history);
  const today = londonDate(deps.now());
  const links = (await deps.viewsLinks.ofChild(childId)).map((link) => ({
    linkId: link.linkId,
    reviewDue: link.reviewDue,
    madeOn: link.madeOn,
    madeBy: link.madeBy,
    lastDay: viewsLinkLastDay(link.reviewDue),
    sendings: link.submissions,
    maxSendings: MAX_VIEWS_SUBMISSIONS,
    state: viewsLinkState(link, events, today),
    ...(link.withdrawn ? { withdrawn: link.withdrawn } : {}),
    ...(link.safetyActedOn ? { safetyActedOn: link.safetyActedOn } : {}),
  }));
  // Views are never taken back (no one but the link records them, so no one may
  // retract them): the log's own entries, whose ids name the link they came through.
  const byReview = new Map<string, { last: Views; linkId?: string; sendings: number }>();
  for (const h of history) {
    if (h.event.type !== 'ChildViewsShared') continue;
    const linkId = /^views-(.+)-\d+$/.exec(h.eventId)?.[1];
    const earlier = byReview.get(h.event.reviewDue);
    byReview.set(h.event.reviewDue, {
      last: h.event,
      ...(linkId ? { linkId } : {}),
      sendings: (earlier?.sendings ?? 0) + 1,
    });
  }
  const held = events
    .filter((e) => e.type === 'LacReviewHeld')
    .map((e) => e.date)
    .sort();
  const views = [...byReview.values()].map(({ last, linkId, sendings }) => {
    // The review they were for: the first held on or after they were sent.
    const reviewHeld = held.find((d) => d >= last.date);
    return {
      reviewDue: last.reviewDue,
      ...(reviewHeld ? { reviewHeld } : {}),
      ...(linkId ? { linkId } : {}),
      sentOn: last.date,
      sendings,
      attend: last.attend,
      feelsSafe: last.feelsSafe,
      ...(last.advocate ? { advocate: last.advocate } : {}),
      ...(last.goingWell ? { goingWell: last.goingWell } : {}),
      ...(last.change ? { change: last.change } : {}),
      ...(last.words ? { words: last.words } : {}),
    };
  });
  return { childId, links, views };
}

// --- The young person's routes -------------------------------------------------------

const notWorking = () => json(404, { reason: LINK_NOT_WORKING });

const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

const sourceIpOf = (event: APIGatewayProxyEventV2): string =>
  (event.requestContext as { http?: { sourceIp?: string } }).http?.sourceIp ?? 'unknown';

async function publicViews(
  event: APIGatewayProxyEventV2,
  deps: ViewsNeeds,
  limits: ViewsLimits,
  options: ViewsOptions,
): Promise<APIGatewayProxyResultV2> {
  if (!limits.perAddress.allow(sourceIpOf(event))) {
    return refused(429, 'too many tries: wait a few minutes and try again');
  }
  if ((event.body?.length ?? 0) > MAX_VIEWS_BODY_BYTES) {
    return refused(413, 'what you sent is too long');
  }
  const body = bodyOf(event);
  if (!body.ok) return body.response;
  const value = body.value as { link?: unknown; answers?: unknown } | null;
  const secret = typeof value?.link === 'string' ? value.link : '';
  // Hashed and looked up whatever was sent, so every refusal costs the same.
  const hash = hashOf(secret);
  if (!limits.perLink.allow(hash)) {
    return refused(429, 'too many tries: wait a few minutes and try again');
  }
  const found = await deps.viewsLinks.byHash(hash);
  const link = SECRET_PATTERN.test(secret) ? found : undefined;
  const today = londonDate(deps.now());
  // A history is read whatever was found (for no link, the reserved `unit`'s, always
  // empty), so a link that exists but no longer works costs what an unknown one does.
  const events = plannerEvents(
    await deps.events.history(reviewsClock(link?.childId ?? RESERVED_SUBJECT_ID).log),
  );
  if (!link || viewsLinkState(link, events, today) !== 'open') return notWorking();
  if (event.routeKey === 'POST /views/open') {
    // Nothing about the child: only how many more times the page may be sent.
    return json(200, { open: true, sendingsLeft: MAX_VIEWS_SUBMISSIONS - link.submissions });
  }
  const answers = readAnswers(value?.answers);
  if (!answers.ok) return problems(400, answers.problems);
  const count = await deps.viewsLinks.takeSubmission(hash, MAX_VIEWS_SUBMISSIONS);
  if (count === undefined) return notWorking();
  const views = {
    type: 'ChildViewsShared',
    // One id per sending of one link: a retry of the same sending is harmless.
    eventId: `views-${link.linkId}-${count}`,
    childId: link.childId,
    date: today,
    reviewDue: link.reviewDue,
    ...answers.value,
  };
  const recorded = await recordEvent(views, childLinkCaller(), deps);
  if (recorded.status !== 201 && recorded.status !== 200) {
    // Never the answers in a log line: only the status.
    deps.logger.error('young person views not recorded', { status: recorded.status });
    return refused(503, 'your answers could not be saved just now: please try again later');
  }
  if (answers.value.feelsSafe === 'no') await alertNotSafe(link, deps, options);
  return json(201, { sent: true, readBy: 'your IRO and your social worker' });
}

type Answers = Pick<Views, 'attend' | 'feelsSafe' | 'advocate' | 'goingWell' | 'change' | 'words'>;

/** The answers, checked field by field; a refusal names the field and never repeats what was written. */
function readAnswers(
  input: unknown,
): { ok: true; value: Answers } | { ok: false; problems: { field: string; reason: string }[] } {
  const a = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const found: { field: string; reason: string }[] = [];
  const choice = <T extends string>(field: string, allowed: readonly T[], required: boolean) => {
    const v = a[field];
    if (v === undefined || v === '') {
      if (required) found.push({ field, reason: 'choose an answer' });
      return undefined;
    }
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
      found.push({ field, reason: `must be one of ${allowed.join(', ')}` });
      return undefined;
    }
    return v as T;
  };
  const words = (field: string) => {
    const v = a[field];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') {
      found.push({ field, reason: 'must be text' });
      return undefined;
    }
    const trimmed = v.trim();
    return trimmed === '' ? undefined : trimmed;
  };
  const attend = choice('attend', WOULD_ATTEND, true);
  const feelsSafe = choice('feelsSafe', FEELS_SAFE, true);
  const advocate = choice('advocate', WOULD_ATTEND, false);
  const goingWell = words('goingWell');
  const change = words('change');
  const said = words('words');
  const total = (goingWell?.length ?? 0) + (change?.length ?? 0) + (said?.length ?? 0);
  if (total > MAX_VIEWS_LENGTH) {
    found.push({
      field: 'words',
      reason: `your answers together must be at most ${MAX_VIEWS_LENGTH} letters`,
    });
  }
  if (found.length > 0 || !attend || !feelsSafe) return { ok: false, problems: found };
  return {
    ok: true,
    value: {
      attend,
      feelsSafe,
      ...(advocate ? { advocate } : {}),
      ...(goingWell ? { goingWell } : {}),
      ...(change ? { change } : {}),
      ...(said ? { words: said } : {}),
    },
  };
}

/**
 * Tells the allocated IRO and social worker at once, each once for the link (the
 * notification log's claim makes a retry or a second sending harmless), and the duty
 * inbox when either is not allocated or cannot be mailed. The email carries the
 * child's reference and a link to their page: never the young person's words.
 */
async function alertNotSafe(
  link: ViewsLinkRecord,
  deps: ViewsNeeds,
  options: ViewsOptions,
): Promise<void> {
  const allocation = await deps.staff.allocation(link.childId);
  const childPageUrl = options.workTrayUrl
    ? childPageLink(options.workTrayUrl, link.childId)
    : deps.caseRecordUrl({ subjectId: link.childId } as Obligation);
  // Keyed by child and review as the child's workflow keys its safety net (notSafeKey),
  // so the email goes once whichever path sends it.
  const key = (to: 'iro' | 'social-worker' | 'duty') =>
    notSafeKey(link.childId, link.reviewDue, to);
  const targets: { key: string; to: string; instead?: string[] }[] = [];
  const missing: string[] = [];
  for (const role of NOT_SAFE_ROLES) {
    const staffId = allocation?.roles[role];
    const member = staffId ? await deps.staff.getStaff(staffId) : undefined;
    if (member && !member.undeliverable) targets.push({ key: key(role), to: member.email });
    else missing.push(key(role));
  }
  // The duty inbox stands in for whoever is missing: its email settles their keys too,
  // so the workflow's net does not tell the unit again that nobody could be reached.
  if (missing.length > 0)
    targets.push({ key: key('duty'), to: deps.safetyMail.dutyInbox, instead: missing });
  const now = deps.now();
  // One attempt for every target; each claim leased on the real clock (deps.sendLease),
  // so a claim left by an attempt that died is taken over once its lease has run out,
  // and tagged, so SES's Send event marks it sent if the attempt died after SES took it.
  const attempt = randomUUID();
  for (const { key, to, instead } of targets) {
    // A refusal that stops all mail is thrown by sendOnce (its claim given back): the
    // young person's answers are kept all the same, and the unit is told as for any other.
    const sent = await sendOnce(
      key,
      () => deps.safetyMail.send({ to, childReference: link.childId, childPageUrl, claimKey: key }),
      deps,
      {
        attempt,
        at: now,
        ...(instead === undefined ? {} : { alsoMark: instead }),
        undeliverable: `A young person's "I do not feel safe" email could not be delivered to one of their staff. Reference ${link.childId}: ${childPageUrl}`,
      },
    ).catch((error: Error) => ({ status: 'transient' as const, error }));
    if (sent.status === 'sent') deps.metrics.addMetric('ChildSafetyAlertsSent', 'Count', 1);
    else if (sent.status === 'transient') {
      deps.logger.error('child safety alert not sent', { error: sent.error.name });
      await deps.alerts.send(
        `A young person's "I do not feel safe" email could not be sent. Reference ${link.childId}: ${childPageUrl}`,
      );
    }
  }
}

export const viewsHandler = (deps: ViewsNeeds) =>
  lambda(deps, (e: APIGatewayProxyEventV2) => answerViews(e, deps), { metrics: true });

export const handler = awsHandler(viewsHandler, () => ({
  ...baseDependencies(),
  ...dynamoPorts({
    events: dynamoEventStore,
    heads: dynamoClockHeads,
    staff: dynamoStaffDirectory,
    board: dynamoObligationBoard,
    notifications: dynamoNotificationLog,
    viewsLinks: dynamoViewsLinks,
  }),
  ...sfnDependencies(),
  ...sesSafety(),
}));
