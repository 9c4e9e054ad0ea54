/**
 * The duty inbox's summary of a morning's new lines that nobody can receive goes that
 * morning, once, as the lists do: a run that meets it held by a run that died waits
 * the lease out and sends it; a run whose send of it failed gives its claim back, so
 * the schedule's retry sends it at once. Left held, it went under the next morning's
 * date instead, a day late.
 *
 * Worked out by hand (2017): C1 and C9 looked after from Mon 2 January; each first
 * review is due Mon 30 January, its first lines (15 working days before) on Mon 9
 * January, to the IRO and the social worker. C1 has both; C9 has neither allocated.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { listKey, sendMorningLists, unfilledSummaryKey } from '../../../functions/morning-list.js';
import { DUTY_INBOX } from '../../../infra/local/runtime.js';
import { startUnit, type Unit } from './support.js';

const SUMMARY = [
  "Morning list of 2017-01-09: work fell due that no one can be told of (the role is not allocated, or its holder's address is undeliverable), by kind and role:",
  '- lac-review: no iro: 1',
  '- lac-review: no social-worker: 1',
].join('\n');

/** C1 allocated, C9 not, both looked after from Monday 2 January; claims leased for `leaseSeconds`. */
async function unitOf(leaseSeconds: number): Promise<Unit> {
  const unit = await startUnit({
    startAt: '2017-01-02T09:00:00Z',
    subjects: ['C1'],
    sendLeaseSeconds: leaseSeconds,
  });
  for (const childId of ['C1', 'C9'])
    await unit.record({ eventId: childId, type: 'BecameLookedAfter', childId, date: '2017-01-02' });
  return unit;
}

describe("the duty inbox's summary of work nobody can be told of", () => {
  let unit: Unit;
  afterEach(async () => {
    await unit.stop();
  });
  const summaries = async () => (await unit.mail()).filter((m) => m.to === DUTY_INBOX);

  it("is sent the same morning once a dead attempt's lease on it runs out, by the real clock", async () => {
    // Prepare: a run that died a moment ago left Monday 9 January's summary taken
    unit = await unitOf(2);
    const { deps } = unit.runtime;
    expect(
      await deps.notifications.claim(
        unfilledSummaryKey('2017-01-09'),
        deps.sendLease.now(),
        deps.sendLease.seconds,
        'died',
      ),
    ).toBe('claimed');

    // Act: the schedule's retry of that morning
    const result = await sendMorningLists({ date: '2017-01-09' }, deps);

    // Assess: C1's two lists, and the summary of C9's two lines, once
    expect(result).toMatchObject({ sent: 2, unfilled: 2, busy: 0 });
    const told = await summaries();
    expect(told).toHaveLength(1);
    expect(told[0]?.text.startsWith(`${SUMMARY}\n`)).toBe(true);
  });

  it('is sent at once by the next run when its send failed', async () => {
    // Prepare: the first run's summary is refused; the lists go. A lease of 120 s, which
    // a run that waited it out would show past the test's own budget, however busy the
    // machine (a bound near the lease would fail a correct run on a loaded one)
    unit = await unitOf(120);
    const { deps } = unit.runtime;
    const refused = new Error('SES said no');
    const alertsFail = {
      ...deps,
      alerts: { send: () => Promise.reject(refused) },
    };
    await expect(sendMorningLists({ date: '2017-01-09' }, alertsFail)).rejects.toBe(refused);
    expect(await deps.notifications.pending([listKey('iro', '2017-01-09')])).toEqual([]);

    // Act: the schedule's retry, within the lease the failed run took
    const started = Date.now();
    const result = await sendMorningLists({ date: '2017-01-09' }, deps);

    // Assess: told once, without waiting the lease out (the lists are not sent again)
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(result).toMatchObject({ sent: 0, unfilled: 2, busy: 0 });
    const told = await summaries();
    expect(told).toHaveLength(1);
    expect(told[0]?.text.startsWith(`${SUMMARY}\n`)).toBe(true);
  });
});
