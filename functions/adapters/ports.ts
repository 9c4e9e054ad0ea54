/**
 * The ports the handlers depend on. Each has a DynamoDB, SES v2 or Step Functions
 * implementation beside it; handlers receive them injected, so tests point the real
 * implementations at the local engines (dynalite, aws-ses-v2-local, the local runner).
 */
import type { StaffBasis } from '../../workflows/answers.js';
import type { LocalDate } from '../../workflows/calendar/index.js';
import type { CaseEvent } from '../../workflows/events.js';
import type { EpisodeSpan, LogFigures } from '../../workflows/figures/summary.js';
import type { ImportSummary } from '../../workflows/import/summary.js';
import type { ListItem } from '../../workflows/morning-list.js';
import type { ReminderContent } from '../../workflows/notifications/templates.js';
import type { Obligation } from '../../workflows/obligations.js';
import type { Role } from '../../workflows/policy.js';
import type { ViewsLinkRecord } from '../../workflows/voice/links.js';
import type { ImportChunk, UploadSummary } from '../import/upload.js';
import type { RowAccount } from '../import/with-history.js';

/** Who sent an event in: staff through the JWT route, or the case management system through IAM. */
export const EVENT_SOURCES = ['system', 'staff'] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

/** An event as stored: with its id (given or assigned), its place in the log, and who recorded it. */
export interface StoredEvent {
  readonly eventId: string;
  /** 1-based place in the log: the log's arrival order, and the version an append expects. */
  readonly position: number;
  /** ISO instant the system recorded it (for people: the position keeps the order). */
  readonly recordedAt: string;
  /** The JWT subject or the IAM principal that recorded it: for audit, never for email. */
  readonly recordedBy: string;
  readonly source: EventSource;
  /** The API request that recorded it, to find its trace. */
  readonly requestId?: string;
  readonly event: CaseEvent;
}

/** Thrown when an `eventId` is reused for a different event. */
export class EventIdConflict extends Error {
  override readonly name = 'EventIdConflict';
}

/**
 * The append-only event logs, one per clock history (`reviews/C1`, `dispute/D1`).
 * Optimistic concurrency on each log: an event goes in at the position after the last
 * one its recorder read, on condition that the position is free, so its contradiction
 * check was made against exactly the history it extends. Single-item conditional
 * writes only. The eventId is claimed per source first, so a repeat is harmless and a
 * crash between the claim and the append heals on the retry.
 */
export interface EventStore {
  /**
   * Claims `eventId` (per source) for this log and body. `claimed` when new, `held`
   * when the same body was claimed for the same log before (a repeat, or a retry
   * healing a crash); throws {@link EventIdConflict} when the id carries another body
   * or belongs to another log.
   */
  claim(
    source: EventSource,
    eventId: string,
    log: string,
    body: string,
  ): Promise<'claimed' | 'held'>;
  /** Gives back a claim whose event was refused, if it still carries this body. */
  unclaim(source: EventSource, eventId: string, body: string): Promise<void>;
  /** The log an eventId was claimed for, if it was. */
  locate(source: EventSource, eventId: string): Promise<string | undefined>;
  /**
   * Appends at `stored.position` if that position is free: `taken` when another event
   * got there first (read the history again, check again, retry).
   */
  appendAt(log: string, stored: StoredEvent): Promise<'appended' | 'taken'>;
  /** The log's events in position order (only those after `afterPosition`, if given). Strongly consistent. */
  history(log: string, afterPosition?: number): Promise<StoredEvent[]>;
  /**
   * Every log that holds an event, for the unit's figures (a registry kept beside the
   * logs, so nothing is ever read with Scan).
   */
  logs(): Promise<string[]>;
  /**
   * The logs whose first event names this child or carer (a dispute's, through its
   * DisputeRaised), from the same registry: for the child's one audit trail.
   */
  logsOf(subjectId: string): Promise<string[]>;
}

/**
 * The head of a clock: a version that every new event bumps, the execution watching it
 * and, while that execution waits, its task token. The wake-up handshake relies on it:
 * a workflow parks its token only if no event arrived since it planned.
 */
export interface ClockHead {
  readonly clockId: string;
  /** Bumped once per new event on the clock. */
  readonly version: number;
  /** The execution watching the clock, if one is. */
  readonly execution?: string;
  /** The waiting execution's task token, and the version it planned from. */
  readonly token?: string;
  readonly tokenVersion?: number;
}

