/**
 * Bounces and complaints from the configuration set's event destination, read into the
 * one fact the staff directory needs: these addresses should get no more email; and
 * Send events, read into the notification claim an email was sent under. SES
 * publishes the same event record through SNS (a Lambda record or the raw SNS message)
 * and EventBridge (`detail`); all three are accepted, and anything else is ignored with
 * a reason rather than thrown, so one odd message cannot block the queue.
 */
import { isInstant } from '../../../workflows/calendar/index.js';
import * as z from '../../../workflows/zod.js';
import { isSendTag, SEND_TAG_NAME } from '../send-tag.js';

/** Addresses to flag as undeliverable, and when SES received the feedback. */
export interface SesFeedback {
  readonly kind: 'bounce' | 'complaint';
  readonly addresses: string[];
  /** The bounce's or complaint's own timestamp, else the mail's (ISO 8601). */
  readonly at: string;
}

/** The feedback to act on, or why there is none; reasons never repeat an address. */
export type SesFeedbackResult =
  | { readonly feedback: SesFeedback; readonly reason?: undefined }
  | { readonly feedback: undefined; readonly reason: string };

const instant = z.string().check(z.refine(isInstant, { error: 'must be an ISO 8601 timestamp' }));
const recipients = z.array(z.object({ emailAddress: z.string() })).check(z.minLength(1));

// Objects, not strict objects: SES reserves the right to add fields.
const bounceRecord = z.object({
  bounce: z.object({
    bounceType: z.string(),
    bouncedRecipients: recipients,
    timestamp: z.optional(instant),
  }),
  mail: z.object({ timestamp: instant }),
});

const complaintRecord = z.object({
  complaint: z.object({
    complainedRecipients: recipients,
    timestamp: z.optional(instant),
    complaintFeedbackType: z.optional(z.string()),
  }),
  mail: z.object({ timestamp: instant }),
});

const ignored = (reason: string): SesFeedbackResult => ({ feedback: undefined, reason });

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The SES event record inside an SNS or EventBridge envelope, or why it is not there. */
function unwrap(input: unknown): Record<string, unknown> | string {
  let value = input;
  // At most: a JSON string, holding an SNS envelope, holding the record as JSON.
  for (let depth = 0; depth < 4; depth++) {
    if (typeof value === 'string') {
      try {
        value = JSON.parse(value);
      } catch {
        return 'not JSON';
      }
      continue;
    }
    if (!isRecord(value)) return 'not a JSON object';
    if ('eventType' in value || 'notificationType' in value) return value;
    if (Array.isArray(value.Records)) {
      return `a batch of ${value.Records.length} record(s): parse each record on its own`;
    }
    if (isRecord(value.Sns)) {
      value = value.Sns.Message;
    } else if (typeof value.Type === 'string' && 'Message' in value) {
      if (value.Type !== 'Notification') return `an SNS ${value.Type} message, not a notification`;
      value = value.Message;
    } else if (value.source === 'aws.ses' && 'detail' in value) {
      value = value.detail;
    } else {
      return 'not an SES event record, nor one inside an SNS or EventBridge envelope';
    }
  }
  return 'nested too deeply to be an SES notification';
}

function problem(error: z.core.$ZodError): string {
  const issue = error.issues[0];
  const field = issue === undefined || issue.path.length === 0 ? '(record)' : issue.path.join('.');
  return `${field}: ${issue?.message ?? 'invalid'}`;
}

// The bare address when SES gives a display form; anything else is not flagged.
const ADDRESS = /^[^\s@<>]+@[^\s@<>]+$/;

function addressesOf(list: readonly { emailAddress: string }[]): string[] {
  const found = new Set<string>();
  for (const { emailAddress } of list) {
    const angle = /<([^<>]*)>\s*$/.exec(emailAddress);
    const address = (angle?.[1] ?? emailAddress).trim();
    if (ADDRESS.test(address)) found.add(address);
  }
  return [...found];
}

