/**
 * Lambda handler for SES bounce and complaint events (the configuration set's event
 * destination, through SNS): flags the staff addresses so nothing more is sent to them,
 * and tells the unit whose address needs fixing. Staff ids only, never addresses, in
 * the alert and the logs.
 */
import type { SNSEvent } from 'aws-lambda';
import { dynamoStaffDirectory } from './adapters/dynamodb/staff-directory.js';
import { parseSesFeedback } from './adapters/ses/feedback.js';
import { dynamoPorts } from './aws/dynamodb.js';
import { sesAlerts } from './aws/ses.js';
import { type Needs, observability } from './shared/dependencies.js';
import { awsHandler, lambda } from './shared/lambda.js';

export async function handleSesFeedback(
  event: SNSEvent,
  deps: Needs<'staff' | 'alerts'>,
): Promise<{ flagged: number }> {
  let flagged = 0;
  for (const record of event.Records) {
    const { feedback, reason } = parseSesFeedback(record);
    if (!feedback) {
      deps.logger.info('SES event ignored', { reason });
      continue;
    }
    const staffIds = new Set<string>();
    for (const address of feedback.addresses) {
      for (const id of await deps.staff.markUndeliverable(address, feedback.kind, feedback.at))
        staffIds.add(id);
    }
    flagged += staffIds.size;
    deps.metrics.addMetric('AddressesFlagged', 'Count', staffIds.size);
    if (staffIds.size > 0) {
      await deps.alerts.send(
        `Reminders can no longer reach staff ${[...staffIds].sort().join(', ')} (${feedback.kind}). Update their email address; their reminders go unsent until then.`,
      );
    } else {
      deps.logger.warn('SES feedback for an address no staff member has', { kind: feedback.kind });
    }
  }
  return { flagged };
}

export const sesFeedbackHandler = (deps: Needs<'staff' | 'alerts'>) =>
  lambda(deps, handleSesFeedback, { metrics: true });

export const handler = awsHandler(sesFeedbackHandler, () => ({
  ...observability(),
  ...dynamoPorts({ staff: dynamoStaffDirectory }),
  ...sesAlerts(),
}));
