/**
 * Disputes: every open dispute with its stage, who must respond, the working days it
 * has been open, and the day it escalates by itself if unresolved. The head of service
 * (the unit's `head-of-service` allocation) sees those at stage 3 and above first: from
 * stage 3 they answer or are copied. A dispute's issue text is never shown on a list:
 * the API does not send it.
 */
import type { Answer } from '../api.js';
import { FilterForm } from '../components/filter-form.js';
import { Loaded } from '../components/loading.js';
import { obligationKey, SubjectCell, WorkingDaysCell } from '../components/obligation-columns.js';
import { PrintButton } from '../components/print-button.js';
import { type Column, SortableTable } from '../components/sortable-table.js';
import { hasRole, type PageProps } from '../context.js';
import { disputesInOrder, HEAD_OF_SERVICE_FROM_STAGE } from '../lists.js';
import { href } from '../router.js';
import { type Dispute, dateWords, respondentWords } from '../words.js';

interface DisputesAnswer {
  readonly today: string;
  readonly disputes: readonly Dispute[];
  /** Whether the signed-in member of staff is the unit's head of service. */
  readonly headOfService: boolean;
}

/** Whether `me` is the unit's head of service: only managers and administrators may read the unit's allocation. */
async function isHeadOfService(props: PageProps): Promise<boolean> {
  const { api, me } = props;
  if (!hasRole(me, 'manager', 'admin')) return false;
  const unit = await api.get<{ roles: Record<string, string> }>('/allocations/unit');
  return unit.ok && unit.body.roles['head-of-service'] === me.staffId;
}

async function loadDisputes(props: PageProps, stage: string): Promise<Answer<DisputesAnswer>> {
  const [answer, headOfService] = await Promise.all([
    props.api.get<Omit<DisputesAnswer, 'headOfService'>>('/disputes', { stage }),
    isHeadOfService(props),
  ]);
  return answer.ok ? { ...answer, body: { ...answer.body, headOfService } } : answer;
}

const STAGES = [
  { value: '', text: 'Any stage' },
  ...[1, 2, 3, 4, 5].map((s) => ({ value: String(s), text: `Stage ${s}` })),
];

function columns(template: string | undefined): Column<Dispute>[] {
  return [
    {
      id: 'child',
      label: 'Child',
      cell: (d) => <SubjectCell obligation={d} template={template} />,
      sort: (d) => d.subjectId,
    },
    {
      id: 'dispute',
      label: 'Dispute',
      cell: (d) =>
        d.refId ? (
          <a class="govuk-link" href={href('/dispute', { id: d.refId })}>
            {d.refId}
          </a>
        ) : (
          ''
        ),
      sort: (d) => d.refId,
    },
    {
      id: 'stage',
      label: 'Stage',
      cell: (d) => (d.stage === undefined ? '' : `Stage ${d.stage}`),
      sort: (d) => d.stage,
    },
    {
      id: 'respondent',
      label: 'Who must respond',
      cell: (d) => (d.stage === undefined ? '' : respondentWords(d.stage)),
    },
    {
      id: 'open',
      label: 'Working days open',
      cell: (d) => d.workingDaysOpen ?? '',
      sort: (d) => d.workingDaysOpen,
      numeric: true,
    },
    {
      id: 'due',
      label: 'Respond by',
      cell: (d) => (
        <>
          {dateWords(d.due)}
          <br />
          <WorkingDaysCell obligation={d} />
        </>
      ),
      sort: (d) => d.due,
    },
    {
      id: 'escalates',
      label: 'Escalates by itself on',
      cell: (d) => (d.escalatesOn ? dateWords(d.escalatesOn) : 'Not at stage 5, the last'),
      sort: (d) => d.escalatesOn,
    },
  ];
}

export function Disputes(props: PageProps) {
  const { route, config } = props;
  const stage = route.query.get('stage') ?? '';
  return (
    <>
      <FilterForm
        route={route}
        filters={[{ name: 'stage', label: 'Stage', type: 'select', options: STAGES }]}
      />
      <Loaded load={() => loadDisputes(props, stage)} loadKey={stage}>
        {({ today, disputes, headOfService }) => (
          <>
            <p class="govuk-body">
              As of {dateWords(today)}.
              {headOfService &&
                ` As head of service, you see the disputes at stage ${HEAD_OF_SERVICE_FROM_STAGE} and above first.`}
            </p>
            <PrintButton />
            {disputes.length > 0 ? (
              <SortableTable
                caption={`Open disputes (${disputes.length})`}
                columns={columns(config.caseRecordUrlTemplate)}
                rows={disputesInOrder(disputes, headOfService)}
                rowKey={obligationKey}
                rowClass={(d) => (d.overdue ? 'app-row--overdue' : undefined)}
                route={route}
              />
            ) : (
              <p class="govuk-body">No dispute is open{stage ? ` at stage ${stage}` : ''}.</p>
            )}
          </>
        )}
      </Loaded>
    </>
  );
}
