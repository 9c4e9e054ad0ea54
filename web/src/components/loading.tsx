/** What a page shows while its answer comes, and when it cannot be had. */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Answer } from '../api.js';
import { ErrorSummary } from './error-summary.js';

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
  if (!answer.ok) return <ErrorSummary problems={answer.problems} />;
  return <>{children(answer.body)}</>;
}
