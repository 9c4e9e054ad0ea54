/**
 * The columns every list of obligations shares: the child or carer (linked to their
 * case record when the council gives a link template), what is due in words, the due
 * date, working days left or overdue (as of the system's today), and the rule.
 */
import { caseRecordLink } from '../config.js';
import { href } from '../router.js';
import { dateWords, type Obligation, ruleWords, whatIsDue, workingDaysWords } from '../words.js';
import type { Column } from './sortable-table.js';

/** One key per obligation: a kind, subject, reference and stage are open once at a time. */
export const obligationKey = (o: Obligation) =>
  [o.kind, o.subjectId, o.refId ?? '', o.stage ?? '', o.due].join('|');

/**
 * The child's reference, linked to their page (which links on to the case record where
 * the council's template allows). A foster carer has no page: their case record, if any.
 */
export function SubjectCell({
  obligation,
  template,
}: {
  obligation: Pick<Obligation, 'subjectId' | 'refId' | 'kind'>;
  template: string | undefined;
}) {
  if (obligation.kind !== 'foster-carer-review') {
    return (
      <a class="govuk-link" href={href('/child', { id: obligation.subjectId })}>
        {obligation.subjectId}
      </a>
    );
  }
  const link = caseRecordLink(template, obligation.subjectId, obligation.refId);
  if (!link) return <>{obligation.subjectId}</>;
  return (
    <a class="govuk-link" href={link}>
      <span class="govuk-visually-hidden">Case record of </span>
      {obligation.subjectId}
    </a>
  );
}

export function WorkingDaysCell({ obligation }: { obligation: Obligation }) {
  const words = workingDaysWords(obligation.workingDaysLeft, obligation.overdue);
  return obligation.overdue ? <strong class="govuk-tag govuk-tag--red">{words}</strong> : words;
}

/** Working days left for sorting: an overdue one with no count still sorts before those due. */
const leftForSort = (o: Obligation) => o.workingDaysLeft ?? (o.overdue ? -1 : undefined);

export function obligationColumns<T extends Obligation>(
  template: string | undefined,
  options: { rule?: boolean } = {},
): Column<T>[] {
  return [
    {
      id: 'child',
      label: 'Child or carer',
      cell: (o) => <SubjectCell obligation={o} template={template} />,
      sort: (o) => o.subjectId,
    },
    {
      id: 'what',
      label: 'What is due',
      cell: (o) => whatIsDue(o.kind, o.stage),
      sort: (o) => whatIsDue(o.kind, o.stage),
    },
    { id: 'due', label: 'Due', cell: (o) => dateWords(o.due), sort: (o) => o.due },
    {
      id: 'left',
      label: 'Working days',
      cell: (o) => <WorkingDaysCell obligation={o} />,
      sort: leftForSort,
    },
    ...(options.rule === false
      ? []
      : [
          {
            id: 'rule',
            label: 'Rule',
            cell: (o: T) => <span class="govuk-body-s">{ruleWords(o.basis)}</span>,
          },
        ]),
  ];
}
