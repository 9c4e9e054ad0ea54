/**
 * Figures: the unit's figures for a period (`GET /reports/figures?from=&to=&years=`,
 * the period in the address so it can be bookmarked), with a period picker, the annual
 * report's tables and the charts. The tables and charts are a chunk of their own,
 * fetched the first time the page is opened, so no other page waits for them.
 */
import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { ShortfallPage } from '../../../workflows/figures/shape.js';
import type { Answer } from '../api.js';
import { ErrorSummary } from '../components/error-summary.js';
import { NotReady } from '../components/loading.js';
import type { PageProps } from '../context.js';
import { problemText } from '../forms/events.js';
import { href } from '../router.js';
import type { MoreShortfalls, UnitReport } from './figures-report.js';

type View = FunctionComponent<{ report: UnitReport; more?: MoreShortfalls }>;
let loadedView: View | undefined;

/** The API's query parameters in words, for its reasons. */
const PARAMETERS: Readonly<Record<string, string>> = {
  from: 'First day of the period',
  to: 'Last day of the period',
  years: 'Periods side by side',
};

export function Figures({ api, route }: PageProps) {
  const [View, setView] = useState<View | undefined>(() => loadedView);
  const [answer, setAnswer] = useState<Answer<UnitReport> | undefined>(undefined);
  const query = {
    from: route.query.get('from') ?? undefined,
    to: route.query.get('to') ?? undefined,
    years: route.query.get('years') ?? undefined,
  };
  const key = `${query.from}|${query.to}|${query.years}`;
  useEffect(() => {
    if (View) return;
    void import('./figures-report.js').then((module) => {
      loadedView = module.FiguresReportView;
      setView(() => loadedView);
    });
  }, [View]);
  useEffect(() => {
    let live = true;
    setAnswer(undefined);
    void api.get<UnitReport>('/reports/figures', query).then((a) => {
      if (live) setAnswer(a);
    });
    return () => {
      live = false;
    };
  }, [key]);

  // The figures being prepared after an update: said, never a figure counted short.
  if (answer && !answer.ok && answer.status === 503) return <NotReady answer={answer} />;
  if (answer && !answer.ok) {
    return (
      <>
        <ErrorSummary
          problems={answer.problems}
          describe={(p) => problemText(PARAMETERS[p.field], p.reason)}
          linked={() => false}
        />
        <p class="govuk-body">
          <a class="govuk-link" href={href('/figures')}>
            Show the last complete financial year
          </a>
        </p>
      </>
    );
  }
  if (!answer || !View) {
    return (
      <p class="govuk-body" role="status">
        Loading…
      </p>
    );
  }
  const { period } = answer.body;
  // The rest of a long shortfall list, a page at a time, for the period shown.
  const more: MoreShortfalls = (list, page) =>
    api.get<ShortfallPage>('/reports/figures', {
      from: period.from,
      to: period.to,
      list,
      page: String(page),
    });
  return <View report={answer.body} more={more} />;
}
