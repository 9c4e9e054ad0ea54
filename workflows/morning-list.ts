/**
 * The morning list (architecture.md, "Who hears what, and when"): one email per person
 * per working day, with every routine line that fell due for them since their last
 * list, what comes due in the next working days, and, for managers, their teams'
 * overdue work. Pure: the handler (functions/morning-list.ts) reads the board and the
 * allocations, and says which lines are new (not yet listed).
 */
import { addDays, type LocalDate, londonDate, londonInstant } from './calendar/index.js';
import { formatDue, type RenderedEmail } from './notifications/templates.js';
import type { Obligation, ObligationKind } from './obligations.js';
import {
  type CouncilSettings,
  DEFAULT_MORNING_LIST_TIME,
  type DueNotification,
  notificationsDue,
  obligationKey,
  type Role,
} from './policy.js';
import { VIEWS_LINK_STEP, viewsLinkKey } from './voice/links.js';

/** Working days ahead that count as "coming due". */
export const COMING_DUE_WORKING_DAYS = 5;

/**
 * Working days before a looked-after review that its IRO is told, in their morning
 * list, that no link has been made yet for the young person's views (issue 20): time
 * enough to pass one on before the review.
 */
export const VIEWS_LINK_WORKING_DAYS = 15;

/** Whether a line is the young person's views reminder rather than one of the policy's. */
export const isViewsLine = (line: DueNotification) => line.step.name === VIEWS_LINK_STEP;

/**
 * The views reminders whose day has come by `today`: one to the IRO for each open
 * looked-after review not yet past its due date, dated 15 working days before it (a
 * day that falls on a weekend or bank holiday is a working day already, so it comes in
 * that morning's list). Whether a link was made is the notification log's to say.
 */
export function viewsLinesDue(
  obligations: readonly Obligation[],
  today: LocalDate,
  settings: CouncilSettings,
): DueNotification[] {
  const due: DueNotification[] = [];
  for (const obligation of obligations) {
    if (obligation.kind !== 'lac-review' || obligation.due < today) continue;
    const day = settings.rules.calendar.addWorkingDays(
      obligation.due as LocalDate,
      -VIEWS_LINK_WORKING_DAYS,
    );
    if (day > today) continue;
    due.push({
      obligation,
      step: {
        obligationKey: `${obligationKey(obligation)}/${VIEWS_LINK_STEP}`,
        name: VIEWS_LINK_STEP,
        action: 'reminder',
        timing: 'before-due',
        at: morningListInstant(day, settings),
        to: ['iro'],
      },
      role: 'iro',
      key: viewsLinkKey(obligation.subjectId, obligation.due),
    });
  }
  return due;
}

/** When the list of a London date is composed. */
export const morningListInstant = (date: LocalDate, settings: CouncilSettings): string =>
  londonInstant(date, `${settings.morningListTime ?? DEFAULT_MORNING_LIST_TIME}:00`);

/** The first morning list strictly after `afterMs` (epoch ms): the next working day's at the council's time. */
export function nextListInstant(afterMs: number, settings: CouncilSettings): number {
  const { first, last } = settings.rules.calendar;
  let date = londonDate(new Date(afterMs).toISOString());
  if (date < first) date = first;
  // Past the bank-holiday data no working day is known: no more lists.
  for (; date <= last; date = addDays(date, 1)) {
    const at = Date.parse(morningListInstant(date, settings));
    if (at > afterMs && isListDay(date, settings)) return at;
  }
  return Number.POSITIVE_INFINITY;
}

/** The first reminder time (every day, weekends included) strictly after `afterMs`: when each reminder as it happens goes. */
export function nextReminderInstant(afterMs: number, settings: CouncilSettings): number {
  let date = londonDate(new Date(afterMs).toISOString());
  for (;;) {
    const at = Date.parse(londonInstant(date, `${settings.reminderTime}:00`));
    if (at > afterMs) return at;
    date = addDays(date, 1);
  }
}

/** Whether a morning list goes out on this date: a working day of the council (no weekend, bank holiday or closure day). */
export const isListDay = (date: LocalDate, settings: CouncilSettings): boolean =>
  settings.rules.calendar.isWorkingDay(date);

