/**
 * Import a return (administrators): the SSDA903 return's episodes and reviews tables,
 * sent to `POST /imports` as text. The API accounts for every row at once; the events
 * are recorded afterwards, so the page follows `GET /imports/{id}` until it is done.
 * Rows refused, and rows imported with a warning (a DfE rule broken by a field the
 * clocks do not need), are listed as the API words them: file, line, field and rule,
 * never a value from the files.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Answer, Api, Problem } from '../api.js';
import { ErrorSummary, fieldId } from '../components/error-summary.js';
import { TextInput } from '../components/form-fields.js';
import type { PageProps } from '../context.js';
import { EVENT_NAMES } from '../forms/events.js';

type Counts = Readonly<Record<string, number>>;
type TableRows = {
  imported: number;
  importedWithWarnings?: number;
  notNeeded: number;
  refused: number;
};

/** `GET /imports/{id}`, as much of it as the page shows. */
export interface ImportState {
  readonly importId: string;
  readonly status: 'running' | 'done' | 'failed';
  readonly chunks: { total: number; recorded: number };
  readonly rowsRead: { episodes: number; reviews: number };
  readonly rows: { episodes: TableRows; reviews: TableRows };
  /** Rows mapped against a child's recorded history when their part is recorded. */
  readonly rowsWithHistory?: { children: number; episodes: number; reviews: number };
  readonly rowsRefused: Counts;
  readonly eventsWritten: Counts;
  readonly eventsAlreadyRecorded: Counts;
  readonly eventsRefused: Counts;
  readonly problems: readonly string[];
  readonly problemCount: number;
  readonly rowsWarned?: Counts;
  readonly warnings?: readonly string[];
  readonly warningCount?: number;
}

const TABLES = ['episodes', 'reviews'] as const;
const LABELS: Record<(typeof TABLES)[number], string> = {
  episodes: 'Episodes table (CHILD, DECOM, RNE, LS, ...)',
  reviews: 'Reviews table (CHILD, DOB, REVIEW, REVIEW_CODE)',
};
/** How often the page asks how the recording is going. */
const FOLLOW_EVERY_MS = 2_000;

export function Import({ api }: PageProps) {
  const [problems, setProblems] = useState<readonly Problem[]>([]);
  const [sending, setSending] = useState(false);
  const [state, setState] = useState<ImportState | undefined>(undefined);
  const [yearEnd, setYearEnd] = useState('');

  useEffect(() => {
    if (state?.status !== 'running') return;
    const timer = setTimeout(async () => {
      const next = await api.get<ImportState>(`/imports/${encodeURIComponent(state.importId)}`);
      if (next.ok) setState(next.body);
      else setProblems(next.problems);
    }, FOLLOW_EVERY_MS);
    return () => clearTimeout(timer);
  }, [api, state]);

  const submit = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const missing: Problem[] = [];
    const texts: Partial<Record<(typeof TABLES)[number], string>> = {};
    for (const table of TABLES) {
      const file = (form.elements.namedItem(table) as HTMLInputElement).files?.[0];
      if (!file) missing.push({ field: table, reason: 'choose the CSV file of this table' });
      else texts[table] = await file.text();
    }
    setProblems(missing);
    if (missing.length > 0) return;
    setSending(true);
    const body = yearEnd.trim() === '' ? texts : { ...texts, yearEnd: yearEnd.trim() };
    const answer = await api.send<ImportState>('POST', '/imports', body);
    setSending(false);
    if (answer.ok) setState(answer.body);
    else setProblems(answer.problems);
  };

  const errorOf = (field: string) => problems.filter((p) => p.field === field);
  return (
    <>
      <ErrorSummary problems={problems} />
      <p class="govuk-body">
        Bring in the council's looked-after history from its SSDA903 return. Each row becomes
        ordinary case events, checked by the same rules as events recorded by hand. Importing the
        same files again adds nothing; next year's files add only what is new. Dates of birth,
        postcodes and URNs are read to check the rows, then dropped.
      </p>
      <form onSubmit={submit} noValidate>
        {TABLES.map((table) => {
          const errors = errorOf(table);
          return (
            <div
              key={table}
              class={`govuk-form-group${errors.length > 0 ? ' govuk-form-group--error' : ''}`}
            >
              <label class="govuk-label govuk-label--s" for={fieldId(table)}>
                {LABELS[table]}
              </label>
              {errors.map((p) => (
                <p class="govuk-error-message" key={p.reason}>
                  <span class="govuk-visually-hidden">Error:</span> {p.reason}
                </p>
              ))}
              <input
                class={`govuk-file-upload${errors.length > 0 ? ' govuk-file-upload--error' : ''}`}
                id={fieldId(table)}
                name={table}
                type="file"
                accept=".csv,text/csv"
              />
            </div>
          );
        })}
        <TextInput
          id={fieldId('yearEnd')}
          label="The return's year end (optional)"
          hint="As YYYY-MM-DD, for example 2018-03-31. Rows dated after it, or after today, are refused. If left blank, the 31 March on or after the latest start of an episode."
          value={yearEnd}
          error={errorOf('yearEnd')[0]?.reason}
          width="govuk-input--width-10"
          onInput={setYearEnd}
        />
        <button type="submit" class="govuk-button" disabled={sending}>
          {sending ? 'Uploading…' : 'Upload and import'}
        </button>
      </form>
      {state && <ImportReport api={api} state={state} />}
    </>
  );
}

