import {
  AccountSuspendedException,
  BadRequestException,
  InternalServiceErrorException,
  LimitExceededException,
  MailFromDomainNotVerifiedException,
  MessageRejected,
  NotFoundException,
  SESv2Client,
  SESv2ServiceException,
  SendEmailCommand,
  SendingPausedException,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ReminderEmail } from '../../../../functions/adapters/ports.js';
import { sesUnitAlerts } from '../../../../functions/adapters/ses/alerts.js';
import {
  backoffDelay,
  type MailRetryOptions,
  PermanentMailError,
  sesMailer,
  TransientMailError,
} from '../../../../functions/adapters/ses/mailer.js';
import { sesSafetyMailer } from '../../../../functions/adapters/ses/safety-mail.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const ses = mockClient(SESv2Client);

const email: ReminderEmail = {
  to: 'iro.one@council.example',
  recipientRole: 'iro',
  obligation: { kind: 'lac-review', subjectId: 'C1', due: '2017-01-30', overdue: false },
  action: 'reminder',
  caseRecordUrl: 'https://cms.example.gov.uk/children/C1',
};

const meta = { $metadata: { httpStatusCode: 400, requestId: 'req-1' } };
const throttled = () =>
  new TooManyRequestsException({
    message: 'Maximum sending rate exceeded.',
    $metadata: { httpStatusCode: 429 },
  });

/** A retry policy that records its waits instead of waiting. */
function recordingRetry(attempts = 3, random = () => 0.5) {
  const waits: number[] = [];
  const retry: MailRetryOptions = {
    attempts,
    baseDelayMs: 100,
    maxDelayMs: 1_000,
    sleep: async (ms) => {
      waits.push(ms);
    },
    random,
  };
  return { retry, waits };
}

const mailer = (retry: MailRetryOptions, configurationSetName?: string) =>
  sesMailer(new SESv2Client({ region: 'eu-west-2' }), {
    from: 'Safeguarding Unit <reminders@council.example>',
    unitName: 'Safeguarding Unit',
    retry,
    ...(configurationSetName === undefined ? {} : { configurationSetName }),
  });

