/**
 * The second round of the unit's figures (figures.md section 9): permanence at the
 * second review, contact between reviews, one IRO throughout, advocacy, young people's
 * part in conferences, plans by category and disability, the chair's judgement of the
 * social work report, and the managers' audits. Counted from the same facts as
 * sections 2-5, with the same period rules; S1 is not here, since it is read from the
 * staff records (caseloads.ts).
 */
import {
  ADVOCACY,
  CHILD_PARTICIPATION,
  CONTACT_METHODS,
  GRADES,
  type Grade,
  PLAN_CATEGORIES,
  type PlanCategory,
} from '../answers.js';
import type { LocalDate } from '../calendar/index.js';
import type { ConferenceFact, Facts, LacReviewFact, PlanFact } from './facts.js';
import type { Period } from './period.js';
import type { Counts, Figures, GradeRatio, Shortfall, ShortfallReason } from './shape.js';

type SecondRound = Pick<
  Figures,
  'L9' | 'L10' | 'L11' | 'C12' | 'C13' | 'C14' | 'C15' | 'C16' | 'A1'
>;

const inPeriod = (date: LocalDate | undefined, { from, to }: Period): date is LocalDate =>
  date !== undefined && date >= from && date <= to;

/** Counts in the order of `order`, zero counts left out (figures.md section 9). */
function countsOf<K extends string>(values: readonly K[], order: readonly K[]): Counts<K> {
  const counts: Counts<K> = {};
  for (const key of order) {
    const n = values.filter((v) => v === key).length;
    if (n > 0) counts[key] = n;
  }
  return counts;
}

/** Outstanding and good, of all graded. */
const GOOD_ENOUGH: readonly Grade[] = ['outstanding', 'good'];

function gradeRatio(grades: readonly Grade[]): GradeRatio {
  return {
    byGrade: countsOf(grades, GRADES),
    numerator: grades.filter((g) => GOOD_ENOUGH.includes(g)).length,
    denominator: grades.length,
  };
}

/** The plans open on `to`: a plan made on or before it and not ended by it (C1). */
const openOn = (plans: readonly PlanFact[], to: LocalDate) =>
  plans.filter((p) => p.start <= to && (p.end === undefined || p.end > to));

/** The latest conference of the plan, on or before `to`, that answered `field`. */
function latest<F extends 'category' | 'disability'>(
  plan: PlanFact,
  to: LocalDate,
  field: F,
): PlanFact['conferences'][number][F] | undefined {
  let found: PlanFact['conferences'][number][F] | undefined;
  for (const conference of plan.conferences) {
    if (conference.date <= to && conference[field] !== undefined) found = conference[field];
  }
  return found;
}

const CATEGORY_ORDER: readonly (PlanCategory | 'notRecorded')[] = [
  ...PLAN_CATEGORIES,
  'notRecorded',
];

const conferenceShortfall = (c: ConferenceFact, reason: ShortfallReason): Shortfall => ({
  subjectId: c.subjectId,
  refId: c.conferenceId,
  date: c.date,
  reason,
});

/** L9's reviews: each episode's second review, in history order, held in the period. */
export function secondReviews(facts: Facts, period: Period) {
  const second = secondOfEach(facts).filter((review) => inPeriod(review.date, period));
  return { second, agreed: second.filter((r) => r.permanencePlan === 'agreed') };
}

/**
 * {@link secondReviews} for each month of a period at once (the month series' L9): the
 * second reviews held in the period, each in its month's list, in history order.
 */
export function secondReviewsByMonth(
  facts: Facts,
  period: Period,
): Map<string, ReturnType<typeof secondReviews>> {
  const byMonth = new Map<string, ReturnType<typeof secondReviews>>();
  for (const review of secondOfEach(facts)) {
    if (!inPeriod(review.date, period)) continue;
    const month = review.date.slice(0, 7);
    let ofMonth = byMonth.get(month);
    if (ofMonth === undefined) {
      ofMonth = { second: [], agreed: [] };
      byMonth.set(month, ofMonth);
    }
    ofMonth.second.push(review);
    if (review.permanencePlan === 'agreed') ofMonth.agreed.push(review);
  }
  return byMonth;
}

/** Each episode's second review, in history order. */
const secondOfEach = (facts: Facts): LacReviewFact[] =>
  [...facts.lacReviewsByEpisode.values()].flatMap((reviews) => (reviews[1] ? [reviews[1]] : []));

/** C13's conferences: those with the young person's part recorded, other than too young. */
export function takingPart(conferences: readonly ConferenceFact[]) {
  const participation = conferences.filter(
    (c) => c.childParticipation !== undefined && c.childParticipation !== 'too-young',
  );
  const parts = participation.map(
    (c) => c.childParticipation as NonNullable<ConferenceFact['childParticipation']>,
  );
  return {
    participation,
    parts,
    numerator: parts.filter((p) => p === 'attended' || p === 'views-conveyed').length,
  };
}

