/**
 * The unit board, for managers and administrators: every open obligation, filtered by
 * kind, IRO, team (the allocation's team manager) and overdue, all in the address;
 * counts by kind and by IRO; and the IROs' caseloads, those above 70 marked (the IRO
 * Handbook's 50 to 70). The IRO and team filters list by name who holds those posts
 * (`GET /staff?post=`); the address keeps their staff ids.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import type { NamedCaseloads } from '../../../workflows/figures/shape.js';
import type { Api, Query } from '../api.js';
import { type Filter, FilterForm } from '../components/filter-form.js';
import { Loaded } from '../components/loading.js';
import { obligationColumns, obligationKey } from '../components/obligation-columns.js';
import { Pagination } from '../components/pagination.js';
import { PrintButton } from '../components/print-button.js';
import { SortableTable } from '../components/sortable-table.js';
import type { PageProps } from '../context.js';
import { boardQuery, holderOptions, NO_IRO, type PostHolder, pageOf } from '../lists.js';
import { href } from '../router.js';
import { dateWords, KIND_WORDS, OBLIGATION_KINDS, type Obligation } from '../words.js';
import { kindOptions, type ObligationsAnswer } from './my-work.js';

/** The board's render, measured in the page from the answer's arrival to its layout. */
export const BOARD_RENDER_MEASURE = 'board-render';
const ANSWERED_MARK = 'board-answered';

/** The caseloads as GET /reports/caseloads answers them, each IRO named where known. */
type Caseloads = NamedCaseloads;
type IroCaseload = Caseloads['byIro'][number];

type Holders = Record<'iro' | 'team' | 'socialWorker', readonly PostHolder[]> & {
  /** Whether the API has answered (the team manager's own team waits for it). */
  readonly loaded: boolean;
};

/** The holders of the board's posts; empty until (or unless) the API answers. */
function usePostHolders(api: Api): Holders {
  const [holders, setHolders] = useState<Holders>({
    iro: [],
    team: [],
    socialWorker: [],
    loaded: false,
  });
  useEffect(() => {
    let live = true;
    const ask = (post: string) =>
      api.get<{ staff: PostHolder[] }>('/staff', { post }).then((a) => (a.ok ? a.body.staff : []));
    void Promise.all([ask('iro'), ask('team-manager'), ask('social-worker')]).then(
      ([iro, team, socialWorker]) => {
        if (live) setHolders({ iro, team, socialWorker, loaded: true });
      },
    );
    return () => {
      live = false;
    };
  }, [api]);
  return holders;
}

/** The IRO filter: "Any", "No IRO", then the IROs by name. */
function iroOptions(holders: readonly PostHolder[], query: ReturnType<typeof boardQuery>) {
  const [any, ...named] = holderOptions(holders, query.iro);
  return [...(any ? [any] : []), { value: NO_IRO, text: 'No IRO' }, ...named];
}

const filtersOf = (holders: Holders, query: ReturnType<typeof boardQuery>): readonly Filter[] => [
  { name: 'kind', label: 'What is due', type: 'select', options: kindOptions },
  { name: 'iro', label: 'IRO', type: 'select', options: iroOptions(holders.iro, query) },
  {
    name: 'team',
    label: 'Team manager',
    type: 'select',
    options: holderOptions(holders.team, query.team),
  },
  { name: 'overdue', label: 'Overdue only', type: 'checkbox' },
];

const iroName = (c: Pick<IroCaseload, 'iro' | 'name'>) => (c.name ? `${c.name} (${c.iro})` : c.iro);

/** Whether this page load has already decided where a team manager starts. */
let startDecided = false;

/** A staff id as the directory names them: the name where known, else the id. */
function namer(holders: readonly PostHolder[]) {
  const names = new Map(holders.map((h) => [h.staffId, h.name]));
  return (id: string | undefined) => (id === undefined ? '' : (names.get(id) ?? id));
}

/** An obligation with its subject's IRO and social worker (`staff=true`). */
type BoardRow = Obligation & { readonly iroId?: string; readonly socialWorkerId?: string };

