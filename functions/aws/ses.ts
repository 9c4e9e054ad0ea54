/** The SES v2 ports: reminders, the duty inbox's alerts, an import's summary. */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { sesUnitAlerts } from '../adapters/ses/alerts.js';
import { sesImportSummaryMailer } from '../adapters/ses/import-summary.js';
import { sesMailer, sesMorningListMailer } from '../adapters/ses/mailer.js';
import { sesSafetyMailer } from '../adapters/ses/safety-mail.js';
import { type Dependencies, required } from '../shared/dependencies.js';

// Retries happen in the mailer and the alerts only; the SDK's own would multiply them.
const sesClient = () => new SESv2Client({ maxAttempts: 1 });

const sending = (env: NodeJS.ProcessEnv) => {
  const configurationSetName = env.CONFIGURATION_SET;
  return {
    from: required(env, 'FROM_ADDRESS'),
    unitName: required(env, 'UNIT_NAME'),
    ...(configurationSetName ? { configurationSetName } : {}),
  };
};

/** The duty inbox's alerts alone: for the handlers that send no reminder (no templates in their bundle). */
export function sesAlerts(
  env: NodeJS.ProcessEnv = process.env,
  ses: SESv2Client = sesClient(),
): Pick<Dependencies, 'alerts'> {
  return { alerts: sesUnitAlerts(ses, { ...sending(env), to: required(env, 'ALERT_ADDRESS') }) };
}

/** The at-once safety email (and the duty inbox's alerts), on one client. */
export function sesSafety(
  env: NodeJS.ProcessEnv = process.env,
): Pick<Dependencies, 'safetyMail' | 'alerts'> {
  const ses = sesClient();
  return {
    safetyMail: sesSafetyMailer(ses, {
      ...sending(env),
      dutyInbox: required(env, 'ALERT_ADDRESS'),
    }),
    ...sesAlerts(env, ses),
  };
}

/** Reminders and alerts, on one client. */
export function sesDependencies(
  env: NodeJS.ProcessEnv = process.env,
): Pick<Dependencies, 'mailer' | 'alerts'> {
  const ses = sesClient();
  return { mailer: sesMailer(ses, sending(env)), ...sesAlerts(env, ses) };
}

/** Morning lists, single reminders and alerts, on one client. */
export function sesMorningListDependencies(
  env: NodeJS.ProcessEnv = process.env,
): Pick<Dependencies, 'morningLists' | 'mailer' | 'alerts'> {
  const ses = sesClient();
  return {
    morningLists: sesMorningListMailer(ses, sending(env)),
    // For those who asked for each reminder as it happens.
    mailer: sesMailer(ses, sending(env)),
    ...sesAlerts(env, ses),
  };
}

/** An import's summary to the service manager (or the duty inbox), and the unit's alert should it reach neither. */
export function sesImportSummary(
  env: NodeJS.ProcessEnv = process.env,
): Pick<Dependencies, 'importSummary' | 'alerts'> {
  const ses = sesClient();
  return {
    importSummary: sesImportSummaryMailer(ses, {
      ...sending(env),
      dutyInbox: required(env, 'ALERT_ADDRESS'),
    }),
    ...sesAlerts(env, ses),
  };
}
