/**
 * The figures kept as summaries, over the local runtime (dynalite, the local Step
 * Functions runner, the real handlers): what `GET /reports/figures` answers from the
 * summaries the plan steps keep equals the full replay of every stored event, and its
 * caseloads equal those counted from the allocations and the looked-after logs, after
 * recording, after a retraction, after an erasure and after an SSDA903 import.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorityHistory } from '../../../bench/support/authority.js';
import { eraseChild } from '../../../functions/erase.js';
import { manageImports } from '../../../functions/imports.js';
import { everyEvent, unitReport } from '../../../functions/reports.js';
import { type CaseEvent, eventDate } from '../../../workflows/events.js';
import { caseloadsOf, lookedAfterOn } from '../../../workflows/figures/caseloads.js';
import { councilFigures } from '../../../workflows/figures/report.js';
import { DEFAULT_SETTINGS } from '../../../workflows/policy.js';
import { episode, episodes, review, reviews } from '../../unit/import/support.js';
import { startUnit, type Unit } from '../workflows/support.js';
import { apiEvent, callHandler } from './support.js';

const TODAY = '2017-04-10';
const ADMIN = { roles: ['admin'], sub: 'admin-1' };
const settings = { ...DEFAULT_SETTINGS, childPopulation: 10_000 };
const chosen = { period: { from: '2016-04-01', to: '2017-03-31' }, years: 3 } as const;

type Deps = Unit['runtime']['deps'];
const asHandler = (handler: unknown) =>
  handler as (event: APIGatewayProxyEventV2, deps: Deps) => Promise<unknown>;

/** Six children over three years, as the bench's generator writes them, up to today. */
const HISTORY: CaseEvent[] = authorityHistory({
  children: 6,
  from: '2014-04-01',
  years: 3,
  seed: 22,
}).filter((e) => eventDate(e) <= TODAY);

const childOf = (event: CaseEvent) => ('childId' in event ? event.childId : undefined);

/**
 * The answer from the summaries beside the full replay of every stored event, and the
 * caseloads from the caseload items beside those counted from the allocations and the
 * looked-after logs, as `GET /reports/caseloads` counted them before summaries.
 */
async function bothWays(unit: Unit) {
  const { deps } = unit.runtime;
  const { caseloads, ...kept } = await unitReport(chosen, TODAY, deps);
  const events = await everyEvent(deps.events);
  const replayed = councilFigures(events, chosen, settings);
  const iros = await deps.staff.holders('iro');
  const allocated = new Map<string, string[]>();
  for (const iro of iros) {
    const subjects = await deps.staff.subjectsAllocatedTo(iro, 'iro');
    if (subjects.length > 0) allocated.set(iro, subjects);
  }
  const counted = caseloadsOf(TODAY, allocated, lookedAfterOn(events, TODAY, settings.rules));
  const { S1: _fromStaff, ...keptFigures } = kept.figures;
  return {
    kept: { ...kept, figures: keptFigures },
    replayed,
    caseloads: { ...caseloads, byIro: caseloads.byIro.map(({ name: _name, ...c }) => c) },
    counted,
  };
}

