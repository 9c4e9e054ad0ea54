/**
 * GOV.UK Design System form components as the pages use them, in GOV.UK Frontend's
 * markup and classes (its stylesheet, not its script): text input, date input, radios,
 * textarea with a character count, and the success notification banner. Each takes
 * the id the error summary links to (`fieldId(field)`), shows its inline error, and
 * ties its hint and error to the input with aria-describedby.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

const describedBy = (...ids: (string | false | undefined)[]) => {
  const joined = ids.filter(Boolean).join(' ');
  return joined === '' ? {} : { 'aria-describedby': joined };
};

const groupClass = (error: string | undefined, extra = '') =>
  `govuk-form-group${error ? ' govuk-form-group--error' : ''}${extra ? ` ${extra}` : ''}`;

export function ErrorMessage({ id, text }: { id: string; text: string | undefined }) {
  if (!text) return null;
  return (
    <p id={id} class="govuk-error-message">
      <span class="govuk-visually-hidden">Error:</span> {text}
    </p>
  );
}

function Hint({ id, text }: { id: string; text: string | undefined }) {
  return text ? (
    <div id={id} class="govuk-hint">
      {text}
    </div>
  ) : null;
}

/** A question of several inputs: a fieldset with its legend, hint and error message. */
function Question({
  id,
  legend,
  hint,
  error,
  children,
}: {
  id: string;
  legend: string;
  hint?: string | undefined;
  error?: string | undefined;
  children: ComponentChildren;
}) {
  return (
    <div class={groupClass(error)}>
      <fieldset
        class="govuk-fieldset"
        {...describedBy(hint && `${id}-hint`, error && `${id}-error`)}
      >
        <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        <Hint id={`${id}-hint`} text={hint} />
        <ErrorMessage id={`${id}-error`} text={error} />
        {children}
      </fieldset>
    </div>
  );
}

export function TextInput({
  id,
  label,
  hint,
  value,
  error,
  width = 'govuk-input--width-20',
  onInput,
}: {
  id: string;
  label: string;
  hint?: string | undefined;
  value: string;
  error?: string | undefined;
  width?: string;
  onInput: (value: string) => void;
}) {
  return (
    <div class={groupClass(error)}>
      <label class="govuk-label govuk-label--s" for={id}>
        {label}
      </label>
      <Hint id={`${id}-hint`} text={hint} />
      <ErrorMessage id={`${id}-error`} text={error} />
      <input
        class={`govuk-input ${width}${error ? ' govuk-input--error' : ''}`}
        id={id}
        name={id}
        type="text"
        spellcheck={false}
        autocomplete="off"
        value={value}
        onInput={(e) => onInput(e.currentTarget.value)}
        {...describedBy(hint && `${id}-hint`, error && `${id}-error`)}
      />
    </div>
  );
}

export interface DateBoxes {
  readonly day: string;
  readonly month: string;
  readonly year: string;
}

/**
 * The GOV.UK date input: day, month and year boxes in one fieldset. The day box has
 * the field's own id, so the error summary's link puts the cursor in the first box.
 */
export function DateInput({
  id,
  legend,
  hint,
  value,
  error,
  onInput,
  children,
}: {
  id: string;
  legend: string;
  hint?: string | undefined;
  value: DateBoxes;
  error?: string | undefined;
  onInput: (part: keyof DateBoxes, value: string) => void;
  /** More inputs in the same question (the time of an instant). */
  children?: ComponentChildren;
}) {
  const boxes = [
    { part: 'day', label: 'Day', boxId: id, width: 'govuk-input--width-2' },
    { part: 'month', label: 'Month', boxId: `${id}-month`, width: 'govuk-input--width-2' },
    { part: 'year', label: 'Year', boxId: `${id}-year`, width: 'govuk-input--width-4' },
  ] as const;
  return (
    <Question id={id} legend={legend} hint={hint} error={error}>
      <div class="govuk-date-input">
        {boxes.map((box) => (
          <div class="govuk-date-input__item" key={box.part}>
            <div class="govuk-form-group">
              <label class="govuk-label govuk-date-input__label" for={box.boxId}>
                {box.label}
              </label>
              <input
                class={`govuk-input govuk-date-input__input ${box.width}${error ? ' govuk-input--error' : ''}`}
                id={box.boxId}
                name={box.boxId}
                type="text"
                inputmode="numeric"
                autocomplete="off"
                value={value[box.part]}
                onInput={(e) => onInput(box.part, e.currentTarget.value)}
              />
            </div>
          </div>
        ))}
        {children}
      </div>
    </Question>
  );
}

/** The time of day beside a date input's boxes, in the same fieldset. */
export function TimeBox({
  id,
  value,
  error,
  onInput,
}: {
  id: string;
  value: string;
  error: boolean;
  onInput: (value: string) => void;
}) {
  return (
    <div class="govuk-date-input__item">
      <div class="govuk-form-group">
        <label class="govuk-label govuk-date-input__label" for={id}>
          Time
        </label>
        <input
          class={`govuk-input govuk-date-input__input govuk-input--width-5${error ? ' govuk-input--error' : ''}`}
          id={id}
          name={id}
          type="text"
          autocomplete="off"
          value={value}
          onInput={(e) => onInput(e.currentTarget.value)}
        />
      </div>
    </div>
  );
}