/**
 * The routine lines whose day has come by `today`: every morning-list step dated on or
 * before it (a weekend's or bank holiday's step comes in the next working day's list),
 * the latest for each obligation and role, as {@link notificationsDue} gives them.
 */
export function linesDue(
  obligations: readonly Obligation[],
  today: LocalDate,
  settings: CouncilSettings,
): DueNotification[] {
  // The last instant of `today` in London: a step at the reminder time today counts.
  const endOfToday = new Date(Date.parse(londonInstant(addDays(today, 1), '00:00:00')) - 1);
  return notificationsDue(obligations, endOfToday.toISOString(), settings, 'morning-list');
}

/**
 * The latest due date (London) an obligation of `kind` can have and still have a line
 * whose day has come by `today`, so that the list need not read the board's entries of
 * that kind due after it: each of the policy's steps is timed from the due date, the
 * earliest `n` working (or calendar) days before it, and a step `n` working days before
 * a due date on or before `today` only when that date is at most `n` working days after
 * `today` (one more is read, to spare an off-by-one a lost line). A looked-after
 * review's views reminder counts as a step 15 working days before. Undefined (read every
 * entry of the kind) when a step is timed from the start or the booking, which no due
 * date bounds, or when the calendar does not reach that far.
 */
export function lastDueWithLines(
  kind: ObligationKind,
  today: LocalDate,
  settings: CouncilSettings,
): LocalDate | undefined {
  let workingDays = kind === 'lac-review' ? VIEWS_LINK_WORKING_DAYS : 0;
  let days = 0;
  for (const { when } of settings.policy[kind].steps) {
    if (when.from !== 'due') return undefined;
    workingDays = Math.max(workingDays, -(when.workingDays ?? 0));
    days = Math.max(days, -(when.days ?? 0));
  }
  try {
    const byWorkingDays = settings.rules.calendar.addWorkingDays(today, workingDays + 1);
    const byDays = addDays(today, days + 1);
    // Dates written YYYY-MM-DD compare as strings: the later of the two.
    if (byDays > byWorkingDays) return byDays;
    return byWorkingDays;
  } catch {
    return undefined;
  }
}

/** One line of the policy for one person, and whether an earlier list carried it. */
export interface ListLine {
  readonly line: DueNotification;
  /** Not carried by an earlier list: it fell due since the person's last list. */
  readonly isNew: boolean;
  /** Where the person opens the child's work in the work tray. */
  readonly link: string;
}

export type ListSection = 'overdue' | 'due-soon' | 'later';

export interface ListItem {
  readonly obligation: Pick<Obligation, 'kind' | 'subjectId' | 'refId' | 'stage' | 'due'>;
  readonly section: ListSection;
  readonly isNew: boolean;
  /** The roles the person holds on it, as the policy's lines say. */
  readonly roles: readonly Role[];
  readonly action: 'reminder' | 'escalation';
  readonly link: string;
  /** Set on the young person's views reminder: no link made yet for this review. */
  readonly about?: 'views-link';
}

/** The words of a kind, as the morning list (and the import's summary) names it. */
export const KIND_NAMES: Readonly<Record<ObligationKind, string>> = {
  'lac-review': 'Looked-after child review',
  icpc: 'Initial child protection conference',
  'icpc-booking-decision': 'Decision on booking the initial conference',
  'conference-report': 'Report for the conference',
  'cp-review': 'Child protection review conference',
  'cp-plan-duration-check': 'Check of a child protection plan at 15 months',
  'secure-review': 'Secure accommodation review',
  'short-breaks-review': 'Short breaks review',
  'foster-carer-review': 'Foster carer review',
  'dispute-stage': 'Dispute stage',
  'review-decisions': 'Decisions of the review',
  'review-record': 'Record of the review',
  'conference-minutes': 'Conference minutes',
};

const ROLE_WORDS: Readonly<Record<Role, string>> = {
  iro: 'IRO',
  'social-worker': 'social worker',
  'team-manager': 'team manager',
  'service-manager': 'service manager',
  'head-of-service': 'head of service',
  director: 'director',
  chair: 'chair',
  'reviewing-officer': 'reviewing officer',
  'stage-manager': 'stage manager',
};

