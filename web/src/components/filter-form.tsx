/**
 * A list's filters as a GOV.UK form: choosing them and pressing "Apply filters" (or
 * Enter) puts them in the address, which the page reads, so a filtered list can be
 * bookmarked, shared and printed. The sort in the address is kept.
 */
import { useEffect, useState } from 'preact/hooks';
import { href, navigate, type Route } from '../router.js';

export type Filter =
  | {
      readonly name: string;
      readonly label: string;
      readonly type: 'select';
      readonly options: readonly { readonly value: string; readonly text: string }[];
    }
  | { readonly name: string; readonly label: string; readonly type: 'checkbox' };

/** The filters' values as the address holds them. */
const valuesOf = (filters: readonly Filter[], query: URLSearchParams) =>
  Object.fromEntries(filters.map((f) => [f.name, query.get(f.name) ?? '']));

export function FilterForm({ filters, route }: { filters: readonly Filter[]; route: Route }) {
  const fromAddress = valuesOf(filters, route.query);
  const addressKey = JSON.stringify(fromAddress);
  const [values, setValues] = useState(fromAddress);
  // The address changed some other way (back, a link): the form follows it.
  useEffect(() => setValues(fromAddress), [addressKey]);
  const set = (name: string, value: string) => setValues((v) => ({ ...v, [name]: value }));
  const kept = {
    sort: route.query.get('sort') ?? undefined,
    order: route.query.get('order') ?? undefined,
  };
  return (
    <form
      class="app-no-print app-filters"
      onSubmit={(event) => {
        event.preventDefault();
        navigate(route.path, { ...kept, ...values });
      }}
    >
      <fieldset class="govuk-fieldset">
        <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">Filter the list</legend>
        <div class="app-filters__fields">
          {filters.map((f) => {
            const id = `filter-${f.name}`;
            if (f.type === 'checkbox') {
              return (
                <div class="govuk-form-group" key={f.name}>
                  <div class="govuk-checkboxes govuk-checkboxes--small">
                    <div class="govuk-checkboxes__item">
                      <input
                        class="govuk-checkboxes__input"
                        id={id}
                        name={f.name}
                        type="checkbox"
                        value="true"
                        checked={values[f.name] === 'true'}
                        onChange={(e) => set(f.name, e.currentTarget.checked ? 'true' : '')}
                      />
                      <label class="govuk-label govuk-checkboxes__label" for={id}>
                        {f.label}
                      </label>
                    </div>
                  </div>
                </div>
              );
            }
            return (
              <div class="govuk-form-group" key={f.name}>
                <label class="govuk-label" for={id}>
                  {f.label}
                </label>
                <select
                  class="govuk-select"
                  id={id}
                  name={f.name}
                  value={values[f.name]}
                  onChange={(e) => set(f.name, e.currentTarget.value)}
                >
                  {f.options.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.text}
                    </option>
                  ))}
                </select>
              </div>
            );
          })}
        </div>
        <div class="govuk-button-group">
          <button type="submit" class="govuk-button">
            Apply filters
          </button>
          <a class="govuk-link" href={href(route.path, kept)}>
            Clear filters
          </a>
        </div>
      </fieldset>
    </form>
  );
}
