/**
 * Who is signed in, and how the API is told. In AWS: OpenID Connect authorization code
 * with PKCE against the council's identity provider (oidc-client-ts, loaded only there),
 * the access token sent as a Bearer header and kept in this tab's session storage. On
 * one machine: the "sign in as" page picks a sample member of staff, sent in the local
 * server's stand-in headers.
 */
import type { AppConfig, OidcConfig } from './config.js';

/** The roles a staff token may carry (functions/shared/access.ts STAFF_ROLES). */
export type StaffRole = 'iro' | 'admin' | 'manager' | 'social-worker';
export const STAFF_ROLES: readonly StaffRole[] = ['iro', 'admin', 'manager', 'social-worker'];

export interface Identity {
  readonly staffId: string;
  readonly roles: readonly StaffRole[];
}

export interface Session {
  /** The signed-in identity, or undefined: the sign-in page is shown. */
  current(): Identity | undefined;
  /** Headers that say who is calling, for every API request. */
  authHeaders(): Promise<Record<string, string>>;
  signOut(): Promise<void>;
}

const LOCAL_KEY = 'iro.local.identity';

export const rolesOf = (value: unknown): StaffRole[] =>
  (Array.isArray(value) ? value : String(value ?? '').split(/[\s,]+/)).filter((r): r is StaffRole =>
    STAFF_ROLES.includes(r as StaffRole),
  );

/** The local stand-in: the identity chosen on the "sign in as" page, for this tab. */
export function localSession(storage: Storage = sessionStorage): Session & {
  signInAs(identity: Identity): void;
} {
  const read = (): Identity | undefined => {
    try {
      const value = JSON.parse(storage.getItem(LOCAL_KEY) ?? 'null') as Identity | null;
      return value && typeof value.staffId === 'string'
        ? { staffId: value.staffId, roles: rolesOf(value.roles) }
        : undefined;
    } catch {
      return undefined;
    }
  };
  return {
    current: read,
    async authHeaders() {
      const who = read();
      return who ? { 'x-local-user': who.staffId, 'x-local-roles': who.roles.join(' ') } : {};
    },
    async signOut() {
      storage.removeItem(LOCAL_KEY);
    },
    signInAs(identity) {
      storage.setItem(LOCAL_KEY, JSON.stringify(identity));
    },
  };
}

/**
 * OpenID Connect with PKCE. Completes a sign-in when the identity provider has sent the
 * browser back with a code, then cleans the address so the code is not left in history.
 */
export async function oidcSession(
  config: OidcConfig,
): Promise<Session & { signIn(): Promise<void> }> {
  const { UserManager, WebStorageStateStore } = await import('oidc-client-ts');
  const manager = new UserManager({
    authority: config.authority,
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    post_logout_redirect_uri: config.redirectUri,
    response_type: 'code',
    scope: config.scope ?? 'openid profile',
    userStore: new WebStorageStateStore({ store: sessionStorage }),
    automaticSilentRenew: false,
  });
  const params = new URLSearchParams(location.search);
  if (params.has('code') && params.has('state')) {
    await manager.signinRedirectCallback();
    history.replaceState(null, '', `${location.pathname}${location.hash || '#/'}`);
  }
  let user = await manager.getUser();
  if (user?.expired) user = null;
  const identity: Identity | undefined = user
    ? { staffId: user.profile.sub, roles: rolesOf(user.profile.roles) }
    : undefined;
  return {
    current: () => identity,
    async authHeaders() {
      const latest = await manager.getUser();
      return latest && !latest.expired ? { authorization: `Bearer ${latest.access_token}` } : {};
    },
    async signOut() {
      await manager.removeUser();
      await manager.signoutRedirect().catch(() => undefined);
    },
    signIn: () => manager.signinRedirect(),
  };
}

export type AnySession =
  | ({ kind: 'local' } & ReturnType<typeof localSession>)
  | ({ kind: 'oidc' } & Awaited<ReturnType<typeof oidcSession>>);

export async function startSession(config: AppConfig): Promise<AnySession> {
  return config.auth === 'local'
    ? { kind: 'local', ...localSession() }
    : { kind: 'oidc', ...(await oidcSession(config)) };
}
