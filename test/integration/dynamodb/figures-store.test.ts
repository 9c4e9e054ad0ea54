/**
 * The figures' read model in dynalite: a log's summary is never overwritten by an older
 * plan of the log, every partition is read, and a subject's caseload item follows the
 * allocations (kept by the staff directory) and the episodes (kept with the summary),
 * each whichever comes first.
 */

import { inflateRawSync } from 'node:zlib';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  dynamoFiguresStore,
  FIGURES_GROUPS,
  FIGURES_PARTITIONS,
  forgetFigures,
  groupKey,
} from '../../../functions/adapters/dynamodb/figures-store.js';
import { dynamoStaffDirectory } from '../../../functions/adapters/dynamodb/staff-directory.js';
import type { FiguresStore, StaffDirectory } from '../../../functions/adapters/ports.js';
import { type LocalDynamo, startDynalite } from '../../../infra/local/engines/dynalite.js';
import type { LogFigures } from '../../../workflows/figures/summary.js';

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.stop();
});

let figures: FiguresStore;
let staff: StaffDirectory;
let tableName: string;
beforeEach(async () => {
  tableName = await dynamo.createTable();
  figures = dynamoFiguresStore(dynamo.client, tableName, { pageSize: 1 });
  staff = dynamoStaffDirectory(dynamo.client, tableName);
});

/** A looked-after log's summary with the given episodes, and nothing else. */
const reviewsLog = (childId: string, episodes: LogFigures['episodes']): LogFigures => ({
  log: `reviews/${encodeURIComponent(childId)}`,
  episodes,
  lacReviews: [],
  secureReviews: [],
  carerReviews: [],
  shortBreaksReviews: [],
  plans: [],
  conferences: [],
  disputes: [],
  contacts: [],
  allocations: [],
  audits: [],
});

describe('the figures store', () => {
  it('keeps the newer of two plans of a log, whichever is written last', async () => {
    // Prepare
    const older = reviewsLog('C1', [{ childId: 'C1', start: '2016-01-04' }]);
    const newer = reviewsLog('C1', [{ childId: 'C1', start: '2016-01-04', end: '2016-09-01' }]);

    // Act
    const first = await figures.keep(newer, 3);
    const late = await figures.keep(older, 2);
    const again = await figures.keep(newer, 3);

    // Assess: the older plan changes nothing, the summary nor the child's episodes.
    expect([first, late, again]).toEqual(['kept', 'stale', 'kept']);
    expect(await figures.all()).toEqual([newer]);
    expect(await figures.caseloadSubjects()).toEqual([
      { subjectId: 'C1', episodes: [['2016-01-04', '2016-09-01']] },
    ]);
  });

  it('reads every log in every partition, page by page', async () => {
    // Prepare: more logs than partitions, so some partition holds several (one a page).
    const ids = Array.from({ length: FIGURES_PARTITIONS + 8 }, (_, i) => `C${i}/x`);
    for (const id of ids) await figures.keep(reviewsLog(id, []), 1);

    // Act
    const logs = (await figures.all()).map((s) => s.log).sort();

    // Assess
    expect(logs).toEqual(ids.map((id) => `reviews/${encodeURIComponent(id)}`).sort());
  });

  it("follows a subject's IRO through the allocations, and their episodes through the summary", async () => {
    // Act: allocated before their log is planned, then given another IRO, then the
    // episodes; a carer allocated too; a child's IRO given up.
    await staff.allocate({ subjectId: 'C/1', roles: { iro: 'iro-a', 'social-worker': 'sw-1' } });
    await staff.allocate({ subjectId: 'C/1', roles: { iro: 'iro-b' } });
    await figures.keep(reviewsLog('C/1', [{ childId: 'C/1', start: '2017-01-02' }]), 1);
    await staff.allocate({ subjectId: 'F1', roles: { iro: 'iro-a' } });
    await staff.allocate({ subjectId: 'C2', roles: { iro: 'iro-a' } });
    await staff.allocate({ subjectId: 'C2', roles: {} });
    await staff.allocate({ subjectId: 'unit', roles: { 'service-manager': 'sm-1' } });

    // Assess: no item for the unit's roles; C2 holds no IRO now.
    const subjects = await figures.caseloadSubjects();
    expect(subjects.sort((a, b) => (a.subjectId < b.subjectId ? -1 : 1))).toEqual([
      { subjectId: 'C/1', iro: 'iro-b', episodes: [['2017-01-02']] },
      { subjectId: 'C2', episodes: [] },
      { subjectId: 'F1', iro: 'iro-a', episodes: [] },
    ]);
  });
});

