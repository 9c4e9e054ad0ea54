/**
 * The {@link ImportSummaryMailer} on SES v2: an import's one summary of what arrived
 * overdue, worded by workflows/import/summary.ts from counts alone, so no child's
 * reference can reach it. Sent with the shared retry policy of ./sending.ts.
 */
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { renderImportSummary } from '../../../workflows/import/summary.js';
import type { Logger } from '../../shared/observability.js';
import type { ImportSummaryMailer } from '../ports.js';
import { SEND_TAG_NAME, sendTag } from '../send-tag.js';
import { type MailRetryOptions, sesSender } from './sending.js';

export interface SesImportSummaryOptions {
  /** Where the summary goes when no service manager can be reached. */
  readonly dutyInbox: string;
  readonly from: string;
  readonly unitName: string;
  readonly configurationSetName?: string;
  readonly retry?: MailRetryOptions;
  readonly logger?: Pick<Logger, 'warn'>;
}

export function sesImportSummaryMailer(
  client: SESv2Client,
  options: SesImportSummaryOptions,
): ImportSummaryMailer {
  const send = sesSender(client, {
    ...(options.retry === undefined ? {} : { retry: options.retry }),
    logger: options.logger,
  });
  return {
    dutyInbox: options.dutyInbox,
    async send({ to, claimKey, ...summary }) {
      const { subject, text, html } = renderImportSummary(summary, { unitName: options.unitName });
      return await send({
        FromEmailAddress: options.from,
        Destination: { ToAddresses: [to] },
        Content: {
          Simple: {
            Subject: { Data: subject, Charset: 'UTF-8' },
            Body: {
              Text: { Data: text, Charset: 'UTF-8' },
              Html: { Data: html, Charset: 'UTF-8' },
            },
          },
        },
        // The claim's send tag: SES's Send event marks the claim sent (./mailer.ts).
        EmailTags: [
          { Name: 'action', Value: 'import-summary' },
          ...(claimKey === undefined ? [] : [{ Name: SEND_TAG_NAME, Value: sendTag(claimKey) }]),
        ],
        ...(options.configurationSetName === undefined
          ? {}
          : { ConfigurationSetName: options.configurationSetName }),
      });
    },
  };
}