export interface RadioChoice {
  readonly value: string;
  readonly label: string;
  readonly hint?: string | undefined;
}

/**
 * GOV.UK radios in a fieldset. The first radio has the field's own id (the error
 * summary's link lands on it); `or` choices follow a divider, as GOV.UK sets apart
 * an answer such as "not known".
 */
export function Radios({
  id,
  legend,
  hint,
  choices,
  or,
  value,
  error,
  small,
  onChange,
}: {
  id: string;
  legend: string;
  hint?: string | undefined;
  choices: readonly RadioChoice[];
  or?: readonly RadioChoice[] | undefined;
  value: string;
  error?: string | undefined;
  small?: boolean;
  onChange: (value: string) => void;
}) {
  const item = (choice: RadioChoice, index: number) => {
    const itemId = index === 0 ? id : `${id}-${index + 1}`;
    return (
      <div class="govuk-radios__item" key={choice.value}>
        <input
          class="govuk-radios__input"
          id={itemId}
          name={id}
          type="radio"
          value={choice.value}
          checked={value === choice.value}
          onChange={() => onChange(choice.value)}
          {...describedBy(choice.hint && `${itemId}-item-hint`)}
        />
        <label class="govuk-label govuk-radios__label" for={itemId}>
          {choice.label}
        </label>
        {choice.hint && (
          // Not `${itemId}-hint`: the first radio has the question's id, whose hint has that.
          <div id={`${itemId}-item-hint`} class="govuk-hint govuk-radios__hint">
            {choice.hint}
          </div>
        )}
      </div>
    );
  };
  return (
    <Question id={id} legend={legend} hint={hint} error={error}>
      <div class={`govuk-radios${small ? ' govuk-radios--small' : ''}`}>
        {choices.map(item)}
        {or && or.length > 0 && <div class="govuk-radios__divider">or</div>}
        {or?.map((choice, i) => item(choice, choices.length + i))}
      </div>
    </Question>
  );
}

/**
 * A textarea with GOV.UK's character count: the limit said once to a screen reader,
 * what is left shown as you type, and said again only when you pause, not at every key.
 */
export function CharacterCount({
  id,
  label,
  hint,
  value,
  max,
  error,
  rows = 5,
  onInput,
}: {
  id: string;
  label: string;
  hint?: string | undefined;
  value: string;
  max: number;
  error?: string | undefined;
  rows?: number;
  onInput: (value: string) => void;
}) {
  const left = max - value.length;
  const status = countText(left);
  const [spoken, setSpoken] = useState(status);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setSpoken(status), 1000);
    return () => clearTimeout(timer.current);
  }, [status]);
  const over = left < 0;
  return (
    <div class={groupClass(error, 'govuk-character-count')}>
      <label class="govuk-label govuk-label--s" for={id}>
        {label}
      </label>
      <Hint id={`${id}-hint`} text={hint} />
      <ErrorMessage id={`${id}-error`} text={error} />
      <textarea
        class={`govuk-textarea${error || over ? ' govuk-textarea--error' : ''}`}
        id={id}
        name={id}
        rows={rows}
        value={value}
        onInput={(e) => onInput(e.currentTarget.value)}
        {...describedBy(`${id}-info`, hint && `${id}-hint`, error && `${id}-error`)}
      />
      <div
        id={`${id}-info`}
        class="govuk-hint govuk-character-count__message govuk-visually-hidden"
      >
        You can enter up to {max.toLocaleString('en-GB')} characters
      </div>
      <div
        class={`govuk-character-count__status ${over ? 'govuk-error-message' : 'govuk-hint'}`}
        aria-hidden="true"
      >
        {status}
      </div>
      <div class="govuk-character-count__sr-status govuk-visually-hidden" aria-live="polite">
        {spoken}
      </div>
    </div>
  );
}

/** "You have 9,990 characters remaining", or how many too many. */
export function countText(left: number): string {
  const n = Math.abs(left);
  const noun = n === 1 ? 'character' : 'characters';
  return left >= 0
    ? `You have ${n.toLocaleString('en-GB')} ${noun} remaining`
    : `You have ${n.toLocaleString('en-GB')} ${noun} too many`;
}

/**
 * The GOV.UK success banner: focused when it appears, so a screen reader says what
 * was done and the keyboard is next to the link that follows.
 */
export function SuccessBanner({
  heading,
  children,
}: {
  heading: string;
  children?: ComponentChildren;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.focus();
  }, [heading]);
  return (
    <div
      class="govuk-notification-banner govuk-notification-banner--success"
      role="alert"
      aria-labelledby="success-banner-title"
      tabIndex={-1}
      ref={box}
    >
      <div class="govuk-notification-banner__header">
        <h2 class="govuk-notification-banner__title" id="success-banner-title">
          Success
        </h2>
      </div>
      <div class="govuk-notification-banner__content">
        <h3 class="govuk-notification-banner__heading">{heading}</h3>
        {children}
      </div>
    </div>
  );
}
