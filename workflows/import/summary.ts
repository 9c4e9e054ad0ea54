/**
 * The one email an import sends (architecture.md, "Who hears what, and when"): history
 * brought in reminds nobody of what was already overdue when it arrived, so the service
 * manager hears of it once, as counts by kind with a link to the unit board. Counts
 * only: never a child's reference, a name or an issue's text. Pure: the import's
 * completing step (functions/import/summary.ts) adds the counts and the recipient.
 */
import { londonDate } from '../calendar/index.js';
import { KIND_NAMES } from '../morning-list.js';
import { formatDue, type RenderedEmail } from '../notifications/templates.js';
import { OBLIGATION_KINDS, type ObligationKind } from '../obligations.js';

export interface ImportSummary {
  /** When the return was uploaded (ISO 8601). */
  readonly importedAt: string;
  /** Whether every part was recorded, or the import stopped part-way. */
  readonly outcome: 'done' | 'failed';
  /** Obligations that arrived already overdue, by kind. */
  readonly arrivedOverdue: Readonly<Partial<Record<ObligationKind, number>>>;
  /** The unit board in the work tray, where the children concerned are listed. */
  readonly boardUrl: string;
  /** It goes to the duty inbox because no service manager can be reached: the email says so. */
  readonly toDutyInbox: boolean;
}

/** The counts, largest first (the contract's order among equals), each kind in the unit's words. */
export function overdueByKind(
  arrivedOverdue: ImportSummary['arrivedOverdue'],
): { readonly kind: ObligationKind; readonly words: string; readonly count: number }[] {
  return OBLIGATION_KINDS.flatMap((kind) => {
    const count = arrivedOverdue[kind] ?? 0;
    return count > 0 ? [{ kind, words: KIND_NAMES[kind], count }] : [];
  }).sort((a, b) => b.count - a.count);
}

const items = (n: number) => `${n} ${n === 1 ? 'item' : 'items'} of work`;

function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

/** The summary's subject, text and HTML. */
export function renderImportSummary(
  summary: ImportSummary,
  options: { readonly unitName: string },
): RenderedEmail {
  const rows = overdueByKind(summary.arrivedOverdue);
  const total = rows.reduce((n, r) => n + r.count, 0);
  const when = formatDue(summary.importedAt);
  const subject = `Return imported on ${formatDue(londonDate(summary.importedAt))}: ${items(total)} arrived overdue`;
  const paragraphs = [
    `The return imported into the work tray on ${when} brought in ${items(total)} already overdue when it arrived. Nobody was sent a reminder for it: it is on the unit board now.`,
    ...(summary.outcome === 'failed'
      ? [
          'The import stopped before every part of the return was recorded: these counts are for the parts recorded. Importing the same files again records what is missing.',
        ]
      : []),
    ...(summary.toDutyInbox
      ? [
          'This summary comes to the duty inbox because no service manager can be reached (none is allocated to the unit, or their address is undeliverable).',
        ]
      : []),
  ];
  const heading = 'Arrived overdue, by kind:';
  const privacy =
    'This summary gives counts only: the unit board lists the children concerned. Please do not reply with case details.';
  const text = [
    paragraphs[0],
    '',
    heading,
    ...rows.map((r) => `- ${r.words}: ${r.count}`),
    '',
    ...paragraphs.slice(1).flatMap((p) => [p, '']),
    `Unit board: ${summary.boardUrl}`,
    '',
    privacy,
    '',
    options.unitName,
    '',
  ].join('\n');
  const html = [
    '<!DOCTYPE html>',
    '<html lang="en-GB">',
    `<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body>',
    `<p>${escapeHtml(paragraphs[0] ?? '')}</p>`,
    `<h2>${escapeHtml(heading)}</h2>`,
    '<ul>',
    ...rows.map((r) => `<li>${escapeHtml(r.words)}: ${r.count}</li>`),
    '</ul>',
    ...paragraphs.slice(1).map((p) => `<p>${escapeHtml(p)}</p>`),
    `<p><a href="${escapeHtml(summary.boardUrl)}">Open the unit board</a></p>`,
    `<p>${escapeHtml(privacy)}</p>`,
    `<p>${escapeHtml(options.unitName)}</p>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
  return { subject, text, html };
}