const SECTION_ORDER: readonly ListSection[] = ['overdue', 'due-soon', 'later'];
const SECTION_TITLES: Readonly<Record<ListSection, string>> = {
  overdue: 'Overdue',
  'due-soon': `Due within ${COMING_DUE_WORKING_DAYS} working days`,
  later: 'Coming up',
};

/**
 * One person's items on `today`: each obligation once, under its most urgent section
 * (overdue, due within 5 working days, the rest). An item is listed when it is new, is
 * overdue, or comes due within 5 working days; undefined when nothing is new (no email).
 */
export function listItems(
  lines: readonly ListLine[],
  today: LocalDate,
  settings: CouncilSettings,
): ListItem[] | undefined {
  const soonUntil = settings.rules.calendar.addWorkingDays(today, COMING_DUE_WORKING_DAYS);
  const byObligation = new Map<string, ListLine[]>();
  for (const line of lines) {
    const key = line.line.step.obligationKey;
    byObligation.set(key, [...(byObligation.get(key) ?? []), line]);
  }
  const items: ListItem[] = [];
  for (const group of byObligation.values()) {
    const first = group[0];
    if (first === undefined) continue;
    const { obligation } = first.line;
    const dueDate = obligation.due.slice(0, 10);
    const section: ListSection =
      today > dueDate ? 'overdue' : dueDate <= soonUntil ? 'due-soon' : 'later';
    const isNew = group.some((l) => l.isNew);
    const views = isViewsLine(first.line);
    // The views reminder is told once, when new; the review's own lines say the rest.
    if (!isNew && (section === 'later' || views)) continue;
    items.push({
      obligation: {
        kind: obligation.kind,
        subjectId: obligation.subjectId,
        due: obligation.due,
        ...(obligation.refId === undefined ? {} : { refId: obligation.refId }),
        ...(obligation.stage === undefined ? {} : { stage: obligation.stage }),
      },
      section,
      isNew,
      roles: [...new Set(group.map((l) => l.line.role))],
      action: group.some((l) => l.line.step.action === 'escalation') ? 'escalation' : 'reminder',
      link: first.link,
      ...(views ? { about: 'views-link' as const } : {}),
    });
  }
  if (!items.some((item) => item.isNew)) return undefined;
  const order = (item: ListItem) => SECTION_ORDER.indexOf(item.section);
  return items.sort(
    (a, b) =>
      order(a) - order(b) ||
      a.obligation.due.localeCompare(b.obligation.due) ||
      a.obligation.subjectId.localeCompare(b.obligation.subjectId),
  );
}

function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

const dayWords = (date: LocalDate) => formatDue(date);

/** What one item says: kind, the child's (or carer's) reference, due date, the person's roles. */
function itemWords(item: ListItem): string {
  const { obligation } = item;
  if (item.about === 'views-link') {
    return `${item.isNew ? '[new] ' : ''}Review due ${formatDue(obligation.due)}: no link made yet for the young person's views - child ${obligation.subjectId} (as IRO)`;
  }
  const what =
    obligation.kind === 'dispute-stage' && obligation.stage !== undefined
      ? `${KIND_NAMES[obligation.kind]} ${obligation.stage}`
      : KIND_NAMES[obligation.kind];
  const who = obligation.kind === 'foster-carer-review' ? 'carer' : 'child';
  // A meeting's record is told apart by the review's date, or the conference's reference.
  const held =
    obligation.refId === undefined
      ? ''
      : obligation.kind === 'review-decisions' || obligation.kind === 'review-record'
        ? ` held on ${formatDue(obligation.refId)}`
        : obligation.kind === 'conference-minutes'
          ? `, conference ${obligation.refId}`
          : '';
  const due = `${item.section === 'overdue' ? 'was due' : 'due'} ${formatDue(obligation.due)}`;
  const as = item.roles.map((r) => ROLE_WORDS[r]).join(', ');
  const escalated = item.action === 'escalation' ? ', escalated to you' : '';
  return `${item.isNew ? '[new] ' : ''}${what}${held} - ${who} ${obligation.subjectId} - ${due} (as ${as}${escalated})`;
}

