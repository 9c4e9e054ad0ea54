/**
 * Who is reminded, and when: the default policy of timescales.md section 4 as data,
 * and the council's configuration file that may override it. The workflows only ever
 * ask "what is the next step, and when" ({@link nextStep}).
 */
import {
  addDays,
  isLocalDate,
  type LocalDate,
  londonDateTime,
  londonInstant,
  toEpochMillis,
  workingCalendar,
} from './calendar/index.js';
import { DISPUTE_STAGES, type DisputeStage, type InputProblem } from './events.js';
import {
  DEFAULT_RULES_CONTEXT,
  OBLIGATION_KINDS,
  type Obligation,
  type ObligationKind,
  RECORD_KINDS,
  type RulesContext,
} from './obligations.js';
import * as z from './zod.js';

export const ROLES = [
  'iro',
  'social-worker',
  'team-manager',
  'service-manager',
  'head-of-service',
  'director',
  'chair',
  'reviewing-officer',
  /** For disputes: whoever answers at the dispute's current stage. */
  'stage-manager',
] as const;
export type Role = (typeof ROLES)[number];

/** Who answers at each dispute stage (stage 5: the IRO considers referral to Cafcass). */
export const DISPUTE_STAGE_ROLES: Readonly<Record<DisputeStage, Role>> = {
  1: 'team-manager',
  2: 'service-manager',
  3: 'head-of-service',
  4: 'director',
  5: 'iro',
};

/**
 * The schemas of a council's policy, built when a configuration is first read (see
 * {@link councilConfigSchema}), not at import: a handler run with the default policy
 * never builds them.
 */