export function secondRoundFigures(
  facts: Facts,
  period: Period,
): {
  figures: SecondRound;
  shortfalls: Record<'L9' | 'L11' | 'C12' | 'C13' | 'C16' | 'A1', Shortfall[]>;
} {
  const { from, to } = period;

  // L9: each episode's second review, in history order, held in the period.
  const { second, agreed } = secondReviews(facts, period);

  // L10: contact in the period, by method; those with children living outside the area.
  const contacts = facts.contacts.filter((c) => inPeriod(c.date, period));
  const outOfArea = contacts.filter((c) => c.outOfArea === true);

  // L11: children looked after on `to` since before `from`, with an IRO by `from`.
  const l11: Shortfall[] = [];
  let settled = 0;
  for (const episode of facts.episodes) {
    if (episode.start >= from || episode.start > to) continue;
    if (episode.end !== undefined && episode.end <= to) continue;
    const allocations = facts.allocations.get(episode.childId) ?? [];
    if (!allocations.some((a) => a.date <= from)) continue;
    settled++;
    const change = allocations.find(
      (a, i) => inPeriod(a.date, period) && i > 0 && allocations[i - 1]?.iro !== a.iro,
    );
    if (change) l11.push({ subjectId: episode.childId, date: change.date, reason: 'IRO changed' });
  }

  const conferences = facts.conferences.filter((c) => inPeriod(c.date, period));

  // C12: advocacy, where recorded.
  const advocacy = conferences.filter((c) => c.advocacy !== undefined);
  const advocates = advocacy.map((c) => c.advocacy as NonNullable<ConferenceFact['advocacy']>);

  // C13: the young person's part, where recorded and the child was not too young.
  const { participation, parts, numerator: tookPart } = takingPart(conferences);

  // C14, C15: plans on `to` by their latest category and disability; plans started by the first.
  const onTo = openOn(facts.plans, to);
  const started = facts.plans.filter((p) => inPeriod(p.start, period));

  // C16: the chair's judgement of the social work report.
  const judged = conferences.filter((c) => c.reportQuality !== undefined);
  const grades = judged.map((c) => c.reportQuality as Grade);

  // A1: the managers' audits, for the unit and for each IRO (whether still in post or not).
  const audits = facts.audits.filter((a) => inPeriod(a.date, period));
  const iros = [...new Set(audits.map((a) => a.iro))].sort();

  return {
    figures: {
      L9: {
        numerator: agreed.length,
        denominator: second.length,
        notRecorded: second.filter((r) => r.permanencePlan === undefined).length,
      },
      L10: {
        byMethod: countsOf(
          contacts.map((c) => c.method),
          CONTACT_METHODS,
        ),
        outOfArea: {
          contacts: outOfArea.length,
          children: new Set(outOfArea.map((c) => c.childId)).size,
        },
      },
      L11: { numerator: settled - l11.length, denominator: settled },
      C12: {
        byValue: countsOf(advocates, ADVOCACY),
        numerator: advocates.filter((a) => a === 'involved').length,
        denominator: advocates.length,
      },
      C13: {
        byValue: countsOf(parts, CHILD_PARTICIPATION),
        numerator: tookPart,
        denominator: parts.length,
      },
      C14: {
        onTo: countsOf(
          onTo.map((p) => latest(p, to, 'category') ?? 'notRecorded'),
          CATEGORY_ORDER,
        ),
        started: countsOf(
          started.map((p) => p.conferences[0]?.category ?? 'notRecorded'),
          CATEGORY_ORDER,
        ),
      },
      C15: {
        numerator: onTo.filter((p) => latest(p, to, 'disability') === true).length,
        denominator: onTo.length,
      },
      C16: { byValue: countsOf(grades, GRADES), ...ratioOfGrades(grades) },
      A1: {
        ...gradeRatio(audits.map((a) => a.grade)),
        byIro: Object.fromEntries(
          iros.map((iro) => [
            iro,
            gradeRatio(audits.filter((a) => a.iro === iro).map((a) => a.grade)),
          ]),
        ),
      },
    },
    shortfalls: {
      L9: second
        .filter((r) => r.permanencePlan !== 'agreed')
        .map(
          (r): Shortfall => ({
            subjectId: r.subjectId,
            date: r.date,
            reason:
              r.permanencePlan === undefined
                ? 'permanence plan not recorded'
                : 'permanence plan not agreed',
          }),
        ),
      L11: l11,
      C12: advocacy
        .filter((c) => c.advocacy !== 'involved')
        .map((c) =>
          conferenceShortfall(
            c,
            c.advocacy === 'offered-declined'
              ? 'advocate offered and declined'
              : 'advocate not offered',
          ),
        ),
      C13: participation
        .filter((c) => c.childParticipation === 'not-involved')
        .map((c) => conferenceShortfall(c, 'young person not involved')),
      C16: judged
        .filter((c) => !GOOD_ENOUGH.includes(c.reportQuality as Grade))
        .map((c) =>
          conferenceShortfall(
            c,
            c.reportQuality === 'inadequate' ? 'report inadequate' : 'report requires improvement',
          ),
        ),
      A1: audits
        .filter((a) => !GOOD_ENOUGH.includes(a.grade))
        .map(
          (a): Shortfall => ({
            subjectId: a.childId,
            refId: a.auditId,
            date: a.date,
            reason:
              a.grade === 'inadequate'
                ? 'audit graded inadequate'
                : 'audit graded requires improvement',
            iro: a.iro,
          }),
        ),
    },
  };
}

const ratioOfGrades = (grades: readonly Grade[]) => {
  const { numerator, denominator } = gradeRatio(grades);
  return { numerator, denominator };
};
