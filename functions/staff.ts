/**
 * Lambda handler for who is reminded: `PUT /staff/{staffId}` (name and work email) and
 * `PUT /allocations/{subjectId}` (who holds each role for a child, a carer, or `unit`
 * for the unit-wide roles), read back with `GET` and an allocation removed with
 * `DELETE`. Administrators write; administrators and managers read. `GET /me` tells any
 * signed-in member of staff who they are to the API. `GET /staff?post=` lists who holds
 * a post, for the unit board's filters.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { STAFF_BASIS } from '../workflows/answers.js';
import { londonDate } from '../workflows/calendar/index.js';
import { RESERVED_SUBJECT_ID as UNIT } from '../workflows/events.js';
import { idProblem, MAX_ID_LENGTH } from '../workflows/ids.js';
import { ROLES, type Role } from '../workflows/policy.js';
import * as z from '../workflows/zod.js';
import { dynamoClockHeads } from './adapters/dynamodb/clock-heads.js';
import { dynamoEventStore } from './adapters/dynamodb/event-store.js';
import { dynamoStaffDirectory } from './adapters/dynamodb/staff-directory.js';
import { REMINDER_DELIVERIES } from './adapters/ports.js';
import { dynamoPorts } from './aws/dynamodb.js';
import { sfnDependencies } from './aws/sfn.js';
import { type Caller, mayManageStaff } from './shared/access.js';
import { baseDependencies, type Needs } from './shared/dependencies.js';
import {
  badPathId,
  bodyOf,
  callerOf,
  forbidden,
  json,
  notFound,
  problems,
  unauthenticated,
} from './shared/http.js';
import { awsHandler, lambda } from './shared/lambda.js';
import { badQuery, StaffQuery } from './shared/query-schemas.js';
import { type RecordNeeds, recordEvent } from './shared/record.js';

export const StaffBody = z.strictObject({
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  email: z.email({ error: 'must be an email address' }).check(z.maxLength(254)),
  /** Permanent or agency (figures.md S1); optional, so older records stay valid. */
  basis: z.optional(z.enum(STAFF_BASIS, { error: "must be 'permanent' or 'agency'" })),
  /** Routine work in one morning list a working day (the default), or each reminder as it happens. */
  reminders: z.optional(
    z.enum(REMINDER_DELIVERIES, { error: "must be 'morning-list' or 'as-it-happens'" }),
  ),
});
export const AllocationBody = z.strictObject({
  roles: z.partialRecord(
    z.enum(ROLES),
    z.string({ error: 'must be a staff id' }).check(
      z.minLength(1, { error: 'must not be empty', abort: true }),
      z.maxLength(MAX_ID_LENGTH, {
        error: `must be at most ${MAX_ID_LENGTH} characters`,
        abort: true,
      }),
      z.refine((value) => idProblem(value) === undefined, {
        error: (issue) => idProblem(String(issue.input)) ?? 'is not a valid staff id',
      }),
    ),
  ),
});

const invalid = (error: z.core.$ZodError) =>
  problems(
    400,
    error.issues.map((i) => ({ field: i.path.join('.') || 'body', reason: i.message })),
  );

/** Reading the staff directory and the allocations: administrators and managers. */
export const mayReadStaff = (caller: Caller): boolean =>
  caller.roles.some((role) => role === 'admin' || role === 'manager');

/** The staff directory, and recording an IRO's allocation as an event (figures.md L11). */
export type StaffNeeds = Needs<'staff'> & RecordNeeds;

export async function manageStaff(
  event: APIGatewayProxyEventV2,
  deps: StaffNeeds,
): Promise<APIGatewayProxyResultV2> {
  const caller = callerOf(event);
  if (!caller) return unauthenticated();
  const { staffId, subjectId } = event.pathParameters ?? {};
  const route = event.routeKey;
  if (route === 'GET /me') return me(caller, deps);
  const badId = badPathId('staffId', staffId) ?? badPathId('subjectId', subjectId);
  if (badId) return badId;

  if (route.startsWith('GET ')) {
    if (!mayReadStaff(caller)) {
      return forbidden('only administrators and managers read staff and allocations');
    }
    if (route === 'GET /staff') {
      const parsed = StaffQuery.safeParse(event.queryStringParameters ?? {});
      if (!parsed.success) return badQuery(parsed.error, StaffQuery.shape);
      return json(200, {
        post: parsed.data.post,
        staff: await postHolders(parsed.data.post, deps),
      });
    }
    if (route === 'GET /staff/{staffId}/allocations' && staffId) {
      return json(200, { staffId, allocations: await allocationsOf(staffId, deps) });
    }
    if (route === 'GET /staff/{staffId}' && staffId) {
      const member = await deps.staff.getStaff(staffId);
      return member ? json(200, member) : notFound('no staff member has this id');
    }
    if (route === 'GET /allocations/{subjectId}' && subjectId) {
      const allocation = await deps.staff.allocation(subjectId);
      return allocation ? json(200, allocation) : notFound('nobody is allocated to this subject');
    }
    return notFound();
  }

  if (!mayManageStaff(caller)) return forbidden('only administrators manage staff');
  if (route === 'DELETE /allocations/{subjectId}' && subjectId) {
    if (!(await deps.staff.allocation(subjectId))) {
      return notFound('nobody is allocated to this subject');
    }
    // Every role given up: the subject's reminders go to the unit's roles until allocated again.
    await deps.staff.allocate({ subjectId, roles: {} });
    return json(200, { subjectId });
  }
  const body = bodyOf(event);
  if (!body.ok) return body.response;
  if (route === 'PUT /staff/{staffId}' && staffId) {
    const parsed = StaffBody.safeParse(body.value);
    if (!parsed.success) return invalid(parsed.error);
    const { basis, reminders, ...member } = parsed.data;
    await deps.staff.putStaff({
      staffId,
      ...member,
      ...(basis === undefined ? {} : { basis }),
      ...(reminders === undefined ? {} : { reminders }),
    });
    return json(200, { staffId });
  }
  if (route === 'PUT /allocations/{subjectId}' && subjectId) {
    const parsed = AllocationBody.safeParse(body.value);
    if (!parsed.success) return invalid(parsed.error);
    const roles = parsed.data.roles;
    const unknown = [];
    for (const [role, id] of Object.entries(roles)) {
      if (!(await deps.staff.getStaff(id)))
        unknown.push({ field: `roles.${role}`, reason: 'names no staff member on the staff list' });
    }
    if (unknown.length > 0) return problems(400, unknown);
    const recorded = await recordIroChange(subjectId, roles.iro, caller, deps);
    if (recorded) return recorded;
    await deps.staff.allocate({ subjectId, roles });
    return json(200, { subjectId });
  }
  return notFound();
}

