/**
 * The HTTP API described as OpenAPI 3.1, generated from the zod schemas the handlers
 * validate with (the case events of workflows/events.ts, the query parameters, the
 * staff bodies) and the shapes the routes answer with, never written by hand. Served
 * at `GET /openapi.json`; a copy is checked in as functions/shared/openapi.json (`npm run
 * openapi` rewrites it with infra/local/write-openapi.ts, a test keeps it in step).
 */
import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject } from 'zod-openapi';
import { CASE_EVENT_TYPES, schemas } from '../../workflows/events.js';
import { OBLIGATION_KINDS } from '../../workflows/obligations.js';
import { ROLES } from '../../workflows/policy.js';
import { ImportBody, MAX_UPLOAD_BYTES } from '../imports.js';
import { MAX_BATCH } from '../record-event.js';
import { AllocationBody, StaffBody } from '../staff.js';
import { STAFF_ROLES } from './access.js';
import {
  DisputesQuery,
  ObligationCountsQuery,
  ObligationsQuery,
  RefusalsQuery,
  StaffQuery,
} from './query-schemas.js';

const Reason = z
  .object({ reason: z.string() })
  .meta({ id: 'Reason', description: 'A refusal with no field at fault' });
const Problems = z
  .object({
    problems: z.array(
      z.object({
        field: z.string().optional().meta({
          description:
            'Dotted path of the field at fault (absent for a problem with the whole event)',
        }),
        reason: z.string(),
      }),
    ),
  })
  .meta({
    id: 'Problems',
    description: 'A refusal naming the fields at fault and the rule each breaks',
  });

// The event schemas are zod/mini (handlers bundle them): named through the registry
// that zod and zod/mini share, which zod-openapi reads.
for (const type of CASE_EVENT_TYPES) z.globalRegistry.add(schemas[type], { id: type });
const CaseEvent = z
  .union(CASE_EVENT_TYPES.map((type) => schemas[type]))
  .meta({ id: 'CaseEvent', description: 'One case event (timescales.md section 2)' });
const Recorded = z
  .object({ eventId: z.string(), duplicate: z.boolean() })
  .meta({ id: 'Recorded', description: 'The event is stored (201), or was already (200)' });
const EventAnswer = z.object({
  status: z.number().int(),
  body: z.union([Recorded, Problems, Reason]),
});

const Caseloads = z
  .object({
    on: z.string().meta({ description: "The day counted (YYYY-MM-DD), the system's today" }),
    lookedAfter: z.number().int().meta({ description: 'Children looked after on the day' }),
    withoutIro: z.number().int().meta({ description: 'Of them, those allocated to no IRO' }),
    iros: z.number().int().meta({ description: 'IROs holding an allocation' }),
    mean: z.number().nullable().meta({ description: 'Mean per IRO, to one decimal place' }),
    lowest: z.number().int().nullable(),
    highest: z.number().int().nullable(),
    over70: z.number().int().meta({ description: 'IROs holding more than 70' }),
    byIro: z.array(
      z.object({
        iro: z.string().meta({ description: "The IRO's staff id" }),
        name: z.string().optional().meta({ description: 'Where the staff directory knows it' }),
        children: z.number().int(),
        over70: z.boolean(),
      }),
    ),
  })
  .meta({
    id: 'Caseloads',
    description: "The IROs' caseloads on a day (shared/design/figures.md section 6)",
  });

const Obligation = z
  .object({
    kind: z.enum(OBLIGATION_KINDS),
    subjectId: z.string(),
    refId: z.string().optional(),
    due: z.string().meta({
      description: 'The last day it is met (YYYY-MM-DD); for a conference report, the instant',
    }),
    overdue: z.boolean().meta({ description: 'As of today' }),
    workingDaysLeft: z.number().int().optional().meta({
      description:
        "Working days after today up to the due date (0 on the day); negative when overdue (at least 1 working day). As of the system's today, in the council's working days; absent outside the bank-holiday data",
    }),
    stage: z.number().int().min(1).max(5).optional(),
    basis: z.string(),
    plannedAt: z.string(),
    iroId: z.string().optional().meta({
      description: "With `staff=true`: the staff id of the subject's IRO, where allocated",
    }),
    socialWorkerId: z.string().optional().meta({
      description:
        "With `staff=true`: the staff id of the subject's social worker, where allocated",
    }),
  })
  .meta({ id: 'Obligation' });
