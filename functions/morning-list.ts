/**
 * The morning list (architecture.md, "Who hears what, and when"): on each working day
 * at the council's time, one email per person with what is new for them. Reads the
 * board (the routine kinds' entries in one Query) and the allocations; what it says comes from
 * workflows/morning-list.ts. Started by EventBridge Scheduler in AWS (Mon-Fri, the
 * function itself skips bank holidays) and by the local runtime on its virtual clock.
 */
import { randomUUID } from 'node:crypto';
import { addDays, type LocalDate, londonDate, londonInstant } from '../workflows/calendar/index.js';
import { RESERVED_SUBJECT_ID as UNIT } from '../workflows/events.js';
import {
  COMING_DUE_WORKING_DAYS,
  isListDay,
  isViewsLine,
  type ListLine,
  lastDueWithLines,
  linesDue,
  listItems,
  viewsLinesDue,
} from '../workflows/morning-list.js';
import { OBLIGATION_KINDS, type Obligation } from '../workflows/obligations.js';
import { type DueNotification, deliveryOf, type Role } from '../workflows/policy.js';
import * as z from '../workflows/zod.js';
import { dynamoNotificationLog } from './adapters/dynamodb/notification-log.js';
import { dynamoObligationBoard } from './adapters/dynamodb/obligation-board.js';
import { dynamoStaffDirectory } from './adapters/dynamodb/staff-directory.js';
import type { OpenObligation, StaffMember } from './adapters/ports.js';
import { dynamoPorts } from './aws/dynamodb.js';
import { sesMorningListDependencies } from './aws/ses.js';
import { baseDependencies, type Needs, required } from './shared/dependencies.js';
import { awsHandler, lambda } from './shared/lambda.js';
import { sendOnce } from './shared/send-once.js';
import { childPageLink } from './shared/tray-links.js';

/** The ports the morning list uses. */
export type MorningListNeeds = Needs<
  | 'board'
  | 'staff'
  | 'notifications'
  | 'morningLists'
  | 'mailer'
  | 'caseRecordUrl'
  | 'alerts'
  | 'now'
  | 'sendLease'
  | 'settings'
  | 'workTrayUrl'
>;

/**
 * The schedule's input: which sweep (the morning list, by default; or, at the reminder
 * time every day, each line on its own for those who asked for that), and optionally
 * the date (a rerun of a missed morning).
 */
export const MorningListInput = z.optional(
  z.looseObject({
    sweep: z.optional(z.enum(['morning-list', 'as-it-happens'])),
    date: z.optional(
      z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be YYYY-MM-DD' })),
    ),
  }),
);

export interface MorningListResult {
  readonly date: LocalDate;
  /** False on a weekend, bank holiday or closure day: nothing is sent. */
  readonly listDay: boolean;
  readonly sent: number;
  /** Lists another attempt holds (one that crashed mid-send, most likely): sent on a rerun. */
  readonly busy: number;
  readonly failed: number;
  /** New lines nobody can receive: told to the duty inbox in one summary. */
  readonly unfilled: number;
}

/** One person on a day's lists: who they are, and their lines. */
interface Person {
  readonly member: StaffMember;
  readonly lines: ListLine[];
}

/** The key that makes a person's list go out once a day. */
export const listKey = (staffId: string, date: LocalDate) =>
  `morning-list#${encodeURIComponent(staffId)}#${date}`;
/** The key that makes the duty inbox's summary of unreachable work go out once a day. */
export const unfilledSummaryKey = (date: LocalDate) => `morning-list-unfilled#${date}`;

