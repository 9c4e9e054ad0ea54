/**
 * The {@link Mailer} port on SES v2: one SendEmail per reminder, worded by
 * workflows/notifications/templates.ts, sent with the shared retry policy of
 * ./sending.ts (throttling retried with backoff; what retrying cannot fix thrown at once
 * as a {@link PermanentMailError}, so the caller can tell "try later" from "never").
 */
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { renderMorningList } from '../../../workflows/morning-list.js';
import { renderReminder } from '../../../workflows/notifications/templates.js';
import type { Logger } from '../../shared/observability.js';
import type { Mailer, MorningListEmail, MorningListMailer, ReminderEmail } from '../ports.js';
import { CORRELATION_TAG_NAME, correlationTag, SEND_TAG_NAME, sendTag } from '../send-tag.js';
import { type MailRetryOptions, type PermanentMailError, sesSender } from './sending.js';

export {
  backoffDelay,
  type MailFailureScope,
  type MailRetryOptions,
  PermanentMailError,
  TransientMailError,
} from './sending.js';

/**
 * The claim's send tag as a message tag: SES's Send event hands it back to ses-feedback,
 * which marks the claim sent (never the key itself, which names the child).
 */
const claimTag = (claimKey: string | undefined) =>
  claimKey === undefined ? [] : [{ Name: SEND_TAG_NAME, Value: sendTag(claimKey) }];

/** The request's correlation id as a message tag, so ses-feedback logs the Send event under it. */
const requestTag = (correlationId: string | undefined) => {
  const value = correlationId === undefined ? undefined : correlationTag(correlationId);
  return value === undefined ? [] : [{ Name: CORRELATION_TAG_NAME, Value: value }];
};

export interface SesMailerOptions {
  /** A verified identity, e.g. `Safeguarding Unit <iro-reminders@council.gov.uk>`. */
  readonly from: string;
  /** The configuration set whose event destination reports bounces and complaints. */
  readonly configurationSetName?: string;
  /** Signs every email. */
  readonly unitName: string;
  readonly retry?: MailRetryOptions;
  /** Told of each retry: the error code and the wait, never the email. */
  readonly logger?: Pick<Logger, 'warn'>;
}

/**
 * A {@link Mailer} sending through SES v2. Create the client with `maxAttempts: 1` so
 * that retries happen here only (the SDK's own retry of throttling would multiply them).
 * Throws {@link PermanentMailError} when SES refuses the email for good; its `affects`
 * says whether only this email (`message`) or all mail until someone acts (`sender`).
 */
export function sesMailer(client: SESv2Client, options: SesMailerOptions): Mailer {
  const { from, configurationSetName, unitName } = options;
  const send = sesSender(client, {
    ...(options.retry === undefined ? {} : { retry: options.retry }),
    logger: options.logger,
  });
  return {
    async send(email: ReminderEmail) {
      const { subject, text, html } = renderReminder(email, { unitName });
      return await send({
        FromEmailAddress: from,
        Destination: { ToAddresses: [email.to] },
        Content: {
          Simple: {
            Subject: { Data: subject, Charset: 'UTF-8' },
            Body: {
              Text: { Data: text, Charset: 'UTF-8' },
              Html: { Data: html, Charset: 'UTF-8' },
            },
          },
        },
        // Dimensions for the configuration set's metrics: the kind of email, not its content.
        EmailTags: [
          { Name: 'obligation-kind', Value: email.obligation.kind },
          { Name: 'action', Value: email.action },
          ...claimTag(email.claimKey),
          ...requestTag(email.correlationId),
        ],
        ...(configurationSetName === undefined
          ? {}
          : { ConfigurationSetName: configurationSetName }),
      });
    },
  };
}

/** A {@link MorningListMailer} on SES v2: the list as worded, with the same retries and failures. */
export function sesMorningListMailer(
  client: SESv2Client,
  options: SesMailerOptions,
): MorningListMailer {
  const { from, configurationSetName, unitName } = options;
  const send = sesSender(client, {
    ...(options.retry === undefined ? {} : { retry: options.retry }),
    logger: options.logger,
  });
  return {
    async send(email: MorningListEmail) {
      const { subject, text, html } = renderMorningList(email.items, email.date, {
        unitName,
        trayUrl: email.trayUrl,
      });
      return await send({
        FromEmailAddress: from,
        Destination: { ToAddresses: [email.to] },
        Content: {
          Simple: {
            Subject: { Data: subject, Charset: 'UTF-8' },
            Body: {
              Text: { Data: text, Charset: 'UTF-8' },
              Html: { Data: html, Charset: 'UTF-8' },
            },
          },
        },
        EmailTags: [
          { Name: 'action', Value: 'morning-list' },
          ...claimTag(email.claimKey),
          ...requestTag(email.correlationId),
        ],
        ...(configurationSetName === undefined
          ? {}
          : { ConfigurationSetName: configurationSetName }),
      });
    },
  };
}
