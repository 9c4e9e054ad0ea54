/**
 * Waking and starting workflows through the Step Functions API. The same code talks to
 * AWS and to the local runner; only the endpoint differs.
 */
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  InvalidToken,
  SendTaskSuccessCommand,
  type SFNClient,
  StartExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import type { WorkflowSignals } from '../ports.js';

/**
 * @param arnPrefix state machines are named `iro-<workflow>`; this is their ARN up to
 *   the workflow, e.g. `arn:aws:states:eu-west-2:111111111111:stateMachine:iro-`.
 */
export function sfnSignals(client: SFNClient, arnPrefix: string): WorkflowSignals {
  return {
    async wake(token, correlationId) {
      try {
        // The output is what the waiting state keeps as the execution's correlation id.
        const output = JSON.stringify(correlationId ?? null);
        await client.send(new SendTaskSuccessCommand({ taskToken: token, output }));
        return 'woken';
      } catch (error) {
        // The wait ended (timed out, or woken already): the workflow is planning anyway.
        if (
          error instanceof TaskDoesNotExist ||
          error instanceof TaskTimedOut ||
          error instanceof InvalidToken
        ) {
          return 'gone';
        }
        throw error;
      }
    },
    async start(workflow, name, input) {
      const stateMachineArn = `${arnPrefix}${workflow}`;
      try {
        await client.send(
          new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }),
        );
        return 'started';
      } catch (error) {
        if (!(error instanceof ExecutionAlreadyExists)) throw error;
        const executionArn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
        const { status } = await client.send(new DescribeExecutionCommand({ executionArn }));
        return status === 'RUNNING' ? 'running' : 'ended';
      }
    },
  };
}
