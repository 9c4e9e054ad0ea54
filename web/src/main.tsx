/**
 * The work tray starts here: read where it is served, find who is signed in (or show
 * the sign-in page), ask the API who that is, and show their pages.
 */
import { render } from 'preact';
import { createApi } from './api.js';
import { App, Frame, PageHeading } from './app.js';
import { loadConfig } from './config.js';
import type { Me } from './context.js';
import { SignIn, SignInAs } from './pages/sign-in.js';
import { startSession } from './session.js';

const root = document.getElementById('app') as HTMLElement;
document.body.classList.add('govuk-frontend-supported');

function failed(reason: string) {
  render(
    <Frame>
      <PageHeading title="Sorry, the work tray cannot start" />
      <p class="govuk-body">{reason}</p>
    </Frame>,
    root,
  );
}

async function start(): Promise<void> {
  const config = await loadConfig();
  const session = await startSession(config);
  const api = createApi(config.apiUrl, session);
  const again = () => void start().catch((error: Error) => failed(error.message));
  if (!session.current()) {
    render(
      <Frame>
        {session.kind === 'local' ? (
          <SignInAs
            api={api}
            signInAs={(who) => {
              session.signInAs(who);
              again();
            }}
          />
        ) : (
          <SignIn signIn={() => void session.signIn()} />
        )}
      </Frame>,
      root,
    );
    return;
  }
  const me = await api.get<Me>('/me');
  if (!me.ok) {
    if (me.status === 401) {
      await session.signOut();
      return again();
    }
    return failed(me.problems.map((p) => p.reason).join('; '));
  }
  render(
    <App
      api={api}
      me={me.body}
      config={config}
      signOut={() => {
        void session.signOut().then(() => {
          render(null, root);
          location.hash = '#/';
          again();
        });
      }}
    />,
    root,
  );
}

start().catch((error: Error) => failed(error.message));
