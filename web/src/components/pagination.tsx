/**
 * GOV.UK pagination below a long list: previous and next, the first and last pages and
 * those beside the current one, each a link keeping the rest of the address (filters,
 * sort), so a page of the list can be bookmarked and shared.
 */
import { pageNumbers } from '../lists.js';
import { href, type Route } from '../router.js';

export function Pagination({
  route,
  page,
  pages,
  label,
}: {
  route: Route;
  page: number;
  pages: number;
  /** What the pages are of, for the navigation's name: "Pages of open obligations". */
  label: string;
}) {
  if (pages <= 1) return null;
  const to = (n: number) =>
    href(route.path, { ...Object.fromEntries(route.query), page: n === 1 ? undefined : String(n) });
  return (
    <nav class="govuk-pagination app-no-print" aria-label={label}>
      {page > 1 && (
        <div class="govuk-pagination__prev">
          <a class="govuk-link govuk-pagination__link" href={to(page - 1)} rel="prev">
            <svg
              class="govuk-pagination__icon govuk-pagination__icon--prev"
              xmlns="http://www.w3.org/2000/svg"
              height="13"
              width="15"
              aria-hidden="true"
              focusable="false"
              viewBox="0 0 15 13"
            >
              <path d="m6.5938-0.0078125-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z" />
            </svg>
            <span class="govuk-pagination__link-title">
              Previous<span class="govuk-visually-hidden"> page</span>
            </span>
          </a>
        </div>
      )}
      <ul class="govuk-pagination__list">
        {pageNumbers(page, pages).map((n, i) =>
          n === undefined ? (
            <li key={`gap-${i}`} class="govuk-pagination__item govuk-pagination__item--ellipses">
              ⋯
            </li>
          ) : (
            <li
              key={n}
              class={`govuk-pagination__item${n === page ? ' govuk-pagination__item--current' : ''}`}
            >
              <a
                class="govuk-link govuk-pagination__link"
                href={to(n)}
                aria-label={`Page ${n}`}
                {...(n === page ? { 'aria-current': 'page' } : {})}
              >
                {n}
              </a>
            </li>
          ),
        )}
      </ul>
      {page < pages && (
        <div class="govuk-pagination__next">
          <a class="govuk-link govuk-pagination__link" href={to(page + 1)} rel="next">
            <span class="govuk-pagination__link-title">
              Next<span class="govuk-visually-hidden"> page</span>
            </span>
            <svg
              class="govuk-pagination__icon govuk-pagination__icon--next"
              xmlns="http://www.w3.org/2000/svg"
              height="13"
              width="15"
              aria-hidden="true"
              focusable="false"
              viewBox="0 0 15 13"
            >
              <path d="m8.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z" />
            </svg>
          </a>
        </div>
      )}
    </nav>
  );
}
