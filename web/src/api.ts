/**
 * The API as the pages use it: every answer read as JSON, every refusal in the API's one
 * shape (`{problems:[{field, reason}]}` or `{reason}`), so a page can show the GOV.UK
 * error summary naming the field and the API's reason.
 */
import type { Session } from './session.js';

export interface Problem {
  readonly field?: string;
  readonly reason: string;
}

export type Answer<T> =
  | { readonly ok: true; readonly status: number; readonly body: T }
  | { readonly ok: false; readonly status: number; readonly problems: readonly Problem[] };

export type Query = Readonly<Record<string, string | undefined>>;

export interface Api {
  get<T>(path: string, query?: Query): Promise<Answer<T>>;
  send<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<Answer<T>>;
}

/** The problems of a refusal, whichever of the two shapes it came in. */
export function problemsOf(status: number, body: unknown): Problem[] {
  const value = body as { problems?: unknown; reason?: unknown } | null;
  if (value && Array.isArray(value.problems)) {
    return value.problems.flatMap((p: { field?: unknown; reason?: unknown }) =>
      typeof p?.reason === 'string'
        ? [
            typeof p.field === 'string'
              ? { field: p.field, reason: p.reason }
              : { reason: p.reason },
          ]
        : [],
    );
  }
  if (value && typeof value.reason === 'string') return [{ reason: value.reason }];
  return [{ reason: `the service answered ${status}` }];
}

export function createApi(baseUrl: string, session: Pick<Session, 'authHeaders'>): Api {
  const call = async <T>(
    method: string,
    path: string,
    query?: Query,
    body?: unknown,
  ): Promise<Answer<T>> => {
    const url = new URL(`${baseUrl}${path}`, location.origin);
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== '') url.searchParams.set(name, value);
    }
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...(await session.authHeaders()),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    };
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      return { ok: false, status: 0, problems: [{ reason: 'the service could not be reached' }] };
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return response.ok
      ? { ok: true, status: response.status, body: parsed as T }
      : { ok: false, status: response.status, problems: problemsOf(response.status, parsed) };
  };
  return {
    get: (path, query) => call('GET', path, query),
    send: (method, path, body) => call(method, path, undefined, body),
  };
}
