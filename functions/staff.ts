/**
 * Lambda handler for who is reminded: `PUT /staff/{staffId}` (name and work email) and
 * `PUT /allocations/{subjectId}` (who holds each role for a child, a carer, or `unit`
 * for the unit-wide roles), read back with `GET` and an allocation removed with
 * `DELETE`. Administrators write; administrators and managers read. `GET /me` tells any
 * signed-in member of staff who they are to the API.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { ROLES } from '../workflows/policy.js';
import * as z from '../workflows/zod.js';
import { type Caller, mayManageStaff } from './access.js';
import { dynamoStaffDirectory } from './adapters/dynamodb/staff-directory.js';
import { dynamoPorts } from './aws/dynamodb.js';
import { baseDependencies, type Needs } from './dependencies.js';
import { bodyOf, callerOf, forbidden, json, notFound, problems, unauthenticated } from './http.js';
import { awsHandler, lambda } from './lambda.js';

export const StaffBody = z.strictObject({
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  email: z.email({ error: 'must be an email address' }).check(z.maxLength(254)),
});
export const AllocationBody = z.strictObject({
  roles: z.partialRecord(z.enum(ROLES), z.string().check(z.minLength(1), z.maxLength(128))),
});

const invalid = (error: z.core.$ZodError) =>
  problems(
    400,
    error.issues.map((i) => ({ field: i.path.join('.') || 'body', reason: i.message })),
  );

/** Reading the staff directory and the allocations: administrators and managers. */
export const mayReadStaff = (caller: Caller): boolean =>
  caller.roles.some((role) => role === 'admin' || role === 'manager');

export async function manageStaff(
  event: APIGatewayProxyEventV2,
  deps: Needs<'staff'>,
): Promise<APIGatewayProxyResultV2> {
  const caller = callerOf(event);
  if (!caller) return unauthenticated();
  const { staffId, subjectId } = event.pathParameters ?? {};
  const route = event.routeKey;
  if (route === 'GET /me') return me(caller, deps);

  if (route.startsWith('GET ')) {
    if (!mayReadStaff(caller)) {
      return forbidden('only administrators and managers read staff and allocations');
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
    await deps.staff.putStaff({ staffId, ...parsed.data });
    return json(200, { staffId });
  }
  if (route === 'PUT /allocations/{subjectId}' && subjectId) {
    const parsed = AllocationBody.safeParse(body.value);
    if (!parsed.success) return invalid(parsed.error);
    const roles = parsed.data.roles;
    const unknown = [];
    for (const [role, id] of Object.entries(roles)) {
      if (!(await deps.staff.getStaff(id)))
        unknown.push({ field: `roles.${role}`, reason: `no staff member ${id}` });
    }
    if (unknown.length > 0) return problems(400, unknown);
    await deps.staff.allocate({ subjectId, roles });
    return json(200, { subjectId });
  }
  return notFound();
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

export const staffHandler = (deps: Needs<'staff'>) => lambda(deps, manageStaff);

export const handler = awsHandler(staffHandler, () => ({
  ...baseDependencies(),
  ...dynamoPorts({ staff: dynamoStaffDirectory }),
}));
