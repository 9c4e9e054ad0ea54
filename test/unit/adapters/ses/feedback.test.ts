import { describe, expect, it } from 'vitest';
import { parseSesFeedback, parseSesSend } from '../../../../functions/adapters/ses/feedback.js';

// Shaped like the records in the SES developer guide ("Examples of event data that
// Amazon SES publishes to Amazon SNS"), trimmed to what matters and a little more.
const mail = {
  timestamp: '2017-08-05T00:40:02.012Z',
  source: 'Safeguarding Unit <reminders@council.example>',
  messageId: 'EXAMPLE7c191be45-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000',
  destination: ['iro.one@council.example'],
  tags: { 'obligation-kind': ['lac-review'] },
};

const permanentBounce = {
  eventType: 'Bounce',
  bounce: {
    bounceType: 'Permanent',
    bounceSubType: 'General',
    bouncedRecipients: [
      {
        emailAddress: 'iro.one@council.example',
        action: 'failed',
        status: '5.1.1',
        diagnosticCode: 'smtp; 550 5.1.1 user unknown',
      },
    ],
    timestamp: '2017-08-05T00:41:02.669Z',
    feedbackId: '01000157c44f053b-61b59c11-9236-11e6-8f96-7be8aexample-000000',
    reportingMTA: 'dsn; mta.example.com',
  },
  mail,
};

const complaint = {
  eventType: 'Complaint',
  complaint: {
    complainedRecipients: [{ emailAddress: 'iro.one@council.example' }],
    timestamp: '2017-08-05T00:45:00.000Z',
    feedbackId: '01000157c44f053b-61b59c11-9236-11e6-8f96-7be8aexample-000001',
    userAgent: 'Mozilla/5.0',
    complaintFeedbackType: 'abuse',
    arrivalDate: '2017-08-05T00:44:59.000Z',
  },
  mail,
};

const sns = (record: unknown) => ({
  Type: 'Notification',
  MessageId: '22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324',
  TopicArn: 'arn:aws:sns:eu-west-2:123456789012:ses-feedback',
  Message: JSON.stringify(record),
  Timestamp: '2017-08-05T00:41:03.000Z',
});

const envelopes: readonly [string, (record: unknown) => unknown][] = [
  ['the record itself', (record) => record],
  ['the record as JSON text', (record) => JSON.stringify(record)],
  ['an SNS message', sns],
  ['an SNS message as JSON text (an SQS body)', (record) => JSON.stringify(sns(record))],
  ['a Lambda SNS record', (record) => ({ EventSource: 'aws:sns', Sns: sns(record) })],
  [
    'an EventBridge event',
    (record) => ({
      version: '0',
      id: 'e1',
      source: 'aws.ses',
      'detail-type': 'Email Bounced',
      account: '123456789012',
      region: 'eu-west-2',
      detail: record,
    }),
  ],
];

