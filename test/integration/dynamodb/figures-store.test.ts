/**
 * The figures' read model in dynalite: a log's summary is never overwritten by an older
 * plan of the log, every partition is read, and a subject's caseload item follows the
 * allocations (kept by the staff directory) and the episodes (kept with the summary),
 * each whichever comes first.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  dynamoFiguresStore,
  FIGURES_PARTITIONS,
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
beforeEach(async () => {
  const tableName = await dynamo.createTable();
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
