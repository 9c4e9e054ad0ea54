/**
 * The tag that ties an email to its notification claim. SES has no idempotency key, so
 * a send cut short after SES took it (a kill, a Lambda timeout) would leave its claim
 * `sending` and be sent again once the lease ran out. Each email therefore carries its
 * claim's tag as an SES message tag; SES's own Send event returns the tag, and
 * functions/ses-feedback.ts marks the claim sent by it.
 *
 * A claim key names the child (workflows/policy.ts obligationKey), so the tag is its
 * SHA-256, never the key: SES events, SNS and their dead letters see no child's id. The
 * notification log keys each claim by the same tag, so the event finds its claim with
 * no index and no extra item.
 */
import { createHash } from 'node:crypto';

/** The message tag's name, as SES events and the configuration set's metrics show it. */
export const SEND_TAG_NAME = 'claim';

/**
 * The tag of a claim key: SHA-256 in base64url (43 characters of A–Z, a–z, 0–9, `-` and
 * `_`), which SES accepts as a tag value.
 */
export function sendTag(claimKey: string): string {
  return createHash('sha256').update(claimKey, 'utf8').digest('base64url');
}

/** A string shaped as {@link sendTag} makes them: what a Send event's tag must be to be acted on. */
export const isSendTag = (value: string): boolean => /^[A-Za-z0-9_-]{43}$/.test(value);

/**
 * The message tag that carries the correlation id of the request an email was sent
 * for, so that the ses-feedback invocation its Send event causes logs under it too.
 */
export const CORRELATION_TAG_NAME = 'correlation';

/** SES's longest tag value. */
const TAG_VALUE_LIMIT = 256;

/**
 * A correlation id as a tag value (base64url: request ids hold `=` and `/`, which SES
 * refuses in a tag), or undefined when too long for one.
 */
export function correlationTag(correlationId: string): string | undefined {
  const value = Buffer.from(correlationId, 'utf8').toString('base64url');
  return value.length <= TAG_VALUE_LIMIT ? value : undefined;
}

/** The correlation id a tag value carries, if it is one. */
export function correlationOfTag(value: string): string | undefined {
  if (!/^[A-Za-z0-9_-]{1,256}$/.test(value)) return undefined;
  const id = Buffer.from(value, 'base64url').toString('utf8');
  return id.length > 0 && !id.includes('\uFFFD') ? id : undefined;
}
