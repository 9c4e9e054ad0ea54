/** Lambda handler: the `close-clock` step of every clock's state machine (see clock-steps.ts). */

import { dynamoClockHeads } from './adapters/dynamodb/clock-heads.js';
import { dynamoPorts } from './aws/dynamodb.js';
import { sfnDependencies } from './aws/sfn.js';
import { CloseInput, closeClock } from './shared/clock-steps.js';
import { baseDependencies, type Needs } from './shared/dependencies.js';
import { awsHandler, lambda } from './shared/lambda.js';

export const closeClockHandler = (deps: Needs<'heads' | 'signals'>) =>
  lambda(deps, (event: unknown, d) => closeClock(CloseInput.parse(event), d));

export const handler = awsHandler(closeClockHandler, () => ({
  ...baseDependencies(),
  ...dynamoPorts({ heads: dynamoClockHeads }),
  ...sfnDependencies(),
}));