export interface ClockHeads {
  read(clockId: string): Promise<ClockHead>;
  /**
   * Records a new event: bumps the version and, when no execution watches the clock,
   * names `candidate` as its watcher. Returns the head after the change.
   */
  bump(clockId: string, candidate: string): Promise<ClockHead>;
  /** Stores the waiting token if the version is still `planVersion`; false if an event came in between. */
  park(clockId: string, token: string, planVersion: number): Promise<boolean>;
  /** Releases the clock (the execution ends) if the version is still `planVersion`. */
  release(clockId: string, execution: string, planVersion: number): Promise<boolean>;
  /** Hands the clock to a successor execution (continue-as-new). */
  handOver(clockId: string, from: string, to: string): Promise<boolean>;
}

/** How a member of staff asks to hear of routine work (architecture.md, "Who hears what, and when"). */
export const REMINDER_DELIVERIES = ['morning-list', 'as-it-happens'] as const;
export type ReminderDelivery = (typeof REMINDER_DELIVERIES)[number];

/** A person who may be reminded. */
export interface StaffMember {
  readonly staffId: string;
  readonly name: string;
  readonly email: string;
  /** How the member is employed, where recorded: IROs by basis are figures.md S1. */
  readonly basis?: StaffBasis;
  /**
   * How the member hears of routine work: in one morning list a working day (the
   * default), or each reminder as it happens, as its own email.
   */
  readonly reminders?: ReminderDelivery;
  /** Set when mail to the address bounced or was complained about: nothing more is sent to it. */
  readonly undeliverable?: { readonly reason: 'bounce' | 'complaint'; readonly at: string };
}

/**
 * Erases one child's records for a rectification or erasure request: the child's logs
 * (and the disputes raised about them) with their eventId claims, their clocks' heads
 * and board entries, and their allocations. Leaves one record: which id was erased, by
 * whom and when.
 */
export interface Erasure {
  /**
   * `items`: the items deleted, and the upload items rewritten without the child.
   * Throws {@link RecordingUnderway}, having erased nothing of the child's records, while
   * an upload is recording the child's events: while a hold on the child has not lapsed
   * as of `holdsAsOf`, the real instant (holds are leased on the real clock; `at` when
   * not given).
   */
  eraseChild(
    childId: string,
    erasedBy: string,
    at: string,
    holdsAsOf?: string,
  ): Promise<{ readonly items: number }>;
  /**
   * Whether the system knows the child: a looked-after, child protection or dispute log
   * names them, they are allocated, or an upload holds them. Once erased they are known
   * no more; an erasure that crashed part-way left something, so its repeat finishes.
   */
  knows(childId: string): Promise<boolean>;
}

/**
 * An upload's chunk step is recording the child's events at this moment: erasing now
 * could leave what it records next. Nothing of the child's is erased yet; once the chunk
 * is in (seconds; at most the step's lease, {@link RECORDING_LEASE_SECONDS}), a repeat
 * erases it all.
 */
export class RecordingUnderway extends Error {
  override readonly name = 'RecordingUnderway';
}

/**
 * How long a chunk step's hold on a child lasts: longer than the step's timeout (5
 * minutes, infra/stacks/workflow-stack.ts), so a hold outlives any attempt that took it;
 * a hold a crashed attempt left lapses after it.
 */
export const RECORDING_LEASE_SECONDS = 6 * 60;

/** Who holds each role for a child, a carer, or the unit as a whole. */
export interface Allocation {
  /** A childId or carerId, or `unit` for unit-wide roles (service manager, head of service, director). */
  readonly subjectId: string;
  readonly roles: Partial<Record<Role, string>>;
}

