/**
 * The HTTP API on one machine: the same Lambda handlers, given the events API Gateway
 * would give them. There is no identity provider locally, so the caller says who they
 * are in two headers, `x-local-user` and `x-local-roles` (space-separated), which stand
 * in for the JWT authorizer's claims; without them the answer is 401, as in AWS.
 * `x-local-system: true` stands in for an IAM-signed call from the case management system.
 *
 * Routes under `/local/` exist only here (infra/local/local-routes.ts): the virtual
 * clock, and the staff to sign in as. An event dated after the virtual clock's day is
 * refused before it reaches the handler.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { eraseChild } from '../../functions/erase.js';
import { manageImports } from '../../functions/imports.js';
import { answerQuery } from '../../functions/queries.js';
import { recordEvents } from '../../functions/record-event.js';
import { answerReport } from '../../functions/reports.js';
import type { Dependencies } from '../../functions/shared/dependencies.js';
import { pathParametersOf, pathSegments, unrouted } from '../../functions/shared/http.js';
import { correlationIdOf, forInvocation } from '../../functions/shared/lambda.js';
import { manageStaff } from '../../functions/staff.js';
import { answerViews } from '../../functions/views.js';
import { afterToday, answerLocal, type LocalServing } from './local-routes.js';
import type { LocalStepFunctions } from './step-functions.js';
import type { Usage } from './usage.js';
import { answerWebAsset, type WebAssets } from './web-assets.js';

type Route = {
  readonly method: string;
  /** As API Gateway writes route keys: `{name}` for a path parameter. */
  readonly path: string;
  readonly handler: (event: APIGatewayProxyEventV2, deps: Dependencies) => Promise<unknown>;
};

/** The routes of infra/stacks/api-stack.ts, and the handlers behind them. */
export const LOCAL_ROUTES: readonly Route[] = [
  { method: 'POST', path: '/events', handler: recordEvents },
  { method: 'POST', path: '/system/events', handler: recordEvents },
  { method: 'GET', path: '/children/{childId}/obligations', handler: answerQuery },
  { method: 'GET', path: '/children/{childId}/events', handler: answerQuery },
  { method: 'DELETE', path: '/children/{childId}', handler: eraseChild },
  { method: 'GET', path: '/obligations', handler: answerQuery },
  { method: 'GET', path: '/obligations/counts', handler: answerQuery },
  { method: 'GET', path: '/disputes', handler: answerQuery },
  { method: 'GET', path: '/disputes/{disputeId}', handler: answerQuery },
  { method: 'GET', path: '/children/{childId}/allocation', handler: answerQuery },
  { method: 'PUT', path: '/staff/{staffId}', handler: manageStaff },
  { method: 'PUT', path: '/allocations/{subjectId}', handler: manageStaff },
  { method: 'GET', path: '/reports/figures', handler: answerReport },
  { method: 'GET', path: '/reports/caseloads', handler: answerReport },
  { method: 'GET', path: '/staff', handler: manageStaff },
  { method: 'GET', path: '/staff/{staffId}', handler: manageStaff },
  { method: 'GET', path: '/staff/{staffId}/allocations', handler: manageStaff },
  { method: 'GET', path: '/allocations/{subjectId}', handler: manageStaff },
  { method: 'DELETE', path: '/allocations/{subjectId}', handler: manageStaff },
  { method: 'GET', path: '/me', handler: manageStaff },
  { method: 'POST', path: '/imports', handler: manageImports },
  { method: 'GET', path: '/imports/{importId}', handler: manageImports },
  { method: 'GET', path: '/imports/{importId}/refusals', handler: manageImports },
  { method: 'GET', path: '/openapi.json', handler: answerQuery },
  { method: 'POST', path: '/children/{childId}/views-links', handler: answerViews },
  { method: 'DELETE', path: '/children/{childId}/views-links/{linkId}', handler: answerViews },
  {
    method: 'POST',
    path: '/children/{childId}/views-links/{linkId}/safety-acted',
    handler: answerViews,
  },
  { method: 'GET', path: '/children/{childId}/views', handler: answerViews },
  // The young person's, with no sign-in: their link's secret is in the body.
  { method: 'POST', path: '/views/open', handler: answerViews },
  { method: 'POST', path: '/views/answers', handler: answerViews },
];

/** The route for a request, or the answer API Gateway's `$default` route gives (400, 404 or 405). */
function match(method: string, pathname: string) {
  const segments = pathSegments(pathname);
  for (const route of segments ? LOCAL_ROUTES : []) {
    const pathParameters = pathParametersOf(route.path, segments ?? []);
    if (route.method === method && pathParameters) return { route, pathParameters };
  }
  return {
    refusal: unrouted(
      method,
      pathname,
      LOCAL_ROUTES.map((r) => `${r.method} ${r.path}`),
    ),
  };
}