const Dispute = Obligation.extend({
  raisedOn: z.string().optional().meta({ description: 'The day the IRO raised the dispute' }),
  workingDaysOpen: z.number().int().optional().meta({
    description: 'Working days after the day it was raised up to and including today',
  }),
  escalatesOn: z.string().optional().meta({
    description:
      'The day it moves to the next stage by itself if still unresolved; absent at stage 5, the last',
  }),
}).meta({ id: 'Dispute', description: 'An open dispute: never its issue text' });
const Obligations = z.object({ obligations: z.array(Obligation) });
const Today = z
  .string()
  .meta({ description: "The system's today (YYYY-MM-DD, London), which the answer counts from" });

const OpenCount = z.number().int().meta({ description: 'Open obligations the filters leave' });
const OverdueCount = z.number().int().meta({ description: 'Of them, those overdue as of today' });

const AuditEntry = z
  .object({
    log: z.string(),
    position: z.number().int(),
    eventId: z.string(),
    source: z.enum(['system', 'staff']),
    recordedBy: z.string(),
    recordedAt: z.string(),
    requestId: z.string().optional(),
    event: CaseEvent,
    recordedByName: z
      .string()
      .optional()
      .meta({ description: "Who recorded it, by the staff directory's name, where it has one" }),
    retracted: z
      .object({
        by: z.string(),
        byName: z.string().optional(),
        at: z.string(),
        reason: z.string(),
      })
      .optional(),
  })
  .meta({ id: 'AuditEntry' });
const DisputeStageShown = z.object({
  stage: z.number().int().min(1).max(5),
  startedOn: z.string(),
  due: z.string().meta({ description: 'The last day that stage must respond' }),
  cause: z.enum(['raised', 'escalated', 'automatic']).meta({
    description: 'How it came to stand there: raised, escalated by hand, or moved on by itself',
  }),
});
const DisputeRecord = z
  .object({
    today: z.string(),
    disputeId: z.string(),
    childId: z.string(),
    raisedOn: z.string().optional(),
    resolvedOn: z.string().optional(),
    stages: z.array(DisputeStageShown),
    stage: z.number().int().min(1).max(5).optional().meta({ description: 'Now, while open' }),
    due: z.string().optional().meta({ description: 'The stage now must respond by, while open' }),
    overdue: z.boolean().optional(),
    escalatesOn: z.string().optional().meta({
      description: 'The day it moves to the next stage by itself if unresolved; none at stage 5',
    }),
    issue: z.string().optional().meta({
      description: 'The issue text: for IROs, managers and administrators only',
    }),
    mayAnswer: z.boolean().meta({
      description:
        'Whether the caller may answer it today (DisputeAnswered): the manager its stage is with, or an administrator, while it is open',
    }),
    events: z.array(AuditEntry.omit({ event: true }).extend({ event: z.looseObject({}) })),
  })
  .meta({ id: 'DisputeRecord' });

const StaffMember = z
  .object({
    staffId: z.string(),
    name: z.string(),
    email: z.string(),
    reminders: z.enum(['morning-list', 'as-it-happens']).optional().meta({
      description:
        'How the member hears of routine work: one morning list a working day (absent: the default), or each reminder as its own email as it happens',
    }),
    undeliverable: z.object({ reason: z.enum(['bounce', 'complaint']), at: z.string() }).optional(),
  })
  .meta({ id: 'StaffMember' });
const Allocation = z
  .object({ subjectId: z.string(), roles: z.partialRecord(z.enum(ROLES), z.string()) })
  .meta({ id: 'Allocation' });

const json = (schema: z.core.$ZodType) => ({ content: { 'application/json': { schema } } });
const refusals = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((status) => [
      String(status),
      {
        description: REFUSALS[status] ?? 'Refused',
        ...json(status === 400 || status === 409 ? z.union([Problems, Reason]) : Reason),
      },
    ]),
  );
const REFUSALS: Record<number, string> = {
  400: 'Bad input: nothing is stored',
  401: 'Not signed in',
  403: 'Your roles may not do this',
  404: 'Not found',
  405: 'The path does not take this method',
  409: 'The event contradicts the history, or its eventId names another event',
  415: 'The body is not application/json',
};