export interface StaffDirectory {
  putStaff(member: StaffMember): Promise<void>;
  getStaff(staffId: string): Promise<StaffMember | undefined>;
  allocate(allocation: Allocation): Promise<void>;
  allocation(subjectId: string): Promise<Allocation | undefined>;
  /** The people holding `roles` for the subject (subject allocation first, then the unit's). Roles nobody holds are returned in `unfilled`. */
  recipients(
    subjectId: string,
    roles: readonly Role[],
  ): Promise<{ found: { role: Role; member: StaffMember }[]; unfilled: Role[] }>;
  /** Flags every staff member with this address after a bounce or complaint. */
  markUndeliverable(email: string, reason: 'bounce' | 'complaint', at: string): Promise<string[]>;
  /** The subjects (child or carer ids) a staff member holds a role for: for the `?iro=` query. */
  subjectsAllocatedTo(staffId: string, role: Role): Promise<string[]>;
  /**
   * Everyone given `role` for some subject, by staff id: the IROs for the caseloads,
   * from a registry beside the allocations (never a Scan). Someone who has since given
   * every such subject up is still listed; ask {@link subjectsAllocatedTo}.
   */
  holders(role: Role): Promise<string[]>;
  /**
   * Who holds each asked role on each asked subject by the subject's own allocation
   * (not the unit's), keyed `subjectId` then role: the morning list's read of many
   * subjects at once, 100 (subject, role) pairs a request.
   */
  ownHolders(
    asked: readonly { readonly subjectId: string; readonly role: Role }[],
  ): Promise<Map<string, Partial<Record<Role, string>>>>;
  /** The members with these ids (those not found left out): 100 a request. */
  getStaffMany(staffIds: readonly string[]): Promise<Map<string, StaffMember>>;
  /**
   * The staff ids who asked for each reminder as it happens, from a registry kept by
   * {@link putStaff}: one small read tells the daily sweep whether it has anyone to send to.
   */
  asItHappens(): Promise<string[]>;
}

/** What an email may say (the child's reference, the obligation, the due date, a link; nothing else), and where it goes. */
export interface ReminderEmail extends ReminderContent {
  readonly to: string;
  /**
   * The notification claim this email is sent under: the mailer tags the email with its
   * send tag, so SES's Send event marks the claim sent even if the sender dies first.
   */
  readonly claimKey?: string;
  /** The request it is sent for (functions/shared/lambda.ts adds it): tagged, for SES's Send event. */
  readonly correlationId?: string;
}

export interface Mailer {
  /**
   * Sends one email. Throws PermanentMailError when SES refuses it for good (`affects`
   * says whether this email or all mail), TransientMailError when retries ran out.
   */
  send(email: ReminderEmail): Promise<{ messageId: string }>;
}

/** One person's morning list (worded by workflows/morning-list.ts), and where it goes. */
export interface MorningListEmail {
  readonly to: string;
  readonly date: LocalDate;
  readonly items: readonly ListItem[];
  /** The work tray's address, said at the foot of the list. */
  readonly trayUrl: string;
  /** The list's notification claim, as for {@link ReminderEmail.claimKey}. */
  readonly claimKey?: string;
  /** As for {@link ReminderEmail.correlationId}. */
  readonly correlationId?: string;
}

export interface MorningListMailer {
  /** Sends one list; throws as {@link Mailer.send} does. */
  send(email: MorningListEmail): Promise<{ messageId: string }>;
}

/** An import's one summary (workflows/import/summary.ts words it), and where it goes. */
export interface ImportSummaryEmail extends ImportSummary {
  readonly to: string;
  /** The summary's notification claim, as for {@link ReminderEmail.claimKey}. */
  readonly claimKey?: string;
}

/** Sends an import's summary: to the service manager, or to the duty inbox when none can be reached. */
export interface ImportSummaryMailer {
  readonly dutyInbox: string;
  /** Sends one summary; throws as {@link Mailer.send} does. */
  send(email: ImportSummaryEmail): Promise<{ messageId: string }>;
}

/**
 * Makes each email go out once per (obligation, step, recipient): the key is claimed
 * before sending and marked sent after. A claim left by a crashed attempt is taken
 * over once its lease has run out.
 */
export interface NotificationLog {
  /**
   * `owner` names the attempt, so only it can give the claim back. `carries`: the keys
   * its email will carry besides its own (a morning list's new lines), noted on the
   * claim as it is taken, so that SES's Send event marks them with it.
   */
  claim(
    key: string,
    now: string,
    leaseSeconds: number,
    owner: string,
    carries?: readonly string[],
  ): Promise<'claimed' | 'sent' | 'busy'>;
  markSent(key: string, messageId: string, at: string): Promise<void>;
  /**
   * Marks each of `keys` sent by one email, whoever holds it, as {@link markSent} does
   * each (a morning list's new lines, the keys its claim carried): in batches, not one
   * request a key. A key is marked whole or not at all; a crash part-way leaves the
   * rest unmarked, to go again, never lost.
   */
  markSentMany(keys: readonly string[], messageId: string, at: string): Promise<void>;
  /**
   * Marks sent, from SES's Send event, the claim whose email carried this send tag
   * (./send-tag.ts), if it is still `sending`, and the keys noted as carried with it: a
   * sender cut short after SES took its email (a kill, a timeout) leaves no claim for
   * another attempt to take over, nor a list's lines to list again. `marked` when it
   * was `sending`; `unchanged` when already marked, given back or unknown (a repeat of
   * the event marks the carried keys again, harmlessly, unless the sender has marked
   * its claim: it marks its carried keys itself).
   */
  confirmSent(tag: string, messageId: string, at: string): Promise<'marked' | 'unchanged'>;
  /**
   * Gives the owner's claim back after a failed send, so a retry may take it at once. A
   * claim another attempt has taken over since (its lease ran out) is left alone.
   */
  release(key: string, owner: string): Promise<void>;
  /** The keys not yet sent (never claimed, or claimed and not marked sent), in the order given. */
  pending(keys: readonly string[]): Promise<string[]>;
}

