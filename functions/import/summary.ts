/**
 * An import's one summary (architecture.md, "Who hears what, and when"): history brought
 * in reminds nobody of what was already overdue when it arrived (each chunk marks those
 * lines told and counts them), so when the import ends the service manager is told once
 * what arrived overdue, by kind, with a link to the unit board. When no service manager
 * can be reached, the duty inbox is told instead. Claimed in the notifications log like
 * every email, so a completing step run again, or the failure path after it, sends
 * nothing twice.
 */
import { randomUUID } from 'node:crypto';
import { RESERVED_SUBJECT_ID as UNIT } from '../../workflows/events.js';
import type { ObligationKind } from '../../workflows/obligations.js';
import type { ImportRecord } from '../adapters/ports.js';
import { PermanentMailError } from '../adapters/ses/sending.js';
import type { Needs } from '../shared/dependencies.js';
import { sendOnce } from '../shared/send-once.js';

export type ImportSummaryNeeds = Needs<
  | 'imports'
  | 'notifications'
  | 'staff'
  | 'importSummary'
  | 'sendLease'
  | 'now'
  | 'workTrayUrl'
  | 'alerts'
>;

/** The key that makes an import's summary go out once. */
export const importSummaryKey = (importId: string) => `import-summary#${importId}`;

/** The unit board in the work tray. */
export const boardLink = (trayUrl: string) => `${trayUrl.replace(/#.*$/, '')}#/board`;

/**
 * Another attempt holds the summary's claim (one that died mid-send, most likely): the
 * import's state machine retries the step once the claim's lease has run out
 * (workflows/import/state-machine.ts), when the retry takes the claim over; never
 * dropped silently.
 */
export class ImportSummaryHeld extends Error {
  override readonly name = 'ImportSummaryHeld';
  constructor() {
    super("another attempt holds the import's summary");
  }
}

/** What became of the summary: `nothing overdue` sends no email at all. */
export type ImportSummaryOutcome = 'sent' | 'already sent' | 'nothing overdue' | 'undeliverable';

/** What the chunks' results say arrived overdue, by kind. */
export function arrivedOverdue(
  results: readonly { readonly arrivedOverdue?: Readonly<Record<string, number>> }[],
): Partial<Record<ObligationKind, number>> {
  const counts: Record<string, number> = {};
  for (const r of results) {
    for (const [kind, n] of Object.entries(r.arrivedOverdue ?? {}))
      counts[kind] = (counts[kind] ?? 0) + n;
  }
  return counts as Partial<Record<ObligationKind, number>>;
}

/**
 * Sends the import's summary once, when the import has ended (`done`, or `failed` part-way:
 * what the recorded parts brought in is told all the same, since importing the files again
 * counts none of it). Nothing is sent when nothing arrived overdue.
 */
export async function sendImportSummary(
  record: ImportRecord,
  outcome: 'done' | 'failed',
  deps: ImportSummaryNeeds,
): Promise<ImportSummaryOutcome> {
  const counts = arrivedOverdue(await deps.imports.results(record.importId));
  if (!Object.values(counts).some((n) => n > 0)) return 'nothing overdue';

  const key = importSummaryKey(record.importId);
  const sent = await sendOnce(
    key,
    async () => {
      const { found } = await deps.staff.recipients(UNIT, ['service-manager']);
      const manager = found[0]?.member;
      const dutyInbox = { to: deps.importSummary.dutyInbox, toDutyInbox: true };
      const addresses = manager
        ? [{ to: manager.email, toDutyInbox: false }, dutyInbox]
        : [dutyInbox];
      for (const [n, address] of addresses.entries()) {
        try {
          return await deps.importSummary.send({
            ...address,
            claimKey: key,
            importedAt: record.importedAt,
            outcome,
            arrivedOverdue: counts,
            boardUrl: boardLink(deps.workTrayUrl),
          });
        } catch (error) {
          // A service manager's address refused for good: the duty inbox is told instead.
          const last = n === addresses.length - 1;
          if (!last && error instanceof PermanentMailError && error.affects === 'message') continue;
          throw error;
        }
      }
      throw new Error('no address to send to');
    },
    deps,
    {
      attempt: randomUUID(),
      at: deps.now(),
      undeliverable: `The summary of import ${record.importId} could not be delivered to the service manager nor the duty inbox.`,
    },
  );
  if (sent.status === 'already') return 'already sent';
  if (sent.status === 'busy') throw new ImportSummaryHeld();
  // Throttled past its retries: the claim is given back, and a retry of the step takes it.
  if (sent.status === 'transient') throw sent.error;
  return sent.status === 'sent' ? 'sent' : 'undeliverable';
}
