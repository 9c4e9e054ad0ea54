/**
 * The query parameters of the API's reads, as zod schemas: the handlers validate with
 * them and the OpenAPI document is generated from them. Each parameter has one rule
 * and says it in one message, naming the rule and never the value sent.
 */
import { isLocalDate } from '../workflows/calendar/index.js';
import { OBLIGATION_KINDS } from '../workflows/obligations.js';
import * as z from '../workflows/zod.js';

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
});
const STAGE_RULE = 'must be a stage from 1 to 5';
/** `GET /disputes`. */
export const DisputesQuery = z.strictObject({
  stage: z.optional(z.enum(['1', '2', '3', '4', '5'], { error: STAGE_RULE })),
});
