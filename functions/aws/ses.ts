/** The SES v2 ports: reminders and the duty inbox's alerts. */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { sesUnitAlerts } from '../adapters/ses/alerts.js';
import { sesMailer } from '../adapters/ses/mailer.js';
import { type Dependencies, required } from '../dependencies.js';

export function sesDependencies(
  env: NodeJS.ProcessEnv = process.env,
): Pick<Dependencies, 'mailer' | 'alerts'> {
  // Retries happen in the mailer only; the SDK's own would multiply them.
  const ses = new SESv2Client({ maxAttempts: 1 });
  const from = required(env, 'FROM_ADDRESS');
  const unitName = required(env, 'UNIT_NAME');
  const configurationSetName = env.CONFIGURATION_SET;
  const configurationSet = configurationSetName ? { configurationSetName } : {};
  return {
    mailer: sesMailer(ses, { from, unitName, ...configurationSet }),
    alerts: sesUnitAlerts(ses, {
      from,
      to: required(env, 'ALERT_ADDRESS'),
      unitName,
      ...configurationSet,
    }),
  };
}