/** Where an item opens in the work tray: the child's page (a carer's review: the tray's start). */
export function trayLink(trayUrl: string, obligation: Pick<Obligation, 'kind' | 'subjectId'>) {
  return obligation.kind === 'foster-carer-review'
    ? trayUrl.replace(/#.*$/, '')
    : childPageLink(trayUrl, obligation.subjectId);
}

/**
 * Who holds each role for many subjects at once (their own allocations, then the
 * unit's), and the members by id, each read once per run: 100 (subject, role) pairs a
 * request, the unit's roles among them, and the members 100 a request. A member whose
 * address bounced holds nothing (the line counts as unfilled).
 */
function allocationReader(deps: Needs<'staff'>) {
  const members = new Map<string, Promise<StaffMember | undefined>>();
  const holders = async (
    lines: readonly DueNotification[],
  ): Promise<Map<string, Map<Role, string>>> => {
    const asked = lines.map((l) => ({ subjectId: l.obligation.subjectId, role: l.role }));
    const unitAsked = [...new Set(asked.map((a) => a.role))].map((role) => ({
      subjectId: UNIT,
      role,
    }));
    const own = await deps.staff.ownHolders([...asked, ...unitAsked]);
    const unitRoles = own.get(UNIT) ?? {};
    const held = new Map<string, Map<Role, string>>();
    for (const { subjectId } of asked) {
      if (held.has(subjectId)) continue;
      const roles = new Map<Role, string>();
      for (const given of [unitRoles, own.get(subjectId) ?? {}]) {
        for (const [role, staffId] of Object.entries(given))
          if (staffId) roles.set(role as Role, staffId);
      }
      held.set(subjectId, roles);
    }
    return held;
  };
  return Object.assign(holders, {
    /** Reads these members in one batched read, for {@link member} to answer from. */
    async prefetch(staffIds: readonly string[]): Promise<void> {
      const wanted = [...new Set(staffIds)].filter((id) => !members.has(id));
      if (wanted.length === 0) return;
      const found = deps.staff.getStaffMany(wanted);
      for (const id of wanted)
        members.set(
          id,
          found.then((all) => all.get(id)),
        );
      await found;
    },
    async member(staffId: string): Promise<StaffMember | undefined> {
      let found = members.get(staffId);
      if (found === undefined) {
        found = deps.staff.getStaff(staffId);
        members.set(staffId, found);
      }
      const member = await found;
      return member?.undeliverable === undefined ? member : undefined;
    },
  });
}

/**
 * Every open obligation that can have a line in the morning list of `date`: each
 * routine kind only as far as the last due date whose lines can have come by then
 * (lastDueWithLines): every overdue entry and those coming due within the policy's
 * reach, not those due months ahead, which have no line yet. Read from the routine
 * index's one partition (one Query and its pages) once its backfill says every entry
 * is there; until then one board Query per kind. Either way kind after kind, each
 * earliest due first, so that what a list says never hangs on which read was made.
 */
async function routineObligations(
  date: LocalDate,
  deps: Needs<'board' | 'settings'>,
): Promise<OpenObligation[]> {
  const kinds = OBLIGATION_KINDS.filter((kind) => deliveryOf(kind) === 'morning-list');
  const bounds = kinds.map((kind) => ({
    kind,
    dueBy: lastDueWithLines(kind, date, deps.settings),
  }));
  if (await deps.board.routineIndexReady()) {
    const rank = new Map<string, number>(kinds.map((kind, n) => [kind, n]));
    const kindOf = (o: OpenObligation) => rank.get(o.obligation.kind) ?? kinds.length;
    // A stable sort: within a kind, the partition's due order, which is gsi2's.
    return (await deps.board.openRoutine(bounds)).sort((a, b) => kindOf(a) - kindOf(b));
  }
  const found = await Promise.all(bounds.map(({ kind, dueBy }) => deps.board.openOf(kind, dueBy)));
  return found.flat();
}

/** The key marking that the list of a date went out whole: every new line sent or told. */
export const completeKey = (date: LocalDate) => `morning-list-complete#${date}`;

/** How far back a list looks for the last whole one; past it, every line due is checked again. */
export const LOOK_BACK_DAYS = 14;

/**
 * The last date, `date` itself or one of the {@link LOOK_BACK_DAYS} before it, whose list
 * went out whole (one batched read), or undefined.
 */
async function lastWholeList(
  date: LocalDate,
  deps: Needs<'notifications'>,
): Promise<LocalDate | undefined> {
  const days = Array.from({ length: LOOK_BACK_DAYS + 1 }, (_, n) => addDays(date, -n));
  const notWhole = new Set(await deps.notifications.pending(days.map(completeKey)));
  return days.find((day) => !notWhole.has(completeKey(day)));
}

/**
 * The lines that may be new since the last whole list of `since`: those whose day came
 * after it, and those of obligations whose entry changed on or after that day (one
 * recorded late, or brought forward). Every other line due was there, and due, when
 * that list went out, which sent or told each of them; the notification log still
 * decides for the lines kept. With no whole list to go by, every line.
 */
export function mayBeNew(
  lines: readonly DueNotification[],
  open: readonly OpenObligation[],
  since: LocalDate | undefined,
): DueNotification[] {
  if (since === undefined) return [...lines];
  const from = londonInstant(since, '00:00:00');
  const changed = new Set(
    open
      .filter((o) => o.writtenAt === undefined || Date.parse(o.writtenAt) >= Date.parse(from))
      .map((o) => o.obligation),
  );
  return lines.filter((l) => londonDate(l.step.at) > since || changed.has(l.obligation));
}

/** Sends the day's morning lists; a rerun the same day sends only what did not go. */
export async function sendMorningLists(
  input: z.infer<typeof MorningListInput>,
  deps: MorningListNeeds,
): Promise<MorningListResult> {
  const now = deps.now();
  const date = (input?.date as LocalDate | undefined) ?? londonDate(now);
  const result = { date, listDay: true, sent: 0, busy: 0, failed: 0, unfilled: 0 };
  if (input?.sweep === 'as-it-happens') return await sendEachAsItHappens(date, deps);
  if (!isListDay(date, deps.settings)) {
    deps.logger.info('no morning list today', { date });
    return { ...result, listDay: false };
  }
  const [open, since] = await Promise.all([
    routineObligations(date, deps),
    lastWholeList(date, deps),
  ]);
  const obligations = open.map((o) => o.obligation);
  const lines = [
    ...linesDue(obligations, date, deps.settings),
    ...viewsLinesDue(obligations, date, deps.settings),
  ];
  const candidates = mayBeNew(lines, open, since);
  const fresh = new Set(await deps.notifications.pending(candidates.map((l) => l.key)));

  // Only a line that is new, overdue or coming due can reach a list (workflows/morning-list.ts).
  const soonUntil = deps.settings.rules.calendar.addWorkingDays(date, COMING_DUE_WORKING_DAYS);
  const listable = lines.filter(
    (l) => fresh.has(l.key) || (!isViewsLine(l) && l.obligation.due.slice(0, 10) <= soonUntil),
  );
  const bySubject = new Map<string, typeof lines>();
  for (const line of listable) {
    const subject = line.obligation.subjectId;
    bySubject.set(subject, [...(bySubject.get(subject) ?? []), line]);
  }
  const holdersOf = allocationReader(deps);
  // Who gets a list today is settled first, from the new lines alone: a line told
  // before goes in the list of its holder only when they get one, whichever subject
  // their first new line comes from. (Read subject by subject, a told line of a subject
  // listed before the holder's first new one was left out, so a list's contents hung on
  // the board's order and on whether another person's list had already gone.)
  const withNew = [...bySubject].filter(([, ls]) => ls.some((l) => fresh.has(l.key)));
  const withoutNew = [...bySubject].filter(([, ls]) => !ls.some((l) => fresh.has(l.key)));
  const people = new Map<string, Person>();
  /** New lines nobody can receive, counted by kind and role. */
  const unfilled = new Map<string, { count: number; keys: string[] }>();
  const holders =
    withNew.length === 0
      ? new Map<string, Map<Role, string>>()
      : await holdersOf(withNew.flatMap(([, ls]) => ls));
  // The holders of the new lines are read together: they are who may get a list.
  await holdersOf.prefetch(
    withNew.flatMap(([subjectId, ls]) =>
      ls.flatMap((l) => (fresh.has(l.key) ? (holders.get(subjectId)?.get(l.role) ?? []) : [])),
    ),
  );
  for (const [subjectId, subjectLines] of withNew) {
    const holder = holders.get(subjectId) ?? new Map<Role, string>();
    for (const line of subjectLines) {
      if (!fresh.has(line.key)) continue;
      const staffId = holder.get(line.role);
      const member = staffId === undefined ? undefined : await holdersOf.member(staffId);
      // No IRO for a views reminder: the review's own lines tell the duty inbox.
      if (member === undefined && isViewsLine(line)) continue;
      if (member === undefined) {
        const what = `${line.obligation.kind}: no ${line.role}`;
        const was = unfilled.get(what) ?? { count: 0, keys: [] };
        unfilled.set(what, { count: was.count + 1, keys: [...was.keys, line.key] });
        continue;
      }
      if (!people.has(member.staffId)) people.set(member.staffId, { member, lines: [] });
    }
  }
  // Then every line of theirs, new or not: the other subjects' holders are read (in one
  // batched read) only when someone gets a list, for those people's overdue and coming work.
  if (people.size > 0 && withoutNew.length > 0) {
    for (const [subjectId, roles] of await holdersOf(withoutNew.flatMap(([, ls]) => ls)))
      holders.set(subjectId, roles);
  }
  for (const [subjectId, subjectLines] of [...withNew, ...withoutNew]) {
    const holder = holders.get(subjectId);
    for (const line of subjectLines) {
      const staffId = holder?.get(line.role);
      const person = staffId === undefined ? undefined : people.get(staffId);
      if (person === undefined) continue;
      person.lines.push({
        line,
        isNew: fresh.has(line.key),
        link: trayLink(deps.workTrayUrl, line.obligation),
      });
    }
  }

  const attempt = randomUUID();
  let transient: Error | undefined;
  /** The sweep's registry, read only when someone on today's list asked for each as it happens. */
  let registry: Promise<Set<string>> | undefined;
  /** One person's list, once; 'busy' when another attempt holds its claim. */
  const sendList = async (staffId: string, { member, lines: theirs }: Person) => {
    // Their lines go one by one at the reminder time instead (sendEachAsItHappens), when
    // the sweep knows them; a setting stored before the registry was kept gets the list.
    if (member.reminders === 'as-it-happens') {
      registry ??= deps.staff.asItHappens().then((ids) => new Set(ids));
      if ((await registry).has(staffId)) return;
    }
    const items = listItems(theirs, date, deps.settings);
    if (items === undefined) return;
    // Once the list is marked (with its lines, in one batch, the list first), no rerun
    // sends it again today. A line left unmarked by a crash is listed again, as new, in
    // the next list: never lost.
    const key = listKey(staffId, date);
    const newLines = theirs.filter((l) => l.isNew).map((l) => l.line.key);
    const sent = await sendOnce(
      key,
      // Its new lines ride on the list's claim (alsoMark), and are marked with it.
      () =>
        deps.morningLists.send({
          to: member.email,
          date,
          items,
          trayUrl: deps.workTrayUrl,
          claimKey: key,
        }),
      deps,
      {
        attempt,
        at: now,
        undeliverable: `The morning list of staff member ${staffId} for ${date} could not be delivered.`,
        alsoMark: newLines,
      },
    );
    if (sent.status === 'sent') result.sent++;
    else if (sent.status === 'busy') return 'busy';
    else if (sent.status === 'failed') result.failed++;
    else if (sent.status === 'transient') transient = sent.error;
  };
  let told = unfilled.size === 0;
  /** Why the duty inbox's summary did not go (the claim given back), thrown once the rest is done. */
  let summaryFailed: unknown;
  /** The duty inbox's summary of the new lines nobody can receive, once; 'busy' when another attempt holds it. */
  const tellUnfilled = async (): Promise<'busy' | undefined> => {
    const rows = [...unfilled].map(([what, { count }]) => `- ${what}: ${count}`);
    // Sent once, as every email is; its lines marked with it. A send that failed gives
    // its claim back, so that the schedule's retry tells it at once, not a lease later.
    const sent = await sendOnce(
      unfilledSummaryKey(date),
      async () => {
        await deps.alerts.send(
          [
            `Morning list of ${date}: work fell due that no one can be told of (the role is not allocated, or its holder's address is undeliverable), by kind and role:`,
            ...rows,
            '',
            'The work tray lists the children concerned; please allocate someone to each.',
          ].join('\n'),
        );
        return { messageId: 'summary' };
      },
      deps,
      {
        attempt,
        at: now,
        undeliverable: `Morning list of ${date}: the summary of work no one can be told of could not be delivered to this inbox.`,
        alsoMark: [...unfilled.values()].flatMap(({ keys }) => keys),
        // An alert: no send tag for SES's Send event, and its lines may be thousands.
        untagged: true,
      },
    );
    if (sent.status === 'busy') return 'busy';
    if (sent.status === 'transient') summaryFailed = sent.error;
    else if (sent.status === 'failed') result.failed++;
    else if (sent.status === 'sent') {
      result.unfilled = [...unfilled.values()].reduce((n, u) => n + u.count, 0);
      told = true;
    }
  };

  const held: string[] = [];
  for (const [staffId, person] of people)
    if ((await sendList(staffId, person)) === 'busy') held.push(staffId);
  const summaryHeld = unfilled.size > 0 && (await tellUnfilled()) === 'busy';
  // A list (or the summary) another attempt holds is one a run that died left (the
  // schedule's retry of it, most likely): no later run today would send it, so this one
  // waits its lease out by the real clock (under the function's timeout) and takes it
  // over, or finds it marked by SES's Send event. Left held, the summary told the duty
  // inbox a day late, under the next morning's date.
  if (held.length > 0 || summaryHeld) {
    await new Promise((resolve) => setTimeout(resolve, (deps.sendLease.seconds + 1) * 1000));
    for (const staffId of held) {
      const person = people.get(staffId);
      if (person && (await sendList(staffId, person)) === 'busy') result.busy++;
    }
    if (summaryHeld && (await tellUnfilled()) === 'busy') result.busy++;
  }

  // Every new line went out or was told: the next list need only look at what came
  // after. Otherwise it looks from the last whole list, and the log leaves out what went.
  if (told && transient === undefined && result.busy === 0 && result.failed === 0)
    await deps.notifications.markSent(completeKey(date), 'complete', now);
  deps.metrics.addMetric('MorningListsSent', 'Count', result.sent);
  deps.metrics.addMetric('MorningListsUndeliverable', 'Count', result.failed);
  deps.logger.info('morning lists', { ...result });
  if (transient) throw new Error(`sending a morning list failed: ${transient.name}`);
  if (summaryFailed !== undefined) throw summaryFailed;
  return result;
}

/**
 * For those who asked for each reminder as it happens: every routine line of theirs
 * whose day has come and that has not gone, as its own email, each once (claimed per
 * (obligation, step, role) as the workflows' own emails are). Run at the council's
 * reminder time every day, so a line goes on the day it falls, weekends included.
 */
async function sendEachAsItHappens(
  date: LocalDate,
  deps: MorningListNeeds,
): Promise<MorningListResult> {
  const now = deps.now();
  const result = { date, listDay: false, sent: 0, busy: 0, failed: 0, unfilled: 0 };
  // One small read: with nobody asking, the board is not read at all.
  if ((await deps.staff.asItHappens()).length === 0) return result;
  const open = await routineObligations(date, deps);
  const lines = linesDue(
    open.map((o) => o.obligation),
    date,
    deps.settings,
  );
  const fresh = new Set(await deps.notifications.pending(lines.map((l) => l.key)));
  const attempt = randomUUID();
  const holders = new Map<string, Map<Role, StaffMember>>();
  let transient: Error | undefined;
  for (const { obligation, step, role, key } of lines) {
    if (!fresh.has(key)) continue;
    let holder = holders.get(obligation.subjectId);
    if (holder === undefined) {
      const { found } = await deps.staff.recipients(
        obligation.subjectId,
        lines.filter((l) => l.obligation.subjectId === obligation.subjectId).map((l) => l.role),
      );
      holder = new Map(found.map((f) => [f.role, f.member]));
      holders.set(obligation.subjectId, holder);
    }
    const member = holder.get(role);
    // Nobody, or someone who reads the morning list: the list takes it.
    if (member?.reminders !== 'as-it-happens') continue;
    const sent = await sendOnce(
      key,
      () =>
        deps.mailer.send({
          to: member.email,
          recipientRole: role,
          obligation,
          action: step.action,
          timing: step.timing,
          caseRecordUrl: deps.caseRecordUrl(obligation),
          claimKey: key,
        }),
      deps,
      {
        attempt,
        at: now,
        undeliverable: `A ${obligation.kind} ${step.action} to the ${role} for ${obligation.subjectId} could not be delivered.`,
      },
    );
    if (sent.status === 'sent') result.sent++;
    else if (sent.status === 'busy') result.busy++;
    else if (sent.status === 'failed') result.failed++;
    else if (sent.status === 'transient') transient = sent.error;
  }
  deps.metrics.addMetric('RemindersSent', 'Count', result.sent);
  deps.logger.info('reminders as they happen', { ...result });
  if (transient) throw new Error(`sending a reminder failed: ${transient.name}`);
  return result;
}

export const morningListHandler = (deps: MorningListNeeds) =>
  lambda(deps, (event: unknown, d) => sendMorningLists(MorningListInput.parse(event), d), {
    metrics: true,
  });

export const handler = awsHandler(morningListHandler, () => ({
  ...baseDependencies(),
  workTrayUrl: required(process.env, 'WORK_TRAY_URL'),
  ...dynamoPorts({
    board: dynamoObligationBoard,
    staff: dynamoStaffDirectory,
    notifications: dynamoNotificationLog,
  }),
  ...sesMorningListDependencies(),
}));
