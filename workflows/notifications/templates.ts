/**
 * The words of every reminder and escalation email (timescales.md section 4). Emails
 * name the child, or the foster carer, only by reference and link to the case record:
 * no name, date of birth, address or dispute text ever leaves the system by email. So
 * the renderer reads the few fields it needs by name and nothing else, and the input
 * type carries nothing more.
 */
import { dayOfWeek, isInstant, isLocalDate, londonDateTime } from '../calendar/index.js';
import { monthName } from '../calendar/local-date.js';
import { DISPUTE_STAGE_NAMES } from '../disputes/rules.js';
import type { DisputeStage } from '../events.js';
import type { Obligation, ObligationKind } from '../obligations.js';
import { DISPUTE_STAGE_ROLES, type Role, type StepTiming } from '../policy.js';

/**
 * What an email may say: the obligation's reference, kind, due date and status, the
 * role the recipient holds, and a link. The mailer's `ReminderEmail` is this plus `to`.
 */
export interface ReminderContent {
  readonly recipientRole: Role;
  readonly obligation: Pick<
    Obligation,
    'kind' | 'subjectId' | 'refId' | 'due' | 'stage' | 'overdue'
  > &
    Partial<Pick<Obligation, 'startedOn'>>;
  readonly action: 'reminder' | 'escalation';
  /**
   * When the step falls against the obligation (policy.ts): a stage starting and its
   * due date coming are different emails, and one sent at or after the due time speaks
   * of it in the past. The obligation's start date is said only for a start.
   */
  readonly timing?: StepTiming;
  /** Already filled in (see {@link caseRecordUrl}); https, or http on localhost for local runs. */
  readonly caseRecordUrl: string;
  /**
   * For a dispute answered: the dispute's page in the work tray, where the IRO reads the
   * answer (the email never carries it). The case record link stands in when absent.
   */
  readonly trayLink?: string;
}

export interface RenderedEmail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export interface RenderOptions {
  /** Signs the email, e.g. "Children's Safeguarding Unit". */
  readonly unitName: string;
}

/** The role a recipient is written to in, in the unit's words. */
const ROLE_NAMES: Readonly<Record<Role, string>> = {
  iro: 'Independent Reviewing Officer',
  'social-worker': 'social worker',
  'team-manager': 'team manager',
  'service-manager': 'service manager',
  'head-of-service': 'head of service',
  director: "director of children's services",
  chair: 'conference chair',
  'reviewing-officer': 'reviewing officer',
  'stage-manager': 'manager answering the dispute at its current stage',
};

interface KindWording {
  /** Who the subjectId names. */
  readonly subject: 'child' | 'foster carer';
  /** What the refId names, for the kinds that have one (a review: its date). */
  readonly ref?: 'conference' | 'dispute' | 'review';
  /** The noun phrase is plural ("the minutes ... are"). */
  readonly plural?: boolean;
  /** The obligation in plain words, as a noun phrase. */
  readonly what: (stage: DisputeStage | undefined) => string;
  /** What the reader is asked to do. */
  readonly reminder: (stage: DisputeStage | undefined) => string;
  readonly escalation: (stage: DisputeStage | undefined) => string;
  /** When the clock starts (a dispute stage), given the day it started in words, if known. */
  readonly started?: (stage: DisputeStage | undefined, startedOn: string | undefined) => string;
  /** As the due date comes, where that reads differently from the first reminder. */
  readonly dueSoon?: (stage: DisputeStage | undefined, due: string) => string;
}

const notRecorded = (what: string, then: string) =>
  `The ${what} has not been recorded on the case record by its due date. ${then}`;

/** Stage 5 is not a manager answering but the IRO considering referral to Cafcass. */
function stageAnswer(stage: DisputeStage): string {
  return stage === 5
    ? 'the IRO is to consider referral to Cafcass'
    : `the ${DISPUTE_STAGE_NAMES[stage]} is to respond to the dispute`;
}

/** What happens if a stage is not answered in time. */
function afterStage(stage: DisputeStage): string {
  if (stage === 5) return 'Stage 5 is the last: it stays open until the dispute is resolved.';
  const next = (stage + 1) as DisputeStage;
  return `If the dispute is not resolved by the end of that day, it moves to stage ${next} (${DISPUTE_STAGE_NAMES[next]}) by itself.`;
}

