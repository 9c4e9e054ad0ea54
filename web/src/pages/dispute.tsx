/**
 * One dispute's page: the child it is about, the stage it stands at and who must
 * respond by when, the day it moves to the next stage by itself, each stage it has
 * stood at with its dates, and its history with who recorded each step. The issue text
 * and the managers' answers only when the API sends them (to IROs, managers and
 * administrators). The manager the stage is with (or an administrator) answers here;
 * links record the IRO's next step, for those whose roles may.
 */
import { useRef, useState } from 'preact/hooks';
import type { Api, Problem } from '../api.js';
import { ErrorSummary } from '../components/error-summary.js';
import { SuccessBanner } from '../components/form-fields.js';
import { Loaded } from '../components/loading.js';
import { type Column, SortableTable } from '../components/sortable-table.js';
import type { PageProps } from '../context.js';
import {
  type Answers,
  assemble,
  DISPUTE_ANSWER,
  EVENT_NAMES,
  kindsFor,
  newEventId,
  problemText,
} from '../forms/events.js';
import { href } from '../router.js';
import { type DisputeStage, dateWords, respondentWords, ruleWords } from '../words.js';
import { recordedByColumn, recorderWords, TakenBack, type TrailEntry } from './child.js';
import { FieldInput, useErrorTitle } from './record.js';

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
  /** Whether the caller may answer it today: the manager its stage is with, or an administrator. */
  readonly mayAnswer?: boolean;
  readonly events: readonly TrailEntry[];
}

/** The answers that count (not taken back), in the order recorded. */
const answersOf = (events: readonly TrailEntry[]) =>
  events.filter((e) => e.event.type === 'DisputeAnswered' && !e.retracted);

/** "Answered by Claire White on 4 April 2017": who answered, and the answer's date. */
const answeredWords = (e: TrailEntry) =>
  `Answered by ${recorderWords(e)} on ${typeof e.event.date === 'string' ? dateWords(e.event.date) : ''}`;

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
  // Read again once an answer is recorded, so its history shows it.
  const [version, setVersion] = useState(0);
  const [answered, setAnswered] = useState<string | undefined>(undefined);
  if (disputeId === '') {
    return <p class="govuk-body">Choose a dispute from Disputes or a child's page.</p>;
  }
  const next = kindsFor(me.roles).filter(
    (k) => k.id === 'dispute-escalated' || k.id === 'dispute-resolved',
  );
  return (
    <>
      {answered && (
        <SuccessBanner heading={answered}>
          <p class="govuk-body">The IRO is told by email; the email does not carry your answer.</p>
        </SuccessBanner>
      )}
      <Loaded
        load={() => api.get<DisputeAnswer>(`/disputes/${encodeURIComponent(disputeId)}`)}
        loadKey={`${disputeId}#${version}`}
      >
        {(d) => (
          <DisputeShown
            d={d}
            route={route}
            next={next}
            answerForm={
              d.mayAnswer &&
              !d.resolvedOn && (
                <AnswerForm
                  api={api}
                  disputeId={disputeId}
                  onAnswered={(text) => {
                    setAnswered(text);
                    setVersion((v) => v + 1);
                  }}
                />
              )
            }
          />
        )}
      </Loaded>
    </>
  );
}

/** What the API said of the dispute, with the answer form where the caller may answer. */
function DisputeShown({
  d,
  route,
  next,
  answerForm,
}: {
  d: DisputeAnswer;
  route: PageProps['route'];
  next: ReturnType<typeof kindsFor>;
  answerForm: preact.ComponentChildren;
}) {
  const { disputeId } = d;
  const answers = answersOf(d.events);
  const latest = answers.at(-1);
  return (
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
        {latest && <Row label="Answer">{answeredWords(latest)}</Row>}
      </dl>
      {d.issue !== undefined && (
        <>
          <h2 class="govuk-heading-m">The issue</h2>
          <div class="govuk-inset-text app-wrap">{d.issue}</div>
        </>
      )}
      {answers.length > 0 && (
        <>
          <h2 class="govuk-heading-m">Answers</h2>
          {answers.map((a) => (
            <div key={`${a.source}:${a.eventId}`}>
              <h3 class="govuk-heading-s">{answeredWords(a)}</h3>
              {typeof a.event.answer === 'string' && (
                <div class="govuk-inset-text app-wrap">{a.event.answer}</div>
              )}
            </div>
          ))}
        </>
      )}
      {answerForm}
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
  );
}

/**
 * The stage's manager answers: the answer and its date, checked plainly here and by
 * the API, whose refusals the error summary names by question. One eventId per answer
 * sent, so a second click or a retry stores it once.
 */
function AnswerForm({
  api,
  disputeId,
  onAnswered,
}: {
  api: Api;
  disputeId: string;
  onAnswered: (text: string) => void;
}) {
  const [answers, setAnswers] = useState<Answers>({ disputeId });
  const [problems, setProblems] = useState<Problem[]>([]);
  const sending = useRef(false);
  const attempt = useRef<{ body: string; eventId: string } | undefined>(undefined);
  useErrorTitle(problems);
  const labels = new Map(DISPUTE_ANSWER.fields.map((f) => [f.name, f.label] as const));
  const describe = (p: Problem) => problemText(p.field && labels.get(p.field), ruleWords(p.reason));
  const errorOf = (name: string) => {
    const found = problems.filter((p) => p.field === name);
    return found.length > 0 ? found.map(describe).join('. ') : undefined;
  };
  const set = (name: string, value: string) => setAnswers((a) => ({ ...a, [name]: value }));
  const submit = async (e: Event) => {
    e.preventDefault();
    if (sending.current) return;
    const made = assemble(DISPUTE_ANSWER, { ...answers, disputeId });
    if (!made.ok) return setProblems(made.problems);
    sending.current = true;
    const body = JSON.stringify(made.event);
    const eventId = attempt.current?.body === body ? attempt.current.eventId : newEventId();
    attempt.current = { body, eventId };
    const answer = await api.send('POST', '/events', { ...made.event, eventId });
    sending.current = false;
    if (!answer.ok) return setProblems([...answer.problems]);
    setProblems([]);
    onAnswered(
      `Your answer to dispute ${disputeId} is recorded, ${dateWords(String(made.event.date))}`,
    );
  };
  return (
    <>
      <ErrorSummary problems={problems} describe={describe} linked={(field) => labels.has(field)} />
      <h2 class="govuk-heading-m">{DISPUTE_ANSWER.title}</h2>
      <p class="govuk-body">{DISPUTE_ANSWER.hint}.</p>
      <form noValidate onSubmit={submit}>
        {DISPUTE_ANSWER.fields
          .filter((f) => f.name !== 'disputeId')
          .map((field) => (
            <FieldInput
              key={field.name}
              field={field}
              answers={answers}
              error={errorOf(field.name)}
              set={set}
            />
          ))}
        <button type="submit" class="govuk-button">
          Send the answer
        </button>
      </form>
    </>
  );
}
