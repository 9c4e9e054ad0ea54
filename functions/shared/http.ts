/**
 * The HTTP API's edges: who is calling, and answers in JSON. Staff arrive through the
 * JWT authorizer (roles in a claim); the case management system through IAM.
 */
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyResultV2,
  APIGatewayProxyStructuredResultV2,
} from 'aws-lambda';
import { idProblem } from '../../workflows/ids.js';
import { type Caller, rolesFromClaim } from './access.js';

/** The claim that lists a staff member's roles (the identity provider's groups claim). */
export const ROLES_CLAIM = process.env.ROLES_CLAIM ?? 'roles';

interface Authorizer {
  jwt?: { claims?: Record<string, unknown> };
  iam?: { userArn?: string; callerId?: string };
}

/**
 * Whether an IAM caller is the case management system: its role (`SYSTEM_ROLE_ARN`,
 * `arn:aws:iam::<account>:role/<name>`) or a session of it. No other principal of the
 * account is, and with no role configured nobody is.
 */
export function isCaseManagementSystem(
  userArn: string,
  roleArn = process.env.SYSTEM_ROLE_ARN,
): boolean {
  if (!roleArn) return false;
  if (userArn === roleArn) return true;
  const role = /^arn:(aws[\w-]*):iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(roleArn);
  if (!role) return false;
  const [, partition, account, name] = role;
  return userArn.startsWith(`arn:${partition}:sts::${account}:assumed-role/${name}/`);
}

/** The authenticated caller, or undefined (the API answers 401). */
export function callerOf(event: APIGatewayProxyEventV2): Caller | undefined {
  const context = event.requestContext as { authorizer?: Authorizer; requestId?: string };
  const authorizer = context.authorizer;
  const requestId = typeof context.requestId === 'string' ? { requestId: context.requestId } : {};
  const claims = authorizer?.jwt?.claims;
  if (claims && typeof claims.sub === 'string') {
    return { id: claims.sub, roles: rolesFromClaim(claims[ROLES_CLAIM]), ...requestId };
  }
  const iam = authorizer?.iam;
  if (iam?.userArn && isCaseManagementSystem(iam.userArn)) {
    return { id: iam.userArn, roles: ['system'], ...requestId };
  }
  return undefined;
}

export const json = (statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  body: JSON.stringify(body),
});

/**
 * Every refusal (4xx) takes one of two shapes: `{ problems: [{ field, reason }] }` when
 * fields are at fault, or `{ reason }` when no field is. Neither repeats the value sent.
 */
export interface Problem {
  readonly field: string;
  readonly reason: string;
}

/** A refusal with no field at fault. */
export const refused = (statusCode: number, reason: string) => json(statusCode, { reason });

/** A refusal naming the fields at fault. */
export const problems = (statusCode: number, list: readonly Problem[]) =>
  json(statusCode, { problems: list });

/**
 * The refusal of an id in a path parameter (`childId`, `staffId`, `subjectId`) by the
 * one id rule of workflows/ids.ts, naming the parameter and never repeating the value;
 * undefined when the id is one.
 */
export function badPathId(
  field: string,
  value: string | undefined,
): APIGatewayProxyStructuredResultV2 | undefined {
  if (value === undefined) return undefined;
  const reason = idProblem(value);
  return reason === undefined ? undefined : problems(400, [{ field, reason }]);
}

export const unauthenticated = () => refused(401, 'sign in to use this API');
export const forbidden = (reason: string) => refused(403, reason);
export const notFound = (reason = 'no such route') => refused(404, reason);

/** `application/json`, with or without a charset (JSON is UTF-8 on the wire). */
const JSON_MEDIA_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

/** The request's content-type header, whatever case the client wrote its name in. */
function contentTypeOf(event: APIGatewayProxyEventV2): string | undefined {
  const headers = event.headers ?? {};
  const name = Object.keys(headers).find((key) => key.toLowerCase() === 'content-type');
  return name === undefined ? undefined : headers[name];
}

/**
 * The request body as JSON, or the refusal: 415 when it is declared as anything but
 * JSON, 400 when it is missing or not JSON.
 */
export function bodyOf(
  event: APIGatewayProxyEventV2,
): { ok: true; value: unknown } | { ok: false; response: APIGatewayProxyResultV2 } {
  const contentType = contentTypeOf(event);
  if (contentType !== undefined && !JSON_MEDIA_TYPE.test(contentType.trim())) {
    return { ok: false, response: refused(415, 'the body must be application/json') };
  }
  if (!event.body) return { ok: false, response: refused(400, 'a JSON body is required') };
  const text = event.isBase64Encoded
    ? Buffer.from(event.body, 'base64').toString('utf8')
    : event.body;
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, response: refused(400, 'the body is not valid JSON') };
  }
}

/**
 * A path's segments decoded, as API Gateway decodes path parameters; undefined when one
 * is not valid percent-encoding (a 400, never a 500).
 */
export function pathSegments(path: string): string[] | undefined {
  try {
    return path.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

/** The path parameters when decoded `segments` fit a route's path (`/children/{childId}`), else undefined. */
export function pathParametersOf(
  routePath: string,
  segments: readonly string[],
): Record<string, string> | undefined {
  const pattern = routePath.split('/').filter(Boolean);
  if (pattern.length !== segments.length) return undefined;
  const parameters: Record<string, string> = {};
  const fits = pattern.every((part, i) => {
    const segment = segments[i] ?? '';
    if (part.startsWith('{')) parameters[part.slice(1, -1)] = segment;
    return part.startsWith('{') || part === segment;
  });
  return fits ? parameters : undefined;
}

/**
 * The answer for a request no route took: 400 for a path that is not valid
 * percent-encoding, 405 (with `allow`) for a known path asked with another method, 404
 * otherwise. `routes` are `METHOD /path` route keys.
 */
export function unrouted(
  method: string,
  path: string,
  routes: readonly string[],
): APIGatewayProxyStructuredResultV2 {
  const segments = pathSegments(path);
  if (!segments) return refused(400, 'the path is not valid percent-encoding');
  const allow = routes
    .map((key) => key.split(' ') as [string, string])
    .filter(([other, routePath]) => other !== method && pathParametersOf(routePath, segments))
    .map(([other]) => other)
    .sort();
  if (allow.length === 0) return notFound();
  const answer = refused(405, `this path takes ${allow.join(', ')}`);
  return { ...answer, headers: { ...answer.headers, allow: allow.join(', ') } };
}