/**
 * When an allocation gives the subject a different IRO, the change is recorded as an
 * `IroAllocated` event (timescales.md section 2) before the allocation is stored: a
 * retry after a failure part-way then finds the old IRO still allocated and records
 * it again, which counts for nothing more (the same IRO as before it). The unit's own
 * allocation is not a child's. Answers the failure, or undefined when all is well.
 */
async function recordIroChange(
  subjectId: string,
  iro: string | undefined,
  caller: Caller,
  deps: StaffNeeds,
): Promise<APIGatewayProxyResultV2 | undefined> {
  if (iro === undefined || subjectId === UNIT) return undefined;
  const before = await deps.staff.allocation(subjectId);
  if (before?.roles.iro === iro) return undefined;
  const outcome = await recordEvent(
    { type: 'IroAllocated', childId: subjectId, iro, date: londonDate(deps.now()) },
    caller,
    deps,
  );
  if ('problems' in outcome) {
    return problems(
      400,
      outcome.problems.map((p) => ({ field: p.field ?? 'subjectId', reason: p.reason })),
    );
  }
  return 'reason' in outcome ? json(outcome.status, { reason: outcome.reason }) : undefined;
}

/**
 * Every subject a member of staff holds a role for, with the roles: what must be handed
 * on when they leave. One Query on the allocations index per role, no Scan; subjects in
 * id order.
 */
async function allocationsOf(
  staffId: string,
  deps: Needs<'staff'>,
): Promise<{ subjectId: string; roles: Role[] }[]> {
  const held = await Promise.all(
    ROLES.map(async (role) => [role, await deps.staff.subjectsAllocatedTo(staffId, role)] as const),
  );
  const bySubject = new Map<string, Role[]>();
  for (const [role, subjects] of held) {
    for (const subjectId of subjects)
      bySubject.set(subjectId, [...(bySubject.get(subjectId) ?? []), role]);
  }
  return [...bySubject]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([subjectId, roles]) => ({ subjectId, roles }));
}

/**
 * Names sort as a reader expects ("de Souza" beside "Dean"), whatever their case. Made
 * on the first list of holders, not at import: loading the collation costs 10 ms, a
 * fifth of the staff function's cold start, which its other routes never use.
 */
let collator: Intl.Collator | undefined;
const byName = () =>
  (collator ??= new Intl.Collator('en-GB', { sensitivity: 'base', numeric: true }));

/**
 * The staff who hold `post` in some allocation now, each with their name where the
 * directory knows it, by name (those without one last, by id). The registry of holders
 * also lists those who have since given every such allocation up: one Query on the
 * allocations index each leaves them out.
 */
export async function postHolders(
  post: Role,
  deps: Needs<'staff'>,
): Promise<{ staffId: string; name?: string }[]> {
  const ids = await deps.staff.holders(post);
  const found = await Promise.all(
    ids.map(async (staffId) => {
      const subjects = await deps.staff.subjectsAllocatedTo(staffId, post);
      if (subjects.length === 0) return undefined;
      const member = await deps.staff.getStaff(staffId);
      return member ? { staffId, name: member.name } : { staffId };
    }),
  );
  return found
    .filter((holder) => holder !== undefined)
    .sort((a, b) => {
      if (a.name !== undefined && b.name !== undefined) {
        const named = byName().compare(a.name, b.name);
        if (named !== 0) return named;
      } else if (a.name !== undefined || b.name !== undefined) {
        return a.name === undefined ? 1 : -1;
      }
      return a.staffId < b.staffId ? -1 : a.staffId > b.staffId ? 1 : 0;
    });
}

/**
 * Who the signed-in caller is to the API: their staff id is the JWT subject (the
 * identity provider's subject is the staff directory's id), their roles those of the
 * token; their name when the directory knows them. For "My work".
 */
async function me(caller: Caller, deps: Needs<'staff'>): Promise<APIGatewayProxyResultV2> {
  const member = await deps.staff.getStaff(caller.id);
  return json(200, {
    staffId: caller.id,
    roles: caller.roles,
    ...(member ? { name: member.name } : {}),
  });
}

export const staffHandler = (deps: StaffNeeds) => lambda(deps, manageStaff);

export const handler = awsHandler(staffHandler, () => ({
  ...baseDependencies(),
  ...dynamoPorts({
    staff: dynamoStaffDirectory,
    events: dynamoEventStore,
    heads: dynamoClockHeads,
  }),
  ...sfnDependencies(),
}));
