/**
 * The young person's page (architecture.md, "The child's voice"): no sign-in, and none
 * of the work tray's code. Its link carries the key after `#`, which no server
 * receives; the page sends it in the body of two requests (may it be used? here are my
 * answers) and keeps nothing: no storage, no cookie, and once sent the key leaves the
 * address bar. Plain words for a reader of about 9; GOV.UK patterns; large targets.
 */
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

type Choice = 'yes' | 'no' | 'not-sure';
type Safe = 'yes' | 'no' | 'not-said';
interface Answers {
  attend?: Choice;
  goingWell: string;
  change: string;
  words: string;
  feelsSafe?: Safe;
  advocate?: Choice;
}
type Stage = 'loading' | 'closed' | 'asking' | 'sending' | 'sent' | 'failed';

/** Each box takes this many letters, so the three together stay under the 5,000 the system keeps. */
const MAX_LETTERS = 1_600;

const root = document.getElementById('app') as HTMLElement;
document.body.classList.add('govuk-frontend-supported');

/** The key, read once when the page opens: the part of the link after `#`. */
const key = location.hash.replace(/^#/, '');

async function apiUrl(): Promise<string> {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error('config');
  return ((await response.json()) as { apiUrl?: string }).apiUrl ?? '';
}

async function post(path: string, body: unknown): Promise<Response> {
  return await fetch(`${await apiUrl()}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    cache: 'no-store',
    credentials: 'omit',
    referrerPolicy: 'no-referrer',
  });
}

/** Takes the key out of the address bar and this page's history entry. */
const forgetKey = () => history.replaceState(null, '', location.pathname);

function Page({ children }: { children: preact.ComponentChildren }) {
  return (
    <>
      <header class="govuk-header" data-module="govuk-header">
        <div class="govuk-header__container govuk-width-container">
          <span class="govuk-header__link govuk-header__service-name">Have your say</span>
        </div>
      </header>
      <div class="govuk-width-container">
        <main class="govuk-main-wrapper" id="main-content">
          {children}
        </main>
      </div>
    </>
  );
}

function Closed() {
  return (
    <Page>
      <h1 class="govuk-heading-l">This link no longer works</h1>
      <p class="govuk-body-l">Ask your IRO for a new one.</p>
      <p class="govuk-body">
        Your IRO is the person who runs your review meetings. Your social worker or carer can help
        you ask them.
      </p>
    </Page>
  );
}

function Radios(props: {
  name: string;
  legend: string;
  hint?: string;
  options: readonly (readonly [string, string])[];
  value: string | undefined;
  error?: string;
  onChange: (value: string) => void;
}) {
  const hintId = `${props.name}-hint`;
  const errorId = `${props.name}-error`;
  const described = [props.hint ? hintId : '', props.error ? errorId : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div class={`govuk-form-group${props.error ? ' govuk-form-group--error' : ''}`}>
      <fieldset class="govuk-fieldset" {...(described ? { 'aria-describedby': described } : {})}>
        <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">
          <h2 class="govuk-fieldset__heading">{props.legend}</h2>
        </legend>
        {props.hint ? (
          <div class="govuk-hint" id={hintId}>
            {props.hint}
          </div>
        ) : null}
        {props.error ? (
          <p class="govuk-error-message" id={errorId}>
            <span class="govuk-visually-hidden">Error:</span> {props.error}
          </p>
        ) : null}
        <div class="govuk-radios" data-module="govuk-radios">
          {props.options.map(([value, label], i) => (
            <div class="govuk-radios__item" key={value}>
              <input
                class="govuk-radios__input"
                id={i === 0 ? props.name : `${props.name}-${value}`}
                name={props.name}
                type="radio"
                value={value}
                checked={props.value === value}
                onChange={() => props.onChange(value)}
              />
              <label
                class="govuk-label govuk-radios__label"
                for={i === 0 ? props.name : `${props.name}-${value}`}
              >
                {label}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

function Box(props: {
  name: 'goingWell' | 'change' | 'words';
  label: string;
  hint: string;
  value: string;
  onInput: (value: string) => void;
}) {
  return (
    <div class="govuk-form-group">
      <h2 class="govuk-label-wrapper">
        <label class="govuk-label govuk-label--m" for={props.name}>
          {props.label}
        </label>
      </h2>
      <div class="govuk-hint" id={`${props.name}-hint`}>
        {props.hint}
      </div>
      <textarea
        class="govuk-textarea"
        id={props.name}
        name={props.name}
        rows={4}
        maxLength={MAX_LETTERS}
        aria-describedby={`${props.name}-hint`}
        value={props.value}
        onInput={(e) => props.onInput((e.target as HTMLTextAreaElement).value)}
      />
    </div>
  );
}

const YES_NO_NOT_SURE = [
  ['yes', 'Yes'],
  ['no', 'No'],
  ['not-sure', 'Not sure'],
] as const;

function Form({ onSent, onClosed }: { onSent: () => void; onClosed: () => void }) {
  const blank: Answers = { goingWell: '', change: '', words: '' };
  const [answers, setAnswers] = useState<Answers>(blank);
  const [missing, setMissing] = useState<('attend' | 'feelsSafe')[]>([]);
  const [sending, setSending] = useState(false);
  const [failed, setFailed] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (missing.length > 0 || failed) summary.current?.focus();
  }, [missing, failed]);
  const set = (change: Partial<Answers>) => setAnswers({ ...answers, ...change });
  const MESSAGES = {
    attend: 'Say if you would like to come to your review',
    feelsSafe: 'Say if you feel safe where you live',
  } as const;

  const send = async (event: Event) => {
    event.preventDefault();
    const gaps = (['attend', 'feelsSafe'] as const).filter((f) => !answers[f]);
    setMissing(gaps);
    if (gaps.length > 0) return;
    setSending(true);
    setFailed(false);
    try {
      const response = await post('/views/answers', { link: key, answers });
      if (response.status === 201) {
        setAnswers(blank);
        onSent();
      } else if (response.status === 404) onClosed();
      else setFailed(true);
    } catch {
      setFailed(true);
    } finally {
      setSending(false);
    }
  };

  return (
    <Page>
      {missing.length > 0 || failed ? (
        <div class="govuk-error-summary" ref={summary} tabIndex={-1}>
          <div role="alert">
            <h2 class="govuk-error-summary__title">There is a problem</h2>
            <div class="govuk-error-summary__body">
              <ul class="govuk-list govuk-error-summary__list">
                {failed ? <li>Your answers were not sent. Please try again.</li> : null}
                {missing.map((field) => (
                  <li key={field}>
                    <a
                      href={`#${field}`}
                      onClick={(e) => {
                        // The address keeps its key: move to the question without changing it.
                        e.preventDefault();
                        document.getElementById(field)?.focus();
                      }}
                    >
                      {MESSAGES[field]}
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          </div>
        </div>
      ) : null}
      <h1 class="govuk-heading-l">Have your say before your review</h1>
      <p class="govuk-body">
        Your review is a meeting about you and your plans. Tell your IRO what you think. Your IRO is
        the person who runs the meeting.
      </p>
      <p class="govuk-body">
        Only your IRO, your social worker and their managers will read this. You can skip the
        questions with boxes.
      </p>
      <form onSubmit={send} noValidate>
        <Radios
          name="attend"
          legend="Would you like to come to your review?"
          options={YES_NO_NOT_SURE}
          value={answers.attend}
          {...(missing.includes('attend') ? { error: MESSAGES.attend } : {})}
          onChange={(v) => set({ attend: v as Choice })}
        />
        <Box
          name="goingWell"
          label="What is going well for you?"
          hint="For example at home, at school or with friends."
          value={answers.goingWell}
          onInput={(v) => set({ goingWell: v })}
        />
        <Box
          name="change"
          label="What would you like to change?"
          hint="Anything you would like to be different."
          value={answers.change}
          onInput={(v) => set({ change: v })}
        />
        <Box
          name="words"
          label="Is there anything else you want your IRO to know?"
          hint="You can write as much or as little as you like."
          value={answers.words}
          onInput={(v) => set({ words: v })}
        />
        <Radios
          name="feelsSafe"
          legend="Do you feel safe where you live?"
          options={[
            ['yes', 'Yes'],
            ['no', 'No'],
            ['not-said', 'I would rather not say'],
          ]}
          value={answers.feelsSafe}
          {...(missing.includes('feelsSafe') ? { error: MESSAGES.feelsSafe } : {})}
          onChange={(v) => set({ feelsSafe: v as Safe })}
        />
        {answers.feelsSafe === 'no' ? (
          <div class="govuk-inset-text">
            Thank you for telling us. When you send this, your IRO and your social worker will be
            told straight away. If you are in danger now, call 999. You can talk to Childline for
            free at any time on 0800 1111.
          </div>
        ) : null}
        <Radios
          name="advocate"
          legend="Would you like an advocate?"
          hint="An advocate is someone on your side. They can help you say what you think."
          options={YES_NO_NOT_SURE}
          value={answers.advocate}
          onChange={(v) => set({ advocate: v as Choice })}
        />
        <button type="submit" class="govuk-button" data-module="govuk-button" disabled={sending}>
          Send my answers
        </button>
      </form>
    </Page>
  );
}

