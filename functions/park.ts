/** Lambda handler: the `park` step of every clock's state machine (see clock-steps.ts). */
import { ParkInput, park } from './clock-steps.js';
import type { Dependencies } from './dependencies.js';
import { awsHandler, lambda } from './lambda.js';

export const parkHandler = (deps: Dependencies) =>
  lambda(deps, (event: unknown, d) => park(ParkInput.parse(event), d));

export const handler = awsHandler(parkHandler);