/** The figures' and caseloads' answer until the backfill after an update is complete. */
const preparingFigures = {
  description:
    "The figures are being prepared after an update (the backfill of each log's summary and each allocation's caseload item has not finished): try again after the `Retry-After` seconds. No figure is given meanwhile, never one counted short",
  ...json(Reason),
};

const childId = z.object({ childId: z.string() });
const staffId = z.object({ staffId: z.string() });
const subjectId = z.object({
  subjectId: z
    .string()
    .meta({ description: 'A child, a carer, or `unit` for the unit-wide roles' }),
});

type Security = NonNullable<ZodOpenApiOperationObject['security']>;
const staffOnly: Security = [{ staffJwt: [] }];

const recordEvents = (summary: string, security: Security): ZodOpenApiOperationObject => ({
  summary,
  security,
  requestBody: json(
    z.union([CaseEvent, z.array(CaseEvent).min(1).max(MAX_BATCH)]).meta({
      description: `One event, or a batch of 1 to ${MAX_BATCH} in order, each with its eventId`,
    }),
  ),
  responses: {
    '200': { description: 'Already recorded (a repeat)', ...json(Recorded) },
    '201': { description: 'Recorded', ...json(Recorded) },
    '207': {
      description: 'A batch whose events were answered differently',
      ...json(z.object({ results: z.array(EventAnswer) })),
    },
    ...refusals(400, 401, 403, 409, 415),
    '503': { description: 'The case is busy: try again', ...json(Reason) },
  },
});

const counts = z.record(z.string(), z.number().int());
const tableRows = z.object({
  imported: z.number().int(),
  importedWithWarnings: z.number().int().meta({
    description: 'Turned into events with a field the clocks do not need left out; see `warnings`',
  }),
  notNeeded: z.number().int(),
  refused: z.number().int(),
});
const ImportAnswer = z
  .object({
    importId: z.string(),
    status: z.enum(['running', 'done', 'failed']),
    importedBy: z.string().meta({ description: 'The administrator (JWT subject)' }),
    importedAt: z.string(),
    finishedAt: z.string().optional(),
    failure: z.string().optional().meta({ description: 'The error that stopped it, by name' }),
    chunks: z.object({ total: z.number().int(), recorded: z.number().int() }),
    rowsRead: z.object({ episodes: z.number().int(), reviews: z.number().int() }),
    rowsWithHistory: z
      .object({
        children: z.number().int(),
        episodes: z.number().int(),
        reviews: z.number().int(),
      })
      .meta({
        description:
          'Children whose period of care began before the file (or with a review outside every period in it), and their rows: mapped against the history already recorded for them when their chunk is recorded, and counted in `rows` from then',
      }),
    yearEnd: z.string().optional().meta({
      description: "The return's year end the rows were checked against",
    }),
    rows: z.object({ episodes: tableRows, reviews: tableRows }).meta({
      description:
        'Per table: read = turned into events + turned into events with warnings + not needed + refused',
    }),
    rowsRefused: counts.meta({ description: 'By `table, rule`' }),
    rowsWarned: counts.meta({
      description: 'Warnings by `table, rule` (the DfE validation rule, by number)',
    }),
    rowsNotNeeded: counts.meta({ description: 'By `table, reason`' }),
    periodsInProgress: z.number().int().meta({
      description:
        'Periods of care already running when the file starts, taken to start on their first episode',
    }),
    eventsToRecord: counts.meta({ description: 'By event type' }),
    eventsWritten: counts.meta({ description: 'By event type, so far' }),
    eventsAlreadyRecorded: counts.meta({ description: 'By event type: a repeat stores nothing' }),
    eventsRefused: counts.meta({
      description: 'By `type: reason`, when the history recorded contradicts them',
    }),
    problems: z.array(z.string()).meta({
      description: 'The first 100, `FILE:LINE: FIELD: rule: detail`, never quoting a value',
    }),
    problemCount: z.number().int(),
    warnings: z.array(z.string()).meta({
      description:
        'The first 100 warnings, `FILE:LINE: FIELD: rule: detail`: rows imported with what is sound',
    }),
    warningCount: z.number().int(),
  })
  .meta({ id: 'Import' });

