/**
 * Lambda handler for `DELETE /children/{childId}`: erases one child's records, for a
 * rectification or erasure request (UK GDPR articles 16 and 17). Administrators only;
 * what is left is the record of the erasure itself: the id, who and when. While an
 * SSDA903 upload is recording the child's events it answers 503 and erases nothing.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { RESERVED_SUBJECT_ID } from '../workflows/ids.js';
import { dynamoErasure } from './adapters/dynamodb/erasure.js';
import { dynamoViewsLinks } from './adapters/dynamodb/views-links.js';
import { RecordingUnderway } from './adapters/ports.js';
import { dynamoPorts } from './aws/dynamodb.js';
import { mayManageStaff } from './shared/access.js';
import { baseDependencies, type Needs } from './shared/dependencies.js';
import {
  badPathId,
  callerOf,
  forbidden,
  json,
  notFound,
  problems,
  refused,
  unauthenticated,
} from './shared/http.js';
import { awsHandler, lambda } from './shared/lambda.js';

export async function eraseChild(
  event: APIGatewayProxyEventV2,
  deps: Needs<'erasure' | 'viewsLinks' | 'now' | 'recordingLease'>,
): Promise<APIGatewayProxyResultV2> {
  const caller = callerOf(event);
  if (!caller) return unauthenticated();
  if (!mayManageStaff(caller)) return forbidden("only administrators erase a child's records");
  const childId = event.pathParameters?.childId;
  if (!childId) return notFound();
  const badId = badPathId('childId', childId);
  if (badId) return badId;
  // `unit` names the unit's own allocations: erasing it would leave the unit's
  // reminders with nobody to go to.
  if (childId === RESERVED_SUBJECT_ID) {
    return problems(400, [
      { field: 'childId', reason: "must not be 'unit', which names the unit's own allocations" },
    ]);
  }
  if (!(await deps.erasure.knows(childId))) {
    return notFound('nothing is recorded for this child');
  }
  let items: number;
  try {
    ({ items } = await deps.erasure.eraseChild(
      childId,
      caller.id,
      deps.now(),
      deps.recordingLease.now(),
    ));
    // The young person's links go too (their words went with the reviews log).
    items += await deps.viewsLinks.eraseChild(childId);
  } catch (error) {
    if (!(error instanceof RecordingUnderway)) throw error;
    return refused(
      503,
      "an SSDA903 upload is recording this child's events now, so nothing is erased yet: erase again in a few minutes",
    );
  }
  // Ids only in the log line: the audit record holds the rest.
  deps.logger.info('child records erased', { items, erasedBy: caller.id });
  return json(200, { childId, items });
}

export const eraseHandler = (deps: Needs<'erasure' | 'viewsLinks' | 'now' | 'recordingLease'>) =>
  lambda(deps, eraseChild);

export const handler = awsHandler(eraseHandler, () => ({
  ...baseDependencies(),
  ...dynamoPorts({ erasure: dynamoErasure, viewsLinks: dynamoViewsLinks }),
}));