function policySchemas() {
  const role = z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` });

  const when = z
    .strictObject({
      /** due: the obligation's due date (or time); start: when its clock started; booked: when its conference was booked. */
      from: z.enum(['due', 'start', 'booked'], { error: "must be 'due', 'start' or 'booked'" }),
      days: z.optional(z.number().check(z.int({ error: 'must be a whole number' }))),
      workingDays: z.optional(z.number().check(z.int({ error: 'must be a whole number' }))),
    })
    .check(
      z.refine((w) => w.days === undefined || w.workingDays === undefined, {
        error: 'give days or workingDays, not both',
      }),
    );

  const stepName = z
    .string()
    .check(z.regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'must be lower-case words joined by -' }));

  const step = z.strictObject({
    /** Stable name: part of the key that makes each email go out once. */
    name: stepName,
    action: z.enum(['reminder', 'escalation'], { error: "must be 'reminder' or 'escalation'" }),
    when,
    to: z.array(role).check(z.minLength(1, { error: 'must name at least one role' })),
  });

  const kindPolicy = z.strictObject({
    steps: z.array(step),
    /**
     * Roles copied from a dispute stage onwards (the head of service from stage 3), on
     * every step or only on the steps named (the IRO when the dispute escalates).
     */
    copy: z.optional(
      z.array(
        z.strictObject({
          role,
          fromStage: z.number().check(z.int(), z.minimum(1), z.maximum(5)),
          steps: z.optional(
            z.array(stepName).check(z.minLength(1, { error: 'must name at least one step' })),
          ),
        }),
      ),
    ),
  });

  return { step, kindPolicy };
}

type PolicySchemas = ReturnType<typeof policySchemas>;
export type PolicyStep = z.output<PolicySchemas['step']>;
export type KindPolicy = z.output<PolicySchemas['kindPolicy']>;
export type Policy = Readonly<Record<ObligationKind, KindPolicy>>;

const before = (workingDays: number, to: Role[], name = `reminder-${workingDays}`): PolicyStep => ({
  name,
  action: 'reminder',
  when: { from: 'due', workingDays: -workingDays },
  to,
});
const workingDaysAfterDue = (workingDays: number, to: Role[], name: string): PolicyStep => ({
  name,
  action: 'escalation',
  when: { from: 'due', workingDays },
  to,
});
const dayAfterDue = (to: Role[], name: string): PolicyStep => ({
  name,
  action: 'escalation',
  when: { from: 'due', days: 1 },
  to,
});
const icpcPolicy: KindPolicy = {
  steps: [
    {
      name: 'strategy-discussion',
      action: 'reminder',
      when: { from: 'start', days: 1 },
      to: ['team-manager'],
    },
    { name: 'booked', action: 'reminder', when: { from: 'booked' }, to: ['chair'] },
    dayAfterDue(['head-of-service'], 'overdue'),
  ],
};
/** Section 4: the record's author is reminded, the unit's service manager told when it is late. */
const recordPolicy = (workingDays: number, author: Role): KindPolicy => ({
  steps: [before(workingDays, [author]), dayAfterDue(['service-manager'], 'overdue')],
});
const reviewingOfficerPolicy: KindPolicy = {
  steps: [
    before(15, ['reviewing-officer']),
    before(5, ['reviewing-officer']),
    dayAfterDue(['team-manager'], 'overdue'),
  ],
};

/** timescales.md section 4, as data. */
export const DEFAULT_POLICY: Policy = {
  'lac-review': {
    steps: [
      before(15, ['iro', 'social-worker']),
      before(5, ['iro', 'social-worker']),
      dayAfterDue(['team-manager'], 'overdue-team-manager'),
      workingDaysAfterDue(5, ['head-of-service'], 'overdue-head-of-service'),
    ],
  },
  icpc: icpcPolicy,
  'icpc-booking-decision': icpcPolicy,
  'conference-report': {
    steps: [
      before(3, ['social-worker']),
      before(1, ['social-worker']),
      {
        name: 'overdue',
        action: 'escalation',
        when: { from: 'due' },
        to: ['chair', 'team-manager'],
      },
    ],
  },
  'cp-review': {
    steps: [
      before(15, ['chair', 'social-worker']),
      before(5, ['chair', 'social-worker']),
      dayAfterDue(['team-manager'], 'overdue-team-manager'),
      workingDaysAfterDue(5, ['head-of-service'], 'overdue-head-of-service'),
    ],
  },
  // Section 4 names no one for the 15-month check; the chair and team manager are told on the day.
  'cp-plan-duration-check': {
    steps: [
      {
        name: 'check-due',
        action: 'reminder',
        when: { from: 'due' },
        to: ['chair', 'team-manager'],
      },
    ],
  },
  'secure-review': reviewingOfficerPolicy,
  'short-breaks-review': reviewingOfficerPolicy,
  'foster-carer-review': reviewingOfficerPolicy,
  'dispute-stage': {
    steps: [
      { name: 'stage-start', action: 'reminder', when: { from: 'start' }, to: ['stage-manager'] },
      before(1, ['stage-manager'], 'stage-due-soon'),
    ],
    copy: [
      { role: 'head-of-service', fromStage: 3 },
      // The IRO who raised the dispute hears when it moves to the next stage.
      { role: 'iro', fromStage: 2, steps: ['stage-start'] },
    ],
  },
  'review-decisions': recordPolicy(2, 'iro'),
  'review-record': recordPolicy(2, 'iro'),
  'conference-minutes': recordPolicy(5, 'chair'),
};

function buildCouncilConfigSchema() {
  const localDate = z
    .string()
    .check(z.refine(isLocalDate, { error: 'must be a real date written YYYY-MM-DD' }));
  const workingDays = z
    .number()
    .check(z.int(), z.minimum(1, { error: 'must be at least 1 working day' }), z.maximum(60));

  return z.strictObject({
    closureDays: z._default(z.array(localDate), []),
    disputeStageWorkingDays: z._default(
      z.partial(
        z.strictObject({
          1: workingDays,
          2: workingDays,
          3: workingDays,
          4: workingDays,
          5: workingDays,
        }),
      ),
      {},
    ),
    /** Working days after a meeting within which its record is due (timescales.md 3.5). */
    recordWorkingDays: z._default(
      z.partial(
        z.strictObject({
          'review-decisions': workingDays,
          'review-record': workingDays,
          'conference-minutes': workingDays,
        }),
      ),
      {},
    ),
    /** Reviews and conferences held before this date need no record (an imported history: timescales.md 3.5). */
    recordKeepingFrom: z.optional(localDate),
    /** London wall-clock time of the morning list (architecture.md, "Who hears what, and when"). */
    morningListTime: z._default(
      z
        .string()
        .check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be a time written HH:MM' })),
      '07:30',
    ),
    /** London wall-clock time at which date-based reminders are sent. */
    reminderTime: z._default(
      z
        .string()
        .check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be a time written HH:MM' })),
      '08:00',
    ),
    /** Replaces the default steps of the kinds it names. */
    policy: z._default(z.partialRecord(z.enum(OBLIGATION_KINDS), policySchemas().kindPolicy), {}),
    /** The council's under-18 population, for the figures' rates per 10,000 (figures.md L3, C2). */
    childPopulation: z.optional(
      z
        .number({ error: 'must be a whole number of children' })
        .check(
          z.int({ error: 'must be a whole number of children' }),
          z.minimum(1, { error: 'must be at least 1' }),
        ),
    ),
  });
}

let councilConfig: ReturnType<typeof buildCouncilConfigSchema> | undefined;

/**
 * The council's configuration file: its closure days, dispute response times and
 * policy overrides. Built on first use.
 */
export function councilConfigSchema(): ReturnType<typeof buildCouncilConfigSchema> {
  councilConfig ??= buildCouncilConfigSchema();
  return councilConfig;
}

/** Everything the engine needs from a council's configuration. */
export interface CouncilSettings {
  readonly rules: RulesContext;
  readonly policy: Policy;
  readonly reminderTime: string;
  /** London wall-clock time (HH:MM) of each working day's morning list; 07:30 when absent. */
  readonly morningListTime?: string;
  /** For the figures' rates per 10,000; absent when not configured. */
  readonly childPopulation?: number;
}

export const DEFAULT_SETTINGS: CouncilSettings = {
  rules: DEFAULT_RULES_CONTEXT,
  policy: DEFAULT_POLICY,
  reminderTime: '08:00',
  morningListTime: '07:30',
};

/** The morning list's time when the settings name none. */
export const DEFAULT_MORNING_LIST_TIME = '07:30';

/**
 * How a step reaches its recipients (timescales.md section 4, "How they are
 * delivered"): at once from the subject's workflow, or in the recipient's next
 * morning list.
 */
export type Delivery = 'at-once' | 'morning-list';

/** The kinds whose every line cannot wait for the morning: a report due within hours, a dispute stage someone must answer. */
export const AT_ONCE_KINDS: ReadonlySet<ObligationKind> = new Set<ObligationKind>([
  'conference-report',
  'dispute-stage',
]);

/** How the lines of an obligation of this kind are delivered. */
export const deliveryOf = (kind: ObligationKind): Delivery =>
  AT_ONCE_KINDS.has(kind) ? 'at-once' : 'morning-list';

/** Validates a council's configuration; problems name the field, so a bad file is caught at load. */
export function councilSettings(
  value: unknown,
): { ok: true; settings: CouncilSettings } | { ok: false; problems: InputProblem[] } {
  const parsed = councilConfigSchema().safeParse(value);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => ({
        field: issue.path.join('.') || '(file)',
        reason: issue.message,
      })),
    };
  }
  const config = parsed.data;
  const stageDays = { ...DEFAULT_RULES_CONTEXT.disputeStageWorkingDays };
  for (const stage of DISPUTE_STAGES) {
    stageDays[stage] = config.disputeStageWorkingDays[stage] ?? stageDays[stage];
  }
  const recordDays = { ...DEFAULT_RULES_CONTEXT.recordWorkingDays };
  for (const kind of RECORD_KINDS) {
    recordDays[kind] = config.recordWorkingDays[kind] ?? recordDays[kind];
  }
  return {
    ok: true,
    settings: {
      rules: {
        calendar: workingCalendar({ closureDays: config.closureDays }),
        disputeStageWorkingDays: stageDays,
        recordWorkingDays: recordDays,
        ...(config.recordKeepingFrom === undefined
          ? {}
          : { recordKeepingFrom: config.recordKeepingFrom }),
      },
      policy: { ...DEFAULT_POLICY, ...config.policy },
      reminderTime: config.reminderTime,
      morningListTime: config.morningListTime,
      ...(config.childPopulation === undefined ? {} : { childPopulation: config.childPopulation }),
    },
  };
}

/**
 * When a step falls against its obligation, so an email can say what it is: a clock
 * starting (a dispute stage), a booking, a due date coming or reached, or passed; or,
 * outside the policy's steps, a dispute answered by its stage's manager, or a young
 * person's "I don't feel safe" (schedule.ts).
 */
export type StepTiming =
  | 'start'
  | 'booked'
  | 'before-due'
  | 'at-due'
  | 'after-due'
  | 'answered'
  | 'not-safe';

function timingOf(when: PolicyStep['when']): StepTiming {
  if (when.from !== 'due') return when.from;
  const offset = when.workingDays ?? when.days ?? 0;
  return offset < 0 ? 'before-due' : offset === 0 ? 'at-due' : 'after-due';
}

/** A reminder or escalation that an obligation calls for. */
export interface ReminderStep {
  /** Identifies the obligation at its current due date: a new due date is a new obligation to remind about. */
  readonly obligationKey: string;
  readonly name: string;
  readonly action: 'reminder' | 'escalation';
  readonly timing: StepTiming;
  /** The instant it is due, with its London offset. */
  readonly at: string;
  readonly to: readonly Role[];
}

/** The key that, with a step name and a recipient, makes each email go out exactly once. */
export function obligationKey(obligation: Obligation): string {
  const { kind, subjectId, refId, stage, due } = obligation;
  // Ids are encoded, so a slash in a council's reference cannot make two keys one.
  return [kind, subjectId, refId ?? '', stage ?? '', due]
    .map((p) => encodeURIComponent(p))
    .join('/');
}

/** Who a step goes to for this obligation: a dispute's stage manager resolved, copies added once. */
function recipientsOf(obligation: Obligation, step: PolicyStep, policy: KindPolicy): Role[] {
  const { stage } = obligation;
  const to = step.to.map((role) =>
    role === 'stage-manager' && stage !== undefined ? DISPUTE_STAGE_ROLES[stage] : role,
  );
  for (const copy of policy.copy ?? []) {
    if (stage === undefined || stage < copy.fromStage) continue;
    if (copy.steps === undefined || copy.steps.includes(step.name)) to.push(copy.role);
  }
  return [...new Set(to)];
}

/** When a step falls: dates at the council's reminder time, date-times at their own time. */
function stepInstant(
  obligation: Obligation,
  when: PolicyStep['when'],
  settings: CouncilSettings,
): string | undefined {
  let date: LocalDate;
  let time = `${settings.reminderTime}:00`;
  if (when.from === 'booked') {
    if (obligation.bookedOn === undefined) return undefined;
    date = obligation.bookedOn;
  } else if (when.from === 'start') {
    date = obligation.startedOn;
  } else if (obligation.due.includes('T')) {
    ({ date, time } = londonDateTime(obligation.due));
  } else {
    date = obligation.due;
  }
  if (when.workingDays !== undefined)
    date = settings.rules.calendar.addWorkingDays(date, when.workingDays);
  else if (when.days !== undefined) date = addDays(date, when.days);
  return londonInstant(date, time);
}

/** Every step the policy calls for on this obligation, in time order. */
export function stepsFor(
  obligation: Obligation,
  settings: CouncilSettings = DEFAULT_SETTINGS,
): ReminderStep[] {
  const policy = settings.policy[obligation.kind];
  const key = obligationKey(obligation);
  const steps: ReminderStep[] = [];
  for (const step of policy.steps) {
    const at = stepInstant(obligation, step.when, settings);
    if (at === undefined) continue;
    steps.push({
      obligationKey: key,
      name: step.name,
      action: step.action,
      timing: timingOf(step.when),
      at,
      to: recipientsOf(obligation, step, policy),
    });
  }
  return steps.sort((a, b) => toEpochMillis(a.at) - toEpochMillis(b.at));
}

/**
 * The earliest step strictly after the instant `after`, across the obligations (of one
 * delivery, when given): what a workflow waits for next. Undefined when nothing more
 * is to be sent.
 */
export function nextStep(
  obligations: readonly Obligation[],
  after: string,
  settings: CouncilSettings = DEFAULT_SETTINGS,
  delivery?: Delivery,
): { obligation: Obligation; step: ReminderStep } | undefined {
  const from = toEpochMillis(after);
  let next: { obligation: Obligation; step: ReminderStep; epoch: number } | undefined;
  for (const obligation of obligations) {
    if (delivery !== undefined && deliveryOf(obligation.kind) !== delivery) continue;
    for (const step of stepsFor(obligation, settings)) {
      const epoch = toEpochMillis(step.at);
      if (epoch > from && (next === undefined || epoch < next.epoch))
        next = { obligation, step, epoch };
    }
  }
  return next && { obligation: next.obligation, step: next.step };
}

/** One email the policy calls for: a step of an obligation, to one role. */
export interface DueNotification {
  readonly obligation: Obligation;
  readonly step: ReminderStep;
  readonly role: Role;
  /** (obligation, step, recipient): the key that makes it go out once. */
  readonly key: string;
}

/**
 * The notifications whose time has come by `now`: for each obligation and role, only
 * the latest step due, so an obligation that appears late (a review brought forward,
 * an imported history) sends its most pressing reminder, not every one it missed.
 * With `delivery`, only the obligations whose lines go that way.
 */
export function notificationsDue(
  obligations: readonly Obligation[],
  now: string,
  settings: CouncilSettings = DEFAULT_SETTINGS,
  delivery?: Delivery,
): DueNotification[] {
  const until = toEpochMillis(now);
  const due: DueNotification[] = [];
  for (const obligation of obligations) {
    if (delivery !== undefined && deliveryOf(obligation.kind) !== delivery) continue;
    const latest = new Map<Role, ReminderStep>();
    for (const step of stepsFor(obligation, settings)) {
      if (toEpochMillis(step.at) > until) continue;
      for (const role of step.to) latest.set(role, step);
    }
    for (const [role, step] of latest) {
      due.push({ obligation, step, role, key: `${step.obligationKey}#${step.name}#${role}` });
    }
  }
  return due;
}
