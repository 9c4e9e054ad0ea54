/**
 * The {@link SafetyMailer} on SES v2: the email that says only that the young person
 * with a reference has said they do not feel safe, with a link to their page. It is
 * given nothing else to say: the young person's words never reach it.
 */
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { notSafeEmail } from '../../../workflows/notifications/templates.js';
import type { Logger } from '../../shared/observability.js';
import type { SafetyMailer } from '../ports.js';
import { SEND_TAG_NAME, sendTag } from '../send-tag.js';
import { type MailRetryOptions, sesSender } from './sending.js';

export interface SesSafetyMailerOptions {
  readonly dutyInbox: string;
  readonly from: string;
  readonly unitName: string;
  readonly configurationSetName?: string;
  readonly retry?: MailRetryOptions;
  readonly logger?: Pick<Logger, 'warn'>;
}

/** The email's words, from the reference and the link alone (workflows/notifications/templates.ts). */
export const safetyEmail = notSafeEmail;

export function sesSafetyMailer(
  client: SESv2Client,
  options: SesSafetyMailerOptions,
): SafetyMailer {
  const send = sesSender(client, {
    ...(options.retry === undefined ? {} : { retry: options.retry }),
    logger: options.logger,
  });
  return {
    dutyInbox: options.dutyInbox,
    async send({ to, childReference, childPageUrl, claimKey }) {
      const { subject, text } = safetyEmail(childReference, childPageUrl, options.unitName);
      return await send({
        FromEmailAddress: options.from,
        Destination: { ToAddresses: [to] },
        Content: {
          Simple: {
            Subject: { Data: subject, Charset: 'UTF-8' },
            Body: { Text: { Data: text, Charset: 'UTF-8' } },
          },
        },
        // The claim's send tag: SES's Send event marks the claim sent (./mailer.ts).
        EmailTags: [
          { Name: 'action', Value: 'child-safety' },
          ...(claimKey === undefined ? [] : [{ Name: SEND_TAG_NAME, Value: sendTag(claimKey) }]),
        ],
        ...(options.configurationSetName === undefined
          ? {}
          : { ConfigurationSetName: options.configurationSetName }),
      });
    },
  };
}
