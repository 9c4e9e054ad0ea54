/** What a page shows while its answer comes, and when it cannot be had. */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Answer } from '../api.js';
import { ErrorSummary } from './error-summary.js';

/**
 * An answer that is not ready yet (503: the figures being prepared after an update):
 * the API's words as a status line, not an error summary, for nothing the person did
 * is at fault, and the page holds no figure meanwhile.
 */
export function NotReady({ answer }: { answer: Answer<unknown> & { ok: false } }) {
  return (
    <div class="govuk-inset-text" role="status">
      {answer.problems.map((p) => p.reason).join(' ')}
    </div>
  );
}

/**
 * Loads `load()` again whenever `key` changes, and renders `children` with the body, a
 * status line while waiting, or the error summary with the API's reasons.
 */
export function Loaded<T>({
  load,
  loadKey,
  children,
}: {
  load: () => Promise<Answer<T>>;
  loadKey: string;
  children: (body: T) => ComponentChildren;
}) {
  const [answer, setAnswer] = useState<Answer<T> | undefined>(undefined);
  useEffect(() => {
    let live = true;
    setAnswer(undefined);
    load().then((a) => {
      if (live) setAnswer(a);
    });
    return () => {
      live = false;
    };
  }, [loadKey]);
  if (!answer) {
    return (
      <p class="govuk-body" role="status">
        Loading…
      </p>
    );
  }
  if (!answer.ok && answer.status === 503) return <NotReady answer={answer} />;
  if (!answer.ok) return <ErrorSummary problems={answer.problems} />;
  return <>{children(answer.body)}</>;
}
