/**
 * An SSDA903 upload killed in the middle of a chunk, then resumed (the same files
 * uploaded again, as a failed upload is made good), on the local system kept on disk.
 * The chunk step's hold on a child is leased on the real clock, as a send's claim is:
 * the hold a killed step left lapses after its lease by the real clock, though the
 * virtual clock stands still, so the child can be erased once the upload is in. (On the
 * virtual clock the hold outlived the kill for as long as the clock stood still, and
 * every erasure of the child answered 503.) The lease is shortened to 1 second so the
 * real wait stays short.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { eraseChild } from '../../../functions/erase.js';
import { manageImports } from '../../../functions/imports.js';
import { councilSettings } from '../../../workflows/policy.js';
import { episode, episodes, review, reviews } from '../../unit/import/support.js';
import { startUnit, type Unit } from '../workflows/support.js';
import { apiEvent, callHandler } from './support.js';

/**
 * One child, X1: looked after from Mon 2 January 2017 (S), reviewed 27 January 2017.
 * Two events: BecameLookedAfter and LacReviewHeld, in one chunk.
 */
const FILES = {
  episodes: episodes(episode('X1', '02/01/2017', 'S', 'C2', 'U1')),
  reviews: reviews(review('X1', '27/01/2017')),
  yearEnd: '2018-03-31',
};
const admin = { roles: ['admin'], sub: 'admin-1' };
const settings = councilSettings({ recordKeepingFrom: '2018-04-01' });
const LEASE_SECONDS = 1;

type Deps = Unit['runtime']['deps'];
const asHandler = (handler: unknown) =>
  handler as (event: APIGatewayProxyEventV2, deps: Deps) => Promise<unknown>;

/** X1's places in the uploads, read back with a Query. */
async function placesOfX1(unit: Unit) {
  const { client, tableName } = unit.runtime.dynamo;
  const { Items = [] } = await client.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'CHILD#X1' },
      ConsistentRead: true,
    }),
  );
  return Items;
}

const units: Unit[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const unit of units.splice(0)) await unit.stop();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('an upload killed in the middle of a chunk, then resumed', () => {
  it("records the child once resumed, and lets them be erased once the killed step's hold has lapsed by the real clock", async () => {
    // Prepare: a unit kept on disk; the chunk step holds X1, then the process dies as
    // it records their first event (the append hangs for ever)
    if (!settings.ok) throw new Error('the test configuration is invalid');
    const realStart = Date.now();
    const dir = await mkdtemp(join(tmpdir(), 'iro-import-kill-'));
    dirs.push(dir);
    let hung!: () => void;
    const hanging = new Promise<void>((resolve) => {
      hung = resolve;
    });
    const options = {
      startAt: '2017-05-02T09:00:00Z',
      subjects: [],
      settings: settings.settings,
      dataDir: dir,
      recordingLeaseSeconds: LEASE_SECONDS,
    };
    const first = await startUnit({
      ...options,
      adjust: (deps) => ({
        ...deps,
        events: {
          ...deps.events,
          async appendAt() {
            hung();
            return await new Promise<never>(() => {});
          },
        },
      }),
    });
    const started = (await manageImports(
      apiEvent('POST /imports', admin, { body: FILES }),
      first.runtime.deps,
    )) as { statusCode: number };
    await hanging;
    const stoppedAt = first.runtime.stepFunctions.now();
    const [held] = await placesOfX1(first);
    // The kill: everything stops where it stands; the hold is never let go
    await first.stop();
    // The hold's lease (1 s, real clock) runs out
    await new Promise((resolve) => setTimeout(resolve, (LEASE_SECONDS + 0.5) * 1000));

    // Act: restart on the same data, at the instant the clock stood at; upload the
    // same files again, then erase X1
    const second = await startUnit({ ...options, startAt: stoppedAt });
    units.push(second);
    const resumed = await callHandler(
      second,
      asHandler(manageImports),
      apiEvent('POST /imports', admin, { body: FILES }),
    );
    const importId = resumed.body.importId as string;
    const view = await callHandler(
      second,
      asHandler(manageImports),
      apiEvent('GET /imports/{importId}', admin, { path: { importId } }),
    );
    const historyBefore = await second.runtime.deps.events.history('reviews/X1');
    const placesBefore = await placesOfX1(second);
    const erased = await callHandler(
      second,
      asHandler(eraseChild),
      apiEvent('DELETE /children/{childId}', admin, { path: { childId: 'X1' } }),
    );

    // Assess: the killed step held X1 until a real instant; the resumed upload recorded
    // both events; the erasure went through with the virtual clock where it stood
    expect(started.statusCode).toBe(202);
    // Held until a real instant after the step began: not the virtual 2017
    expect(Date.parse(String(held?.recordingUntil))).toBeGreaterThan(realStart);
    expect(placesBefore).toHaveLength(2);
    expect(view.body).toMatchObject({
      status: 'done',
      eventsWritten: { BecameLookedAfter: 1, LacReviewHeld: 1 },
    });
    expect(historyBefore.map((e) => e.event.type)).toEqual(['BecameLookedAfter', 'LacReviewHeld']);
    expect(second.runtime.stepFunctions.now()).toBe(stoppedAt);
    expect(erased.status).toBe(200);
    expect(await second.runtime.deps.events.history('reviews/X1')).toEqual([]);
    expect(await placesOfX1(second)).toEqual([]);
  });
});
