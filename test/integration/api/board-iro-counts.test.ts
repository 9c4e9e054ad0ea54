/**
 * The unit board's "By IRO" counts in one ask: `GET /obligations/counts?by=iro` through
 * the local HTTP server over dynalite, with every filter of `GET /obligations` but
 * `iro=`. Each IRO's counts must be exactly what `GET /obligations?iro=` lists for them
 * with the same filters (their subjects, and the child protection work of the children
 * they chair), so both routes are held to the same table worked by hand.
 *
 * Today is Monday 6 March 2017; no bank holiday falls in February or March 2017.
 * Allocations (nothing from startUnit's default staff: no subjects given):
 *   C1: IRO iro-a, team manager tm-1, social worker sw-1
 *   C2: IRO iro-b, chair iro-a (iro-a chairs the conference of a child who is iro-b's),
 *       team manager tm-1
 *   C3: IRO iro-c
 *   C4: no IRO, team manager tm-2
 *   C5: chair iro-c, no IRO (on child protection, not looked after)
 *   C9: first iro-gone's, then iro-c's; nothing recorded. iro-gone stays in the
 *       registry of IROs but holds nothing now: no row.
 * Open on 6 March, worked by hand:
 *   C1 lac-review: looked after Wed 1 Feb + 20 working days = Wed 1 March: OVERDUE.
 *   C2 icpc-booking-decision: strategy discussion (section 47) Wed 1 March + 3 wd
 *      (Thu 2, Fri 3, Mon 6) = Mon 6 March: due today, not overdue.
 *   C2 icpc: Wed 1 March + 15 wd = Wed 22 March.
 *   C2 lac-review: looked after Fri 3 March + 20 wd = Fri 31 March.
 *   C3 lac-review: looked after Mon 20 Feb + 20 wd = Mon 20 March.
 *   C3 dispute-stage (D1): raised Mon 6 March, stage 1 + 5 wd = Mon 13 March.
 *   C4 lac-review: looked after Wed 15 Feb + 20 wd = Wed 15 March.
 *   C5 icpc-booking-decision: strategy discussion Wed 22 Feb + 3 wd (Thu 23, Fri 24,
 *      Mon 27) = Mon 27 Feb: OVERDUE.
 *   C5 icpc: Wed 22 Feb + 15 wd = Wed 15 March.
 *   C5 dispute-stage (D2): raised Mon 6 March, due Mon 13 March. A dispute is not child
 *      protection work: not the chair's.
 * So, unfiltered: iro-a = C1 lac (overdue) + C2's two CP obligations = 3 open, 1 overdue;
 * iro-b = C2's three = 3, 0; iro-c = C3's two + C5's two CP (one overdue) = 4, 1; no
 * IRO's: C4 lac + D2 = 2, 0. C2's CP work counts for both iro-a and iro-b.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveLocalApi } from '../../../infra/local/api-server.js';
import { startUnit, type Unit } from '../workflows/support.js';

let unit: Unit;
let api: Awaited<ReturnType<typeof serveLocalApi>>;

beforeAll(async () => {
  // Prepare: the unit as described above.
  unit = await startUnit({ startAt: '2017-03-06T09:00:00Z', subjects: [] });
  api = await serveLocalApi(unit.runtime.deps, unit.runtime.stepFunctions);
  const { staff } = unit.runtime.deps;
  for (const id of ['iro-a', 'iro-b', 'iro-c', 'iro-gone', 'tm-1', 'tm-2', 'sw-1']) {
    await staff.putStaff({ staffId: id, name: `Staff ${id}`, email: `${id}@council.example` });
  }
  await staff.allocate({
    subjectId: 'C1',
    roles: { iro: 'iro-a', 'team-manager': 'tm-1', 'social-worker': 'sw-1' },
  });
  await staff.allocate({
    subjectId: 'C2',
    roles: { iro: 'iro-b', chair: 'iro-a', 'team-manager': 'tm-1' },
  });
  await staff.allocate({ subjectId: 'C3', roles: { iro: 'iro-c' } });
  await staff.allocate({ subjectId: 'C4', roles: { 'team-manager': 'tm-2' } });
  await staff.allocate({ subjectId: 'C5', roles: { chair: 'iro-c' } });
  await staff.allocate({ subjectId: 'C9', roles: { iro: 'iro-gone' } });
  await staff.allocate({ subjectId: 'C9', roles: { iro: 'iro-c' } });

  await unit.record({ type: 'BecameLookedAfter', childId: 'C1', date: '2017-02-01' });
  await unit.record({
    type: 'StrategyDiscussionHeld',
    childId: 'C2',
    date: '2017-03-01',
    section47: true,
  });
  await unit.record({ type: 'BecameLookedAfter', childId: 'C2', date: '2017-03-03' });
  await unit.record({ type: 'BecameLookedAfter', childId: 'C3', date: '2017-02-20' });
  await unit.record({
    type: 'DisputeRaised',
    disputeId: 'D1',
    childId: 'C3',
    date: '2017-03-06',
    issue: 'contact arrangements',
  });
  await unit.record({ type: 'BecameLookedAfter', childId: 'C4', date: '2017-02-15' });
  await unit.record({
    type: 'StrategyDiscussionHeld',
    childId: 'C5',
    date: '2017-02-22',
    section47: true,
  });
  await unit.record({
    type: 'DisputeRaised',
    disputeId: 'D2',
    childId: 'C5',
    date: '2017-03-06',
    issue: 'plan not shared',
  });
}, 120_000);
afterAll(async () => {
  api?.server.closeAllConnections();
  await new Promise((resolve) => api?.server.close(resolve));
  await unit?.stop();
});

type Headers = Record<string, string>;
const as = (user: string, roles: string): Headers => ({
  'x-local-user': user,
  'x-local-roles': roles,
});
const MANAGER = as('manager-1', 'manager');

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read as JSON
async function get(path: string, query: Record<string, string>, headers: Headers): Promise<any> {
  const response = await fetch(`${api.url}${path}?${new URLSearchParams(query)}`, { headers });
  return { status: response.status, body: await response.json() };
}

type Row = [open: number, overdue: number];
type Expected = { 'iro-a': Row; 'iro-b': Row; 'iro-c': Row; withoutIro: Row };

/** The board's filters and each IRO's counts under them, worked by hand from the table above. */
const FILTERED: [string, Record<string, string>, Expected][] = [
  ['no filter', {}, { 'iro-a': [3, 1], 'iro-b': [3, 0], 'iro-c': [4, 1], withoutIro: [2, 0] }],
  // Overdue: C1 lac (iro-a) and C5's booking decision (iro-c's as chair).
  [
    'overdue=true',
    { overdue: 'true' },
    { 'iro-a': [1, 1], 'iro-b': [0, 0], 'iro-c': [1, 1], withoutIro: [0, 0] },
  ],
  [
    'overdue=false',
    { overdue: 'false' },
    { 'iro-a': [2, 0], 'iro-b': [3, 0], 'iro-c': [3, 0], withoutIro: [2, 0] },
  ],
  // The initial conferences: C2's (iro-a chairs, iro-b reviews) and C5's (iro-c chairs).
  [
    'kind=icpc',
    { kind: 'icpc' },
    { 'iro-a': [1, 0], 'iro-b': [1, 0], 'iro-c': [1, 0], withoutIro: [0, 0] },
  ],
  // Due on or before Tue 14 March: C1 lac 1 Mar, C2 booking 6 Mar, D1 13 Mar, C5 booking
  // 27 Feb, D2 13 Mar.
  [
    'dueBefore=2017-03-15',
    { dueBefore: '2017-03-15' },
    { 'iro-a': [2, 1], 'iro-b': [1, 0], 'iro-c': [2, 1], withoutIro: [1, 0] },
  ],
  // Due on or after Thu 16 March: C2 icpc 22 Mar, C2 lac 31 Mar, C3 lac 20 Mar (C4 lac
  // and C5 icpc, due on the 15th itself, left out).
  [
    'dueAfter=2017-03-15',
    { dueAfter: '2017-03-15' },
    { 'iro-a': [1, 0], 'iro-b': [2, 0], 'iro-c': [1, 0], withoutIro: [0, 0] },
  ],
  // tm-1's team is C1 and C2.
  [
    'team=tm-1',
    { team: 'tm-1' },
    { 'iro-a': [3, 1], 'iro-b': [3, 0], 'iro-c': [0, 0], withoutIro: [0, 0] },
  ],
  [
    'socialWorker=sw-1',
    { socialWorker: 'sw-1' },
    { 'iro-a': [1, 1], 'iro-b': [0, 0], 'iro-c': [0, 0], withoutIro: [0, 0] },
  ],
  // C1 and C2, not overdue, due by Thu 30 March: C2's booking decision and icpc.
  [
    'team, overdue=false and dueBefore together',
    { team: 'tm-1', overdue: 'false', dueBefore: '2017-03-31' },
    { 'iro-a': [2, 0], 'iro-b': [2, 0], 'iro-c': [0, 0], withoutIro: [0, 0] },
  ],
];
const IROS = ['iro-a', 'iro-b', 'iro-c'] as const;

