/**
 * The query parameters of the API's reads, as zod schemas: the handlers validate with
 * them and the OpenAPI document is generated from them. Each parameter has one rule
 * and says it in one message, naming the rule and never the value sent.
 */
import { isLocalDate } from '../../workflows/calendar/index.js';
import { OBLIGATION_KINDS } from '../../workflows/obligations.js';
import { ROLES } from '../../workflows/policy.js';
import * as z from '../../workflows/zod.js';
import { problems } from './http.js';

/**
 * A bad query as a 400: each problem names its parameter and rule; a parameter the
 * route does not take is named by the rule, not by its name (a name can carry anything).
 */
export const badQuery = (error: z.core.$ZodError, shape: z.core.$ZodLooseShape) =>
  problems(
    400,
    error.issues.map((i) =>
      i.code === 'unrecognized_keys'
        ? {
            field: 'query',
            reason: `may hold only ${Object.keys(shape).join(', ')}`,
          }
        : { field: i.path.join('.') || 'query', reason: i.message },
    ),
  );

/** Describes a parameter for the OpenAPI document (zod's global registry, which zod-openapi reads). */
const described = <T extends z.ZodMiniType>(schema: T, meta: Record<string, unknown>): T => {
  z.globalRegistry.add(schema, meta);
  return schema;
};

const DATE_RULE = 'must be a date written YYYY-MM-DD';
const date = () =>
  z.string({ error: DATE_RULE }).check(z.refine(isLocalDate, { error: DATE_RULE }));
const STAFF_ID_RULE = 'must be a staff id of 1 to 128 characters';
const staffId = () =>
  z
    .string({ error: STAFF_ID_RULE })
    .check(z.minLength(1, { error: STAFF_ID_RULE }), z.maxLength(128, { error: STAFF_ID_RULE }));

/** `GET /obligations`: each parameter has one rule, and says it in one message. */
export const ObligationsQuery = z.strictObject({
  dueBefore: described(z.optional(date()), {
    description: 'Only obligations due strictly before this date',
    format: 'date',
  }),
  dueAfter: described(z.optional(date()), {
    description: 'Only obligations due strictly after this date',
    format: 'date',
  }),
  overdue: described(z.optional(z.enum(['true', 'false'], { error: 'must be true or false' })), {
    description: '`true`: only those overdue as of today; `false`: only those not',
  }),
  kind: z.optional(
    z.enum(OBLIGATION_KINDS, { error: `must be one of ${OBLIGATION_KINDS.join(', ')}` }),
  ),
  iro: described(z.optional(staffId()), {
    description:
      'Only the subjects this staff member is the IRO for, and the child protection work they chair',
  }),
  team: described(z.optional(staffId()), {
    description: "Only the subjects in this team manager's team (their allocation's team-manager)",
  }),
  socialWorker: described(z.optional(staffId()), {
    description: 'Only the subjects this staff member is the allocated social worker for',
  }),
  withoutIro: described(z.optional(z.enum(['true'], { error: 'must be true' })), {
    description:
      "`true`: only the obligations that are no IRO's work (the counts' `withoutIro`); not with `iro`",
  }),
  staff: described(z.optional(z.enum(['true'], { error: 'must be true' })), {
    description:
      "`true`: each obligation with its subject's IRO and social worker (`iroId`, `socialWorkerId`), where allocated",
  }),
});
/** The board's filters but `iro=` and what the list alone asks, as `GET /obligations` and its counts apply them. */
export type BoardFilters = Omit<z.infer<typeof ObligationsQuery>, 'iro' | 'withoutIro' | 'staff'>;
const {
  iro: _byIro,
  withoutIro: _withoutIro,
  staff: _staff,
  ...boardFilters
} = ObligationsQuery.shape;
/**
 * `GET /obligations/counts`: the filters of `GET /obligations` but `iro` (the counts are
 * by IRO), and what to count by, which is required.
 */
export const ObligationCountsQuery = z.strictObject({
  by: described(z.enum(['iro'], { error: 'must be iro' }), {
    description: 'What to count by: `iro`, each IRO holding an allocation',
  }),
  ...boardFilters,
});
const STAGE_RULE = 'must be a stage from 1 to 5';
/** `GET /disputes`. */
export const DisputesQuery = z.strictObject({
  stage: z.optional(z.enum(['1', '2', '3', '4', '5'], { error: STAGE_RULE })),
});

const POST_RULE = `must be one of ${ROLES.join(', ')}`;
/** `GET /staff`: the post is required, so its one rule covers a missing one too. */
export const StaffQuery = z.strictObject({
  post: described(z.enum(ROLES, { error: POST_RULE }), {
    description: 'The post (a role in an allocation) whose holders are listed',
  }),
});

const PAGE_RULE = 'must be a whole number, 0 or more';
/** `GET /imports/{importId}/refusals`: which page of the refusal lines, as the last page's `nextPage` said. */
export const RefusalsQuery = z.strictObject({
  page: described(
    z.optional(z.string({ error: PAGE_RULE }).check(z.regex(/^\d{1,9}$/, { error: PAGE_RULE }))),
    { description: "The page: 0 (or absent) for the first, then each answer's `nextPage`" },
  ),
});