function feedbackOf(
  kind: SesFeedback['kind'],
  list: readonly { emailAddress: string }[],
  at: string,
): SesFeedbackResult {
  const addresses = addressesOf(list);
  if (addresses.length === 0) return ignored(`a ${kind} naming no usable recipient address`);
  return { feedback: { kind, addresses, at } };
}

/**
 * Reads one SES event-publishing notification. Only a permanent bounce or a complaint
 * flags addresses: a transient or undetermined bounce may deliver next time, and a
 * statutory reminder withheld from a working address is the worse mistake. A complaint
 * whose feedback type is `not-spam` is a retraction, not a complaint.
 */
export function parseSesFeedback(input: unknown): SesFeedbackResult {
  const record = unwrap(input);
  if (typeof record === 'string') return ignored(record);
  const type = record.eventType ?? record.notificationType;
  if (type === 'Bounce') {
    const parsed = bounceRecord.safeParse(record);
    if (!parsed.success) return ignored(`not a valid SES bounce: ${problem(parsed.error)}`);
    const { bounce, mail } = parsed.data;
    if (bounce.bounceType !== 'Permanent') {
      return ignored(
        bounce.bounceType === 'Transient' || bounce.bounceType === 'Undetermined'
          ? `a ${bounce.bounceType.toLowerCase()} bounce: the address is not flagged`
          : 'a bounce of unknown type: the address is not flagged',
      );
    }
    return feedbackOf('bounce', bounce.bouncedRecipients, bounce.timestamp ?? mail.timestamp);
  }
  if (type === 'Complaint') {
    const parsed = complaintRecord.safeParse(record);
    if (!parsed.success) return ignored(`not a valid SES complaint: ${problem(parsed.error)}`);
    const { complaint, mail } = parsed.data;
    if (complaint.complaintFeedbackType === 'not-spam') {
      return ignored('a not-spam report: the address is not flagged');
    }
    return feedbackOf(
      'complaint',
      complaint.complainedRecipients,
      complaint.timestamp ?? mail.timestamp,
    );
  }
  return ignored(
    typeof type === 'string' && /^[A-Za-z ]{1,40}$/.test(type)
      ? `a ${type} event, not a bounce or complaint`
      : 'an SES record whose event type is not a bounce or complaint',
  );
}

/** An email SES took, by the send tag it carried (../send-tag.ts), and its message id. */
export interface SesSend {
  readonly tag: string;
  readonly messageId: string;
  /** When SES took it (the mail's timestamp, ISO 8601). */
  readonly at: string;
}

/** A Send event to act on, or why not; reasons never repeat a tag or an address. */
export type SesSendResult =
  | { readonly sent: SesSend; readonly reason?: undefined }
  | { readonly sent: undefined; readonly reason: string };

const sendRecord = z.object({
  mail: z.object({
    timestamp: instant,
    messageId: z.string().check(z.minLength(1)),
    tags: z.optional(z.record(z.string(), z.array(z.string()))),
  }),
});

/**
 * Reads one SES Send event (the configuration set publishes one for every email SES
 * takes), in any envelope {@link parseSesFeedback} accepts: the send tag it carried,
 * which names the notification claim to mark sent. `undefined` when the record is not a
 * Send event (a bounce, say), so the caller reads it as feedback instead. An email with
 * no send tag (a unit alert) or a malformed one is ignored with a reason.
 */
export function parseSesSend(input: unknown): SesSendResult | undefined {
  const record = unwrap(input);
  if (typeof record === 'string') return undefined;
  if ((record.eventType ?? record.notificationType) !== 'Send') return undefined;
  const parsed = sendRecord.safeParse(record);
  if (!parsed.success) {
    return { sent: undefined, reason: `not a valid SES send: ${problem(parsed.error)}` };
  }
  const { mail } = parsed.data;
  const tags = mail.tags?.[SEND_TAG_NAME] ?? [];
  if (tags.length === 0) return { sent: undefined, reason: 'a send with no claim tag' };
  const tag = tags[0] ?? '';
  if (tags.length > 1 || !isSendTag(tag)) {
    return { sent: undefined, reason: 'a send whose claim tag is not one send tag' };
  }
  return { sent: { tag, messageId: mail.messageId, at: mail.timestamp } };
}