/** The request's headers as API Gateway passes them: lower-case names, repeated values joined. */
const headersOf = (request: IncomingMessage): Record<string, string> =>
  Object.fromEntries(
    Object.entries(request.headers).flatMap(([name, value]) =>
      value === undefined ? [] : [[name, Array.isArray(value) ? value.join(',') : value]],
    ),
  );

/** The authorizer's context as API Gateway would pass it, from the local stand-in headers. */
function authorizerOf(request: IncomingMessage, path: string) {
  if (path === '/system/events') {
    return request.headers['x-local-system'] === 'true'
      ? { iam: { userArn: 'arn:aws:sts::000000000000:assumed-role/case-management/local' } }
      : undefined;
  }
  const user = request.headers['x-local-user'];
  if (typeof user !== 'string' || user === '') return undefined;
  return {
    jwt: {
      claims: { sub: user, roles: String(request.headers['x-local-roles'] ?? '') },
      scopes: [],
    },
  };
}

async function answer(
  request: IncomingMessage,
  response: ServerResponse,
  deps: Dependencies,
  stepFunctions: LocalStepFunctions,
  usage?: Usage,
  web?: WebAssets,
  serving: LocalServing = {},
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (web && (await answerWebAsset(request, response, url.pathname, web))) return;
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const send = (status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  const local = await answerLocal(request, url, stepFunctions, serving);
  if (local) return send(local.status, local.body);
  const found = match(request.method ?? 'GET', url.pathname);
  if ('refusal' in found) {
    const { statusCode, headers, body } = found.refusal;
    response.writeHead(statusCode ?? 404, headers as Record<string, string>);
    return void response.end(body);
  }
  if (usage) usage.apiRequests++;
  const authorizer = authorizerOf(request, url.pathname);
  const body = Buffer.concat(chunks).toString('utf8');
  const ahead =
    authorizer && found.route.handler === recordEvents && afterToday(body, stepFunctions.now());
  if (ahead) return send(ahead.status, ahead.body);
  const event = {
    version: '2.0',
    routeKey: `${found.route.method} ${found.route.path}`,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers: headersOf(request),
    isBase64Encoded: false,
    ...(body ? { body } : {}),
    pathParameters: found.pathParameters,
    queryStringParameters: Object.fromEntries(url.searchParams),
    requestContext: {
      routeKey: `${found.route.method} ${found.route.path}`,
      // As API Gateway gives each request: the correlation id of its log lines and events.
      requestId: randomUUID(),
      // The caller's address, as API Gateway gives it: the young person's routes limit by it.
      http: { method: found.route.method, sourceIp: request.socket.remoteAddress ?? 'unknown' },
      ...(authorizer ? { authorizer } : {}),
    },
  } as unknown as APIGatewayProxyEventV2;
  const result = (await found.route.handler(
    event,
    forInvocation(deps, correlationIdOf(event)),
  )) as APIGatewayProxyStructuredResultV2;
  await stepFunctions.settled();
  // The handler's own headers too (a 202's location), as API Gateway passes them on.
  response.writeHead(result.statusCode ?? 200, {
    ...(result.headers as Record<string, string> | undefined),
    'content-type': 'application/json',
  });
  response.end(result.body ?? '');
}

/**
 * Serves the API on 127.0.0.1 (`port` 0 for any free port); returns its URL and server.
 * Given `usage`, counts each request a route answers, as the HTTP API bills them; given
 * `web`, serves the work tray at `/` too. `serving` gives the `/local/` routes their
 * staff and clock keeper; with `serving.listening`, it answers on that server (already
 * listening) instead of listening on `port`.
 */
export async function serveLocalApi(
  deps: Dependencies,
  stepFunctions: LocalStepFunctions,
  port = 0,
  usage?: Usage,
  web?: WebAssets,
  serving: LocalServing & { readonly listening?: Server } = {},
): Promise<{ url: string; server: Server }> {
  const listener = (request: IncomingMessage, response: ServerResponse) => {
    answer(request, response, deps, stepFunctions, usage, web, serving).catch((error: Error) => {
      deps.logger.error('local API error', { error: error.name });
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ reason: 'internal error' }));
    });
  };
  const server = serving.listening ?? createServer();
  server.removeAllListeners('request');
  server.on('request', listener);
  if (!serving.listening)
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}
