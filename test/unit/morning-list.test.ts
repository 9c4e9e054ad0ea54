/**
 * The morning list's pure parts (workflows/morning-list.ts): which lines have come by a
 * day, how one person's items are grouped, and what the email says. Dates worked out by
 * hand (2017: Good Friday 14 April, Easter Monday 17 April; BST from 26 March).
 */
import { describe, expect, it } from 'vitest';
import { addDays } from '../../workflows/calendar/index.js';
import {
  type ListItem,
  type ListLine,
  lastDueWithLines,
  linesDue,
  listItems,
  morningListInstant,
  nextListInstant,
  renderMorningList,
  viewsLinesDue,
} from '../../workflows/morning-list.js';
import { OBLIGATION_KINDS, type Obligation } from '../../workflows/obligations.js';
import { councilSettings, DEFAULT_SETTINGS, deliveryOf } from '../../workflows/policy.js';

const review = (subjectId: string, due: string): Obligation => ({
  kind: 'lac-review',
  subjectId,
  due,
  overdue: false,
  basis: 'first review within 20 working days',
  startedOn: '2017-01-02',
});

const asLines = (obligations: Obligation[], today: string, fresh: (key: string) => boolean) =>
  linesDue(obligations, today, DEFAULT_SETTINGS).map(
    (line): ListLine => ({
      line,
      isNew: fresh(line.key),
      link: `https://tray/#/child?id=${line.obligation.subjectId}`,
    }),
  );

