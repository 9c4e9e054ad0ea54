/**
 * Lambda handler for SES events (the configuration set's event destination, through
 * SNS). A Send event marks sent the notification claim its email carried the tag of,
 * so a sender cut short after SES took the email (killed, timed out) sends it no more.
 * A bounce or complaint flags the staff addresses so nothing more is sent to them, and
 * tells the unit whose address needs fixing. Staff ids only, never addresses, nor a
 * claim's tag, in the alert and the logs.
 */
import type { SNSEvent } from 'aws-lambda';
import { dynamoNotificationLog } from './adapters/dynamodb/notification-log.js';
import { dynamoStaffDirectory } from './adapters/dynamodb/staff-directory.js';
import { parseSesFeedback, parseSesSend } from './adapters/ses/feedback.js';
import { dynamoPorts } from './aws/dynamodb.js';
import { sesAlerts } from './aws/ses.js';
import { type Needs, observability } from './shared/dependencies.js';
import { awsHandler, lambda } from './shared/lambda.js';

export type SesFeedbackNeeds = Needs<'staff' | 'alerts' | 'notifications'>;

export async function handleSesFeedback(
  event: SNSEvent,
  deps: SesFeedbackNeeds,
): Promise<{ flagged: number; confirmed: number }> {
  let flagged = 0;
  let confirmed = 0;
  for (const record of event.Records) {
    const send = parseSesSend(record);
    if (send !== undefined) {
      if (!send.sent) {
        deps.logger.info('SES send event ignored', { reason: send.reason });
        continue;
      }
      const { tag, messageId, at } = send.sent;
      // Already marked by its sender, most often: the event then changes nothing.
      if ((await deps.notifications.confirmSent(tag, messageId, at)) === 'marked') confirmed++;
      continue;
    }
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
  // Sends whose sender was cut short after SES took them: each an email not sent twice.
  if (confirmed > 0) deps.metrics.addMetric('SendsConfirmedBySes', 'Count', confirmed);
  return { flagged, confirmed };
}

export const sesFeedbackHandler = (deps: SesFeedbackNeeds) =>
  lambda(deps, handleSesFeedback, { metrics: true });

export const handler = awsHandler(sesFeedbackHandler, () => ({
  ...observability(),
  ...dynamoPorts({ staff: dynamoStaffDirectory, notifications: dynamoNotificationLog }),
  ...sesAlerts(),
}));