/** A link as the work tray lists it: its record, and who acted on a safety alert from it. */
export interface ViewsLinkListed extends ViewsLinkRecord {
  readonly safetyActedOn?: { readonly by: string; readonly at: string };
}

/**
 * The young person's links (architecture.md, "The child's voice"), each known only by
 * the SHA-256 of its secret. `takeSubmission` counts a sending on condition the link
 * is not used up or withdrawn, atomically, so racing sendings never pass `max`.
 */
export interface ViewsLinks {
  make(link: ViewsLinkRecord, hash: string): Promise<void>;
  byHash(hash: string): Promise<ViewsLinkRecord | undefined>;
  /** The link's count after this sending, or undefined when it may take no more. */
  takeSubmission(hash: string, max: number): Promise<number | undefined>;
  ofChild(childId: string): Promise<ViewsLinkListed[]>;
  /** False when the child has no such link. */
  withdraw(childId: string, linkId: string, by: string, on: string): Promise<boolean>;
  /** A person records that they acted on the young person saying they do not feel safe. */
  markSafetyActed(
    childId: string,
    linkId: string,
    by: string,
    at: string,
  ): Promise<'marked' | 'already' | 'unknown'>;
  /** Removes every link of the child (an erasure); the number of items removed. */
  eraseChild(childId: string): Promise<number>;
}

/**
 * Tells the allocated IRO and social worker at once that a young person said they do
 * not feel safe: the child's reference and a link to their page, never their words.
 */
export interface SafetyMailer {
  /** The unit's duty inbox: told when the child has no IRO or no social worker allocated. */
  readonly dutyInbox: string;
  send(email: {
    readonly to: string;
    readonly childReference: string;
    readonly childPageUrl: string;
    /** The alert's notification claim, as for {@link ReminderEmail.claimKey}. */
    readonly claimKey?: string;
  }): Promise<{ messageId: string }>;
}

/** Tells the unit's duty inbox that something needs a person: an undeliverable reminder, a stopped workflow. Messages carry references only. */
export interface UnitAlerts {
  send(message: string): Promise<void>;
}

/** Waking and starting workflows. */
export interface WorkflowSignals {
  /**
   * Wakes a waiting execution; `gone` when the token is no longer waited on. The
   * waking request's correlation id, if given, goes to the execution's next steps.
   */
  wake(token: string, correlationId?: string): Promise<'woken' | 'gone'>;
  /**
   * Starts an execution by name: `running` when one of that name is already running
   * (a repeat start is harmless), `ended` when one of that name has already finished.
   */
  start(workflow: string, name: string, input: object): Promise<'started' | 'running' | 'ended'>;
}

/** An open obligation as the API shows it: where it comes from and when it was last planned. */
export interface BoardEntry extends Obligation {
  readonly clockId: string;
  /** When the clock's workflow last planned it. */
  readonly plannedAt: string;
}

/** An open obligation as the morning list reads it. */
export interface OpenObligation {
  readonly obligation: Obligation;
  /** When the plan that last changed its entry ran; absent on entries older than this field. */
  readonly writtenAt?: string;
}

/**
 * The read model behind the API: each clock's open obligations, replaced whenever its
 * workflow plans. Queried by subject, by kind and due date, and for disputes by stage,
 * each a Query on a key or index, never a Scan.
 */
