/** What every page is given: the API, who is signed in, the page's route, the config. */
import type { Api } from './api.js';
import type { AppConfig } from './config.js';
import type { Route } from './router.js';
import type { StaffRole } from './session.js';

/** `GET /me`: who the signed-in caller is to the API. */
export interface Me {
  readonly staffId: string;
  readonly roles: readonly StaffRole[];
  readonly name?: string;
}

export interface PageProps {
  readonly api: Api;
  readonly me: Me;
  readonly route: Route;
  readonly config: AppConfig;
}

export const hasRole = (me: Me, ...roles: StaffRole[]) => me.roles.some((r) => roles.includes(r));
