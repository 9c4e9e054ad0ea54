/** The pages, each for the roles it serves, in the order the navigation lists them. */
import type { FunctionComponent } from 'preact';
import type { PageProps } from './context.js';
import { Allocate } from './pages/allocate.js';
import { Board } from './pages/board.js';
import { Child } from './pages/child.js';
import { Dispute } from './pages/dispute.js';
import { Disputes } from './pages/disputes.js';
import { Figures } from './pages/figures.js';
import { Import } from './pages/import.js';
import { MyWork } from './pages/my-work.js';
import { Record } from './pages/record.js';
import type { Route } from './router.js';
import type { StaffRole } from './session.js';

export interface PageDefinition {
  readonly path: string;
  readonly title: string;
  readonly roles: readonly StaffRole[];
  readonly component: FunctionComponent<PageProps>;
  /** A page reached from the lists, not the menu: one child's, one dispute's. */
  readonly hidden?: boolean;
  /** The heading, where it names what the page shows: "Child C1". */
  readonly heading?: (route: Route) => string;
}

export const PAGES: readonly PageDefinition[] = [
  { path: '/my-work', title: 'My work', roles: ['iro', 'social-worker'], component: MyWork },
  { path: '/board', title: 'Unit board', roles: ['manager', 'admin'], component: Board },
  { path: '/disputes', title: 'Disputes', roles: ['iro', 'manager', 'admin'], component: Disputes },
  { path: '/figures', title: 'Figures', roles: ['iro', 'manager', 'admin'], component: Figures },
  {
    path: '/record',
    title: 'Record an event',
    roles: ['iro', 'manager', 'admin', 'social-worker'],
    component: Record,
  },
  { path: '/import', title: 'Import a return', roles: ['admin'], component: Import },
  { path: '/allocate', title: 'Allocate', roles: ['admin'], component: Allocate },
  {
    path: '/child',
    title: 'Child',
    roles: ['iro', 'manager', 'admin', 'social-worker'],
    component: Child,
    hidden: true,
    heading: (route) => `Child ${route.query.get('id') ?? ''}`.trim(),
  },
  {
    path: '/dispute',
    title: 'Dispute',
    roles: ['iro', 'manager', 'admin', 'social-worker'],
    component: Dispute,
    hidden: true,
    heading: (route) => `Dispute ${route.query.get('id') ?? ''}`.trim(),
  },
];

/** The pages a member of staff with these roles may open. */
export const pagesFor = (roles: readonly StaffRole[]) =>
  PAGES.filter((page) => page.roles.some((role) => roles.includes(role)));