export function Board({ api, route, config, me }: PageProps) {
  const query = boardQuery(route.query);
  const loadKey = JSON.stringify(query);
  const holders = usePostHolders(api);
  const iroNameOf = namer(holders.iro);
  const socialWorkerName = namer(holders.socialWorker);
  // The rule is on each child's page: beside two people's names it made every row tall.
  const [child, what, due, left] = obligationColumns<BoardRow>(config.caseRecordUrlTemplate, {
    rule: false,
  });
  const columns = [
    ...[child, what, due, left].flatMap((c) => (c ? [c] : [])),
    {
      id: 'iro',
      label: 'IRO',
      cell: (o: BoardRow) => (o.iroId ? iroNameOf(o.iroId) : 'No IRO'),
      sort: (o: BoardRow) => (o.iroId ? iroNameOf(o.iroId) : undefined),
    },
    {
      id: 'sw',
      label: 'Social worker',
      cell: (o: BoardRow) => socialWorkerName(o.socialWorkerId),
      sort: (o: BoardRow) => socialWorkerName(o.socialWorkerId) || undefined,
    },
  ];
  // A team manager starts on their own team: once a load, and only from the bare board.
  useEffect(() => {
    if (startDecided || !holders.loaded) return;
    startDecided = true;
    const own = holders.team.some((h) => h.staffId === me.staffId);
    if (own && [...route.query.keys()].length === 0) {
      location.replace(href('/board', { team: me.staffId }));
    }
  }, [holders.loaded]);
  return (
    <>
      <FilterForm route={route} filters={filtersOf(holders, query)} />
      <Loaded
        loadKey={loadKey}
        load={() =>
          api.get<ObligationsAnswer>('/obligations', { ...query, staff: 'true' }).then((answer) => {
            performance.mark(ANSWERED_MARK);
            return answer;
          })
        }
      >
        {({ today, obligations }) => {
          const { page, pages, start, end } = pageOf(obligations.length, route.query.get('page'));
          return (
            <BoardLists today={today} obligations={obligations}>
              <SortableTable
                caption={`Open obligations (${obligations.length})${pages > 1 ? `, ${start + 1} to ${end} shown` : ''}`}
                columns={columns}
                rows={obligations as readonly BoardRow[]}
                rowKey={obligationKey}
                rowClass={(o) => (o.overdue ? 'app-row--overdue' : undefined)}
                route={route}
                fixed
                slice={{ start, end }}
              />
              <Pagination
                route={route}
                page={page}
                pages={pages}
                label="Pages of open obligations"
              />
            </BoardLists>
          );
        }}
      </Loaded>
      <Loaded
        loadKey="caseloads"
        load={() => api.get<{ caseloads: Caseloads }>('/reports/caseloads')}
      >
        {({ caseloads }) => (
          <>
            <IroCounts api={api} caseloads={caseloads} query={query} loadKey={loadKey} />
            <CaseloadTable caseloads={caseloads} />
          </>
        )}
      </Loaded>
    </>
  );
}

/** The counts by kind above the list; measures the render once laid out. */
function BoardLists({
  today,
  obligations,
  children,
}: {
  today: string;
  obligations: readonly Obligation[];
  children: ComponentChildren;
}) {
  useLayoutEffect(() => {
    if (performance.getEntriesByName(ANSWERED_MARK).length === 0) return;
    // The script's part (the rows built and in the document), then laid out as the
    // browser would before painting: the render's whole cost.
    performance.measure(`${BOARD_RENDER_MEASURE}-script`, ANSWERED_MARK);
    void document.documentElement.offsetHeight;
    performance.measure(BOARD_RENDER_MEASURE, ANSWERED_MARK);
    performance.clearMarks(ANSWERED_MARK);
  }, [obligations]);
  const byKind = OBLIGATION_KINDS.map((kind) => {
    const ofKind = obligations.filter((o) => o.kind === kind);
    return { kind, open: ofKind.length, overdue: ofKind.filter((o) => o.overdue).length };
  }).filter((k) => k.open > 0);
  return (
    <>
      <p class="govuk-body">As of {dateWords(today)}.</p>
      <PrintButton />
      <OpenOverdueTable
        caption="By what is due"
        heading="What is due"
        rows={byKind.map((k) => ({ key: k.kind, name: KIND_WORDS[k.kind], ...k }))}
        empty="Nothing is open."
      />
      {children}
    </>
  );
}

/** The counts by IRO as `GET /obligations/counts?by=iro` answers them. */
interface IroCountsAnswer {
  readonly today: string;
  readonly byIro: readonly {
    readonly iro: string;
    readonly open: number;
    readonly overdue: number;
  }[];
  /** What no listed IRO holds. */
  readonly withoutIro: { readonly open: number; readonly overdue: number };
}

