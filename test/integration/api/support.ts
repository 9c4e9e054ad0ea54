/** API Gateway events as the JWT and IAM authorizers pass them, for the handlers under test. */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Unit } from '../workflows/support.js';

/** A staff member (JWT subject `sub`, default `staff-1`), the case management system, or nobody. */
export type Who = { roles: string[]; sub?: string } | 'system' | 'nobody';

/** The case management system's session, as the local runtime's configured role. */
export const SYSTEM_SESSION_ARN =
  'arn:aws:sts::000000000000:assumed-role/case-management/integration';

export function apiEvent(
  routeKey: string,
  who: Who,
  options: {
    body?: unknown;
    path?: Record<string, string>;
    query?: Record<string, string>;
    userArn?: string;
  } = {},
): APIGatewayProxyEventV2 {
  const authorizer =
    who === 'nobody'
      ? undefined
      : who === 'system'
        ? { iam: { userArn: options.userArn ?? SYSTEM_SESSION_ARN } }
        : {
            jwt: {
              claims: { sub: who.sub ?? 'staff-1', roles: who.roles.join(' ') },
              scopes: [],
            },
          };
  return {
    version: '2.0',
    routeKey,
    rawPath: '/',
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    ...(options.path ? { pathParameters: options.path } : {}),
    ...(options.query ? { queryStringParameters: options.query } : {}),
    requestContext: {
      routeKey,
      requestId: 'request-1',
      ...(authorizer ? { authorizer } : {}),
    },
  } as unknown as APIGatewayProxyEventV2;
}

/** Calls a handler over the unit's adapters and lets the workflows settle. */
export async function callHandler(
  unit: Unit,
  handler: (event: APIGatewayProxyEventV2, deps: Unit['runtime']['deps']) => Promise<unknown>,
  event: APIGatewayProxyEventV2,
) {
  const result = (await handler(event, unit.runtime.deps)) as APIGatewayProxyStructuredResultV2;
  await unit.runtime.stepFunctions.settled();
  return { status: result.statusCode, body: JSON.parse(result.body ?? 'null') };
}

/** An answer of the local HTTP server, as the tests read it. */
export interface LocalAnswer {
  readonly status: number;
  readonly text: string;
  // biome-ignore lint/suspicious/noExplicitAny: answers are read field by field
  readonly body: any;
  readonly location: string | null;
  readonly allow: string | null;
}

/**
 * One request to the local HTTP server at `url`: a body other than a string is sent as
 * JSON, with `contentType` (application/json unless said); the answer's body is parsed
 * as JSON when there is one.
 */
export async function localRequest(
  url: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
  contentType = 'application/json',
): Promise<LocalAnswer> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': contentType }), ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    text,
    body: text === '' ? undefined : JSON.parse(text),
    location: response.headers.get('location'),
    allow: response.headers.get('allow'),
  };
}
