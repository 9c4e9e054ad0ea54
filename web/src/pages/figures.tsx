/**
 * Figures: the unit's figures for a period (`GET /reports/figures?from=&to=&years=`,
 * the period in the address so it can be bookmarked), with a period picker, the annual
 * report's tables and the charts. The tables and charts are a chunk of their own,
 * fetched the first time the page is opened, so no other page waits for them.
 */
import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Loaded } from '../components/loading.js';
import type { PageProps } from '../context.js';
import type { UnitReport } from './figures-report.js';

type View = FunctionComponent<{ report: UnitReport }>;
let loadedView: View | undefined;

export function Figures({ api, route }: PageProps) {
  const [View, setView] = useState<View | undefined>(() => loadedView);
  useEffect(() => {
    if (View) return;
    void import('./figures-report.js').then((module) => {
      loadedView = module.FiguresReportView;
      setView(() => loadedView);
    });
  }, [View]);
  const query = {
    from: route.query.get('from') ?? undefined,
    to: route.query.get('to') ?? undefined,
    years: route.query.get('years') ?? undefined,
  };
  return (
    <Loaded
      load={() => api.get<UnitReport>('/reports/figures', query)}
      loadKey={`${query.from}|${query.to}|${query.years}`}
    >
      {(report) =>
        View ? (
          <View report={report} />
        ) : (
          <p class="govuk-body" role="status">
            Loading…
          </p>
        )
      }
    </Loaded>
  );
}