export interface ObligationBoard {
  /**
   * Makes the clock's entries exactly `obligations` (absent ones are removed), as
   * planned from the clock's version `planVersion`: a plan older than one already
   * written changes nothing, so an older plan never overwrites a newer one. Answers a
   * digest of the entries (no personal data in it); `left`, the digest the clock's last
   * plan was given, lets a plan that finds them unchanged write less.
   */
  replace(
    clockId: string,
    obligations: readonly Obligation[],
    plannedAt: string,
    planVersion: number,
    left?: string,
  ): Promise<string>;
  forSubject(subjectId: string): Promise<BoardEntry[]>;
  /** Open obligations of a kind due on or before a date, earliest first. */
  dueBy(kind: Obligation['kind'], date: string): Promise<BoardEntry[]>;
  /**
   * Every open obligation of a kind (only those due on or before the London date
   * `dueBy`, when given), earliest due first, with when its entry was last changed
   * (absent on entries written before that was kept): the morning list's read (one
   * Query, no marks).
   */
  openOf(kind: Obligation['kind'], dueBy?: LocalDate): Promise<OpenObligation[]>;
  /**
   * What {@link openOf} gives for each of `bounds` (each kind as far as its own `dueBy`,
   * or whole), together and earliest due first, from the one index partition that holds
   * every routine kind's entries (one Query and its pages): the same obligations, once
   * {@link routineIndexReady} says every entry carries that index's key.
   */
  openRoutine(bounds: readonly RoutineBound[]): Promise<OpenObligation[]>;
  /**
   * Whether every routine entry is in the one partition {@link openRoutine} reads: the
   * routine index's backfill marker says complete (one read, none once it has said so).
   */
  routineIndexReady(): Promise<boolean>;
  /** Whether the table has the routine index at all (a local store kept from before it has not). */
  hasRoutineIndex(): Promise<boolean>;
  /**
   * Gives the routine index's key to the entries of `kind` that lack it, one page of the
   * kind's entries in due order after the index key `after` (each write guarded: an
   * entry deleted or rewritten since is left as it is). Where the page ended, or
   * undefined at the kind's end.
   */
  indexRoutineEntries(
    kind: Obligation['kind'],
    after?: string,
  ): Promise<{ readonly indexed: number; readonly next: string | undefined }>;
  /** How far the routine index's backfill has come (strongly consistent); undefined before it first ran. */
  routineIndexMark(): Promise<RoutineIndexMark | undefined>;
  markRoutineIndex(mark: RoutineIndexMark): Promise<void>;
  /** Open disputes standing at a stage. */
  disputesAt(stage: NonNullable<Obligation['stage']>): Promise<BoardEntry[]>;
}

/** One routine kind and the last London due date of it to read (undefined: every entry). */
export interface RoutineBound {
  readonly kind: Obligation['kind'];
  readonly dueBy: LocalDate | undefined;
}

/**
 * The routine index's backfill (functions/shared/backfill.ts) for one version of its
 * key: begun at `since` (the real clock), then the routine kinds in order, each done up
 * to and including the entry whose key is `after`.
 */
export type RoutineIndexMark =
  | { readonly indexVersion: number; readonly complete: true }
  | {
      readonly indexVersion: number;
      readonly complete: false;
      readonly since: string;
      readonly kind?: Obligation['kind'];
      readonly after?: string;
    };

/** Where an SSDA903 upload stands. */
export type ImportStatus = 'running' | 'done' | 'failed';

/** An SSDA903 upload as stored: who, when, what its rows gave, and how its recording stands. */
export interface ImportRecord {
  readonly importId: string;
  /** The administrator who uploaded it (the JWT subject): its events are recorded as theirs. */
  readonly importedBy: string;
  readonly importedAt: string;
  readonly status: ImportStatus;
  /** How many chunks of events the state machine records. */
  readonly chunks: number;
  /** What the rows gave, before anything was recorded (functions/import/upload.ts). */
  readonly summary: UploadSummary;
  readonly finishedAt?: string;
  /** Why recording stopped, by error name only. */
  readonly failure?: string;
}

/** What recording one chunk did: events written and already there per type, refused per reason. */
export interface ChunkResult {
  readonly written: Readonly<Record<string, number>>;
  readonly repeated: Readonly<Record<string, number>>;
  readonly refused: Readonly<Record<string, number>>;
  /** The refusals, `events: <eventId>: <reason>`: every one (up to a size no chunk comes near). */
  readonly problems: readonly string[];
  /**
   * The child each line of {@link problems} concerns, in the same order, so that an
   * erasure takes their lines out (the eventIds in them are digests of the child's id).
   * Never shown.
   */
  readonly problemChildren?: readonly string[];
  /** The account of the rows this chunk mapped against the children's recorded history. */
  readonly rows?: RowAccount;
  /** Obligations this chunk brought in already overdue, by kind: none of their lines is sent. */
  readonly arrivedOverdue?: Readonly<Record<string, number>>;
}

