/**
 * The young person's views on their page in the tray (architecture.md, "The child's
 * voice"): their allocated IRO or social worker makes a link for the next review and
 * passes it on (copied, as a QR code drawn here from the link alone, or printed), or
 * withdraws it; they and managers read the views beside the review they were for, and
 * record that they acted on an "I don't feel safe". Nothing shows for anyone else (the
 * API answers 403).
 */
import { useEffect, useState } from 'preact/hooks';
import { encode } from 'uqr';
import { PARTICIPATION_WORDS } from '../../../workflows/participation.js';
import type { Answer, Problem } from '../api.js';
import { Loaded } from '../components/loading.js';
import type { PageProps } from '../context.js';
import { suggestedParticipation } from '../forms/events.js';
import { dateWords } from '../words.js';

interface LinkListed {
  readonly linkId: string;
  readonly reviewDue: string;
  readonly madeOn: string;
  readonly lastDay: string;
  readonly sendings: number;
  readonly maxSendings: number;
  readonly state: 'open' | 'used-up' | 'withdrawn' | 'review-held' | 'expired';
  readonly safetyActedOn?: { by: string; at: string };
}
interface ViewsShown {
  readonly reviewDue: string;
  readonly reviewHeld?: string;
  readonly linkId?: string;
  readonly sentOn: string;
  readonly sendings: number;
  readonly attend: 'yes' | 'no' | 'not-sure';
  readonly feelsSafe: 'yes' | 'no' | 'not-said';
  readonly advocate?: 'yes' | 'no' | 'not-sure';
  readonly goingWell?: string;
  readonly change?: string;
  readonly words?: string;
}
interface ViewsAnswer {
  readonly links: readonly LinkListed[];
  readonly views: readonly ViewsShown[];
}
interface Made {
  readonly linkId: string;
  readonly reviewDue: string;
  readonly lastDay: string;
  readonly path: string;
}

const STATE_WORDS: Readonly<Record<LinkListed['state'], string>> = {
  open: 'Works',
  'used-up': 'Used up',
  withdrawn: 'Withdrawn',
  'review-held': 'Review held',
  expired: 'Expired',
};
const CHOICE_WORDS: Readonly<Record<string, string>> = {
  yes: 'Yes',
  no: 'No',
  'not-sure': 'Not sure',
  'not-said': 'Would rather not say',
};

/**
 * The link as a QR code, drawn as one SVG path from the link's own text: no image is
 * fetched and nothing leaves the browser. A quiet zone of 4 modules, as the standard asks.
 */
export function QrCode({ text, label }: { text: string; label: string }) {
  const { data, size } = encode(text, { ecc: 'M', border: 0 });
  const quiet = 4;
  let d = '';
  data.forEach((row, y) => {
    row.forEach((dark, x) => {
      if (dark) d += `M${x + quiet} ${y + quiet}h1v1h-1z`;
    });
  });
  const side = size + 2 * quiet;
  return (
    <svg
      class="app-qr"
      viewBox={`0 0 ${side} ${side}`}
      role="img"
      aria-label={label}
      shape-rendering="crispEdges"
    >
      <rect width={side} height={side} fill="#fff" />
      <path d={d} fill="#0b0c0c" />
    </svg>
  );
}

function NewLink({ made }: { made: Made }) {
  const link = `${location.origin}${made.path}`;
  const [copied, setCopied] = useState<boolean | undefined>(undefined);
  return (
    <div class="govuk-panel app-views-link" id="views-link">
      <h3 class="govuk-heading-m">Link for the review due {dateWords(made.reviewDue)}</h3>
      <p class="govuk-body">
        Give this link to the young person yourself: a text message, the QR code, or print this
        page. It is shown only now: the system keeps a fingerprint of it, not the link. If it is
        lost, withdraw it and make a new one. It works until {dateWords(made.lastDay)}.
      </p>
      <p class="govuk-body-l app-views-link__text">
        <code>{link}</code>
      </p>
      <button
        type="button"
        class="govuk-button govuk-button--secondary"
        onClick={() => {
          navigator.clipboard.writeText(link).then(
            () => setCopied(true),
            () => setCopied(false),
          );
        }}
      >
        Copy the link
      </button>{' '}
      <button type="button" class="govuk-button govuk-button--secondary" onClick={() => print()}>
        Print
      </button>
      <p class="govuk-body" role="status">
        {copied === true
          ? 'Copied.'
          : copied === false
            ? 'Could not copy: select the link and copy it.'
            : ''}
      </p>
      <QrCode text={link} label="QR code of the link" />
    </div>
  );
}

