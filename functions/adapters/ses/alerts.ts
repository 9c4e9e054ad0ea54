/**
 * The {@link UnitAlerts} port on SES v2: a plain-text email to the unit's duty inbox
 * when something needs a person (an undeliverable reminder, a stopped workflow). The
 * callers compose messages from references only; this adapter adds nothing about a
 * child, and sends with the same retry policy as the reminders.
 */
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Logger } from '../../shared/observability.js';
import type { UnitAlerts } from '../ports.js';
import { type MailRetryOptions, sesSender } from './sending.js';

export interface SesUnitAlertsOptions {
  readonly from: string;
  /** The unit's duty inbox. */
  readonly to: string;
  readonly unitName: string;
  readonly configurationSetName?: string;
  readonly retry?: MailRetryOptions;
  readonly logger?: Pick<Logger, 'warn'>;
}

/** Alerts sent by SES; throws PermanentMailError or TransientMailError as the mailer does. */
export function sesUnitAlerts(client: SESv2Client, options: SesUnitAlertsOptions): UnitAlerts {
  const { from, to, unitName, configurationSetName } = options;
  const send = sesSender(client, {
    ...(options.retry === undefined ? {} : { retry: options.retry }),
    logger: options.logger,
  });
  return {
    async send(message: string) {
      await send({
        FromEmailAddress: from,
        Destination: { ToAddresses: [to] },
        Content: {
          Simple: {
            Subject: { Data: `${unitName}: action needed`, Charset: 'UTF-8' },
            Body: {
              Text: {
                Data: `${message}\n\nThis alert gives references only; the case record has the details.\n\n${unitName}\n`,
                Charset: 'UTF-8',
              },
            },
          },
        },
        EmailTags: [{ Name: 'action', Value: 'unit-alert' }],
        ...(configurationSetName === undefined
          ? {}
          : { ConfigurationSetName: configurationSetName }),
      });
    },
  };
}
