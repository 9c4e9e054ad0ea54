/**
 * Pages by the address's fragment (`#/board?overdue=true`): the app is one file however
 * it is served (S3 and CloudFront, or the local server beside the API's own paths), and
 * a filter or a sort is in the address, so it can be bookmarked, shared and printed.
 */
import { useEffect, useState } from 'preact/hooks';

export interface Route {
  /** The page's path: `/my-work`. */
  readonly path: string;
  readonly query: URLSearchParams;
}

/**
 * The route a fragment names, or undefined for a fragment that is an element's id (the
 * skip link's `#main-content`, an error summary's `#field-…`): the browser moves focus
 * to that element, and the page stays as it was.
 */
export function routeOf(hash: string): Route | undefined {
  const fragment = hash.replace(/^#/, '');
  if (fragment !== '' && !fragment.startsWith('/')) return undefined;
  const [path = '', search = ''] = fragment.split('?', 2);
  return { path: path === '' ? '/' : path, query: new URLSearchParams(search) };
}

export const currentRoute = (): Route =>
  routeOf(location.hash) ?? { path: '/', query: new URLSearchParams() };

/** The address of a page with its query (empty values left out). */
export function href(path: string, query: Readonly<Record<string, string | undefined>> = {}) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') search.set(name, value);
  }
  const text = search.toString();
  return `#${path}${text ? `?${text}` : ''}`;
}

export function navigate(path: string, query?: Readonly<Record<string, string | undefined>>) {
  location.hash = href(path, query);
}

/** The route, kept current as the fragment changes. */
export function useRoute(): Route {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const changed = () => {
      const next = routeOf(location.hash);
      if (next) setRoute(next);
    };
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return route;
}