/** Some of an upload's refusal lines, and where the next ones start. */
export interface RefusalsPage {
  readonly lines: readonly string[];
  readonly nextPage?: number;
}

/**
 * SSDA903 uploads: the record, the events cut into chunks, and one result per chunk
 * (written whole, so a chunk recorded again replaces its result instead of adding to it).
 */
export interface ImportStore {
  /**
   * Stores each child's place in the upload (by which an erasure finds them), then the
   * chunks, then the record: a record is never there without its chunks, nor a chunk
   * holding a child without their place.
   */
  create(
    record: ImportRecord,
    chunks: readonly ImportChunk[],
    refusals?: readonly string[],
  ): Promise<void>;
  record(importId: string): Promise<ImportRecord | undefined>;
  chunk(importId: string, chunk: number): Promise<ImportChunk | undefined>;
  /**
   * Holds a child of a chunk for recording until `until` (an erasure waits for it); false
   * when the child has been erased from the upload since it was stored, or is being
   * erased: then nothing of theirs may be recorded from it.
   */
  holdChild(importId: string, chunk: number, childId: string, until: string): Promise<boolean>;
  /** Lets go of the children held, once the chunk's result is written. */
  releaseChildren(importId: string, chunk: number, childIds: readonly string[]): Promise<void>;
  putResult(importId: string, chunk: number, result: ChunkResult): Promise<void>;
  /** Every chunk's result recorded so far, in chunk order. */
  results(importId: string): Promise<ChunkResult[]>;
  /**
   * One page of the upload's refusal lines, every one kept, in order: the rows refused
   * when it was uploaded (given to {@link create}), then each chunk's (the rows mapped
   * against a child's history, and the events the rules refused). `nextPage` is absent
   * on the last page; undefined when there is no such upload.
   */
  refusals(importId: string, page: number): Promise<RefusalsPage | undefined>;
  /** Marks the upload done or failed (only while running). */
  finish(importId: string, status: 'done' | 'failed', at: string, failure?: string): Promise<void>;
}

/** A subject as the caseloads read them: their IRO, if allocated, and their looked-after episodes. */
export interface CaseloadSubject {
  readonly subjectId: string;
  readonly iro?: string;
  readonly episodes: readonly EpisodeSpan[];
}

/**
 * What the unit's figures read instead of every event: each log's summary, written
 * when the log is planned, and each subject's caseload item (their IRO, kept by the
 * staff directory when an allocation changes; their episodes, kept with the summary).
 */
export interface FiguresStore {
  /**
   * Keeps the log's summary as planned from the log's `version` (its last event's
   * position): `stale` when a newer one is already kept, which it never overwrites.
   */
  keep(summary: LogFigures, version: number): Promise<'kept' | 'stale'>;
  /** Every log's summary: one Query per partition (of the groups), never a Scan. */
  all(): Promise<LogFigures[]>;
  /** Every subject's caseload item. */
  caseloadSubjects(): Promise<CaseloadSubject[]>;
  /**
   * Sets the subject's IRO from an allocation made before caseload items were kept:
   * `newer` (nothing written) when an allocation since has kept their IRO, or taken it
   * away, for that allocation is the later word.
   */
  fillIro(subjectId: string, iro: string): Promise<'kept' | 'newer'>;
  /**
   * Deletes the log's summary where summary version 1 kept it, alone (the backfill's,
   * after it keeps the log's summary as it is kept now): no older item outlives it.
   */
  forgetOlderShape(log: string): Promise<void>;
  /** How far the backfill has come (strongly consistent); undefined before it first ran. */
  backfillMark(): Promise<BackfillMark | undefined>;
  markBackfill(mark: BackfillMark): Promise<void>;
}

/**
 * The backfill's progress for one summary version (workflows/figures/summary.ts
 * SUMMARY_VERSION): the logs, in code-unit order, then the IROs' allocations, each
 * done up to and including `after`.
 */
export type BackfillMark =
  | { readonly summaryVersion: number; readonly complete: true }
  | {
      readonly summaryVersion: number;
      readonly complete: false;
      readonly phase: 'logs' | 'caseloads';
      readonly after?: string;
    };
