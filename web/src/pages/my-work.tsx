/**
 * My work: the open obligations of the children and carers allocated to the signed-in
 * IRO (and the child protection work they chair) or social worker, overdue first, then
 * those due in the next 28 days, counted from the system's today.
 */
import type { Answer } from '../api.js';
import { FilterForm } from '../components/filter-form.js';
import { Loaded } from '../components/loading.js';
import { obligationColumns, obligationKey } from '../components/obligation-columns.js';
import { PrintButton } from '../components/print-button.js';
import { SortableTable } from '../components/sortable-table.js';
import { hasRole, type PageProps } from '../context.js';
import { AHEAD_DAYS, myWorkSections } from '../lists.js';
import { dateWords, KIND_WORDS, OBLIGATION_KINDS, type Obligation } from '../words.js';

export interface ObligationsAnswer {
  readonly today: string;
  readonly obligations: readonly Obligation[];
}

export const kindOptions = [
  { value: '', text: 'Anything' },
  ...OBLIGATION_KINDS.map((kind) => ({ value: kind, text: KIND_WORDS[kind] })),
];

/** Mine as an IRO (and chair), and as a social worker: one list, each obligation once. */
async function loadMine(props: PageProps, kind: string): Promise<Answer<ObligationsAnswer>> {
  const { api, me } = props;
  const asks: Promise<Answer<ObligationsAnswer>>[] = [];
  if (hasRole(me, 'iro')) asks.push(api.get('/obligations', { iro: me.staffId, kind }));
  if (hasRole(me, 'social-worker')) {
    asks.push(api.get('/obligations', { socialWorker: me.staffId, kind }));
  }
  const answers = await Promise.all(asks);
  const refused = answers.find((a) => !a.ok);
  if (refused) return refused;
  const seen = new Map<string, Obligation>();
  let today = '';
  for (const answer of answers) {
    if (!answer.ok) continue;
    today = answer.body.today;
    for (const o of answer.body.obligations) seen.set(obligationKey(o), o);
  }
  const obligations = [...seen.values()].sort((a, b) =>
    a.due < b.due ? -1 : a.due > b.due ? 1 : 0,
  );
  return { ok: true, status: 200, body: { today, obligations } };
}

export function MyWork(props: PageProps) {
  const { route, config } = props;
  const kind = route.query.get('kind') ?? '';
  const columns = obligationColumns<Obligation>(config.caseRecordUrlTemplate);
  return (
    <>
      <FilterForm
        route={route}
        filters={[{ name: 'kind', label: 'What is due', type: 'select', options: kindOptions }]}
      />
      <Loaded load={() => loadMine(props, kind)} loadKey={kind}>
        {({ today, obligations }) => {
          const { until, overdue, soon, later } = myWorkSections(obligations, today);
          return (
            <>
              <p class="govuk-body">
                As of {dateWords(today)}.{' '}
                {later > 0 && `${later} more due after ${dateWords(until)}.`}
              </p>
              <PrintButton />
              {overdue.length > 0 ? (
                <SortableTable
                  caption={`Overdue (${overdue.length})`}
                  columns={columns}
                  rows={overdue}
                  rowKey={obligationKey}
                  rowClass={() => 'app-row--overdue'}
                  route={route}
                />
              ) : (
                <>
                  <h2 class="govuk-heading-m">Overdue</h2>
                  <p class="govuk-body">Nothing is overdue.</p>
                </>
              )}
              {soon.length > 0 ? (
                <SortableTable
                  caption={`Due in the next ${AHEAD_DAYS} days (${soon.length})`}
                  columns={columns}
                  rows={soon}
                  rowKey={obligationKey}
                  route={route}
                />
              ) : (
                <>
                  <h2 class="govuk-heading-m">Due in the next {AHEAD_DAYS} days</h2>
                  <p class="govuk-body">Nothing is due in the next {AHEAD_DAYS} days.</p>
                </>
              )}
            </>
          );
        }}
      </Loaded>
    </>
  );
}