describe('sesMailer', () => {
  beforeEach(() => {
    ses.reset();
  });

  it('sends one SendEmail with the rendered subject, text and HTML, to the one recipient', async () => {
    // Prepare
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });

    // Act
    const result = await mailer(recordingRetry().retry, 'reminders').send(email);

    // Assess
    expect(result).toEqual({ messageId: 'm-1' });
    expect(ses).toHaveReceivedCommandOnce(SendEmailCommand);
    expect(ses).toHaveReceivedCommandWith(SendEmailCommand, {
      FromEmailAddress: 'Safeguarding Unit <reminders@council.example>',
      Destination: { ToAddresses: ['iro.one@council.example'] },
      ConfigurationSetName: 'reminders',
      Content: {
        Simple: {
          Subject: {
            Data: expect.stringContaining('child C1'),
            Charset: 'UTF-8',
          },
          Body: {
            Text: { Data: expect.stringContaining('Monday 30 January 2017'), Charset: 'UTF-8' },
            Html: {
              Data: expect.stringContaining('href="https://cms.example.gov.uk/children/C1"'),
              Charset: 'UTF-8',
            },
          },
        },
      },
    });
  });

  it("tags the email with its claim's send tag, the key's SHA-256, never the key", async () => {
    // Prepare: the tag is the key's SHA-256 in base64url (worked out with sha256sum)
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    const claimKey = 'lac-review/C1///2017-01-30#reminder#iro';

    // Act
    await mailer(recordingRetry().retry, 'reminders').send({ ...email, claimKey });

    // Assess
    const tags = ses.commandCalls(SendEmailCommand)[0]?.args[0].input.EmailTags;
    expect(tags).toEqual([
      { Name: 'obligation-kind', Value: 'lac-review' },
      { Name: 'action', Value: 'reminder' },
      { Name: 'claim', Value: 'kXfc3tabupheqV_hBn0lvfNaxAvKK9VIgNJpNaY2BB4' },
    ]);
    expect(JSON.stringify(tags)).not.toContain('C1');
  });

  it("tags a young person's safety email with its claim's send tag too, never the key", async () => {
    // Prepare: the key's SHA-256 in base64url, worked out with sha256sum
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    const safety = sesSafetyMailer(new SESv2Client({ region: 'eu-west-2' }), {
      dutyInbox: 'duty@council.example',
      from: 'iro@council.example',
      unitName: 'The unit',
    });

    // Act
    await safety.send({
      to: 'iro.one@council.example',
      childReference: 'C1',
      childPageUrl: 'https://tray/#/child?id=C1',
      claimKey: 'child-safety/L1/iro',
    });

    // Assess
    const tags = ses.commandCalls(SendEmailCommand)[0]?.args[0].input.EmailTags;
    expect(tags).toEqual([
      { Name: 'action', Value: 'child-safety' },
      { Name: 'claim', Value: 'SrgjM01iBYN3vLS9jt3cUtAlU-LlzsbJLyMmqlyrM2s' },
    ]);
  });

  it('names no configuration set when none is configured', async () => {
    // Prepare
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });

    // Act
    await mailer(recordingRetry().retry).send(email);

    // Assess
    const input = ses.commandCalls(SendEmailCommand)[0]?.args[0].input;
    expect(input).toBeDefined();
    expect(input).not.toHaveProperty('ConfigurationSetName');
  });

  it('retries throttling with backoff: throttled twice, then sent', async () => {
    // Prepare
    ses
      .on(SendEmailCommand)
      .rejectsOnce(throttled())
      .rejectsOnce(throttled())
      .resolvesOnce({ MessageId: 'm-3' });
    const { retry, waits } = recordingRetry(3, () => 0.5);

    // Act
    const result = await mailer(retry).send(email);

    // Assess: full jitter at 0.5 of the ceilings 100 and 200 ms.
    expect(result).toEqual({ messageId: 'm-3' });
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 3);
    expect(waits).toEqual([50, 100]);
  });

  it.each([
    ['TooManyRequestsException', throttled],
    [
      'LimitExceededException',
      () => new LimitExceededException({ message: 'Daily message quota exceeded.', ...meta }),
    ],
    [
      'ThrottlingException',
      () =>
        new SESv2ServiceException({
          name: 'ThrottlingException',
          $fault: 'client',
          message: 'Rate exceeded',
          $metadata: { httpStatusCode: 400 },
        }),
    ],
    [
      'InternalServiceErrorException',
      () =>
        new InternalServiceErrorException({ message: 'oops', $metadata: { httpStatusCode: 500 } }),
    ],
    [
      'a 503 from the service',
      () =>
        new SESv2ServiceException({
          name: 'ServiceUnavailable',
          $fault: 'server',
          message: 'Service Unavailable',
          $metadata: { httpStatusCode: 503 },
        }),
    ],
    [
      'a reset connection',
      () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
    ],
  ])('treats %s as transient', async (_what, failure) => {
    // Prepare
    ses.on(SendEmailCommand).rejectsOnce(failure()).resolvesOnce({ MessageId: 'm-2' });
    const { retry, waits } = recordingRetry();

    // Act
    const result = await mailer(retry).send(email);

    // Assess
    expect(result).toEqual({ messageId: 'm-2' });
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 2);
    expect(waits).toHaveLength(1);
  });

  it('gives up after the configured attempts with a TransientMailError', async () => {
    // Prepare
    ses.on(SendEmailCommand).rejects(throttled());
    const { retry, waits } = recordingRetry(3);

    // Act
    const sending = mailer(retry).send(email);

    // Assess
    await expect(sending).rejects.toThrow(TransientMailError);
    await expect(sending).rejects.toMatchObject({ code: 'TooManyRequestsException', attempts: 3 });
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 3);
    expect(waits).toHaveLength(2);
  });

  it.each([
    ['MessageRejected', 'message', () => new MessageRejected({ message: 'x', ...meta })],
    ['BadRequestException', 'message', () => new BadRequestException({ message: 'x', ...meta })],
    [
      'MailFromDomainNotVerifiedException',
      'sender',
      () => new MailFromDomainNotVerifiedException({ message: 'x', ...meta }),
    ],
    [
      'AccountSuspendedException',
      'sender',
      () => new AccountSuspendedException({ message: 'x', ...meta }),
    ],
    [
      'SendingPausedException',
      'sender',
      () => new SendingPausedException({ message: 'x', ...meta }),
    ],
    [
      'NotFoundException',
      'sender',
      () => new NotFoundException({ message: 'x', $metadata: { httpStatusCode: 404 } }),
    ],
    [
      'AccessDeniedException',
      'sender',
      () =>
        new SESv2ServiceException({
          name: 'AccessDeniedException',
          $fault: 'client',
          message: 'not allowed',
          $metadata: { httpStatusCode: 403 },
        }),
    ],
    [
      'Unknown',
      'message',
      () =>
        new SESv2ServiceException({
          name: 'Unknown',
          $fault: 'client',
          message: 'Bad Request Exception',
          $metadata: { httpStatusCode: 400 },
        }),
    ],
  ] as const)(
    'throws %s at once as a PermanentMailError affecting the %s',
    async (code, affects, failure) => {
      // Prepare
      ses.on(SendEmailCommand).rejects(failure());
      const { retry, waits } = recordingRetry();

      // Act
      const sending = mailer(retry).send(email);

      // Assess
      await expect(sending).rejects.toThrow(PermanentMailError);
      await expect(sending).rejects.toMatchObject({ code, affects });
      expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 1);
      expect(waits).toEqual([]);
    },
  );

  it("never repeats the email, nor SES's own words, in a permanent error", async () => {
    // Prepare: a rejection whose message echoes the content it refused.
    const rendered = ['Looked-after child review', 'Monday 30 January 2017', 'children/C1'];
    ses
      .on(SendEmailCommand)
      .rejects(new MessageRejected({ message: `Rejected: ${rendered.join(' ')}`, ...meta }));

    // Act
    const error = await mailer(recordingRetry().retry)
      .send(email)
      .catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(PermanentMailError);
    const told = JSON.stringify({
      ...(error as PermanentMailError),
      message: (error as Error).message,
    });
    for (const text of [...rendered, 'C1', 'iro.one@council.example', 'Rejected:']) {
      expect(told).not.toContain(text);
    }
    expect((error as PermanentMailError).requestId).toBe('req-1');
  });

  it('rethrows at once what is not an SES answer (a bug, missing credentials)', async () => {
    // Prepare
    const bug = new TypeError('cannot read properties of undefined');
    ses.on(SendEmailCommand).rejects(bug);
    const { retry, waits } = recordingRetry();

    // Act / Assess
    await expect(mailer(retry).send(email)).rejects.toBe(bug);
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 1);
    expect(waits).toEqual([]);
  });

  it('logs each retry with the code and the wait, and nothing of the email', async () => {
    // Prepare
    ses.on(SendEmailCommand).rejectsOnce(throttled()).resolvesOnce({ MessageId: 'm-2' });
    const warn = vi.fn();
    const { retry } = recordingRetry();
    const logged = sesMailer(new SESv2Client({ region: 'eu-west-2' }), {
      from: 'reminders@council.example',
      unitName: 'Safeguarding Unit',
      retry,
      logger: { warn },
    });

    // Act
    await logged.send(email);

    // Assess
    expect(warn).toHaveBeenCalledOnce();
    expect(warn).toHaveBeenCalledWith(expect.any(String), {
      code: 'TooManyRequestsException',
      attempt: 1,
      delayMs: 50,
    });
    expect(JSON.stringify(warn.mock.calls)).not.toMatch(/C1|council\.example|January/);
  });

  it.each<[string, Partial<MailRetryOptions>]>([
    ['no attempts', { attempts: 0 }],
    ['a fractional number of attempts', { attempts: 1.5 }],
    ['a negative base delay', { baseDelayMs: -1 }],
    ['a cap below the base delay', { baseDelayMs: 500, maxDelayMs: 100 }],
  ])('refuses a retry policy with %s', (_what, change) => {
    // Prepare
    const { retry } = recordingRetry();

    // Act / Assess
    expect(() => mailer({ ...retry, ...change })).toThrow(RangeError);
  });
});