describe('the morning list', () => {
  it('puts at once only the conference report and every dispute stage; everything else in the lists', () => {
    expect(deliveryOf('conference-report')).toBe('at-once');
    expect(deliveryOf('dispute-stage')).toBe('at-once');
    expect(deliveryOf('lac-review')).toBe('morning-list');
    expect(deliveryOf('review-record')).toBe('morning-list');
    expect(deliveryOf('icpc')).toBe('morning-list');
  });

  it("counts a step at the reminder time (08:00) in that day's 07:30 list, and a bank holiday's in the next working day's", () => {
    // Prepare: due Thu 13 April; the team manager's line the day after, Good Friday
    const due = review('C2', '2017-04-13');

    // Act
    const onFriday = linesDue([due], '2017-04-14', DEFAULT_SETTINGS).map(
      (l) => `${l.step.name}:${l.role}`,
    );
    const onWednesday = linesDue([due], '2017-04-12', DEFAULT_SETTINGS).map(
      (l) => `${l.step.name}:${l.role}`,
    );

    // Assess: 5 working days before is Thu 6 April, so on Wednesday 12th that is the latest
    expect(onWednesday.sort()).toEqual(['reminder-5:iro', 'reminder-5:social-worker']);
    expect(onFriday).toContain('overdue-team-manager:team-manager');
  });

  it('goes at 07:30 London: 07:30 UTC in winter, 06:30 UTC in summer, never at the weekend or on a bank holiday', () => {
    expect(morningListInstant('2017-01-09', DEFAULT_SETTINGS)).toBe('2017-01-09T07:30:00+00:00');
    expect(morningListInstant('2017-04-18', DEFAULT_SETTINGS)).toBe('2017-04-18T07:30:00+01:00');
    // After Thursday 13 April's list: Tuesday 18 April (Good Friday, the weekend, Easter Monday skipped)
    const next = nextListInstant(Date.parse('2017-04-13T07:30:00+01:00'), DEFAULT_SETTINGS);
    expect(new Date(next).toISOString()).toBe('2017-04-18T06:30:00.000Z');
  });

  it("follows the council's own time", () => {
    const council = councilSettings({ morningListTime: '08:15' });
    if (!council.ok) throw new Error('bad settings');
    expect(morningListInstant('2017-01-09', council.settings)).toBe('2017-01-09T08:15:00+00:00');
    expect(councilSettings({ morningListTime: '7.30' })).toMatchObject({
      ok: false,
      problems: [{ field: 'morningListTime', reason: 'must be a time written HH:MM' }],
    });
  });

  it('lists each item once under its most urgent heading, most urgent first, and only when something is new', () => {
    // Prepare: on Tue 11 April 2017, 5 working days on is Thu 20 April (14 and 17 April
    // bank holidays), 15 working days on is Fri 5 May (1 May a bank holiday)
    const obligations = [
      review('LATER', '2017-05-05'), // 15-day line on Tue 11 April: new, the rest
      review('SOON', '2017-04-20'), // 5-day line on Tue 11 April: new, due within 5
      review('PAST', '2017-04-10'), // overdue, listed before
    ];
    const today = '2017-04-11';

    // Act
    const items = listItems(
      asLines(obligations, today, (key) => !key.includes('PAST')),
      today,
      DEFAULT_SETTINGS,
    );
    const nothingNew = listItems(
      asLines(obligations, today, () => false),
      today,
      DEFAULT_SETTINGS,
    );

    // Assess
    expect(items?.map((i) => `${i.section} ${i.obligation.subjectId} ${i.isNew}`)).toEqual([
      'overdue PAST false',
      'due-soon SOON true',
      'later LATER true',
    ]);
    expect(nothingNew).toBeUndefined();
  });

  it('words the list with references and links only: no name, no basis, no issue text', () => {
    // Prepare: whatever else an obligation carries at runtime must not reach the email
    const obligation = {
      ...review('C7', '2017-04-19'),
      basis: 'SECRET BASIS',
      name: 'Alice Example',
      issue: 'SECRET ISSUE',
    } as Obligation;
    const items = listItems(
      asLines([obligation], '2017-04-11', () => true),
      '2017-04-11',
      DEFAULT_SETTINGS,
    );

    // Act
    const email = renderMorningList(items ?? [], '2017-04-11', {
      unitName: 'The unit',
      trayUrl: 'https://tray/',
    });

    // Assess
    expect(email.subject).toBe('Morning list for Tuesday 11 April 2017: 1 new');
    expect(email.text).toContain(
      '- [new] Looked-after child review - child C7 - due Wednesday 19 April 2017 (as IRO, social worker)',
    );
    for (const body of [email.text, email.html]) {
      expect(body).toContain('https://tray/#/child?id=C7');
      expect(body).not.toMatch(/SECRET|Alice/);
    }
  });

  it("names a review's record by the review's date and a conference's minutes by the conference", () => {
    // Prepare
    const minutes: Obligation = {
      kind: 'conference-minutes',
      subjectId: 'CP1',
      refId: 'K-9',
      due: '2017-04-19',
      overdue: false,
      basis: '',
      startedOn: '2017-03-20',
    };
    const record: Obligation = { ...minutes, kind: 'review-record', refId: '2017-03-20' };
    const items = listItems(
      asLines([minutes, record], '2017-04-18', () => true),
      '2017-04-18',
      DEFAULT_SETTINGS,
    );

    // Act
    const { text } = renderMorningList(items ?? [], '2017-04-18', {
      unitName: 'U',
      trayUrl: 'https://tray/',
    });

    // Assess
    expect(text).toContain(
      'Conference minutes, conference K-9 - child CP1 - due Wednesday 19 April 2017',
    );
    expect(text).toContain('Record of the review held on Monday 20 March 2017 - child CP1');
  });

  it('names every new item but only the first 10 it gave before and still overdue, counting the rest by kind with a link to the board', () => {
    // Prepare: a service manager after a large import, in the order listItems sorts them:
    // 12 reviews and 2 records still overdue from earlier lists, 1 newly overdue, 1 due soon
    const item = (
      kind: 'lac-review' | 'review-record',
      id: string,
      due: string,
      isNew: boolean,
      section: 'overdue' | 'due-soon' = 'overdue',
    ): ListItem => ({
      obligation: { kind, subjectId: id, due },
      section,
      isNew,
      roles: ['service-manager'],
      action: 'escalation',
      link: `https://tray/#/child?id=${id}`,
    });
    const still = Array.from({ length: 12 }, (_, i) =>
      item(
        'lac-review',
        `O${String(i + 1).padStart(2, '0')}`,
        `2017-03-${String(i + 1).padStart(2, '0')}`,
        false,
      ),
    );
    const items = [
      ...still.slice(0, 12),
      item('lac-review', 'N1', '2017-03-15', true),
      item('review-record', 'R1', '2017-03-20', false),
      item('review-record', 'R2', '2017-03-21', false),
      item('lac-review', 'S1', '2017-04-13', true, 'due-soon'),
    ];

    // Act
    const email = renderMorningList(items, '2017-04-11', {
      unitName: 'The unit',
      trayUrl: 'https://tray/#/mine',
    });

    // Assess: O01-O10 and N1 named; O11, O12, R1 and R2 counted, largest kind first (a tie
    // by name); the headings count every item
    expect(email.subject).toBe('Morning list for Tuesday 11 April 2017: 2 new, 15 overdue');
    expect(email.text).toContain('Overdue (15)');
    for (const id of ['O01', 'O10', 'N1', 'S1']) expect(email.text).toContain(`child ${id} -`);
    for (const id of ['O11', 'O12', 'R1', 'R2']) expect(email.text).not.toContain(`child ${id} -`);
    expect(email.text).toContain(
      '- 4 more still overdue, each in an earlier list: Looked-after child review 2; Record of the review 2\n  https://tray/#/board?overdue=true',
    );
    expect(email.html).toContain(
      '<a href="https://tray/#/board?overdue=true">See every overdue item on the board</a>',
    );
  });
});

