/**
 * Record an event: first what happened (one of the events recorded by hand, as the
 * signed-in member of staff's roles allow), then its questions as a GOV.UK form. The
 * browser checks what is plain; the API decides, and on a refusal the error summary
 * names each question and the API's reason, and nothing is stored. A retraction picks
 * the event to take back from the child's log (`GET /children/{id}/events`).
 */

import type { ComponentChild } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Api, Problem } from '../api.js';
import { ErrorSummary, fieldId } from '../components/error-summary.js';
import {
  CharacterCount,
  DateInput,
  Radios,
  SuccessBanner,
  TextInput,
  TimeBox,
} from '../components/form-fields.js';
import { Loaded } from '../components/loading.js';
import type { PageProps } from '../context.js';
import {
  type Answers,
  type AuditEntry,
  askedFields,
  assemble,
  type EventKind,
  type Field,
  kindsFor,
  NOT_RECORDED,
  newEventId,
  problemText,
  recordedText,
  retractable,
} from '../forms/events.js';
import { href, navigate } from '../router.js';
import { dateWords, type Obligation, ruleWords, whatIsDue } from '../words.js';
import { ParticipationSuggestion } from './child-views.js';

export function Record({ api, me, route }: PageProps) {
  const kinds = kindsFor(me.roles);
  const chosen = kinds.find((k) => k.id === route.query.get('event'));
  if (!chosen) return <ChooseKind kinds={kinds} />;
  // From a child's or a dispute's page: whose, filled in.
  const given = Object.fromEntries(
    (['childId', 'disputeId'] as const).flatMap((name) => {
      const value = route.query.get(name);
      return value && chosen.fields.some((f) => f.name === name) ? [[name, value]] : [];
    }),
  );
  return <EventForm key={chosen.id} kind={chosen} api={api} given={given} />;
}

/** "Error: " before the page's title while a form shows problems, as GOV.UK asks. */
export function useErrorTitle(problems: readonly Problem[]) {
  useEffect(() => {
    const base = document.title.replace(/^Error: /, '');
    document.title = problems.length > 0 ? `Error: ${base}` : base;
  }, [problems]);
}

/** The first step: which event to record. */
function ChooseKind({ kinds }: { kinds: readonly EventKind[] }) {
  const [value, setValue] = useState('');
  const [problems, setProblems] = useState<Problem[]>([]);
  useErrorTitle(problems);
  const label = 'What do you want to record?';
  const error = problems.find((p) => p.field === 'event');
  return (
    <>
      <ErrorSummary problems={problems} describe={(p) => problemText('What to record', p.reason)} />
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (value === '') setProblems([{ field: 'event', reason: 'must be chosen' }]);
          else navigate('/record', { event: value });
        }}
      >
        <Radios
          id={fieldId('event')}
          legend={label}
          choices={kinds.map((k) => ({ value: k.id, label: k.title, hint: k.hint }))}
          value={value}
          error={error && problemText('What to record', error.reason)}
          onChange={setValue}
        />
        <button type="submit" class="govuk-button">
          Continue
        </button>
      </form>
    </>
  );
}