const rowsOfCounts = (counts: Counts) =>
  Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** An event count's key in words: "LacReviewHeld: dated after today" as "Looked-after review held: dated after today". */
export function countWords(key: string): string {
  const [type = '', ...rest] = key.split(': ');
  const name = EVENT_NAMES[type];
  return name ? [name, ...rest].join(': ') : key;
}

/** A CSV cell: quoted, its quotes doubled, so a comma or a line break stays in the cell. */
const csvCell = (value: string | number) => `"${String(value).replaceAll('"', '""')}"`;

/**
 * The refusals as a CSV an administrator can open and work through: every count by
 * reason, and each refusal by line (every one, as `GET /imports/{id}/refusals` keeps them).
 */
export function refusalsCsv(state: ImportState, lines: readonly string[] = state.problems): string {
  const rows = [['what', 'reason or line', 'count'].map(csvCell).join(',')];
  for (const [key, count] of rowsOfCounts(state.rowsRefused)) {
    rows.push(['row refused', key, count].map(csvCell).join(','));
  }
  for (const [key, count] of rowsOfCounts(state.eventsRefused)) {
    rows.push(['event refused', countWords(key), count].map(csvCell).join(','));
  }
  for (const line of lines) rows.push(['by line', line, 1].map(csvCell).join(','));
  return `${rows.join('\r\n')}\r\n`;
}

/** How many rows and events were refused in all. */
const refusedIn = (state: ImportState) =>
  [...Object.values(state.rowsRefused), ...Object.values(state.eventsRefused)].reduce(
    (a, b) => a + b,
    0,
  );

/** Every refusal line of the upload, page after page; undefined when a page cannot be had. */
async function everyRefusal(api: Api, importId: string): Promise<string[] | undefined> {
  const lines: string[] = [];
  let page: number | undefined = 0;
  while (page !== undefined) {
    const answer: Answer<{ lines: string[]; nextPage?: number }> = await api.get(
      `/imports/${encodeURIComponent(importId)}/refusals`,
      page === 0 ? undefined : { page: String(page) },
    );
    if (!answer.ok) return undefined;
    lines.push(...answer.body.lines);
    page = answer.body.nextPage;
  }
  return lines;
}

/**
 * A link that downloads the refusals as a CSV file, every one: once every part is
 * recorded, the page fetches all the lines the API keeps and makes the file.
 */