/**
 * Open and overdue obligations for each IRO (their children, and the child protection
 * work they chair), with the board's other filters: one ask of the API for every IRO,
 * which reads the board once. Each IRO is named as in the caseloads.
 */
function IroCounts({
  api,
  caseloads,
  query,
  loadKey,
}: {
  api: Api;
  caseloads: Caseloads;
  query: Query;
  loadKey: string;
}) {
  const names = new Map(caseloads.byIro.map((c) => [c.iro, c.name]));
  // Every IRO's row, so the address's own IRO filter is not the counts'.
  const { iro: _iro, withoutIro: _without, ...filters } = query;
  return (
    <Loaded
      loadKey={`iro-counts:${loadKey}`}
      load={() => api.get<IroCountsAnswer>('/obligations/counts', { by: 'iro', ...filters })}
    >
      {({ byIro, withoutIro }) => (
        <OpenOverdueTable
          caption="By IRO"
          heading="IRO"
          rows={[
            ...byIro.map((c) => {
              const name = names.get(c.iro);
              return {
                key: c.iro,
                name: (
                  <a class="govuk-link" href={href('/board', { ...query, iro: c.iro })}>
                    {iroName(name === undefined ? { iro: c.iro } : { iro: c.iro, name })}
                  </a>
                ),
                open: c.open,
                overdue: c.overdue,
              };
            }),
            {
              key: NO_IRO,
              name: (
                <a
                  class="govuk-link"
                  href={href('/board', { ...query, withoutIro: undefined, iro: NO_IRO })}
                >
                  No IRO
                </a>
              ),
              open: withoutIro.open,
              overdue: withoutIro.overdue,
            },
          ]}
          empty="No IRO holds an allocation."
        />
      )}
    </Loaded>
  );
}

/** Open and overdue counts, a row for each kind or each IRO. */
function OpenOverdueTable({
  caption,
  heading,
  rows,
  empty,
}: {
  caption: string;
  heading: string;
  rows: readonly { key: string; name: ComponentChildren; open: number; overdue: number }[];
  empty: string;
}) {
  return (
    <table class="govuk-table">
      <caption class="govuk-table__caption govuk-table__caption--m">{caption}</caption>
      <thead class="govuk-table__head">
        <tr class="govuk-table__row">
          <th scope="col" class="govuk-table__header">
            {heading}
          </th>
          <th scope="col" class="govuk-table__header govuk-table__header--numeric">
            Open
          </th>
          <th scope="col" class="govuk-table__header govuk-table__header--numeric">
            Overdue
          </th>
        </tr>
      </thead>
      <tbody class="govuk-table__body">
        {rows.map((row) => (
          <tr class="govuk-table__row" key={row.key}>
            <th scope="row" class="govuk-table__header">
              {row.name}
            </th>
            <td class="govuk-table__cell govuk-table__cell--numeric">{row.open}</td>
            <td class="govuk-table__cell govuk-table__cell--numeric">{row.overdue}</td>
          </tr>
        ))}
        {rows.length === 0 && (
          <tr class="govuk-table__row">
            <td class="govuk-table__cell" colSpan={3}>
              {empty}
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

function CaseloadTable({ caseloads }: { caseloads: Caseloads }) {
  const { on, byIro, mean, over70, withoutIro } = caseloads;
  return (
    <>
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-table__caption--m">
          IRO caseloads on {dateWords(on)}
        </caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">
              IRO
            </th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">
              Looked-after children
            </th>
            <th scope="col" class="govuk-table__header">
              Above 70
            </th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {byIro.map((c) => (
            <tr class="govuk-table__row" key={c.iro}>
              <th scope="row" class="govuk-table__header">
                {iroName(c)}
              </th>
              <td class="govuk-table__cell govuk-table__cell--numeric">{c.children}</td>
              <td class="govuk-table__cell">
                {c.over70 ? <strong class="govuk-tag govuk-tag--red">Above 70</strong> : 'No'}
              </td>
            </tr>
          ))}
          {byIro.length === 0 && (
            <tr class="govuk-table__row">
              <td class="govuk-table__cell" colSpan={3}>
                No IRO holds an allocation.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <p class="govuk-body">
        {byIro.length > 0 && `Mean ${mean ?? 'n/a'} looked-after children per IRO; `}
        {over70} above 70 (the IRO Handbook's range is 50 to 70); {withoutIro} looked-after{' '}
        {withoutIro === 1 ? 'child has' : 'children have'} no IRO.
      </p>
    </>
  );
}
