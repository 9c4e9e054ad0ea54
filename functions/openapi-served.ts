/**
 * The API's OpenAPI document as the handlers serve it: the checked-in copy, generated
 * from the schemas by `npm run openapi` (functions/openapi.ts) and kept in step by a
 * test, so no handler bundles the generator or the full zod it needs.
 */
import document from './openapi.json' with { type: 'json' };

export const servedOpenApi = (): unknown => document;

/** The API's routes as API Gateway writes route keys (`GET /children/{childId}/obligations`). */
export const documentedRoutes = (): string[] =>
  Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(
    ([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
  );