/** Two children whose looked-after logs share a group (found by the group's hash, not chosen). */
function sharingAGroup(): [string, string] {
  const seen = new Map<string, string>();
  for (let i = 0; ; i++) {
    const child = `G${i}`;
    const { sk } = groupKey(`reviews/${child}`);
    const other = seen.get(sk);
    if (other !== undefined) return [other, child];
    seen.set(sk, child);
  }
}

/** The groups' items as stored, each body inflated to its text. */
async function groupItems() {
  const items: { sk: string; body: string }[] = [];
  for (let n = 0; n < FIGURES_PARTITIONS; n++) {
    const { Items = [] } = await dynamo.client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `FIGURES#${String(n).padStart(2, '0')}` },
        ConsistentRead: true,
      }),
    );
    items.push(
      ...Items.map((item) => ({
        sk: String(item.sk),
        body: inflateRawSync(item.body as Uint8Array).toString(),
      })),
    );
  }
  return items;
}

const byLogName = (a: LogFigures, b: LogFigures) => (a.log < b.log ? -1 : 1);

describe('the figures store keeps summaries in groups of logs', () => {
  it('keeps both logs of one group, whichever is planned first, and both written at once', async () => {
    // Prepare: two children whose logs hash to the same group.
    const [a, b] = sharingAGroup();
    const first = reviewsLog(a, [{ childId: a, start: '2016-01-04' }]);
    const second = reviewsLog(b, [{ childId: b, start: '2016-02-01' }]);
    const both = [first, second].sort(byLogName);

    // Act: one order, the other, then both at once (each reads the group before the other writes).
    await figures.keep(first, 1);
    await figures.keep(second, 1);
    const oneOrder = (await figures.all()).sort(byLogName);
    tableName = await dynamo.createTable();
    figures = dynamoFiguresStore(dynamo.client, tableName);
    await figures.keep(second, 1);
    await figures.keep(first, 1);
    const otherOrder = (await figures.all()).sort(byLogName);
    tableName = await dynamo.createTable();
    figures = dynamoFiguresStore(dynamo.client, tableName);
    // Each round's plans differ (an episode ending on the round's day), so a round whose
    // write was lost would leave that log's plan of the round before.
    const ofRound = (summary: LogFigures, round: number): LogFigures => ({
      ...summary,
      episodes: summary.episodes.map((e) => ({ ...e, end: `2016-06-0${round}` })),
    });
    for (let round = 1; round <= 5; round++) {
      await Promise.all([
        figures.keep(ofRound(first, round), round),
        figures.keep(ofRound(second, round), round),
      ]);
    }
    const atOnce = (await figures.all()).sort(byLogName);

    // Assess: one item holds both, every time.
    expect(oneOrder).toEqual(both);
    expect(otherOrder).toEqual(both);
    expect(atOnce).toEqual(both.map((summary) => ofRound(summary, 5)));
    expect((await groupItems()).map((item) => item.sk)).toEqual([groupKey(first.log).sk]);
  });

  it("never lets an older plan of a log overwrite a newer, nor touch its group's other log", async () => {
    // Prepare
    const [a, b] = sharingAGroup();
    const olderA = reviewsLog(a, [{ childId: a, start: '2016-01-04' }]);
    const newerA = reviewsLog(a, [{ childId: a, start: '2016-01-04', end: '2016-05-01' }]);
    const other = reviewsLog(b, [{ childId: b, start: '2016-02-01' }]);

    // Act: a's newer plan (version 7), b's, then a's older plan (version 6) late.
    const kept = [await figures.keep(newerA, 7), await figures.keep(other, 2)];
    const late = await figures.keep(olderA, 6);

    // Assess
    expect(kept).toEqual(['kept', 'kept']);
    expect(late).toBe('stale');
    expect((await figures.all()).sort(byLogName)).toEqual([newerA, other].sort(byLogName));
  });

  it("erases a child's entry from its group, keeping the group's other log, and the group once empty", async () => {
    // Prepare
    const [a, b] = sharingAGroup();
    const ofA = reviewsLog(a, [{ childId: a, start: '2016-01-04' }]);
    const ofB = reviewsLog(b, [{ childId: b, start: '2016-02-01' }]);
    await figures.keep(ofA, 3);
    await figures.keep(ofB, 4);

    // Act
    const removedA = await forgetFigures(dynamo.client, tableName, [ofA.log], a);
    const afterA = await figures.all();
    const groupsAfterA = (await groupItems()).map((item) => item.body).join('\n');
    const caseloadsAfterA = await figures.caseloadSubjects();
    const removedB = await forgetFigures(dynamo.client, tableName, [ofB.log], b);

    // Assess: the summary and the caseload item each time; nothing names a once the
    // first is done, and no group is left once both are.
    expect(removedA).toBe(2);
    expect(afterA).toEqual([ofB]);
    expect(groupsAfterA).not.toContain(`"${a}"`);
    expect(groupsAfterA).toContain(`"${b}"`);
    expect(caseloadsAfterA).toEqual([{ subjectId: b, episodes: [['2016-02-01']] }]);
    expect(removedB).toBe(2);
    expect(await groupItems()).toEqual([]);
  });

  it('reads every group in every partition, page by page, tens of items for hundreds of logs', async () => {
    // Prepare: three times as many logs as groups would hold one each at 10,000 children... and
    // so many that most groups hold several.
    const ids = Array.from({ length: 300 }, (_, i) => `M${i}`);
    for (const id of ids) await figures.keep(reviewsLog(id, []), 1);

    // Act
    const logs = (await figures.all()).map((s) => s.log).sort();
    const items = await groupItems();

    // Assess: every log once; fewer items than logs (each group one item).
    expect(logs).toEqual(ids.map((id) => `reviews/${id}`).sort());
    const groups = new Set(ids.map((id) => groupKey(`reviews/${id}`).sk));
    expect(items.length).toBe(groups.size);
    expect(items.length).toBeLessThan(ids.length);
    expect(groups.size).toBeLessThanOrEqual(FIGURES_GROUPS);
  });
});