describe('backoffDelay', () => {
  const policy = { baseDelayMs: 100, maxDelayMs: 1_000 };

  it.each([
    [1, 0.5, 50],
    [2, 0.5, 100],
    [3, 0.5, 200],
    [4, 0.999, 799],
    [5, 0.999, 999],
    [12, 0.999, 999],
    [3, 0, 0],
  ])(
    'retry %i with random %d waits %i ms (full jitter under a capped doubling)',
    (retry, r, ms) => {
      // Act / Assess
      expect(backoffDelay(retry, policy, () => r)).toBe(ms);
    },
  );

  it('never waits longer than the cap', () => {
    // Act
    const waits = Array.from({ length: 30 }, (_, i) =>
      backoffDelay(i + 1, policy, () => 0.9999999),
    );

    // Assess
    expect(Math.max(...waits)).toBeLessThanOrEqual(policy.maxDelayMs);
  });
});

describe('sesUnitAlerts', () => {
  beforeEach(() => {
    ses.reset();
  });

  it("emails the message to the unit's duty inbox, as plain text", async () => {
    // Prepare
    ses.on(SendEmailCommand).resolves({ MessageId: 'a-1' });
    const alerts = sesUnitAlerts(new SESv2Client({ region: 'eu-west-2' }), {
      from: 'reminders@council.example',
      to: 'duty@council.example',
      unitName: 'Safeguarding Unit',
      retry: recordingRetry().retry,
    });

    // Act
    await alerts.send('No iro can be reached for C1: a lac-review reminder was not sent.');

    // Assess
    expect(ses).toHaveReceivedCommandWith(SendEmailCommand, {
      Destination: { ToAddresses: ['duty@council.example'] },
      Content: {
        Simple: {
          Subject: { Data: 'Safeguarding Unit: action needed', Charset: 'UTF-8' },
          Body: {
            Text: {
              Data: expect.stringContaining('No iro can be reached for C1'),
              Charset: 'UTF-8',
            },
          },
        },
      },
    });
  });

  it('retries throttling like the mailer', async () => {
    // Prepare
    ses.on(SendEmailCommand).rejectsOnce(throttled()).resolvesOnce({ MessageId: 'a-2' });
    const { retry, waits } = recordingRetry();
    const alerts = sesUnitAlerts(new SESv2Client({ region: 'eu-west-2' }), {
      from: 'reminders@council.example',
      to: 'duty@council.example',
      unitName: 'Safeguarding Unit',
      retry,
    });

    // Act
    await alerts.send('A workflow stopped.');

    // Assess
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 2);
    expect(waits).toEqual([50]);
  });
});