describe('GET /obligations/counts?by=iro', () => {
  it.each(FILTERED)('counts each IRO’s work with %s', async (_, filters, expected) => {
    // Act
    const { status, body } = await get('/obligations/counts', { by: 'iro', ...filters }, MANAGER);

    // Assess: a row for each IRO holding an allocation now, by staff id (not iro-gone).
    expect(status).toBe(200);
    expect(body).toEqual({
      today: '2017-03-06',
      byIro: IROS.map((iro) => ({ iro, open: expected[iro][0], overdue: expected[iro][1] })),
      withoutIro: { open: expected.withoutIro[0], overdue: expected.withoutIro[1] },
    });
  });

  it.each(['iro', 'manager', 'admin'])('answers a caller with the %s role', async (role) => {
    const { status } = await get('/obligations/counts', { by: 'iro' }, as(`${role}-1`, role));
    expect(status).toBe(200);
  });

  it.each<[string, Headers, number]>([
    ['a social worker', as('sw-1', 'social-worker'), 403],
    // A staff route: the system's IAM signature is no staff token.
    ['the case management system', { 'x-local-system': 'true' }, 401],
    ['nobody signed in', {}, 401],
  ])('refuses %s: every IRO’s work is the unit’s view', async (_, headers, status) => {
    const answer = await get('/obligations/counts', { by: 'iro' }, headers);
    expect(answer.status).toBe(status);
    expect(answer.body).not.toHaveProperty('byIro');
  });

  const TAKES = 'may hold only by, dueBefore, dueAfter, overdue, kind, team, socialWorker';
  it.each<[string, Record<string, string>, { field: string; reason: string }]>([
    ['no by', {}, { field: 'by', reason: 'must be iro' }],
    ['by=team', { by: 'team' }, { field: 'by', reason: 'must be iro' }],
    // The counts are by IRO: an IRO filter is not among what the route takes.
    ['iro=', { by: 'iro', iro: 'iro-a' }, { field: 'query', reason: TAKES }],
    ['an unknown filter', { by: 'iro', 'Jane Smith': 'x' }, { field: 'query', reason: TAKES }],
    [
      'a kind that is not one',
      { by: 'iro', kind: 'visit' },
      { field: 'kind', reason: expect.stringMatching(/^must be one of lac-review, /) },
    ],
    [
      'a date that is not one',
      { by: 'iro', dueBefore: '6 March' },
      { field: 'dueBefore', reason: 'must be a date written YYYY-MM-DD' },
    ],
    [
      'an empty team',
      { by: 'iro', team: '' },
      {
        field: 'team',
        reason: 'must be a staff id of 1 to 128 characters',
      },
    ],
  ])('answers 400 to %s, naming the field and the rule', async (_, query, problem) => {
    const { status, body } = await get('/obligations/counts', query, MANAGER);
    expect(status).toBe(400);
    expect(body).toEqual({ problems: [problem] });
    expect(JSON.stringify(body)).not.toContain('Jane');
  });
});

describe('GET /obligations?iro= against the same table', () => {
  // The per-IRO list the counts replace on the board, held to the same hand-worked figures.
  it.each(
    FILTERED.flatMap(([name, filters, expected]) =>
      IROS.map((iro) => [name, iro, filters, expected[iro]] as const),
    ),
  )('with %s lists %s their counted work', async (_, iro, filters, [open, overdue]) => {
    const { status, body } = await get('/obligations', { iro, ...filters }, MANAGER);
    expect(status).toBe(200);
    const obligations = body.obligations as { overdue: boolean }[];
    expect([obligations.length, obligations.filter((o) => o.overdue).length]).toEqual([
      open,
      overdue,
    ]);
  });
});
