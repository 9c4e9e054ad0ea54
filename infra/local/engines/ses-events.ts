/**
 * SES's Send events, locally. In AWS the configuration set publishes a Send event for
 * every email SES takes, through SNS to ses-feedback, which marks the email's claim sent
 * by the tag it carried (functions/adapters/send-tag.ts): a sender killed or timed out
 * after SES took its email then leaves no claim for a retry to send again.
 * aws-ses-v2-local publishes no events, so the local runtime does it here: as the
 * engine answers a SendEmail, the same SNS record is handed to `publish`, which the
 * runtime delivers to the ses-feedback handler (in its own invocation, as SES's event
 * lives apart from the sender's) once the sender's invocation has ended, however it
 * ended: after the sender's own marks, as in AWS, where the event comes seconds later
 * as a rule. A kill before then is made good at the next start: the Send events of the
 * last emails journalled are delivered again (marking is idempotent), as SNS retries a
 * delivery that failed.
 */
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { SNSEvent } from 'aws-lambda';
import { SEND_TAG_NAME } from '../../../functions/adapters/send-tag.js';

/** An email the engine took, as its Send event tells it. */
export interface TakenMail {
  readonly messageId: string;
  /** When SES took it (ISO 8601, the real clock). */
  readonly at: string;
  readonly to: readonly string[];
  /** The message tags it was sent with, by name. */
  readonly tags: Readonly<Record<string, readonly string[]>>;
}

/** The SNS notification SES publishes for a Send: the record ses-feedback reads. */
export function sendEvent(mail: TakenMail): SNSEvent {
  const message = {
    eventType: 'Send',
    mail: {
      timestamp: mail.at,
      messageId: mail.messageId,
      source: 'iro-reminders@localhost',
      destination: mail.to,
      tags: mail.tags,
    },
    send: {},
  };
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: 'arn:aws:sns:eu-west-2:000000000000:iro-feedback:local',
        Sns: {
          Type: 'Notification',
          MessageId: crypto.randomUUID(),
          TopicArn: 'arn:aws:sns:eu-west-2:000000000000:iro-feedback',
          Subject: '',
          Message: JSON.stringify(message),
          Timestamp: mail.at,
          SignatureVersion: '1',
          Signature: '',
          SigningCertUrl: '',
          UnsubscribeUrl: '',
          MessageAttributes: {},
        },
      },
    ],
  };
}

/** Deliveries of one event before it is given up (SNS retries a failed Lambda delivery too). */
const DELIVERIES = 3;

/** Hands `event` to `deliver`, again if it fails; never throws (the sender's own mark still comes). */
export async function deliverSendEvent(
  event: SNSEvent,
  deliver: (event: SNSEvent) => Promise<unknown>,
): Promise<boolean> {
  for (let attempt = 1; attempt <= DELIVERIES; attempt++) {
    try {
      await deliver(event);
      return true;
    } catch {
      // Throttled, say: deliver again.
    }
  }
  return false;
}

/**
 * Publishes a Send event to `publish` for each email `client` gets SES to take that
 * carries a claim tag, as the engine answers. Add it before the mail journal's
 * middleware, so that the journal has the email before its event is delivered.
 */
export function publishSendEvents(
  client: SESv2Client,
  publish: (event: SNSEvent) => Promise<unknown>,
): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName !== 'SendEmailCommand') return result;
      const input = args.input as {
        Destination?: { ToAddresses?: string[] };
        EmailTags?: { Name?: string; Value?: string }[];
      };
      const tags: Record<string, string[]> = {};
      for (const { Name, Value } of input.EmailTags ?? []) {
        if (Name !== undefined && Value !== undefined) tags[Name] = [...(tags[Name] ?? []), Value];
      }
      // Untagged mail (a unit alert) is under no claim: SES's event would change nothing.
      if (tags[SEND_TAG_NAME] === undefined) return result;
      await publish(
        sendEvent({
          messageId: String((result.output as { MessageId?: string }).MessageId ?? ''),
          at: new Date().toISOString(),
          to: input.Destination?.ToAddresses ?? [],
          tags,
        }),
      );
      return result;
    },
    { step: 'initialize', name: 'localSesSendEvents', priority: 'high' },
  );
}
