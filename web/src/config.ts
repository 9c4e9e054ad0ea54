/**
 * What the app is told where it is served: `/config.json`, written beside the app by
 * the deployment in AWS (the API's address and the identity provider) and answered by
 * the local server on one machine (`auth: local`: the "sign in as" page).
 */
export interface LocalConfig {
  readonly auth: 'local';
  /** The API's origin; empty when the app and the API share one (the local server). */
  readonly apiUrl: string;
  readonly caseRecordUrlTemplate?: string;
}
export interface OidcConfig {
  readonly auth: 'oidc';
  readonly apiUrl: string;
  /** The identity provider: the issuer the API's JWT authorizer trusts. */
  readonly authority: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly scope?: string;
  readonly caseRecordUrlTemplate?: string;
}
export type AppConfig = LocalConfig | OidcConfig;

/** Reads `/config.json`; a page that cannot start says why rather than showing nothing. */
export async function loadConfig(): Promise<AppConfig> {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json answered ${response.status}`);
  const config = (await response.json()) as AppConfig;
  if (config.auth !== 'local' && config.auth !== 'oidc') {
    throw new Error('config.json: auth must be local or oidc');
  }
  return config;
}

/** Plain http only to this machine (the local system's stand-in case records), as emails allow. */
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The case record's address for a subject, from the council's template: `{subjectId}`
 * and `{refId}` percent-encoded as one path segment or query value each. The template
 * was checked when the deployment was built (infra/config.ts, by the rule the reminders'
 * links follow); an address that would leave the template's host is not given.
 */
export function caseRecordLink(
  template: string | undefined,
  subjectId: string,
  refId?: string,
): string | undefined {
  if (!template) return undefined;
  try {
    const origin = new URL(template.replace(/\{\w+\}/g, 'x')).origin;
    const filled = template
      .replaceAll('{subjectId}', encodeURIComponent(subjectId))
      .replaceAll('{refId}', encodeURIComponent(refId ?? ''));
    const url = new URL(filled);
    const local = url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname);
    return url.origin === origin && (url.protocol === 'https:' || local) ? url.href : undefined;
  } catch {
    return undefined;
  }
}
