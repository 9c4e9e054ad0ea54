/**
 * What `cli report` prints and `GET /reports/figures` answers, computed one way: the
 * council's settings (its rules, its under-18 population) applied to the unit's figures.
 */
import type { CaseEvent } from '../events.js';
import type { CouncilSettings } from '../policy.js';
import { unitFigures } from './figures.js';
import type { Period } from './period.js';
import type { FiguresReport } from './shape.js';

export function councilFigures(
  events: readonly CaseEvent[],
  chosen: { readonly period: Period; readonly years: number },
  settings: CouncilSettings,
): FiguresReport {
  return unitFigures(events, chosen.period, {
    years: chosen.years,
    context: settings.rules,
    ...(settings.childPopulation === undefined
      ? {}
      : { childPopulation: settings.childPopulation }),
  });
}