function RefusalsDownload({ api, state }: { api: Api; state: ImportState }) {
  const [made, setMade] = useState<{ url: string } | 'failed' | undefined>(undefined);
  useEffect(() => {
    if (state.status === 'running') return;
    let gone = false;
    let url: string | undefined;
    everyRefusal(api, state.importId).then((lines) => {
      if (gone) return;
      if (lines === undefined) {
        setMade('failed');
        return;
      }
      url = URL.createObjectURL(new Blob([refusalsCsv(state, lines)], { type: 'text/csv' }));
      setMade({ url });
    });
    return () => {
      gone = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [api, state]);
  if (state.status === 'running') {
    return (
      <p class="govuk-body">
        Every refusal can be downloaded as a CSV file once every part is recorded.
      </p>
    );
  }
  if (made === 'failed') {
    return (
      <p class="govuk-body">
        The refusals could not be fetched for the download. Reload the page to try again.
      </p>
    );
  }
  if (!made) return <p class="govuk-body">Preparing the refusals for download…</p>;
  // The link alone in its paragraph: focused, it loses its underline (GOV.UK's focus style).
  return (
    <>
      <p class="govuk-body">
        <a class="govuk-link" href={made.url} download={`refusals-${state.importId}.csv`}>
          Download the refusals (CSV)
        </a>
      </p>
      {state.problemCount > state.problems.length && (
        <p class="govuk-body">
          The file has every count by reason, and all {state.problemCount} refusals by line.
        </p>
      )}
    </>
  );
}

function CountsTable({ caption, counts, what }: { caption: string; counts: Counts; what: string }) {
  const rows = rowsOfCounts(counts).map(([key, count]) => [countWords(key), count] as const);
  if (rows.length === 0) return null;
  return (
    <table class="govuk-table">
      <caption class="govuk-table__caption govuk-table__caption--s">{caption}</caption>
      <thead class="govuk-table__head">
        <tr class="govuk-table__row">
          <th scope="col" class="govuk-table__header">
            {what}
          </th>
          <th scope="col" class="govuk-table__header govuk-table__header--numeric">
            Count
          </th>
        </tr>
      </thead>
      <tbody class="govuk-table__body">
        {rows.map(([name, count]) => (
          <tr class="govuk-table__row" key={name}>
            <td class="govuk-table__cell app-wrap">{name}</td>
            <td class="govuk-table__cell govuk-table__cell--numeric">{count}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** What became of every row, and how far the recording has got. */
export function ImportReport({ api, state }: { api: Api; state: ImportState }) {
  const status =
    state.status === 'running'
      ? `Recording: ${state.chunks.recorded} of ${state.chunks.total} parts done`
      : state.status === 'done'
        ? refusedIn(state) > 0
          ? `Done, with ${refusedIn(state)} refused: every part is recorded, and what was refused is listed below`
          : 'Done: every part is recorded'
        : 'Failed: some parts could not be recorded. Upload the same files again to record what is missing.';
  return (
    <section aria-labelledby="import-report">
      <h2 class="govuk-heading-m" id="import-report">
        Import {state.importId}
      </h2>
      <p class="govuk-body" role="status">
        {status}
      </p>
      {state.status === 'running' && (state.rowsWithHistory?.children ?? 0) > 0 && (
        <p class="govuk-body">
          The rows of {state.rowsWithHistory?.children} children whose care began before these files
          ({state.rowsWithHistory?.episodes} episodes, {state.rowsWithHistory?.reviews} reviews) are
          read against the history already recorded for them, and counted below once their part is
          recorded.
        </p>
      )}
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-table__caption--s">Rows, per table</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">
              Table
            </th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">
              Read
            </th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">
              Turned into events
            </th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">
              With warnings
            </th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">
              Not needed
            </th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">
              Refused
            </th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {TABLES.map((table) => (
            <tr class="govuk-table__row" key={table}>
              <th scope="row" class="govuk-table__header">
                {table}
              </th>
              <td class="govuk-table__cell govuk-table__cell--numeric">{state.rowsRead[table]}</td>
              <td class="govuk-table__cell govuk-table__cell--numeric">
                {state.rows[table].imported}
              </td>
              <td class="govuk-table__cell govuk-table__cell--numeric">
                {state.rows[table].importedWithWarnings ?? 0}
              </td>
              <td class="govuk-table__cell govuk-table__cell--numeric">
                {state.rows[table].notNeeded}
              </td>
              <td class="govuk-table__cell govuk-table__cell--numeric">
                {state.rows[table].refused}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <CountsTable caption="Events written" counts={state.eventsWritten} what="Event" />
      <CountsTable
        caption="Events already recorded"
        counts={state.eventsAlreadyRecorded}
        what="Event"
      />
      <CountsTable
        caption="Events refused by the rules"
        counts={state.eventsRefused}
        what="Event and reason"
      />
      <CountsTable caption="Rows refused" counts={state.rowsRefused} what="Table and rule" />
      <CountsTable
        caption="Rows imported with warnings"
        counts={state.rowsWarned ?? {}}
        what="Table and rule"
      />
      {refusedIn(state) > 0 && <RefusalsDownload api={api} state={state} />}
      {state.problems.length > 0 && (
        <details class="govuk-details">
          <summary class="govuk-details__summary">
            <span class="govuk-details__summary-text">
              Rows refused, by line ({state.problemCount}
              {state.problemCount > state.problems.length
                ? `; the first ${state.problems.length} shown`
                : ''}
              )
            </span>
          </summary>
          <div class="govuk-details__text">
            <ul class="govuk-list">
              {state.problems.map((line) => (
                <li key={line} class="app-wrap">
                  {line}
                </li>
              ))}
            </ul>
          </div>
        </details>
      )}
      <LinesByRow
        title="Rows imported with warnings, by line"
        lines={state.warnings ?? []}
        count={state.warningCount ?? 0}
      />
    </section>
  );
}

/** Lines the API words (`FILE:LINE: FIELD: rule: detail`), folded away, the first ones shown. */
function LinesByRow({
  title,
  lines,
  count,
}: {
  title: string;
  lines: readonly string[];
  count: number;
}) {
  if (lines.length === 0) return null;
  return (
    <details class="govuk-details">
      <summary class="govuk-details__summary">
        <span class="govuk-details__summary-text">
          {title} ({count}
          {count > lines.length ? `; the first ${lines.length} shown` : ''})
        </span>
      </summary>
      <div class="govuk-details__text">
        <ul class="govuk-list">
          {lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </div>
    </details>
  );
}
