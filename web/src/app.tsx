/**
 * The work tray's frame: a skip link, the service navigation for the pages the signed-in
 * member of staff may open, the page itself under its heading, and who is signed in. On
 * every change of page the title says where you are and focus moves to the heading, as
 * a screen reader user expects of a new page.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { Api } from './api.js';
import type { AppConfig } from './config.js';
import type { Me } from './context.js';
import { pagesFor } from './pages.js';
import { href, useRoute } from './router.js';

export const SERVICE_NAME = 'IRO work tray';

export function Frame({
  children,
  nav,
  signOut,
  me,
}: {
  children: ComponentChildren;
  nav?: readonly { path: string; title: string; current: boolean }[];
  signOut?: () => void;
  me?: Me;
}) {
  return (
    <>
      <a href="#main-content" class="govuk-skip-link">
        Skip to main content
      </a>
      <section class="govuk-service-navigation" aria-label="Service information">
        <div class="govuk-width-container">
          <div class="govuk-service-navigation__container">
            <span class="govuk-service-navigation__service-name">
              <a href="#/" class="govuk-service-navigation__link">
                {SERVICE_NAME}
              </a>
            </span>
            {nav && nav.length > 0 && (
              <nav aria-label="Menu" class="govuk-service-navigation__wrapper">
                <ul class="govuk-service-navigation__list">
                  {nav.map((item) => (
                    <li
                      key={item.path}
                      class={`govuk-service-navigation__item${item.current ? ' govuk-service-navigation__item--active' : ''}`}
                    >
                      <a
                        class="govuk-service-navigation__link"
                        href={href(item.path)}
                        {...(item.current ? { 'aria-current': 'page' } : {})}
                      >
                        {item.title}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
            )}
          </div>
        </div>
      </section>
      <div class="govuk-width-container">
        <main class="govuk-main-wrapper" id="main-content" tabIndex={-1}>
          {children}
        </main>
      </div>
      <footer class="govuk-footer">
        <div class="govuk-width-container">
          <div class="govuk-footer__meta">
            <div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
              {me && (
                <p class="govuk-body-s">
                  Signed in as {me.name ?? me.staffId} ({me.roles.join(', ')}).{' '}
                  {signOut && (
                    <button
                      type="button"
                      class="govuk-button govuk-button--secondary app-inline-button"
                      onClick={signOut}
                    >
                      Sign out
                    </button>
                  )}
                </p>
              )}
            </div>
          </div>
        </div>
      </footer>
    </>
  );
}

/** Whether a page has been shown since the document loaded. */
let shownBefore = false;

/**
 * A page's heading, and the document's title. Focus moves to it when the page changes,
 * as a new page's load would put a screen reader there; not on the first page, where
 * the browser starts at the top and the skip link is the first thing the keyboard reaches.
 */
export function PageHeading({ title }: { title: string }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} – ${SERVICE_NAME}`;
    if (shownBefore) heading.current?.focus();
    shownBefore = true;
  }, [title]);
  return (
    <h1 class="govuk-heading-l" tabIndex={-1} ref={heading}>
      {title}
    </h1>
  );
}

export function App({
  api,
  me,
  config,
  signOut,
}: {
  api: Api;
  me: Me;
  config: AppConfig;
  signOut: () => void;
}) {
  const route = useRoute();
  const pages = pagesFor(me.roles);
  const first = pages[0];
  useEffect(() => {
    if (route.path === '/' && first) location.replace(href(first.path));
  }, [route.path, first]);
  const page = pages.find((p) => p.path === route.path);
  const nav = pages
    .filter((p) => !p.hidden)
    .map((p) => ({ path: p.path, title: p.title, current: p === page }));
  let content: ComponentChildren;
  if (page) {
    const Page = page.component;
    content = (
      <>
        <PageHeading title={page.heading?.(route) ?? page.title} />
        <Page api={api} me={me} route={route} config={config} />
      </>
    );
  } else if (route.path === '/' && !first) {
    content = (
      <>
        <PageHeading title="No pages for your roles" />
        <p class="govuk-body">
          Your account has none of the roles the work tray serves. Ask the unit's administrator.
        </p>
      </>
    );
  } else {
    content = (
      <>
        <PageHeading title="Page not found" />
        <p class="govuk-body">
          There is no page at this address that you may open. Choose a page from the menu.
        </p>
      </>
    );
  }
  return (
    <Frame nav={nav} me={me} signOut={signOut}>
      {content}
    </Frame>
  );
}