function requireStage(stage: DisputeStage | undefined): DisputeStage {
  if (stage === undefined || !(stage in DISPUTE_STAGE_NAMES)) {
    throw new RangeError('A dispute-stage reminder needs the stage the dispute stands at (1-5)');
  }
  return stage;
}

const WORDING: Readonly<Record<ObligationKind, KindWording>> = {
  'lac-review': {
    subject: 'child',
    what: () => 'looked-after child review',
    reminder: () =>
      "Please make sure the review of the child's care plan is arranged and held by the due date.",
    escalation: () =>
      notRecorded(
        'looked-after child review',
        'Please make sure it is held without further delay and record why it was late.',
      ),
  },
  icpc: {
    subject: 'child',
    what: () => 'initial child protection conference',
    reminder: () =>
      'Please make sure the initial child protection conference is booked and held by the due date, 15 working days after the strategy discussion.',
    escalation: () =>
      notRecorded(
        'initial child protection conference',
        'Please make sure it is held without further delay and record why it was late.',
      ),
  },
  'icpc-booking-decision': {
    subject: 'child',
    what: () => 'decision on booking the initial child protection conference',
    reminder: () =>
      'Please decide whether the case proceeds to an initial child protection conference and, if it does, book the conference by the due date.',
    escalation: () =>
      notRecorded(
        'decision on booking the initial child protection conference',
        'Please make and record the decision without further delay.',
      ),
  },
  'cp-review': {
    subject: 'child',
    what: () => 'child protection review conference',
    reminder: () =>
      'Please make sure the child protection review conference is arranged and held by the due date.',
    escalation: () =>
      notRecorded(
        'child protection review conference',
        'Please make sure it is held without further delay and record why it was late.',
      ),
  },
  'cp-plan-duration-check': {
    subject: 'child',
    what: () => '15-month check of the child protection plan',
    reminder: () =>
      'The child protection plan has been in place for 15 months. Please scrutinise whether the plan is achieving its aims, so that no plan drifts towards two years unexamined.',
    escalation: () =>
      notRecorded(
        '15-month check of the child protection plan',
        'Please carry out and record the check without further delay.',
      ),
  },
  'conference-report': {
    subject: 'child',
    ref: 'conference',
    what: () => 'report for the child protection conference',
    reminder: () =>
      'Please share the report for the conference by the due time, 2 working days before the conference.',
    escalation: () =>
      'The report for the conference has not been recorded as shared by its due time. Please make sure it is shared before the conference and record why it was late.',
  },
  'secure-review': {
    subject: 'child',
    what: () => 'secure accommodation review',
    reminder: () =>
      "Please make sure the review of the child's placement in secure accommodation is held by the due date.",
    escalation: () =>
      notRecorded(
        'secure accommodation review',
        'Please make sure it is held without further delay and record why it was late.',
      ),
  },
  'short-breaks-review': {
    subject: 'child',
    what: () => 'review of the short breaks',
    reminder: () =>
      "Please make sure the review of the child's short breaks is held by the due date (within 3 months of the first break, then at most every 6 months).",
    escalation: () =>
      notRecorded(
        'review of the short breaks',
        'Please make sure it is held without further delay and record why it was late.',
      ),
  },
  'foster-carer-review': {
    subject: 'foster carer',
    what: () => 'foster carer review',
    reminder: () =>
      "Please make sure the review of the foster carer's approval is held by the due date.",
    escalation: () =>
      notRecorded(
        'foster carer review',
        'Please make sure it is held without further delay and record why it was late.',
      ),
  },
  'dispute-stage': {
    subject: 'child',
    ref: 'dispute',
    what: (stage) => {
      const s = requireStage(stage);
      return `stage ${s} of the IRO dispute resolution process (${DISPUTE_STAGE_NAMES[s]})`;
    },
    reminder: (stage) => {
      const answer = stageAnswer(requireStage(stage));
      return `At this stage ${answer} by the due date.`;
    },
    escalation: (stage) => {
      const s = requireStage(stage);
      return `The dispute has been escalated to stage ${s}: ${stageAnswer(s)} by the due date.`;
    },
    started: (stage, startedOn) => {
      const s = requireStage(stage);
      const when = startedOn === undefined ? '' : ` on ${startedOn}`;
      const start =
        s === 1
          ? `The IRO raised the dispute${when}, which starts stage 1`
          : `The dispute moved to stage ${s}${when}`;
      return `${start}: ${stageAnswer(s)} by the due date. ${afterStage(s)}`;
    },
    dueSoon: (stage, due) => {
      const s = requireStage(stage);
      return `The dispute is not yet resolved, and the response at stage ${s} is due by ${due}: ${stageAnswer(s)} by then. ${afterStage(s)}`;
    },
  },
  'review-decisions': {
    subject: 'child',
    ref: 'review',
    plural: true,
    what: () => 'decisions of the looked-after review',
    reminder: () =>
      'Please make sure the decisions of the review are sent to those who need them by the due date (the full written record, sent by then, carries them).',
    escalation: () =>
      'The decisions of the looked-after review have not been recorded as shared by their due date. Please make sure they are sent without further delay and record why they were late.',
  },
  'review-record': {
    subject: 'child',
    ref: 'review',
    what: () => 'written record of the looked-after review',
    reminder: () =>
      'Please make sure the written record of the review is completed and sent to those who need it by the due date.',
    escalation: () =>
      'The written record of the looked-after review has not been recorded as shared by its due date. Please make sure it is sent without further delay and record why it was late.',
  },
  'conference-minutes': {
    subject: 'child',
    ref: 'conference',
    plural: true,
    what: () => 'minutes of the child protection conference',
    reminder: () =>
      'Please make sure the minutes of the conference are sent to those invited by the due date.',
    escalation: () =>
      'The minutes of the conference have not been recorded as shared by their due date. Please make sure they are sent without further delay and record why they were late.',
  },
};

