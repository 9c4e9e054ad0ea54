/**
 * Lambda handler for managing who is reminded: `PUT /staff/{staffId}` (name and work
 * email) and `PUT /allocations/{subjectId}` (who holds each role for a child, a carer,
 * or `unit` for the unit-wide roles). Administrators only.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { ROLES } from '../workflows/policy.js';
import * as z from '../workflows/zod.js';
import { mayManageStaff } from './access.js';
import { dynamoDependencies } from './aws/dynamodb.js';
import { baseDependencies, type Needs } from './dependencies.js';
import { bodyOf, callerOf, forbidden, json, unauthenticated } from './http.js';
import { awsHandler, lambda } from './lambda.js';

const StaffBody = z.strictObject({
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  email: z.email({ error: 'must be an email address' }).check(z.maxLength(254)),
});
const AllocationBody = z.strictObject({
  roles: z.partialRecord(z.enum(ROLES), z.string().check(z.minLength(1), z.maxLength(128))),
});

const invalid = (error: z.core.$ZodError) =>
  json(400, {
    problems: error.issues.map((i) => ({ field: i.path.join('.') || 'body', reason: i.message })),
  });

export async function manageStaff(
  event: APIGatewayProxyEventV2,
  deps: Needs<'staff'>,
): Promise<APIGatewayProxyResultV2> {
  const caller = callerOf(event);
  if (!caller) return unauthenticated();
  if (!mayManageStaff(caller)) return forbidden('only administrators manage staff');
  const body = bodyOf(event);
  if (!body.ok) return body.response;
  const { staffId, subjectId } = event.pathParameters ?? {};

  if (staffId) {
    const parsed = StaffBody.safeParse(body.value);
    if (!parsed.success) return invalid(parsed.error);
    await deps.staff.putStaff({ staffId, ...parsed.data });
    return json(200, { staffId });
  }
  if (subjectId) {
    const parsed = AllocationBody.safeParse(body.value);
    if (!parsed.success) return invalid(parsed.error);
    const roles = parsed.data.roles;
    const unknown = [];
    for (const [role, id] of Object.entries(roles)) {
      if (!(await deps.staff.getStaff(id)))
        unknown.push({ field: `roles.${role}`, reason: `no staff member ${id}` });
    }
    if (unknown.length > 0) return json(400, { problems: unknown });
    await deps.staff.allocate({ subjectId, roles });
    return json(200, { subjectId });
  }
  return json(404, { message: 'no such route' });
}

export const staffHandler = (deps: Needs<'staff'>) => lambda(deps, manageStaff);

export const handler = awsHandler(staffHandler, () => ({
  ...baseDependencies(),
  ...dynamoDependencies(),
}));
