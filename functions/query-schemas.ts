/**
 * The query parameters of the API's reads, as zod schemas: the handlers validate with
 * them and the OpenAPI document is generated from them. Each parameter has one rule
 * and says it in one message, naming the rule and never the value sent.
 */
import { z } from 'zod';
import { isLocalDate } from '../workflows/calendar/index.js';
import { OBLIGATION_KINDS } from '../workflows/obligations.js';

const DATE_RULE = 'must be a date written YYYY-MM-DD';
const date = z
  .string({ error: DATE_RULE })
  .refine(isLocalDate, { error: DATE_RULE })
  .meta({ format: 'date' });
const STAFF_ID_RULE = 'must be a staff id of 1 to 128 characters';

/** `GET /obligations`: each parameter has one rule, and says it in one message. */
export const ObligationsQuery = z.strictObject({
  dueBefore: date
    .optional()
    .meta({ description: 'Only obligations due strictly before this date' }),
  dueAfter: date.optional().meta({ description: 'Only obligations due strictly after this date' }),
  overdue: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .optional()
    .meta({ description: '`true`: only those overdue as of today; `false`: only those not' }),
  kind: z
    .enum(OBLIGATION_KINDS, { error: `must be one of ${OBLIGATION_KINDS.join(', ')}` })
    .optional(),
  iro: z
    .string({ error: STAFF_ID_RULE })
    .min(1, { error: STAFF_ID_RULE })
    .max(128, { error: STAFF_ID_RULE })
    .optional()
    .meta({
      description:
        'Only the subjects this staff member is the IRO for, and the child protection work they chair',
    }),
});
const STAGE_RULE = 'must be a stage from 1 to 5';
/** `GET /disputes`. */
export const DisputesQuery = z.strictObject({
  stage: z.enum(['1', '2', '3', '4', '5'], { error: STAGE_RULE }).optional(),
});