/**
 * How many items an earlier list already gave, still overdue, a list names one by one.
 * A manager's list after a large import would otherwise repeat hundreds of them every
 * morning something new comes; past this, they are counted by kind with a link to the
 * board's overdue work (what is new is always named).
 */
export const STILL_OVERDUE_NAMED = 10;

/** The overdue items a list names, and those it only counts: told before, past the first few. */
function foldStillOverdue(items: readonly ListItem[]): {
  named: ListItem[];
  folded: ListItem[];
} {
  const named: ListItem[] = [];
  const folded: ListItem[] = [];
  let still = 0;
  for (const item of items) {
    if (item.isNew || still++ < STILL_OVERDUE_NAMED) named.push(item);
    else folded.push(item);
  }
  return { named, folded };
}

/** "612 more, each in an earlier list: Looked-after child review 300; ..." (largest first). */
function foldedWords(folded: readonly ListItem[]): string {
  const byKind = new Map<string, number>();
  for (const { obligation, about } of folded) {
    const name =
      about === 'views-link' ? "Link for the young person's views" : KIND_NAMES[obligation.kind];
    byKind.set(name, (byKind.get(name) ?? 0) + 1);
  }
  const counts = [...byKind]
    .sort(([a, m], [b, n]) => n - m || a.localeCompare(b))
    .map(([name, n]) => `${name} ${n}`)
    .join('; ');
  return `${folded.length} more still overdue, each in an earlier list: ${counts}`;
}

/** The board's overdue work: where a list's counted items are, one by one. */
const overdueBoardLink = (trayUrl: string) => `${trayUrl.replace(/#.*$/, '')}#/board?overdue=true`;

/**
 * The email of one person's morning list: references only (never a name, never an
 * issue's text), each item with its link to the work tray. Beyond the first
 * {@link STILL_OVERDUE_NAMED} overdue items an earlier list gave, the rest are counted.
 */
export function renderMorningList(
  items: readonly ListItem[],
  today: LocalDate,
  options: { readonly unitName: string; readonly trayUrl: string },
): RenderedEmail {
  const fresh = items.filter((i) => i.isNew).length;
  const overdue = items.filter((i) => i.section === 'overdue').length;
  const subject = `Morning list for ${dayWords(today)}: ${fresh} new${overdue > 0 ? `, ${overdue} overdue` : ''}`;
  const sections = SECTION_ORDER.map((section) => {
    const all = items.filter((i) => i.section === section);
    const { named, folded } =
      section === 'overdue' ? foldStillOverdue(all) : { named: all, folded: [] };
    return { title: SECTION_TITLES[section], count: all.length, items: named, folded };
  }).filter((s) => s.count > 0);
  const boardLink = overdueBoardLink(options.trayUrl);
  const privacy =
    'This list gives references only. Please open the work tray for details, and do not reply with case details.';
  const text = [
    `${subject}.`,
    '',
    ...sections.flatMap((s) => [
      `${s.title} (${s.count})`,
      ...s.items.flatMap((i) => [`- ${itemWords(i)}`, `  ${i.link}`]),
      ...(s.folded.length > 0 ? [`- ${foldedWords(s.folded)}`, `  ${boardLink}`] : []),
      '',
    ]),
    `Work tray: ${options.trayUrl}`,
    '',
    privacy,
    '',
    options.unitName,
    '',
  ].join('\n');
  const html = [
    '<!DOCTYPE html>',
    '<html lang="en-GB">',
    `<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body>',
    `<p><strong>${escapeHtml(subject)}.</strong></p>`,
    ...sections.flatMap((s) => [
      `<h2>${escapeHtml(s.title)} (${s.count})</h2>`,
      '<ul>',
      ...s.items.map(
        (i) =>
          `<li>${escapeHtml(itemWords(i))} <a href="${escapeHtml(i.link)}">Open in the work tray</a></li>`,
      ),
      ...(s.folded.length > 0
        ? [
            `<li>${escapeHtml(foldedWords(s.folded))} <a href="${escapeHtml(boardLink)}">See every overdue item on the board</a></li>`,
          ]
        : []),
      '</ul>',
    ]),
    `<p>${escapeHtml(privacy)}</p>`,
    `<p>${escapeHtml(options.unitName)}</p>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
  return { subject, text, html };
}