describe("the morning list's reach into the board (lastDueWithLines)", () => {
  it('reads each kind as far as its earliest step before the due date, one working day more', () => {
    // Wed 1 March 2017: working days on are Thu 2 (1), ... Wed 22 (15), Thu 23 (16);
    // 6 working days on is Thu 9 March. No bank holiday in March 2017.
    expect(lastDueWithLines('lac-review', '2017-03-01', DEFAULT_SETTINGS)).toBe('2017-03-23');
    expect(lastDueWithLines('cp-review', '2017-03-01', DEFAULT_SETTINGS)).toBe('2017-03-23');
    expect(lastDueWithLines('conference-minutes', '2017-03-01', DEFAULT_SETTINGS)).toBe(
      '2017-03-09',
    );
    // Its only step is on the due date: the next day.
    expect(lastDueWithLines('cp-plan-duration-check', '2017-03-01', DEFAULT_SETTINGS)).toBe(
      '2017-03-02',
    );
    // Wed 12 April 2017: 14, 17 April and 1 May are bank holidays, so the 16th working
    // day on is Tue 9 May (13, 18-21, 24-28 April, 2-5, 8, 9 May).
    expect(lastDueWithLines('lac-review', '2017-04-12', DEFAULT_SETTINGS)).toBe('2017-05-09');
  });

  it('reads the whole kind when a step is timed from the start or the booking', () => {
    expect(lastDueWithLines('icpc', '2017-03-01', DEFAULT_SETTINGS)).toBeUndefined();
    expect(
      lastDueWithLines('icpc-booking-decision', '2017-03-01', DEFAULT_SETTINGS),
    ).toBeUndefined();
  });

  it("follows the council's policy: calendar days, and the views reminder's 15 working days", () => {
    // Prepare: secure reviews reminded 30 calendar days before; looked-after reviews only
    // 5 working days before (the views reminder still comes 15 working days before)
    const council = councilSettings({
      policy: {
        'secure-review': {
          steps: [
            {
              name: 'month-before',
              action: 'reminder',
              when: { from: 'due', days: -30 },
              to: ['reviewing-officer'],
            },
          ],
        },
        'lac-review': {
          steps: [
            {
              name: 'reminder-5',
              action: 'reminder',
              when: { from: 'due', workingDays: -5 },
              to: ['iro'],
            },
          ],
        },
      },
    });
    if (!council.ok) throw new Error('bad settings');

    // Act / Assess: 1 March + 31 days is 1 April; the 16th working day on, 23 March
    expect(lastDueWithLines('secure-review', '2017-03-01', council.settings)).toBe('2017-04-01');
    expect(lastDueWithLines('lac-review', '2017-03-01', council.settings)).toBe('2017-03-23');
  });

  it('leaves out no line: each morning of spring and Christmas 2017, the entries within reach give every line the whole board gives', () => {
    // Prepare: for each morning, an obligation of each routine kind due on each day from
    // 10 days before it to 45 after (the reach is at most 16 working days, under the
    // default policy and one where a looked-after review's own steps reach 5 working
    // days only, its views reminder 15); the mornings cover Easter, the May bank
    // holidays, BST's start and Christmas
    const council = councilSettings({
      policy: {
        'lac-review': {
          steps: [
            {
              name: 'reminder-5',
              action: 'reminder',
              when: { from: 'due', workingDays: -5 },
              to: ['iro'],
            },
          ],
        },
      },
    });
    if (!council.ok) throw new Error('bad settings');
    const kinds = OBLIGATION_KINDS.filter((k) => deliveryOf(k) === 'morning-list');
    const mornings: string[] = [];
    for (let day = '2017-03-20'; day <= '2017-05-10'; day = addDays(day, 1)) mornings.push(day);
    for (let day = '2017-12-18'; day <= '2017-12-29'; day = addDays(day, 1)) mornings.push(day);
    const keys = (ls: { key: string }[]) => ls.map((l) => l.key);
    let left = 0;

    for (const settings of [DEFAULT_SETTINGS, council.settings]) {
      for (const today of mornings) {
        const board: Obligation[] = [];
        for (let n = -10; n <= 45; n++) {
          const due = addDays(today, n);
          for (const kind of kinds)
            board.push({ ...review(`S${n}`, due), kind, bookedOn: due, refId: due });
        }

        // Act
        const within = board.filter((o) => {
          const reach = lastDueWithLines(o.kind, today, settings);
          return reach === undefined || o.due <= reach;
        });
        left += board.length - within.length;

        // Assess: the same lines, in the same order
        expect(keys(linesDue(within, today, settings))).toEqual(
          keys(linesDue(board, today, settings)),
        );
        expect(keys(viewsLinesDue(within, today, settings))).toEqual(
          keys(viewsLinesDue(board, today, settings)),
        );
      }
    }
    // And the reach does leave entries out: those due weeks ahead
    expect(left).toBeGreaterThan(0);
  });
});
