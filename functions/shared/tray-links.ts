/** Where an email or a list links into the work tray, by the address's fragment (web/src/router.ts). */

/** A child's page in the work tray: `<tray>#/child?id=<childId>`. */
export const childPageLink = (trayUrl: string, childId: string): string =>
  `${trayUrl.replace(/#.*$/, '').replace(/\/?$/, '/')}#/child?id=${encodeURIComponent(childId)}`;

/** A dispute's page in the work tray: `<tray>#/dispute?id=<disputeId>`. */
export const disputePageLink = (trayUrl: string, disputeId: string): string =>
  `${trayUrl.replace(/#.*$/, '').replace(/\/?$/, '/')}#/dispute?id=${encodeURIComponent(disputeId)}`;
