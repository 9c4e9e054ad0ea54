/**
 * The API's OpenAPI document as the handlers serve it: the checked-in copy, generated
 * from the schemas by `npm run openapi` (functions/shared/openapi.ts) and kept in step by a
 * test, so no handler bundles the generator or the full zod it needs. Read on the first
 * request that needs it, not at import: bundled, it is 41 KB of object literal that the
 * queries function's cold start would otherwise build for a route seldom asked.
 */
type OpenApiDocument = typeof import('./openapi.json', { with: { type: 'json' }});

let document: Promise<OpenApiDocument> | undefined;
const read = (): Promise<OpenApiDocument> =>
  (document ??= import('./openapi.json', { with: { type: 'json' } }).then((json) => json.default));

export const servedOpenApi = (): Promise<unknown> => read();

/** The API's routes as API Gateway writes route keys (`GET /children/{childId}/obligations`). */
export const documentedRoutes = async (): Promise<string[]> =>
  Object.entries((await read()).paths as Record<string, Record<string, unknown>>).flatMap(
    ([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
  );
