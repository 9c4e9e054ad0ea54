/**
 * One dispute's page: the child it is about, the stage it stands at and who must
 * respond by when, the day it moves to the next stage by itself, each stage it has
 * stood at with its dates, and its history with who recorded each step. The issue text
 * only when the API sends it (to IROs, managers and administrators). Links record the
 * dispute's next step, for those whose roles may.
 */
import { Loaded } from '../components/loading.js';
import { type Column, SortableTable } from '../components/sortable-table.js';
import type { PageProps } from '../context.js';
import { EVENT_NAMES, kindsFor } from '../forms/events.js';
import { href } from '../router.js';
import { type DisputeStage, dateWords, respondentWords } from '../words.js';
import { recordedByColumn, TakenBack, type TrailEntry } from './child.js';

interface StageShown {
  readonly stage: DisputeStage;
  readonly startedOn: string;
  readonly due: string;
  readonly cause: 'raised' | 'escalated' | 'automatic';
}

/** `GET /disputes/{id}`. */
interface DisputeAnswer {
  readonly today: string;
  readonly disputeId: string;
  readonly childId: string;
  readonly raisedOn?: string;
  readonly resolvedOn?: string;
  readonly stages: readonly StageShown[];
  readonly stage?: DisputeStage;
  readonly due?: string;
  readonly overdue?: boolean;
  readonly escalatesOn?: string;
  readonly issue?: string;
  readonly events: readonly TrailEntry[];
}

const CAUSE_WORDS: Readonly<Record<StageShown['cause'], string>> = {
  raised: 'Raised by the IRO',
  escalated: 'Escalated by the IRO',
  automatic: 'Moved on by itself: the stage before was not answered in time',
};

const stageColumns: Column<StageShown>[] = [
  { id: 'stage', label: 'Stage', cell: (s) => `Stage ${s.stage}` },
  { id: 'who', label: 'Who must respond', cell: (s) => respondentWords(s.stage) },
  { id: 'from', label: 'From', cell: (s) => dateWords(s.startedOn) },
  { id: 'by', label: 'Respond by', cell: (s) => dateWords(s.due) },
  { id: 'how', label: 'How it got there', cell: (s) => CAUSE_WORDS[s.cause] },
];

const historyColumns: Column<TrailEntry>[] = [
  {
    id: 'when',
    label: 'Date',
    cell: (e) => (typeof e.event.date === 'string' ? dateWords(e.event.date) : ''),
  },
  {
    id: 'what',
    label: 'What happened',
    cell: (e) => (
      <>
        {EVENT_NAMES[e.event.type] ?? e.event.type}
        {typeof e.event.toStage === 'number' && ` to stage ${e.event.toStage}`}
        <TakenBack entry={e} />
      </>
    ),
  },
  recordedByColumn,
];

/** One row of the dispute's summary list. */
function Row({ label, children }: { label: string; children: preact.ComponentChildren }) {
  return (
    <div class="govuk-summary-list__row">
      <dt class="govuk-summary-list__key">{label}</dt>
      <dd class="govuk-summary-list__value">{children}</dd>
    </div>
  );
}

export function Dispute(props: PageProps) {
  const { api, route, me } = props;
  const disputeId = route.query.get('id') ?? '';
  if (disputeId === '') {
    return <p class="govuk-body">Choose a dispute from Disputes or a child's page.</p>;
  }
  const next = kindsFor(me.roles).filter(
    (k) => k.id === 'dispute-escalated' || k.id === 'dispute-resolved',
  );
  return (
    <Loaded
      load={() => api.get<DisputeAnswer>(`/disputes/${encodeURIComponent(disputeId)}`)}
      loadKey={disputeId}
    >
      {(d) => (
        <>
          <dl class="govuk-summary-list">
            <Row label="Child">
              <a class="govuk-link" href={href('/child', { id: d.childId })}>
                {d.childId}
              </a>
            </Row>
            {d.raisedOn && <Row label="Raised on">{dateWords(d.raisedOn)}</Row>}
            {d.resolvedOn ? (
              <Row label="Resolved on">{dateWords(d.resolvedOn)}</Row>
            ) : (
              d.stage !== undefined && (
                <>
                  <Row label="Stage now">
                    Stage {d.stage}: {respondentWords(d.stage)}
                  </Row>
                  {d.due && (
                    <Row label="Respond by">
                      {dateWords(d.due)}{' '}
                      {d.overdue && <strong class="govuk-tag govuk-tag--red">Overdue</strong>}
                    </Row>
                  )}
                  <Row label="Escalates by itself on">
                    {d.escalatesOn ? dateWords(d.escalatesOn) : 'Not at stage 5, the last'}
                  </Row>
                </>
              )
            )}
          </dl>
          {d.issue !== undefined && (
            <>
              <h2 class="govuk-heading-m">The issue</h2>
              <div class="govuk-inset-text app-wrap">{d.issue}</div>
            </>
          )}
          {!d.resolvedOn && next.length > 0 && (
            <ul class="govuk-list">
              {next.map((k) => (
                <li key={k.id}>
                  <a class="govuk-link" href={href('/record', { event: k.id, disputeId })}>
                    Record: {k.title}
                  </a>
                </li>
              ))}
            </ul>
          )}
          <SortableTable
            caption="Stages"
            columns={stageColumns}
            rows={d.stages}
            rowKey={(s) => `${s.stage}-${s.startedOn}`}
            route={route}
          />
          <SortableTable
            caption="History"
            columns={historyColumns}
            rows={d.events}
            rowKey={(e) => `${e.source}:${e.eventId}`}
            route={route}
          />
        </>
      )}
    </Loaded>
  );
}