function Views({ views, canAct, act }: { views: ViewsShown; canAct: boolean; act: () => void }) {
  const rows: [string, string | undefined][] = [
    ['Would like to come to the review', CHOICE_WORDS[views.attend]],
    ['What is going well', views.goingWell],
    ['What they would like to change', views.change],
    ['Anything else for their IRO', views.words],
    ['Feels safe where they live', CHOICE_WORDS[views.feelsSafe]],
    ['Would like an advocate', views.advocate ? CHOICE_WORDS[views.advocate] : undefined],
  ];
  return (
    <>
      {views.feelsSafe === 'no' && (
        <div class="govuk-warning-text">
          <span class="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong class="govuk-warning-text__text">
            <span class="govuk-visually-hidden">Warning</span>
            They said they do not feel safe where they live.
          </strong>
        </div>
      )}
      <dl class="govuk-summary-list">
        {rows.map(([key, value]) => (
          <div class="govuk-summary-list__row" key={key}>
            <dt class="govuk-summary-list__key">{key}</dt>
            <dd class="govuk-summary-list__value app-views-words">{value ?? 'Not answered'}</dd>
          </div>
        ))}
      </dl>
      {views.feelsSafe === 'no' && canAct && (
        <button type="button" class="govuk-button govuk-button--warning" onClick={act}>
          I have acted on this
        </button>
      )}
    </>
  );
}