describe('parseSesFeedback', () => {
  it.each(envelopes)('flags a permanent bounce delivered as %s', (_how, wrap) => {
    // Act
    const { feedback } = parseSesFeedback(wrap(permanentBounce));

    // Assess
    expect(feedback).toEqual({
      kind: 'bounce',
      addresses: ['iro.one@council.example'],
      at: '2017-08-05T00:41:02.669Z',
    });
  });

  it.each(envelopes)('flags a complaint delivered as %s', (_how, wrap) => {
    // Act
    const { feedback } = parseSesFeedback(wrap(complaint));

    // Assess
    expect(feedback).toEqual({
      kind: 'complaint',
      addresses: ['iro.one@council.example'],
      at: '2017-08-05T00:45:00.000Z',
    });
  });

  it('reads identity feedback notifications too (notificationType instead of eventType)', () => {
    // Prepare
    const { eventType: _eventType, ...rest } = permanentBounce;

    // Act
    const { feedback } = parseSesFeedback({ notificationType: 'Bounce', ...rest });

    // Assess
    expect(feedback?.kind).toBe('bounce');
  });

  it('falls back to the time the mail was sent when the feedback carries none', () => {
    // Prepare
    const { timestamp: _timestamp, ...bounce } = permanentBounce.bounce;

    // Act
    const { feedback } = parseSesFeedback({ ...permanentBounce, bounce });

    // Assess
    expect(feedback?.at).toBe(mail.timestamp);
  });

  it('lists every bounced address once, bare, and skips what is not an address', () => {
    // Prepare
    const bounce = {
      ...permanentBounce.bounce,
      bouncedRecipients: [
        { emailAddress: 'iro.one@council.example' },
        { emailAddress: 'Team Manager <tm@council.example>' },
        { emailAddress: ' iro.one@council.example ' },
        { emailAddress: 'not an address' },
      ],
    };

    // Act
    const { feedback } = parseSesFeedback({ ...permanentBounce, bounce });

    // Assess
    expect(feedback?.addresses).toEqual(['iro.one@council.example', 'tm@council.example']);
  });

  it.each<[string, unknown, string]>([
    [
      'a transient bounce',
      { ...permanentBounce, bounce: { ...permanentBounce.bounce, bounceType: 'Transient' } },
      'transient bounce',
    ],
    [
      'an undetermined bounce',
      { ...permanentBounce, bounce: { ...permanentBounce.bounce, bounceType: 'Undetermined' } },
      'undetermined bounce',
    ],
    [
      'a bounce of a type SES has not documented',
      { ...permanentBounce, bounce: { ...permanentBounce.bounce, bounceType: 'Soft' } },
      'unknown type',
    ],
    [
      'a not-spam report',
      { ...complaint, complaint: { ...complaint.complaint, complaintFeedbackType: 'not-spam' } },
      'not-spam',
    ],
    ['a delivery', { eventType: 'Delivery', delivery: {}, mail }, 'Delivery event'],
    ['an open', { eventType: 'Open', open: {}, mail }, 'Open event'],
    [
      'a bounce naming no usable address',
      {
        ...permanentBounce,
        bounce: { ...permanentBounce.bounce, bouncedRecipients: [{ emailAddress: 'nobody' }] },
      },
      'no usable recipient',
    ],
    [
      'a bounce with no recipients',
      { ...permanentBounce, bounce: { ...permanentBounce.bounce, bouncedRecipients: [] } },
      'bounce.bouncedRecipients',
    ],
    ['a bounce without its mail', { ...permanentBounce, mail: undefined }, 'mail'],
    [
      'a bounce whose mail time is not a timestamp',
      { ...permanentBounce, mail: { ...mail, timestamp: 'yesterday' } },
      'mail.timestamp',
    ],
    [
      'a complaint without recipients',
      { ...complaint, complaint: {} },
      'complaint.complainedRecipients',
    ],
    ['text that is not JSON', '{"eventType": "Bounce"', 'not JSON'],
    ['null', null, 'not a JSON object'],
    ['an array', [permanentBounce], 'not a JSON object'],
    ['an unrelated object', { hello: 'world' }, 'not an SES event record'],
    [
      'an SNS subscription confirmation',
      {
        Type: 'SubscriptionConfirmation',
        Message: 'You have chosen to subscribe',
        SubscribeURL: 'https://sns',
      },
      'SubscriptionConfirmation',
    ],
    [
      'a whole Lambda SNS event',
      { Records: [{ EventSource: 'aws:sns', Sns: sns(permanentBounce) }] },
      'parse each record',
    ],
    [
      'an EventBridge event from another service',
      { source: 'aws.s3', detail: permanentBounce },
      'not an SES event record',
    ],
  ])('ignores %s, saying why', (_what, input, because) => {
    // Act
    const result = parseSesFeedback(input);

    // Assess
    expect(result.feedback).toBeUndefined();
    expect(result.reason).toContain(because);
    expect(result.reason).not.toContain('@');
  });
});

describe('parseSesSend', () => {
  /** A send tag: 43 base64url characters. */
  const TAG = 'kXfc3tabupheqV_hBn0lvfNaxAvKK9VIgNJpNaY2BB4';
  const send = (tags: Record<string, string[]>) => ({
    eventType: 'Send',
    mail: { ...mail, tags },
    send: {},
  });

  it.each(envelopes)('reads the claim tag and message id of a Send event in %s', (_, wrap) => {
    // Act
    const result = parseSesSend(wrap(send({ 'obligation-kind': ['lac-review'], claim: [TAG] })));

    // Assess
    expect(result).toEqual({
      sent: {
        tag: TAG,
        messageId: 'EXAMPLE7c191be45-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000',
        at: '2017-08-05T00:40:02.012Z',
      },
    });
  });

  it('leaves a bounce to parseSesFeedback', () => {
    // Act / Assess
    expect(parseSesSend(sns(permanentBounce))).toBeUndefined();
  });

  it.each([
    ['no claim tag (a unit alert)', { action: ['alert'] }, 'no claim tag'],
    ['two claim tags', { claim: [TAG, TAG] }, 'not one send tag'],
    ['a claim tag not shaped as a send tag', { claim: ['lac-review/C1'] }, 'not one send tag'],
  ])('ignores a Send event with %s, saying why without repeating the tag', (_, tags, because) => {
    // Act
    const result = parseSesSend(send(tags));

    // Assess
    expect(result?.sent).toBeUndefined();
    expect(result?.reason).toContain(because);
    expect(result?.reason).not.toContain('C1');
  });
});
