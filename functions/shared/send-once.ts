/**
 * One email, sent at most once by its key in the notification log: claim, send, mark
 * sent; the claim given back when the send failed and may go later; marked and told to
 * the unit when it can never be delivered. The act step, the morning list and the "as
 * it happens" sweep each send this way, so each treats a failure alike.
 */
import { PermanentMailError } from '../adapters/ses/sending.js';
import type { Needs } from './dependencies.js';

/** What became of one email. */
export type SendOnceResult =
  /** It went now (or, for a `send` that decided there was nothing to send, was marked so). */
  | { readonly status: 'sent'; readonly messageId: string }
  /** An earlier attempt sent it: nothing done. */
  | { readonly status: 'already' }
  /** Another attempt holds its claim (one that crashed mid-send, most likely): a later run sends it. */
  | { readonly status: 'busy' }
  /** It can never be delivered to this address: marked failed, and the unit told. */
  | { readonly status: 'failed' }
  /** It did not go this time (SES retries ran out): the claim is given back for a later run. */
  | { readonly status: 'transient'; readonly error: Error };

export interface SendOnceOptions {
  /** This run, as the owner of the claims it takes. */
  readonly attempt: string;
  /** When the marks say it went. */
  readonly at: string;
  /** What the unit is told when it can never be delivered: references only. */
  readonly undeliverable: string;
  /** Further keys the same email carried, marked sent with it (a morning list's new lines). */
  readonly alsoMark?: readonly string[];
  /**
   * The email carries no send tag (a unit alert): SES's Send event cannot find its
   * claim, so the claim notes none of `alsoMark`, however many (an item holds 400 KB).
   */
  readonly untagged?: boolean;
}

/**
 * Sends by `send` unless the key went already. A refusal that stops all mail (the
 * account paused, the sender unverified) gives the claim back and is thrown: nothing is
 * lost, and the caller stops on its alert path until it is fixed.
 */
export async function sendOnce(
  key: string,
  send: () => Promise<{ messageId: string }>,
  deps: Needs<'notifications' | 'sendLease' | 'alerts'>,
  options: SendOnceOptions,
): Promise<SendOnceResult> {
  // The further keys ride on a tagged email's claim: SES's Send event marks them with
  // it, should this attempt die once SES has taken the email.
  const claim = await deps.notifications.claim(
    key,
    deps.sendLease.now(),
    deps.sendLease.seconds,
    options.attempt,
    options.untagged ? [] : options.alsoMark,
  );
  if (claim === 'sent') return { status: 'already' };
  if (claim === 'busy') return { status: 'busy' };
  let messageId: string;
  try {
    ({ messageId } = await send());
  } catch (error) {
    if (error instanceof PermanentMailError && error.affects !== 'sender') {
      await deps.notifications.markSent(key, 'failed', options.at);
      await deps.alerts.send(options.undeliverable);
      return { status: 'failed' };
    }
    await deps.notifications.release(key, options.attempt);
    if (error instanceof PermanentMailError) throw error;
    return { status: 'transient', error: error as Error };
  }
  // Once the key is marked, nothing sends it again. With further keys, all are marked
  // in one batch, the key first in it: should a crash leave the key itself unmarked,
  // SES's Send event marks it and what it carries; a further key left unmarked is sent
  // again, never lost.
  if (options.alsoMark !== undefined && options.alsoMark.length > 0)
    await deps.notifications.markSentMany([key, ...options.alsoMark], messageId, options.at);
  else await deps.notifications.markSent(key, messageId, options.at);
  return { status: 'sent', messageId };
}