const TIMINGS: ReadonlySet<StepTiming> = new Set<StepTiming>([
  'answered',
  'not-safe',
  'start',
  'booked',
  'before-due',
  'at-due',
  'after-due',
]);

/** A dispute's email to someone other than the stage's own manager is a copy (the IRO, the head of service). */
const copied = (stage: DisputeStage | undefined, role: Role): boolean =>
  stage !== undefined && role !== 'stage-manager' && DISPUTE_STAGE_ROLES[stage] !== role;

/** A review is referred to by the date it was held. */
function reviewDateWords(refId: string | undefined): string {
  if (refId === undefined || !isLocalDate(refId)) {
    throw new RangeError('A review record reminder needs the date the review was held');
  }
  return dateWords(refId);
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
function dateWords(date: string): string {
  const weekday = WEEKDAYS[dayOfWeek(date) - 1];
  const month = monthName(Number(date.slice(5, 7)));
  return `${weekday} ${Number(date.slice(8, 10))} ${month} ${date.slice(0, 4)}`;
}

/**
 * A due date as people in England read it: "Thursday 23 March 2017", or for an instant
 * (a conference report's deadline) "Thursday 23 March 2017 at 10:00" on London clocks,
 * whatever offset the instant was written with.
 */
export function formatDue(due: string): string {
  if (isLocalDate(due)) return dateWords(due);
  if (isInstant(due)) {
    const { date, time } = londonDateTime(due);
    return `${dateWords(date)} at ${time.slice(0, 5)}`;
  }
  throw new RangeError(`Not a due date or instant: ${JSON.stringify(due)}`);
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Links go to the case management system over https; plain http only to this machine. */
function checkedLink(url: URL, source: string): URL {
  const local = url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !local) {
    throw new RangeError(
      `The case record link must be https (or http://localhost for local runs): ${source}`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new RangeError(`The case record link must not carry credentials: ${url.origin}`);
  }
  return url;
}

function parseUrl(value: string): URL {
  try {
    return new URL(value);
  } catch {
    throw new RangeError(`Not an absolute URL: ${JSON.stringify(value)}`);
  }
}

// Scheme and authority, with no placeholder in them: an id must never choose the host.
const TEMPLATE_ORIGIN = /^[a-z][a-z0-9+.-]*:\/\/[^/?#{}]+(?=$|[/?#])/i;
const PLACEHOLDER = /\{([^{}]*)\}/g;

function pathSegmentValue(name: string, value: string | undefined): string {
  if (value === undefined || value === '' || value === '.' || value === '..') {
    throw new RangeError(
      `The case record link needs {${name}}, but ${value === undefined ? 'none was given' : `it is ${JSON.stringify(value)}`}`,
    );
  }
  return encodeURIComponent(value);
}

/**
 * The link to a case record, from the council's template such as
 * `https://cms.example.gov.uk/children/{subjectId}/disputes/{refId}`. Ids are
 * percent-encoded and may only appear after the host; anything but https (or http on
 * localhost) is refused, so an email never carries a link that leaks or misleads.
 */
export function caseRecordUrl(
  template: string,
  ids: { subjectId: string; refId?: string },
): string {
  const origin = TEMPLATE_ORIGIN.exec(template);
  if (origin === null) {
    throw new RangeError(
      `The case record link template must be an absolute URL with {subjectId} or {refId} only after the host: ${template}`,
    );
  }
  const expected = checkedLink(parseUrl(origin[0]), template).origin;
  const filled = template.replace(PLACEHOLDER, (_match, name: string) => {
    if (name === 'subjectId') return pathSegmentValue(name, ids.subjectId);
    if (name === 'refId') return pathSegmentValue(name, ids.refId);
    throw new RangeError(
      `The case record link template may use {subjectId} and {refId} only, not {${name}}`,
    );
  });
  const url = checkedLink(parseUrl(filled), template);
  if (url.origin !== expected) {
    throw new RangeError(`The case record link template must keep its host: ${template}`);
  }
  return url.href;
}

// Control characters would let a value forge extra lines in the plain-text body or
// the subject header.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

function singleLine(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '' || CONTROL.test(value)) {
    throw new RangeError(`The ${what} must be a non-empty single-line string`);
  }
  return value;
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

function capitalise(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}

/**
 * The one layout of a reminder or escalation, in text and HTML: the heading, the facts
 * as a table, what is asked, the link, the privacy line and the unit's name.
 */
function laidOut(email: {
  readonly subject: string;
  readonly heading: string;
  readonly facts: readonly (readonly [string, string])[];
  readonly ask: string;
  readonly link: string;
  readonly linkLabel: string;
  readonly linkText: string;
  readonly privacy: string;
  readonly unitName: string;
}): RenderedEmail {
  const { subject, heading, facts, ask, link, privacy, unitName } = email;
  const text = [
    heading,
    '',
    ...facts.map(([label, value]) => `${label}: ${value}`),
    '',
    ask,
    '',
    `${email.linkLabel}: ${link}`,
    '',
    privacy,
    '',
    unitName,
    '',
  ].join('\n');
  const rows = facts
    .map(
      ([label, value]) =>
        `<tr><th scope="row" align="left">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`,
    )
    .join('\n');
  const html = [
    '<!DOCTYPE html>',
    '<html lang="en-GB">',
    `<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body>',
    `<p><strong>${escapeHtml(heading)}</strong></p>`,
    `<table>\n${rows}\n</table>`,
    `<p>${escapeHtml(ask)}</p>`,
    `<p><a href="${escapeHtml(link)}">${escapeHtml(email.linkText)}</a> (${escapeHtml(link)})</p>`,
    `<p>${escapeHtml(privacy)}</p>`,
    `<p>${escapeHtml(unitName)}</p>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
  return { subject, text, html };
}

/**
 * The subject and the plain-text and HTML bodies of one reminder or escalation. Only
 * the fields of {@link ReminderContent} are read, by name, so whatever else an object
 * happens to carry at runtime (a name, a date of birth) cannot reach the email.
 */
export function renderReminder(content: ReminderContent, options: RenderOptions): RenderedEmail {
  const { obligation, action, recipientRole } = content;
  const wording = Object.hasOwn(WORDING, obligation.kind) ? WORDING[obligation.kind] : undefined;
  if (wording === undefined) {
    throw new RangeError(`No email wording for obligation kind ${JSON.stringify(obligation.kind)}`);
  }
  if (action !== 'reminder' && action !== 'escalation') {
    throw new RangeError(`Not a reminder or escalation: ${JSON.stringify(action)}`);
  }
  const roleName = Object.hasOwn(ROLE_NAMES, recipientRole) ? ROLE_NAMES[recipientRole] : undefined;
  if (roleName === undefined) {
    throw new RangeError(`Not a role: ${JSON.stringify(recipientRole)}`);
  }
  const unitName = singleLine(options.unitName, 'unit name');
  if (content.timing === 'answered') return renderAnswered(content, unitName);
  if (content.timing === 'not-safe') return renderNotSafe(content, unitName);
  const link = checkedLink(parseUrl(content.caseRecordUrl), '(the link given)').href;
  const subjectId = singleLine(obligation.subjectId, `${wording.subject} reference`);
  const refId =
    wording.ref === undefined
      ? undefined
      : singleLine(obligation.refId, `${wording.ref} reference`);
  const reviewedOn = wording.ref === 'review' ? reviewDateWords(refId) : undefined;
  const stage = obligation.kind === 'dispute-stage' ? requireStage(obligation.stage) : undefined;
  const timing = TIMINGS.has(content.timing as StepTiming) ? content.timing : undefined;
  const overdue = obligation.overdue === true;
  const isInstantDue = obligation.due.includes('T');
  // Sent once the due date (or, for a deadline with a time, the due time) has passed.
  const pastDue =
    overdue ||
    timing === 'after-due' ||
    (timing === 'at-due' && action === 'escalation' && isInstantDue);
  const due = formatDue(obligation.due);
  // A review is told apart by its date: "decisions of the looked-after review held on ...".
  const what =
    reviewedOn === undefined ? wording.what(stage) : `${wording.what(stage)} held on ${reviewedOn}`;
  const [is, has, its] = wording.plural ? ['are', 'have', 'their'] : ['is', 'has', 'its'];
  const startedOn =
    timing === 'start' && obligation.startedOn !== undefined && isLocalDate(obligation.startedOn)
      ? dateWords(obligation.startedOn)
      : undefined;
  const starting = timing === 'start' && wording.started !== undefined && !pastDue;
  const comingDue = timing === 'before-due' && wording.dueSoon !== undefined && !pastDue;
  const ask =
    action === 'escalation'
      ? wording.escalation(stage)
      : starting
        ? (wording.started?.(stage, startedOn) ?? '')
        : comingDue
          ? (wording.dueSoon?.(stage, due) ?? '')
          : wording.reminder(stage);

  const about =
    refId === undefined || reviewedOn !== undefined
      ? `${wording.subject} ${subjectId}`
      : `${wording.ref} ${refId}, ${wording.subject} ${subjectId}`;
  const prefix =
    action === 'escalation'
      ? 'Escalation'
      : overdue
        ? 'Overdue'
        : starting
          ? 'Stage started'
          : 'Reminder';
  const subject = `${prefix}: ${capitalise(what)} - ${about} - ${pastDue ? 'was due' : 'due'} ${due}`;
  const state = overdue
    ? `${is} overdue`
    : pastDue
      ? `${is} past ${its} due ${isInstantDue ? 'time' : 'date'}`
      : action === 'escalation'
        ? `${has} reached ${its} due date`
        : starting
          ? startedOn === undefined
            ? `${has} started`
            : `started on ${startedOn}`
          : comingDue
            ? `${is} due by ${due}`
            : `${is} coming due`;
  // "stage 3 of ..." reads without an article; every other kind takes "the".
  const theWhat = stage === undefined ? `the ${what}` : what;
  const heading = `${prefix}: ${theWhat} for ${about} ${state}.`;

  const facts: (readonly [string, string])[] = [
    [`${capitalise(wording.subject)} reference`, subjectId],
  ];
  if (reviewedOn !== undefined) facts.push(['Review held on', reviewedOn]);
  else if (refId !== undefined) facts.push([`${capitalise(wording.ref ?? '')} reference`, refId]);
  facts.push(['What is due', capitalise(wording.what(stage))]);
  if (startedOn !== undefined && starting) facts.push(['Stage started', startedOn]);
  facts.push(
    [`${pastDue ? 'Was due' : 'Due'}${isInstantDue ? ' by' : ''}`, due],
    [
      'Overdue',
      pastDue ? `yes, the due ${isInstantDue && !overdue ? 'time' : 'date'} has passed` : 'no',
    ],
    ['You receive this as', `the ${roleName}${copied(stage, recipientRole) ? ', copied' : ''}`],
  );
  const privacy = `This email gives the ${wording.subject}'s reference only. Please open the case record for details, and do not reply with case details.`;

  return laidOut({
    subject,
    heading,
    facts,
    ask,
    link,
    linkLabel: 'Case record',
    linkText: 'Open the case record',
    privacy,
    unitName,
  });
}

/**
 * The young person's "I don't feel safe" email (architecture.md, "The child's voice"),
 * from the reference and the link alone: never their words. The views request sends it
 * (functions/adapters/ses/safety-mail.ts), and the child's workflow as its safety net.
 */
export function notSafeEmail(
  childReference: string,
  childPageUrl: string,
  unitName: string,
): { subject: string; text: string } {
  return {
    subject: `Young person ${childReference} has said they do not feel safe`,
    text: [
      `The young person with reference ${childReference} has said, through their link before their review, that they do not feel safe where they live.`,
      `Please act today. Their page: ${childPageUrl}`,
      'When you have acted, record it on their page in the work tray.',
      `This email gives a reference only; the case record has the details.\n\n${unitName}`,
    ].join('\n\n'),
  };
}

/** {@link notSafeEmail} sent by the child's workflow: the link is the child's page in the tray, or the case record. */
function renderNotSafe(content: ReminderContent, unitName: string): RenderedEmail {
  const subjectId = singleLine(content.obligation.subjectId, 'child reference');
  const link = checkedLink(
    parseUrl(content.trayLink ?? content.caseRecordUrl),
    '(the link given)',
  ).href;
  const { subject, text } = notSafeEmail(subjectId, link, unitName);
  const html = [
    '<!DOCTYPE html>',
    '<html lang="en-GB">',
    `<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body>',
    ...text.split('\n\n').map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
    '</body>',
    '</html>',
    '',
  ].join('\n');
  return { subject, text, html };
}

/**
 * The IRO's email when the manager a dispute stands with has answered it (a local
 * addition, README "A local addition to the contract"): the dispute's and the child's references, the
 * stage and its date, and a link to the dispute's page in the work tray. Never the
 * answer: it is read in the tray, by those who may read the issue.
 */
function renderAnswered(content: ReminderContent, unitName: string): RenderedEmail {
  const { obligation } = content;
  if (obligation.kind !== 'dispute-stage') {
    throw new RangeError('Only a dispute is answered');
  }
  const stage = requireStage(obligation.stage);
  const subjectId = singleLine(obligation.subjectId, 'child reference');
  const refId = singleLine(obligation.refId, 'dispute reference');
  const inTray = content.trayLink !== undefined;
  const link = checkedLink(
    parseUrl(content.trayLink ?? content.caseRecordUrl),
    '(the link given)',
  ).href;
  const due = formatDue(obligation.due);
  const who = DISPUTE_STAGE_NAMES[stage];
  const about = `dispute ${refId}, child ${subjectId}`;
  const subject = `Dispute answered: ${about} - stage ${stage} (${who})`;
  const heading = `Dispute answered: the ${who} has answered ${about}, at stage ${stage}.`;
  const facts: (readonly [string, string])[] = [
    ['Child reference', subjectId],
    ['Dispute reference', refId],
    ['Stage now', `Stage ${stage} (${who})`],
    ['Stage to respond by', due],
    ['You receive this as', `the ${ROLE_NAMES.iro}`],
  ];
  const ask = `Please read the answer ${inTray ? 'on the dispute’s page in the work tray' : 'in the case record'}, then resolve the dispute or escalate it: an answer resolves nothing by itself. ${afterStage(stage)}`;
  const linkLabel = inTray ? 'Work tray' : 'Case record';
  const privacy =
    "This email gives the child's and the dispute's references only, never the answer. Please read it where it is kept, and do not reply with case details.";
  return laidOut({
    subject,
    heading,
    facts,
    ask,
    link,
    linkLabel,
    linkText: inTray ? 'Open the dispute in the work tray' : 'Open the case record',
    privacy,
    unitName,
  });
}
