/** The Step Functions port: waking and starting workflows. */
import { SFNClient } from '@aws-sdk/client-sfn';
import { sfnSignals } from '../adapters/sfn/signals.js';
import { type Dependencies, required } from '../shared/dependencies.js';

export function sfnDependencies(
  env: NodeJS.ProcessEnv = process.env,
): Pick<Dependencies, 'signals'> {
  return { signals: sfnSignals(new SFNClient({}), required(env, 'STATE_MACHINE_ARN_PREFIX')) };
}
