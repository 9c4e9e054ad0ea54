/**
 * The GOV.UK error summary: each problem the API named, linked to its field where the
 * page has one, and focused when it appears so a screen reader announces it.
 */
import { useEffect, useRef } from 'preact/hooks';
import type { Problem } from '../api.js';

/** The id of the input a problem's field names, as pages give their inputs. */
export const fieldId = (field: string) => `field-${field.replace(/[^\w-]/g, '-')}`;

export function ErrorSummary({
  problems,
  title = 'There is a problem',
  describe = (p) => `${p.field}: ${p.reason}`,
  linked = () => true,
}: {
  problems: readonly Problem[];
  title?: string;
  /** A problem with a field in words (a form names the field by its question). */
  describe?: (problem: Problem & { field: string }) => string;
  /** Whether the page has an input for the field to link to. */
  linked?: (field: string) => boolean;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (problems.length > 0) box.current?.focus();
  }, [problems]);
  if (problems.length === 0) return null;
  return (
    <div class="govuk-error-summary" ref={box} tabIndex={-1}>
      <div role="alert">
        <h2 class="govuk-error-summary__title">{title}</h2>
        <div class="govuk-error-summary__body">
          <ul class="govuk-list govuk-error-summary__list">
            {problems.map((p) => (
              <li key={`${p.field ?? ''}:${p.reason}`}>
                {p.field && linked(p.field) ? (
                  // An element's id, not a page: the router leaves the page as it is.
                  <a href={`#${fieldId(p.field)}`}>{describe({ ...p, field: p.field })}</a>
                ) : p.field ? (
                  describe({ ...p, field: p.field })
                ) : (
                  p.reason
                )}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}