export function ChildViews(props: PageProps & { childId: string; allocatedToMe: boolean }) {
  const { api, childId, allocatedToMe } = props;
  const path = `/children/${encodeURIComponent(childId)}`;
  const [version, setVersion] = useState(0);
  const [made, setMade] = useState<Made | undefined>(undefined);
  const [problem, setProblem] = useState<readonly Problem[]>([]);
  const reload = () => setVersion(version + 1);
  const answered = (answer: Answer<unknown>) => {
    setProblem(answer.ok ? [] : answer.problems);
    reload();
  };
  return (
    <Loaded
      load={async (): Promise<Answer<ViewsAnswer | undefined>> => {
        const answer = await api.get<ViewsAnswer>(`${path}/views`);
        // Not theirs to read: the section is left out rather than shown empty.
        return answer.ok || answer.status !== 403
          ? answer
          : { ok: true, status: 200, body: undefined };
      }}
      loadKey={`${childId}:${version}`}
    >
      {(answer: ViewsAnswer | undefined) => {
        if (!answer) return null;
        const actedOn = new Map(answer.links.map((l) => [l.linkId, l.safetyActedOn]));
        return (
          <section aria-labelledby="views-heading">
            <h2 class="govuk-heading-m" id="views-heading">
              The young person's views
            </h2>
            {problem.length > 0 && (
              <p class="govuk-error-message" role="alert">
                {problem.map((p) => p.reason).join('; ')}
              </p>
            )}
            {allocatedToMe && (
              <button
                type="button"
                class="govuk-button"
                onClick={async () => {
                  const answer = await api.send<Made>('POST', `${path}/views-links`);
                  if (answer.ok) setMade(answer.body);
                  answered(answer);
                }}
              >
                Make a link for their next review
              </button>
            )}
            {made && <NewLink made={made} />}
            {answer.views.length === 0 ? (
              <p class="govuk-body">They have not sent their views through a link.</p>
            ) : (
              answer.views.map((v) => {
                const acted = v.linkId ? actedOn.get(v.linkId) : undefined;
                return (
                  <div key={v.reviewDue}>
                    <h3 class="govuk-heading-s">
                      For the review due {dateWords(v.reviewDue)}
                      {v.reviewHeld ? `, held ${dateWords(v.reviewHeld)}` : ', not yet held'}
                    </h3>
                    <p class="govuk-body-s">
                      Sent {dateWords(v.sentOn)}
                      {v.sendings > 1 ? ` (sent ${v.sendings} times: the last one counts)` : ''}
                      {acted ? `. Acted on by ${acted.by}, ${dateWords(acted.at)}` : ''}
                    </p>
                    <Views
                      views={v}
                      canAct={!acted && v.linkId !== undefined}
                      act={async () =>
                        answered(
                          await api.send(
                            'POST',
                            `${path}/views-links/${encodeURIComponent(v.linkId ?? '')}/safety-acted`,
                          ),
                        )
                      }
                    />
                  </div>
                );
              })
            )}
            {answer.links.length > 0 && (
              <table class="govuk-table app-table">
                <caption class="govuk-table__caption govuk-table__caption--s">Links made</caption>
                <thead class="govuk-table__head">
                  <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">
                      Made
                    </th>
                    <th scope="col" class="govuk-table__header">
                      For the review due
                    </th>
                    <th scope="col" class="govuk-table__header">
                      Sent
                    </th>
                    <th scope="col" class="govuk-table__header">
                      Now
                    </th>
                  </tr>
                </thead>
                <tbody class="govuk-table__body">
                  {answer.links.map((l) => (
                    <tr class="govuk-table__row" key={l.linkId}>
                      <td class="govuk-table__cell" data-label="Made">
                        {dateWords(l.madeOn)}
                      </td>
                      <td class="govuk-table__cell" data-label="For the review due">
                        {dateWords(l.reviewDue)}
                      </td>
                      <td class="govuk-table__cell" data-label="Sent">
                        {l.sendings} of {l.maxSendings}
                      </td>
                      <td class="govuk-table__cell" data-label="Now">
                        {STATE_WORDS[l.state]}
                        {l.state === 'open' && allocatedToMe && (
                          <>
                            {' '}
                            <button
                              type="button"
                              class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                              onClick={async () =>
                                answered(
                                  await api.send(
                                    'DELETE',
                                    `${path}/views-links/${encodeURIComponent(l.linkId)}`,
                                  ),
                                )
                              }
                            >
                              Withdraw
                              <span class="govuk-visually-hidden">
                                {' '}
                                the link made {dateWords(l.madeOn)}
                              </span>
                            </button>
                          </>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        );
      }}
    </Loaded>
  );
}

/**
 * On the review form: when the young person sent views for a review not yet held, the
 * code to choose if they did not attend (PN6), or PN5 when they asked for an advocate.
 * Shown only to those who may read the views.
 */
export function ParticipationSuggestion({
  api,
  childId,
}: {
  api: PageProps['api'];
  childId: string;
}) {
  const [views, setViews] = useState<ViewsShown | undefined>(undefined);
  useEffect(() => {
    let live = true;
    setViews(undefined);
    if (childId.trim() === '') return;
    api.get<ViewsAnswer>(`/children/${encodeURIComponent(childId.trim())}/views`).then((answer) => {
      if (live && answer.ok) setViews(answer.body.views.find((v) => v.reviewHeld === undefined));
    });
    return () => {
      live = false;
    };
  }, [childId]);
  const code = suggestedParticipation(views);
  if (!views || !code) return null;
  return (
    <div class="govuk-inset-text" id="participation-suggestion">
      The young person sent their views before this review on {dateWords(views.sentOn)}.{' '}
      {code === 'PN5'
        ? `They asked for an advocate: if they did not attend and an advocate spoke for them, choose ${code}: ${PARTICIPATION_WORDS[code]}.`
        : `If they did not attend, choose ${code}: ${PARTICIPATION_WORDS[code]}.`}
    </div>
  );
}