/** The store over a client that lists the DynamoDB commands it is sent, by name, and fails those `fail` picks. */
function countingFigures(fail: (command: object) => boolean = () => false) {
  const sent: string[] = [];
  const client = new Proxy(dynamo.client, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver);
      return (command: object) => {
        sent.push(command.constructor.name);
        if (fail(command)) return Promise.reject(new Error('the Lambda timed out'));
        return target.send(command as never);
      };
    },
  });
  return { figures: dynamoFiguresStore(client, tableName), sent };
}

describe("the figures store keeps a looked-after child's caseload item with the summary", () => {
  it('writes nothing, the caseload item neither, for a plan again of the same version and summary', async () => {
    // Prepare: the child's log kept at version 4
    const summary = reviewsLog('C1', [{ childId: 'C1', start: '2016-01-04' }]);
    await figures.keep(summary, 4);
    const counted = countingFigures();

    // Act: the clock woken again, nothing new
    const again = await counted.figures.keep(summary, 4);

    // Assess: the group read, nothing written; the caseload item as the first keep left it
    expect(again).toBe('kept');
    expect(counted.sent).toEqual(['GetCommand']);
    expect(await figures.caseloadSubjects()).toEqual([
      { subjectId: 'C1', episodes: [['2016-01-04']] },
    ]);
  });

  it('keeps the caseload item after a keep that died before its group was written', async () => {
    // Prepare: version 1 kept; a keep of version 2 (the episode ended) dies at its
    // caseload item's write
    await figures.keep(reviewsLog('C1', [{ childId: 'C1', start: '2016-01-04' }]), 1);
    const ended = reviewsLog('C1', [{ childId: 'C1', start: '2016-01-04', end: '2016-09-01' }]);
    const dying = countingFigures((command) => command.constructor.name === 'UpdateCommand');
    await expect(dying.figures.keep(ended, 2)).rejects.toThrow('timed out');

    // Act: the plan's retry keeps version 2 again
    const retried = await figures.keep(ended, 2);

    // Assess: the group was not written before the caseload item, so the retry writes both
    expect(retried).toBe('kept');
    expect(await figures.all()).toEqual([ended]);
    expect(await figures.caseloadSubjects()).toEqual([
      { subjectId: 'C1', episodes: [['2016-01-04', '2016-09-01']] },
    ]);
  });
});
