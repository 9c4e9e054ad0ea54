/** The pages, each for the roles it serves, in the order the navigation lists them. */
import type { FunctionComponent } from 'preact';
import type { PageProps } from './context.js';
import { Board } from './pages/board.js';
import { Disputes } from './pages/disputes.js';
import { Figures } from './pages/figures.js';
import { MyWork } from './pages/my-work.js';
import { Record } from './pages/record.js';
import type { StaffRole } from './session.js';

export interface PageDefinition {
  readonly path: string;
  readonly title: string;
  readonly roles: readonly StaffRole[];
  readonly component: FunctionComponent<PageProps>;
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
];

/** The pages a member of staff with these roles may open. */
export const pagesFor = (roles: readonly StaffRole[]) =>
  PAGES.filter((page) => page.roles.some((role) => roles.includes(role)));