describe('the figures kept as summaries', () => {
  let unit: Unit;
  let children: string[];
  beforeAll(async () => {
    unit = await startUnit({ startAt: `${TODAY}T09:00:00Z`, subjects: [], settings });
    children = [...new Set(HISTORY.flatMap((e) => childOf(e) ?? []))].sort();
    // Two IROs share the children; one child is allocated no IRO.
    for (const [i, child] of children.entries()) {
      if (i === 0) continue;
      await unit.runtime.deps.staff.allocate({
        subjectId: child,
        roles: { iro: i % 2 === 0 ? 'iro-a' : 'iro-b' },
      });
    }
    for (const event of HISTORY) await unit.record(event);
  }, 300_000);
  afterAll(async () => {
    await unit?.stop();
  });

  it('answer what the full replay gives, for the period and the years beside it', async () => {
    // Act
    const { kept, replayed, caseloads, counted } = await bothWays(unit);

    // Assess: the history is what the test means (looked-after children, reviews,
    // conferences and disputes in the period), and both ways agree.
    expect(replayed.figures.L4.held).toBeGreaterThan(0);
    expect(replayed.figures.C4.held + replayed.figures.C6.held).toBeGreaterThan(0);
    expect(replayed.earlier).toHaveLength(2);
    expect(kept).toEqual(replayed);
    expect(counted.lookedAfter).toBeGreaterThan(0);
    expect(caseloads).toEqual(counted);
  });

  it('agree after a retraction', async () => {
    // Prepare: the last review in the period (its records first, which follow from it)
    // and an IRO's contact, taken back.
    const review = HISTORY.findLast(
      (e) => e.type === 'LacReviewHeld' && eventDate(e) >= '2016-04-01',
    ) as CaseEvent;
    const contact = HISTORY.find((e) => e.type === 'IroContactWithChild') as CaseEvent;
    const before = (await bothWays(unit)).kept.figures.L4.held;

    // Act
    const records = HISTORY.filter(
      (e) =>
        e.type === 'ReviewRecordShared' &&
        e.childId === childOf(review) &&
        e.reviewDate === eventDate(review),
    );
    for (const taken of [...records, review, contact]) {
      const outcome = await unit.record({
        type: 'EventRetracted',
        eventId: taken.eventId as string,
        reason: 'recorded in error',
        date: TODAY,
      });
      expect(outcome, JSON.stringify(outcome)).toMatchObject({ status: 201 });
    }
    const { kept, replayed, caseloads, counted } = await bothWays(unit);

    // Assess: the retracted review no longer counts, either way.
    expect(kept.figures.L4.held).toBe(before - 1);
    expect(kept).toEqual(replayed);
    expect(caseloads).toEqual(counted);
  });

  it('agree after an erasure', async () => {
    // Prepare: the first child with a review in the period (the retracted one was the last).
    const child = childOf(
      HISTORY.find((e) => e.type === 'LacReviewHeld' && eventDate(e) >= '2016-04-01') as CaseEvent,
    ) as string;
    const before = await bothWays(unit);

    // Act
    const erased = await callHandler(
      unit,
      asHandler(eraseChild),
      apiEvent('DELETE /children/{childId}', ADMIN, { path: { childId: child } }),
    );
    const { kept, replayed, caseloads, counted } = await bothWays(unit);

    // Assess
    expect(erased.status).toBe(200);
    expect(kept.figures.L4.held).toBeLessThan(before.kept.figures.L4.held);
    expect(kept).toEqual(replayed);
    expect(caseloads).toEqual(counted);
    expect(JSON.stringify(await unit.runtime.deps.figures.all())).not.toContain(child);
  });

  it('agree after an SSDA903 import', async () => {
    // Prepare: a return of two children, started in January and February 2017 and
    // reviewed in the period; one is allocated an IRO.
    await unit.runtime.deps.staff.allocate({ subjectId: 'IMP1', roles: { iro: 'iro-a' } });
    const before = await bothWays(unit);

    // Act
    const uploaded = await callHandler(
      unit,
      asHandler(manageImports),
      apiEvent('POST /imports', ADMIN, {
        body: {
          episodes: episodes(
            episode('IMP1', '02/01/2017', 'S', 'C2', 'U1'),
            episode('IMP2', '01/02/2017', 'S', 'C2', 'U1'),
          ),
          reviews: reviews(review('IMP1', '27/01/2017'), review('IMP2', '20/02/2017')),
          yearEnd: '2017-03-31',
        },
      }),
    );
    const { kept, replayed, caseloads, counted } = await bothWays(unit);

    // Assess: two more children looked after on 31 March and two more reviews, both ways.
    expect(uploaded.status).toBe(202);
    expect(kept.figures.L1.count).toBe(before.kept.figures.L1.count + 2);
    expect(kept.figures.L4.held).toBe(before.kept.figures.L4.held + 2);
    expect(kept).toEqual(replayed);
    expect(caseloads).toEqual(counted);
  });
});
