/**
 * A generated SSDA903 return (episodes and reviews tables, CRLF, as councils send them)
 * over the five years 2019/20 to 2023/24: periods of care with placement and
 * legal-status changes, re-entries and adoptions, and reviews on time. Seeded, so every
 * run of a bench reads the same return. With `faults`, it also has what the DfE's public
 * fake return has that its validator flags (issue 21): REC without DEC, participation
 * codes that do not fit the age, reviews after the year end (some after 2026), children
 * in care before the return (a change first, a review before it), short breaks (V3, V4)
 * and a last episode ending X1.
 */
import { addDays, addMonths } from '../../workflows/calendar/index.js';
import { random } from '../measure.js';

const FIRST = '2019-04-01';
const LAST = '2024-03-31';

const dmy = (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
const pick = <T>(next: (n: number) => number, items: readonly T[]): T =>
  items[next(items.length)] as T;

/** A return: periods of care with placement and legal-status changes, re-entries, reviews. */
export function generateReturn(
  children: number,
  options: { readonly faults?: boolean } = {},
): { episodes: string; reviews: string } {
  const next = random(903);
  const faults = options.faults === true;
  // Drawn only with faults, so the clean return stays the same return.
  const fault = (oneIn: number) => faults && next(oneIn) === 0;
  const episodes = [
    'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN',
  ];
  const reviews = ['CHILD,DOB,REVIEW,REVIEW_CODE'];
  for (let c = 0; c < children; c++) {
    const child = `${100000 + c}`;
    const born = addDays('2003-01-01', next(365 * 20));
    let start = addDays(FIRST, next(365 * 4));
    if (start <= born) start = addDays(born, 1);
    const inCareBefore = fault(5);
    const shortBreaks = fault(15);
    if (inCareBefore && addDays(start, -60) > born) {
      // In care before the return: a review 60 days before the first episode, a change.
      reviews.push([child, dmy(born), dmy(addDays(start, -60)), 'PN1'].join(','));
    }
    for (let period = 0; period < 2 && start < LAST; period++) {
      const changes = next(5);
      let decom = start;
      let ended: string | undefined;
      for (let e = 0; e <= changes; e++) {
        const adoptive = e > 0 && next(12) === 0;
        const ls = shortBreaks
          ? 'V3'
          : adoptive || next(10) === 0
            ? 'E1'
            : pick(next, ['C2', 'V2', 'C1']);
        const place = adoptive
          ? pick(next, ['A3', 'A4', 'A5', 'A6'])
          : pick(next, ['U1', 'U3', 'U4', 'K2', 'R1']);
        const dec = addDays(decom, 30 + next(300));
        const last = e === changes;
        const stillOpen = dec > LAST || (last && next(3) === 0);
        const rec = stillOpen
          ? ''
          : last
            ? adoptive
              ? 'E11'
              : pick(next, ['E4A', 'E13', 'E8', 'E3'])
            : 'X1';
        const rne =
          e === 0 && !(inCareBefore && period === 0) ? 'S' : pick(next, ['P', 'L', 'T', 'U', 'B']);
        // An open episode given a REC anyway (DfE 148), or a last one ending X1 (DfE 388).
        const recWithoutDec = stillOpen && fault(4);
        const finalX1 = stillOpen && !recWithoutDec && dec <= LAST && fault(6);
        episodes.push(
          [
            child,
            dmy(decom),
            rne,
            ls,
            'N1',
            place,
            'PR1',
            stillOpen && !finalX1 ? '' : dmy(dec),
            recWithoutDec ? 'E4A' : finalX1 ? 'X1' : rec,
            e > 0 ? 'CARPL' : '',
            'AB1 2',
            'CD3 4',
            'SC123456',
          ].join(','),
        );
        if (stillOpen) break;
        if (last) ended = dec;
        decom = dec;
      }
      // Reviews: the first within 20 days, the second 3 months on, then every 6 months.
      let reviewOn = addDays(start, 15);
      // Reviews go on past the year end for some open periods, as in the fake return.
      const lastReview = ended ?? (fault(3) ? addMonths(LAST, 6 + next(80)) : LAST);
      for (let r = 0; reviewOn <= lastReview; r++) {
        const underFour = reviewOn < addMonths(born, 48);
        const fitting = underFour ? 'PN0' : pick(next, ['PN1', 'PN2', 'PN4', 'PN6', 'PN7']);
        const code = fault(6) ? (fitting === 'PN0' ? 'PN3' : 'PN0') : fitting;
        reviews.push([child, dmy(born), dmy(reviewOn), code].join(','));
        reviewOn = addMonths(reviewOn, r === 0 ? 3 : 6);
      }
      if (!ended) break;
      start = addDays(ended, 60 + next(400));
    }
  }
  return { episodes: `${episodes.join('\r\n')}\r\n`, reviews: `${reviews.join('\r\n')}\r\n` };
}
