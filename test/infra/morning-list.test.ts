/**
 * The morning list in AWS: an EventBridge Scheduler schedule at 07:30 London on
 * weekdays (the function skips bank holidays) invoking the morning-list function, whose
 * role may only invoke that function; the function reads the board, the allocations and
 * the staff and writes only the notification log; its errors raise an alarm.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HANDLER_METADATA_KEY } from '../../infra/constructs/iro-function.js';
import {
  asArray,
  type Resource,
  ref,
  resourcesOfType,
  type SynthesizedApp,
  statementsOf,
  synthesizeApp,
} from './support.js';

let synth: SynthesizedApp;
beforeAll(() => {
  synth = synthesizeApp();
});
afterAll(() => synth.cleanUp());

const workflows = () => ({ workflows: synth.templates.workflows });
const morningListFunction = () => {
  const found = resourcesOfType(workflows(), 'AWS::Lambda::Function').filter(
    ([, f]) => f.Metadata?.[HANDLER_METADATA_KEY] === 'morning-list',
  );
  expect(found).toHaveLength(1);
  const [id, fn] = found[0] as [string, Resource];
  return { id: id.slice('workflows/'.length), fn };
};

/** The one schedule with this expression. */
const scheduleAt = (expression: string): Resource => {
  const found = resourcesOfType(workflows(), 'AWS::Scheduler::Schedule').filter(
    ([, s]) => s.Properties?.ScheduleExpression === expression,
  );
  expect(found).toHaveLength(1);
  return (found[0] as [string, Resource])[1];
};

describe('the morning list in AWS', () => {
  it('is started by a schedule at 07:30 London time, Monday to Friday, retried a few times', () => {
    // Assess
    const props = scheduleAt('cron(30 7 ? * MON-FRI *)').Properties ?? {};
    expect(props.ScheduleExpressionTimezone).toBe('Europe/London');
    const target = props.Target as { Arn: unknown; RetryPolicy: { MaximumRetryAttempts: number } };
    expect(ref(target.Arn)).toBe(morningListFunction().id);
    expect(target.RetryPolicy.MaximumRetryAttempts).toBe(3);
  });

  it('sends each reminder as it happens, for those who asked, at the reminder time (08:00 London) every day', () => {
    // Assess
    const props = scheduleAt('cron(0 8 * * ? *)').Properties ?? {};
    expect(props.ScheduleExpressionTimezone).toBe('Europe/London');
    const target = props.Target as { Arn: unknown; Input: string };
    expect(ref(target.Arn)).toBe(morningListFunction().id);
    expect(JSON.parse(target.Input)).toEqual({ sweep: 'as-it-happens' });
  });

  it.each(['cron(30 7 ? * MON-FRI *)', 'cron(0 8 * * ? *)'])(
    'lets the role of the schedule %s invoke that one function, and nothing else',
    (expression) => {
      // Prepare
      const roleId = ref(
        (scheduleAt(expression).Properties?.Target as { RoleArn?: unknown } | undefined)?.RoleArn,
      );
      const policies = resourcesOfType(workflows(), 'AWS::IAM::Policy').filter(([, p]) =>
        asArray(p.Properties?.Roles as unknown[]).some((r) => ref(r) === roleId),
      );

      // Assess
      const statements = policies.flatMap(([, p]) => statementsOf(p));
      expect(statements).toEqual([
        {
          Effect: 'Allow',
          Action: 'lambda:InvokeFunction',
          Resource: { 'Fn::GetAtt': [morningListFunction().id, 'Arn'] },
        },
      ]);
    },
  );

  it('reads the board by kind, the staff and allocations, writes only the notification log, and sends email', () => {
    // Prepare
    const { fn } = morningListFunction();
    const roleId = ref(fn.Properties?.Role);
    const statements = resourcesOfType(workflows(), 'AWS::IAM::Policy')
      .filter(([, p]) => asArray(p.Properties?.Roles as unknown[]).some((r) => ref(r) === roleId))
      .flatMap(([, p]) => statementsOf(p));
    const text = JSON.stringify(statements);

    // Assess
    expect(text).toContain('BOARD#*');
    expect(text).toContain('KIND#*');
    expect(text).toContain('NOTIFICATION#');
    expect(text).toContain('ses:SendEmail');
    const writes = statements.filter((s) =>
      asArray(s.Action).some((a) =>
        ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem'].includes(a),
      ),
    );
    expect(writes.length).toBeGreaterThan(0);
    for (const write of writes) {
      expect(JSON.stringify(write.Condition)).toContain('NOTIFICATION#');
      expect(JSON.stringify(write.Condition)).not.toContain('BOARD#');
    }
  });

  it('raises an alarm when the function fails', () => {
    const alarms = resourcesOfType(workflows(), 'AWS::CloudWatch::Alarm').filter(([, a]) =>
      String(a.Properties?.AlarmName ?? '').includes('morning-list-errors'),
    );
    expect(alarms).toHaveLength(1);
  });
});