/** The document, built once. */
let built: ReturnType<typeof createDocument> | undefined;

export function openApiDocument(): ReturnType<typeof createDocument> {
  built ??= createDocument({
    openapi: '3.1.0',
    info: {
      title: 'iro-workflows',
      version: '1',
      description:
        "Statutory clocks for a Children's Safeguarding Unit. Staff sign in with the council's identity provider (a JWT whose roles claim lists " +
        `${STAFF_ROLES.join(', ')}); the case management system calls with IAM. Every refusal is either { problems: [{ field, reason }] } or { reason }.`,
    },
    components: {
      securitySchemes: {
        staffJwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        systemIam: {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          description: 'AWS Signature Version 4, by the case management system role',
        },
      },
    },
    paths: {
      '/events': { post: recordEvents('Record case events (staff)', staffOnly) },
      '/system/events': {
        post: recordEvents('Record case events (the case management system)', [{ systemIam: [] }]),
      },
      '/children/{childId}/obligations': {
        get: {
          summary: "A child's or carer's open obligations",
          security: staffOnly,
          requestParams: { path: childId },
          responses: {
            '200': { description: 'Open obligations, earliest due first', ...json(Obligations) },
            ...refusals(401, 403, 404),
          },
        },
      },
      '/children/{childId}/events': {
        get: {
          summary: "A child's log, for audit",
          security: staffOnly,
          requestParams: { path: childId },
          responses: {
            '200': {
              description: 'Every event recorded, retracted ones marked',
              ...json(z.object({ childId: z.string(), events: z.array(AuditEntry) })),
            },
            ...refusals(401, 403, 404),
          },
        },
      },
      '/children/{childId}/allocation': {
        get: {
          summary:
            "Who is allocated to a child, by name (IROs, managers, administrators, the child's social worker)",
          security: staffOnly,
          requestParams: { path: childId },
          responses: {
            '200': {
              description: 'Each role held for the child; none when nobody is allocated',
              ...json(
                z.object({
                  childId: z.string(),
                  roles: z.record(
                    z.string(),
                    z.object({ staffId: z.string(), name: z.string().optional() }),
                  ),
                }),
              ),
            },
            ...refusals(401, 403),
          },
        },
      },
      '/children/{childId}': {
        delete: {
          summary: "Erase a child's records (administrators)",
          security: staffOnly,
          requestParams: { path: childId },
          responses: {
            '200': {
              description:
                'Erased; only the record of the erasure is left. `items`: the items deleted, and the upload items rewritten without the child',
              ...json(z.object({ childId: z.string(), items: z.number().int() })),
            },
            ...refusals(401, 403),
            '503': {
              description:
                "An SSDA903 upload is recording the child's events now: nothing is erased; erase again in a few minutes",
              ...json(Reason),
            },
          },
        },
      },
      '/reports/figures': {
        get: {
          summary: "The unit's figures and the IROs' caseloads (IROs, managers, administrators)",
          security: staffOnly,
          requestParams: {
            query: z.object({
              from: z.string().optional().meta({
                description: 'First day of the period (YYYY-MM-DD); with `to`',
                format: 'date',
              }),
              to: z.string().optional().meta({
                description: 'Last day of the period (YYYY-MM-DD); with `from`',
                format: 'date',
              }),
              years: z
                .string()
                .optional()
                .meta({ description: 'Periods side by side, 1 to 10 (default 3)' }),
              list: z.string().optional().meta({
                description:
                  "One of the period's shortfall lists (`L5`, `L8.record`, ...): the answer is then that list's page `page`",
              }),
              page: z.string().optional().meta({
                description: 'With `list`: the page, from 1 (default 1), of 100 references',
              }),
            }),
          },
          responses: {
            '200': {
              description:
                "The figures of shared/design/figures.md sections 8 and 9 for the period (by default the last complete financial year), counted from each log's kept summary, with the month series, the first 100 references of each shortfall list (`shortfalls`) and each list's whole count (`shortfallCounts`), the earlier periods' figures and months, and the caseloads; S1 (IROs by basis) is read from the staff records on the day, for the period asked only. With `list`: `{ period, list, page, pageSize, total, items }`, one page of that list",
              ...json(
                z.looseObject({
                  period: z.object({ from: z.string(), to: z.string() }),
                  figures: z.record(z.string(), z.unknown()),
                }),
              ),
            },
            ...refusals(400, 401, 403),
            '503': preparingFigures,
          },
        },
      },
      '/reports/caseloads': {
        get: {
          summary: "The IROs' caseloads today (IROs, managers, administrators)",
          description:
            "The `caseloads` of `GET /reports/figures` for the same day, read from each subject's caseload item (their IRO, kept when an allocation changes; their looked-after episodes, kept when their log is planned): for the unit board.",
          security: staffOnly,
          responses: {
            '200': {
              description: "Each IRO's looked-after children, by staff id, named where known",
              ...json(z.object({ caseloads: Caseloads })),
            },
            ...refusals(400, 401, 403),
            '503': preparingFigures,
          },
        },
      },
      '/obligations': {
        get: {
          summary: 'Open obligations, filtered',
          security: staffOnly,
          requestParams: { query: ObligationsQuery },
          responses: {
            '200': {
              description: 'Earliest due first',
              ...json(z.object({ today: Today, obligations: z.array(Obligation) })),
            },
            ...refusals(400, 401, 403),
          },
        },
      },
      '/obligations/counts': {
        get: {
          summary: 'Open and overdue obligations counted by IRO (IROs, managers, administrators)',
          description:
            'For each IRO holding an allocation, exactly what `GET /obligations?iro=` with the same filters answers, counted: their children and carers, and the child protection work of the children they chair. The board is read once for every IRO.',
          security: staffOnly,
          requestParams: { query: ObligationCountsQuery },
          responses: {
            '200': {
              description:
                'By staff id. An obligation may count for two IROs (the IRO and the chair), so the rows need not add up to the board',
              ...json(
                z.object({
                  today: Today,
                  byIro: z.array(
                    z.object({
                      iro: z.string().meta({ description: "The IRO's staff id" }),
                      open: OpenCount,
                      overdue: OverdueCount,
                    }),
                  ),
                  withoutIro: z
                    .object({ open: OpenCount, overdue: OverdueCount })
                    .meta({ description: "Those that are no IRO's work" }),
                }),
              ),
            },
            ...refusals(400, 401, 403),
          },
        },
      },
      '/disputes': {
        get: {
          summary: 'Open disputes, by stage',
          security: staffOnly,
          requestParams: { query: DisputesQuery },
          responses: {
            '200': {
              description: 'Earliest due first',
              ...json(z.object({ today: Today, disputes: z.array(Dispute) })),
            },
            ...refusals(400, 401, 403),
          },
        },
      },
      '/disputes/{disputeId}': {
        get: {
          summary:
            "One dispute: its stages, dates and history; the issue text, and each manager's answer, for IROs, managers and administrators",
          security: staffOnly,
          requestParams: { path: z.object({ disputeId: z.string() }) },
          responses: {
            '200': { description: 'The dispute', ...json(DisputeRecord) },
            ...refusals(401, 403, 404),
          },
        },
      },
      '/staff': {
        get: {
          summary: 'Who holds a post in some allocation (administrators and managers)',
          security: staffOnly,
          requestParams: { query: StaffQuery },
          responses: {
            '200': {
              description: 'By name (those the directory does not name last, by staff id)',
              ...json(
                z.object({
                  post: z.enum(ROLES),
                  staff: z.array(z.object({ staffId: z.string(), name: z.string().optional() })),
                }),
              ),
            },
            ...refusals(400, 401, 403),
          },
        },
      },
      '/staff/{staffId}': {
        get: {
          summary: 'A staff member (administrators and managers)',
          security: staffOnly,
          requestParams: { path: staffId },
          responses: {
            '200': { description: 'The staff member', ...json(StaffMember) },
            ...refusals(401, 403, 404),
          },
        },
        put: {
          summary: 'Add or change a staff member (administrators)',
          security: staffOnly,
          requestParams: { path: staffId },
          requestBody: json(StaffBody),
          responses: {
            '200': { description: 'Stored', ...json(z.object({ staffId: z.string() })) },
            ...refusals(400, 401, 403, 415),
          },
        },
      },
      '/staff/{staffId}/allocations': {
        get: {
          summary:
            'Every subject a member of staff holds a role for, with the roles: what to hand on when they leave (administrators and managers)',
          security: staffOnly,
          requestParams: { path: staffId },
          responses: {
            '200': {
              description: 'By subject id; none when they hold nothing',
              ...json(
                z.object({
                  staffId: z.string(),
                  allocations: z.array(
                    z.object({ subjectId: z.string(), roles: z.array(z.enum(ROLES)) }),
                  ),
                }),
              ),
            },
            ...refusals(401, 403),
          },
        },
      },
      '/allocations/{subjectId}': {
        get: {
          summary: 'Who holds each role for a subject (administrators and managers)',
          security: staffOnly,
          requestParams: { path: subjectId },
          responses: {
            '200': { description: 'The allocation', ...json(Allocation) },
            ...refusals(401, 403, 404),
          },
        },
        put: {
          summary: 'Allocate roles for a subject (administrators)',
          description:
            "A different IRO for a child is recorded first as an IroAllocated event dated today, in the child's reviews log (shared/design/figures.md L11); if it cannot be recorded, the allocation is not stored.",
          security: staffOnly,
          requestParams: { path: subjectId },
          requestBody: json(AllocationBody),
          responses: {
            '200': { description: 'Stored', ...json(z.object({ subjectId: z.string() })) },
            ...refusals(400, 401, 403, 415, 503),
          },
        },
        delete: {
          summary: 'Remove every role of a subject (administrators)',
          security: staffOnly,
          requestParams: { path: subjectId },
          responses: {
            '200': { description: 'Removed', ...json(z.object({ subjectId: z.string() })) },
            ...refusals(401, 403, 404),
          },
        },
      },
      '/me': {
        get: {
          summary: 'Who the signed-in caller is: staffId is the JWT subject',
          security: staffOnly,
          responses: {
            '200': {
              description: 'The caller; their name when the staff directory has their id',
              ...json(
                z.object({
                  staffId: z
                    .string()
                    .meta({ description: "The JWT subject: the staff directory's id" }),
                  roles: z.array(z.enum(STAFF_ROLES as [string, ...string[]])),
                  name: z.string().optional(),
                }),
              ),
            },
            ...refusals(401),
          },
        },
      },
      '/imports': {
        post: {
          summary: 'Import an SSDA903 return: the episodes and reviews tables (administrators)',
          description: `The tables are mapped as \`cli import-903\` maps them and their events recorded by the import state machine, chunk by chunk, through the same checks as POST /events; follow the upload at its Location. A file that is not its table is a 400 and nothing is stored. The body may be at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`,
          security: staffOnly,
          requestBody: json(ImportBody),
          responses: {
            '202': {
              description:
                'Accepted: the rows are accounted for and the events are being recorded (Location: /imports/{importId})',
              headers: z.object({ location: z.string() }),
              ...json(ImportAnswer),
            },
            ...refusals(400, 401, 403, 415),
            '413': { description: 'The body is too large', ...json(Reason) },
          },
        },
      },
      '/imports/{importId}': {
        get: {
          summary: 'How an SSDA903 upload stands (administrators)',
          security: staffOnly,
          requestParams: { path: z.object({ importId: z.string() }) },
          responses: {
            '200': { description: 'The upload', ...json(ImportAnswer) },
            ...refusals(401, 403, 404),
          },
        },
      },
      '/imports/{importId}/refusals': {
        get: {
          summary: 'Every refusal line of an SSDA903 upload, page by page (administrators)',
          description:
            "The rows refused when it was uploaded, then each part's as it is recorded (rows mapped against a child's history, events the rules refused), as `FILE:LINE: FIELD: rule` or `events: EVENTID: TYPE: reason`, never a value from the files. Ask again with `page` set to `nextPage` until an answer has none.",
          security: staffOnly,
          requestParams: { path: z.object({ importId: z.string() }), query: RefusalsQuery },
          responses: {
            '200': {
              description: 'One page of the lines',
              ...json(
                z.object({
                  importId: z.string(),
                  page: z.number().int(),
                  lines: z.array(z.string()),
                  nextPage: z.number().int().optional().meta({
                    description: 'Where the next lines start; absent on the last page',
                  }),
                }),
              ),
            },
            ...refusals(400, 401, 403, 404),
          },
        },
      },
      '/children/{childId}/views-links': {
        post: {
          summary:
            "Make a link for the young person's views before their next review (their allocated IRO or social worker)",
          description:
            "The link (path, to put after the work tray's origin) is given once: only its hash is kept. It works for at most maxSendings sendings (the last counts), until the review is held, lastDay (28 days after it was due) or it is withdrawn.",
          security: staffOnly,
          requestParams: { path: childId },
          responses: {
            '201': {
              description: 'Made',
              ...json(
                z.object({
                  linkId: z.string(),
                  reviewDue: z.string(),
                  lastDay: z.string(),
                  maxSendings: z.number().int(),
                  path: z.string(),
                }),
              ),
            },
            ...refusals(401, 403),
            '409': { description: 'No review is due for this child', ...json(Reason) },
          },
        },
      },
      '/children/{childId}/views-links/{linkId}': {
        delete: {
          summary: 'Withdraw a link (the allocated IRO or social worker)',
          security: staffOnly,
          requestParams: { path: z.object({ childId: z.string(), linkId: z.string() }) },
          responses: {
            '200': { description: 'Withdrawn', ...json(z.object({ linkId: z.string() })) },
            ...refusals(401, 403, 404),
          },
        },
      },
      '/children/{childId}/views-links/{linkId}/safety-acted': {
        post: {
          summary:
            'Record that you acted on the young person saying they do not feel safe (the allocated IRO or social worker)',
          security: staffOnly,
          requestParams: { path: z.object({ childId: z.string(), linkId: z.string() }) },
          responses: {
            '200': { description: 'Already recorded', ...json(z.object({ linkId: z.string() })) },
            '201': { description: 'Recorded', ...json(z.object({ linkId: z.string() })) },
            ...refusals(401, 403, 404),
          },
        },
      },
      '/children/{childId}/views': {
        get: {
          summary:
            "A young person's links and the views they sent, by review (their allocated IRO and social worker, and managers)",
          security: staffOnly,
          requestParams: { path: childId },
          responses: {
            '200': {
              description: 'Each link, and for each review the last views sent',
              ...json(
                z.object({
                  childId: z.string(),
                  links: z.array(z.object({}).loose()),
                  views: z.array(z.object({}).loose()),
                }),
              ),
            },
            ...refusals(401, 403),
          },
        },
      },
      '/views/open': {
        post: {
          summary: "Whether the young person's link works (no sign-in: the link is the key)",
          description:
            'Every link that cannot be used (unknown, used up, expired, withdrawn, its review held) gets the same 404. Limited per link and per address (429).',
          security: [],
          requestBody: json(z.object({ link: z.string() })),
          responses: {
            '200': {
              description: 'The link works',
              ...json(z.object({ open: z.boolean(), sendingsLeft: z.number().int() })),
            },
            '404': { description: 'This link no longer works', ...json(Reason) },
            '429': { description: 'Too many tries', ...json(Reason) },
          },
        },
      },
      '/views/answers': {
        post: {
          summary: "The young person's answers (no sign-in: the link is the key)",
          description:
            "Recorded as ChildViewsShared in the child's log. The words are never logged, emailed or echoed.",
          security: [],
          requestBody: json(
            z.object({
              link: z.string(),
              answers: z.object({
                attend: z.enum(['yes', 'no', 'not-sure']),
                feelsSafe: z.enum(['yes', 'no', 'not-said']),
                advocate: z.enum(['yes', 'no', 'not-sure']).optional(),
                goingWell: z.string().optional(),
                change: z.string().optional(),
                words: z.string().optional(),
              }),
            }),
          ),
          responses: {
            '201': {
              description: 'Sent',
              ...json(z.object({ sent: z.boolean(), readBy: z.string() })),
            },
            '400': { description: 'An answer is missing or wrong', ...json(z.object({}).loose()) },
            '404': { description: 'This link no longer works', ...json(Reason) },
            '413': { description: 'The body is too large', ...json(Reason) },
            '429': { description: 'Too many tries', ...json(Reason) },
          },
        },
      },
      '/openapi.json': {
        get: {
          summary: 'This document',
          security: [],
          responses: { '200': { description: 'OpenAPI 3.1' } },
        },
      },
    },
  });
  return built;
}

/** The checked-in copy's text: two-space JSON and a final newline. */
export const openApiText = (): string => `${JSON.stringify(openApiDocument(), null, 2)}\n`;