/** The questions of one kind of event, and what the API said of the answers. */
function EventForm({ kind, api, given }: { kind: EventKind; api: Api; given: Answers }) {
  const [answers, setAnswers] = useState<Answers>(given);
  const [problems, setProblems] = useState<Problem[]>([]);
  // Refs, not state: a second click before the page draws again must see the first.
  const sending = useRef(false);
  const [recorded, setRecorded] = useState<
    { text: string; childId: string | undefined } | undefined
  >(undefined);
  // The id sent with the last answers: sent again only with the same answers.
  const attempt = useRef<{ body: string; eventId: string } | undefined>(undefined);
  useErrorTitle(problems);
  const set = (name: string, value: string) => setAnswers((a) => ({ ...a, [name]: value }));
  const labels = new Map<string, string>([
    ['childId', "Child's reference"],
    ['carerId', "Foster carer's reference"],
    ...kind.fields.map((f) => [f.name, f.label] as const),
  ]);
  // The API writes its dates YYYY-MM-DD; people read them in words.
  const describe = (p: Problem) => problemText(p.field && labels.get(p.field), ruleWords(p.reason));
  const errorOf = (name: string) => {
    const found = problems.filter((p) => p.field === name);
    return found.length > 0 ? found.map(describe).join('. ') : undefined;
  };
  /** The form's questions, each with its error. */
  const questions = (fields: readonly Field[]) =>
    fields.map((field) => (
      <FieldInput
        key={field.name}
        field={field}
        answers={answers}
        error={errorOf(field.name)}
        set={set}
      />
    ));

  if (recorded) {
    return (
      <>
        <SuccessBanner heading={recorded.text}>
          <p class="govuk-body">
            <a class="govuk-notification-banner__link" href={href('/record')}>
              Record another event
            </a>
            {recorded.childId && (
              <>
                {' or '}
                <a
                  class="govuk-notification-banner__link"
                  href={href('/child', { id: recorded.childId })}
                >
                  go to child {recorded.childId}'s page
                </a>
              </>
            )}
          </p>
        </SuccessBanner>
        {recorded.childId && <NowDue api={api} childId={recorded.childId} />}
      </>
    );
  }

  const retraction = kind.type === 'EventRetracted';
  const submit = async (e: Event) => {
    e.preventDefault();
    if (sending.current) return;
    const made = assemble(kind, answers);
    if (!made.ok) return setProblems(made.problems);
    sending.current = true;
    const body = JSON.stringify(made.event);
    const eventId = attempt.current?.body === body ? attempt.current.eventId : newEventId();
    attempt.current = { body, eventId };
    // A retraction's eventId names the event taken back; its own id is the API's.
    const event = retraction ? made.event : { ...made.event, eventId };
    const answer = await api.send('POST', '/events', event);
    sending.current = false;
    if (answer.ok) {
      setProblems([]);
      const childId = made.event.childId;
      setRecorded({
        text: recordedText(kind, made.event),
        childId: typeof childId === 'string' && !retraction ? childId : undefined,
      });
    } else setProblems([...answer.problems]);
  };

  const asked = askedFields(kind, answers);
  return (
    <>
      <a href={href('/record')} class="govuk-back-link">
        Back
      </a>
      <ErrorSummary problems={problems} describe={describe} linked={(field) => labels.has(field)} />
      <h2 class="govuk-heading-m">{kind.title}</h2>
      {retraction && (
        <FindEvents
          api={api}
          childId={answers.childId ?? ''}
          setChildId={(value) => {
            set('childId', value);
            set('eventId', '');
          }}
          error={errorOf('childId')}
          onProblems={setProblems}
          render={(choices) => (
            <Radios
              id={fieldId('eventId')}
              legend="The event to take back"
              hint="Latest recorded first"
              choices={choices}
              value={answers.eventId ?? ''}
              error={errorOf('eventId')}
              small
              onChange={(value) => set('eventId', value)}
            />
          )}
        >
          {(chosen) => (
            <form noValidate onSubmit={submit}>
              {chosen}
              {questions(asked.filter((f) => f.kind !== 'event'))}
              <button type="submit" class="govuk-button govuk-button--warning">
                Submit
              </button>
            </form>
          )}
        </FindEvents>
      )}
      {kind.id === 'review-held' && (
        <ParticipationSuggestion api={api} childId={answers.childId ?? ''} />
      )}
      {!retraction && (
        <form noValidate onSubmit={submit}>
          {questions(asked)}
          <button type="submit" class="govuk-button">
            Submit
          </button>
        </form>
      )}
    </>
  );
}

/**
 * What is due for the child now that the event is recorded, as their clocks planned it
 * (the API answers once the workflows have planned: the board it reads is theirs).
 */
function NowDue({ api, childId }: { api: Api; childId: string }) {
  return (
    <Loaded
      load={() =>
        api.get<{ obligations: Obligation[] }>(
          `/children/${encodeURIComponent(childId)}/obligations`,
        )
      }
      loadKey={childId}
    >
      {({ obligations }) => (
        <>
          <h2 class="govuk-heading-m">Now due for child {childId}</h2>
          {obligations.length > 0 ? (
            <ul class="govuk-list govuk-list--bullet">
              {obligations.map((o) => (
                <li key={`${o.kind}|${o.refId ?? ''}|${o.stage ?? ''}|${o.due}`}>
                  {whatIsDue(o.kind, o.stage)}: by {dateWords(o.due)}
                  {o.overdue && ' (overdue)'}
                </li>
              ))}
            </ul>
          ) : (
            <p class="govuk-body">Nothing is due for child {childId}.</p>
          )}
        </>
      )}
    </Loaded>
  );
}