function Sent() {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <Page>
      <div class="govuk-panel govuk-panel--confirmation">
        <h1 class="govuk-panel__title" ref={heading} tabIndex={-1}>
          Thank you
        </h1>
        <div class="govuk-panel__body">Your answers have been sent</div>
      </div>
      <p class="govuk-body">
        Your IRO and your social worker will read what you said before your review. Their managers
        can read it too.
      </p>
      <p class="govuk-body">Nothing you wrote is kept on this phone. You can close this page.</p>
    </Page>
  );
}

function YoungPersonPage() {
  const [stage, setStage] = useState<Stage>('loading');
  useEffect(() => {
    if (!key) {
      setStage('closed');
      return;
    }
    post('/views/open', { link: key })
      .then((response) => setStage(response.ok ? 'asking' : 'closed'))
      .catch(() => setStage('failed'));
  }, []);
  if (stage === 'loading') {
    return (
      <Page>
        <p class="govuk-body" role="status">
          Loading…
        </p>
      </Page>
    );
  }
  if (stage === 'closed') return <Closed />;
  if (stage === 'failed') {
    return (
      <Page>
        <h1 class="govuk-heading-l">Sorry, this page is not working</h1>
        <p class="govuk-body">Please try again later.</p>
      </Page>
    );
  }
  if (stage === 'sent') return <Sent />;
  return (
    <Form
      onSent={() => {
        forgetKey();
        setStage('sent');
      }}
      onClosed={() => {
        forgetKey();
        setStage('closed');
      }}
    />
  );
}

render(<YoungPersonPage />, root);