/** One question, as the GOV.UK component its field calls for. */
export function FieldInput({
  field,
  answers,
  error,
  set,
}: {
  field: Field;
  answers: Answers;
  error: string | undefined;
  set: (name: string, value: string) => void;
}) {
  const id = fieldId(field.name);
  const value = (name: string) => answers[name] ?? '';
  const boxes = {
    day: value(`${field.name}.day`),
    month: value(`${field.name}.month`),
    year: value(`${field.name}.year`),
  };
  switch (field.kind) {
    case 'text':
      return (
        <TextInput
          id={id}
          label={field.label}
          hint={field.hint}
          value={value(field.name)}
          error={error}
          width="govuk-input--width-10"
          onInput={(v) => set(field.name, v)}
        />
      );
    case 'date':
    case 'instant':
      return (
        <DateInput
          id={id}
          legend={field.label}
          hint={field.hint}
          value={boxes}
          error={error}
          onInput={(part, v) => set(`${field.name}.${part}`, v)}
        >
          {field.kind === 'instant' && (
            <TimeBox
              id={`${id}-time`}
              value={value(`${field.name}.time`)}
              error={Boolean(error)}
              onInput={(v) => set(`${field.name}.time`, v)}
            />
          )}
        </DateInput>
      );
    case 'radios':
      return (
        <Radios
          id={id}
          legend={field.label}
          hint={field.hint}
          choices={field.choices}
          or={field.notRecorded ? [{ value: NOT_RECORDED, label: field.notRecorded }] : undefined}
          value={value(field.name)}
          error={error}
          small={field.choices.length > 4}
          onChange={(v) => set(field.name, v)}
        />
      );
    case 'textarea':
      return (
        <CharacterCount
          id={id}
          label={field.label}
          hint={field.hint}
          value={value(field.name)}
          max={field.max}
          error={error}
          onInput={(v) => set(field.name, v)}
        />
      );
    case 'event':
      return null;
  }
}

/**
 * The retraction's first question: whose log. Finds the child's events (IROs, managers
 * and administrators may read the log), then shows the rest of the form with the events
 * that may be taken back.
 */
function FindEvents({
  api,
  childId,
  setChildId,
  error,
  onProblems,
  render,
  children,
}: {
  api: Api;
  childId: string;
  setChildId: (value: string) => void;
  error: string | undefined;
  onProblems: (problems: Problem[]) => void;
  render: (choices: { value: string; label: string; hint: string }[]) => ComponentChild;
  children: (chosen: ComponentChild) => ComponentChild;
}) {
  const [found, setFound] = useState<
    { childId: string; choices: { value: string; label: string; hint: string }[] } | undefined
  >(undefined);
  const [finding, setFinding] = useState(false);
  const find = async (e: Event) => {
    e.preventDefault();
    const wanted = childId.trim();
    if (wanted === '') return onProblems([{ field: 'childId', reason: 'is required' }]);
    setFinding(true);
    const answer = await api.get<{ events: AuditEntry[] }>(
      `/children/${encodeURIComponent(wanted)}/events`,
    );
    setFinding(false);
    if (!answer.ok) {
      setFound(undefined);
      return onProblems(
        answer.problems.map((p) => (answer.status === 404 ? { ...p, field: 'childId' } : p)),
      );
    }
    onProblems([]);
    setFound({
      childId: wanted,
      choices: retractable(answer.body.events).map((c) => ({
        value: c.eventId,
        label: c.label,
        hint: c.hint,
      })),
    });
  };
  const current = found && found.childId === childId.trim() ? found : undefined;
  return (
    <>
      <form noValidate onSubmit={find}>
        <TextInput
          id={fieldId('childId')}
          label="Child's reference"
          hint="Whose log the event is in, for example C1"
          value={childId}
          error={error}
          width="govuk-input--width-10"
          onInput={setChildId}
        />
        <button type="submit" class="govuk-button govuk-button--secondary">
          Find the child's events
        </button>
      </form>
      {finding && (
        <p class="govuk-body" role="status">
          Finding the child's events…
        </p>
      )}
      {current && current.choices.length === 0 && (
        <p class="govuk-body">Nothing recorded for child {current.childId} can be taken back.</p>
      )}
      {current && current.choices.length > 0 && children(render(current.choices))}
    </>
  );
}
