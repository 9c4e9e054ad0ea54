/**
 * The single DynamoDB table behind the event store, the clock heads, the staff
 * directory, the notification log and the obligation board, as data: the CDK stack
 * and the local bootstrap (dynalite, tests) both build the table from
 * {@link TABLE_DESIGN}, so the two cannot drift apart.
 *
 * Every key attribute is a string; every index projects ALL attributes. Nothing is
 * ever read with Scan, and every write touches one item (conditional where it
 * matters): dynalite has no transactions, so neither does the design. `<id>` parts
 * are the caller's ids as given; a `#` inside an id cannot make two keys collide,
 * because the variable part of each key is either last or a fixed-format value.
 *
 * | item | pk | sk | gsi1pk / gsi1sk | gsi2pk / gsi2sk | gsi3pk / gsi3sk | gsi4pk / gsi4sk |
 * |---|---|---|---|---|---|---|
 * | event (in a log) | `LOG#<log>` | `EVENT#<recordedAt as UTC ISO>#<eventId>` | | | |
 * | eventId claim | `EVENTID#<eventId>` | `CLAIM` | | | |
 * | clock head | `CLOCK#<clockId>` | `HEAD` | | | |
 * | staff member | `STAFF#<staffId>` | `STAFF` | `EMAIL#<lower-cased email>` / `STAFF#<staffId>` | | |
 * | allocation (one item per role) | `ALLOCATION#<subjectId>` | `ROLE#<role>` | `HOLDER#<role>#<staffId>` / `SUBJECT#<subjectId>` | | |
 * | who has held a role (the registry of holders) | `HOLDERS#<role>` | `STAFF#<staffId>` | | | |
 * | notification claim (`key`, `status`, lease, `messageId`) | `NOTIFICATION#<send tag: the key's SHA-256, base64url>` | `NOTIFICATION` | | | |
 * | SSDA903 upload: record / chunk of events / chunk's result | `IMPORT#<importId>` | `IMPORT` / `CHUNK#<n, 6 digits>` / `RESULT#<n, 6 digits>` | | | |
 * | a child's place in an upload (one per child per upload, no TTL: erasure finds the chunk and its result by it) | `CHILD#<childId>` | `IMPORT#<importId>#CHUNK#<n, 6 digits>` | | | |
 * | board entry | `BOARD#<clockId>` | `ENTRY#<kind>#<stage or 0>#<due>#<'=' refId, or nothing>` | `SUBJECT#<subjectId>` / `<order>` | `KIND#<kind>` / `<order>` | `STAGE#<stage>` / `<order>` (disputes only) | `ROUTINE` / `<order>` (the kinds the morning list carries only) |
 * | the routine index's backfill marker (`indexVersion`, `complete`, or `since`, `kind` and `after`) | `BOARD#ROUTINE-INDEX` (no clock's: every clock id has a `/`) | `MARK` | | | | |
 * | board mark (newest plan version, when planned, plans writing, digest of the entries) | `BOARD#<clockId>` | `VERSION` | | | |
 * | a group of logs' summaries for the figures (`body`: each log's name, version (its last event's position) and summary, as JSON, deflated; `rev`: how often written) | `FIGURES#<nn>` (`nn`: the group's number mod 32) | `GROUP#<gggg>` (a hash of the log, 0000-1023) | | | |
 * | (summary version 1 only, deleted by the backfill) a log's summary alone | `FIGURES#<nn>` (a hash of the log) | `LOG#<log>` | | | |
 * | a subject's caseload item (`iro`, and `iroKept` once an allocation has set or removed it; `episodes` as JSON, with `episodesVersion`) | `CASELOAD#<nn>` (a hash of the subject, 00-31) | `SUBJECT#<subjectId>` | | | |
 * | the figures' backfill marker (`summaryVersion`, `complete`, or `phase` and `after`) | `FIGURES#BACKFILL` | `MARK` | | | |
 *
 * where `<order>` is `<London due date>#<due as a UTC instant, or the date>#<clockId>#<entry sk>`:
 * the first ten characters of `due` are its London date even for a conference report
 * (`2017-03-23T10:00:00+00:00`), so `dueBy(kind, '2017-03-23')` is the key condition
 * `gsi2sk < '2017-03-23$'` (`$` sorts just after `#`), earliest first.
 *
 * | access pattern | how |
 * |---|---|
 * | append an event | put the eventId claim if absent (it records log, event sk and canonical body); then put the event item |
 * | repeat of an eventId | read the claim: same log and canonical body is a duplicate (the event item is re-put at the claim's sk if a crash lost it), anything else an EventIdConflict |
 * | a log's history in arrival order | Query `pk = LOG#<log>`, `begins_with(sk, 'EVENT#')`, strongly consistent |
 * | take back an append | read the claim for the event's sk; delete the event item, then the claim |
 * | clock head: read, bump, park, release, hand over | GetItem / UpdateItem on `CLOCK#<clockId>` with a condition on `version` and `execution` |
 * | staff member by id | GetItem `STAFF#<staffId>` |
 * | staff by email (bounces, complaints) | Query gsi1 `EMAIL#<lower-cased email>` |
 * | a subject's allocation | Query `pk = ALLOCATION#<subjectId>` (the unit's roles: subject `unit`) |
 * | subjects a person holds a role for | Query gsi1 `HOLDER#<role>#<staffId>` |
 * | who holds a post now (`GET /staff?post=`, the IROs' caseloads) | Query `pk = HOLDERS#<role>`, then gsi1 `HOLDER#<role>#<staffId>` for each to leave out those holding nothing now |
 * | every IRO's subjects (`GET /obligations/counts?by=iro`) | Query `pk = HOLDERS#iro` and `HOLDERS#chair`, then gsi1 `HOLDER#iro#<staffId>` for each IRO, and `HOLDER#chair#<staffId>` for each IRO who is also in the chairs' registry |
 * | send an email once | put the notification claim if absent or `sending` with its lease run out; mark it `sent` (the sender, or SES's Send event by the send tag the email carried, if still `sending`); release deletes it if still `sending` |
 * | mark a morning list's new lines sent | BatchWriteItem, 25 puts of the whole `sent` item a request (what an unconditional mark leaves of any claim) |
 * | which reminders are not yet sent | BatchGetItem of the notification claims, strongly consistent, 100 keys a request |
 * | replace a clock's board entries | when the caller's last plan left these entries (their digest), UpdateItem the mark on condition its version is not newer, it holds that digest and no plan writes, and nothing more; else raise the mark (UpdateItem, conditional on its version); unless its digest says the entries are already these, Query `pk = BOARD#<clockId>`, strongly consistent, put the entries that changed (every entry while another plan writes), then delete those no longer open; mark the plan finished |
 * | a subject's open obligations | Query gsi1 `SUBJECT#<subjectId>` (earliest due first); BatchGetItem of the clocks' marks for when each was planned |
 * | obligations of a kind due by a date | Query gsi2 `KIND#<kind>`, `gsi2sk < '<date>$'` (earliest due first); the marks as above |
 * | the morning list's read of the board | GetItem the routine index's marker (until it says complete; not again once it has); Query gsi4 `ROUTINE`, `gsi4sk < '<latest bound>$'` (the whole partition while a kind is read whole), filtered on `kind` and `due` to each kind's own last due date whose lines can have come; no marks. Before the marker says complete: the gsi2 Query of each routine kind, as far as its bound |
 * | give the routine index's key to entries written before it | for each routine kind, Query gsi2 `KIND#<kind>` after the marker's `after`, a page at a time, filtered on `attribute_not_exists(gsi4pk)`; UpdateItem each `SET gsi4pk, gsi4sk = gsi2sk` on condition `gsi2sk` is there (not closed since) and `gsi4pk` is not (no plan gave it since); PutItem the marker after each page |
 * | disputes standing at a stage | Query gsi3 `STAGE#<stage>`; the marks as above |
 * | an upload's record and results | GetItem `IMPORT#<id>` / `IMPORT`; Query `IMPORT#<id>`, `begins_with(sk, 'RESULT#')` |
 * | store an upload | put each child's place (`CHILD#`), then the chunks, then the record |
 * | record a child of a chunk | UpdateItem the child's place: set `recordingUntil` (a lease) if the place is there and not `erasing`, else leave the child out; remove the lease once the chunk's result is written |
 * | the uploads holding a child (erasure) | Query `pk = CHILD#<childId>`, strongly consistent |
 * | keep a log's summary (the plan step) | GetItem its group (strongly consistent); nothing more if the group holds a newer version of the log, or the same; else, for a looked-after log, UpdateItem the child's caseload item's `episodes` on condition `episodesVersion` is not newer, then PutItem the group with the log's summary on condition `rev` is unchanged since read (read again if not) |
 * | keep a subject's IRO (every allocation, once written) | UpdateItem the caseload item: SET or REMOVE `iro`, SET `iroKept` |
 * | backfill the summaries and IROs (functions/shared/backfill.ts) | each log from the registry: its history, then keep its summary as the plan step does, then DeleteItem where version 1 kept it alone; each IRO's subjects (gsi1), their allocation, then UpdateItem the caseload item's `iro` on condition neither `iro` nor `iroKept` is there; GetItem / PutItem the marker |
 * | the unit's figures, the caseloads | Query each of the 32 `FIGURES#<nn>` (sk `GROUP#`) or `CASELOAD#<nn>` partitions, in parallel |
 * | erase a child from an upload | UpdateItem the place: set `erasing` unless a lease runs (then the erasure is refused, nothing erased); rewrite the chunk without the child and the result without the lines naming them, each on condition it is unchanged since read; delete the place |
 *
 * Indexes are eventually consistent: the board and staff-by-email reads may lag a
 * write by a moment, which is fine for a read model and for bounce handling; every
 * read that a decision depends on (claims, heads, history, replace) uses the base
 * table with ConsistentRead.
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

export const TABLE_DESIGN = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Epoch seconds after which DynamoDB deletes the item: notification claims, and an upload's chunks of events. */
  timeToLiveAttribute: 'expiresAt',
  indexes: [
    /** Overloaded: staff by email, subjects by role holder, board entries by subject. */
    { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    /** Board entries by kind, earliest due first. */
    { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    /** Dispute board entries by stage, earliest due first (sparse). */
    { name: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
    /**
     * The board entries of every kind the morning list carries, in one partition, earliest
     * due first (sparse): the list reads them in one Query, not one a kind.
     */
    { name: 'gsi4', partitionKey: 'gsi4pk', sortKey: 'gsi4sk' },
  ],
} as const;

export type IndexName = (typeof TABLE_DESIGN.indexes)[number]['name'];

/** The table as a CreateTable request: for dynalite and tests (CDK builds its own from {@link TABLE_DESIGN}). */
export function createTableInput(tableName: string): CreateTableCommandInput {
  const keyNames = [
    TABLE_DESIGN.partitionKey,
    TABLE_DESIGN.sortKey,
    ...TABLE_DESIGN.indexes.flatMap((index) => [index.partitionKey, index.sortKey]),
  ];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: keyNames.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: TABLE_DESIGN.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE_DESIGN.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: TABLE_DESIGN.indexes.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
  };
}

/**
 * The partitions of the table by the leading part of their key, as IAM's
 * `dynamodb:LeadingKeys` condition sees them: each function is granted only the
 * partitions its adapters touch (the read-only functions cannot write, the park step
 * cannot touch the event log).
 */
export const TABLE_PARTITIONS = {
  log: 'LOG#*',
  logRegistry: 'LOGS',
  eventIdClaim: 'EVENTID#*',
  clockHead: 'CLOCK#*',
  staff: 'STAFF#*',
  allocation: 'ALLOCATION#*',
  roleHolders: 'HOLDERS#*',
  /** Who asked for each reminder as it happens: the daily sweep's one small read. */
  reminderSettings: 'AS-IT-HAPPENS',
  notification: 'NOTIFICATION#*',
  board: 'BOARD#*',
  erasure: 'ERASURE#*',
  /** An SSDA903 upload: its record, its chunks of events and each chunk's result. */
  import: 'IMPORT#*',
  /** Each child's place in the uploads that hold them. */
  childUploads: 'CHILD#*',
  /** A young person's link, by the SHA-256 of its secret. */
  viewsLink: 'VIEWSLINK#*',
  /** Each child's links, by link id, for the tray, withdrawing and erasure. */
  childViewsLinks: 'LINKSOF#*',
  /** Each log's contribution to the unit's figures (figures-store.ts). */
  figures: 'FIGURES#*',
  /** Each subject's IRO and looked-after episodes, for the caseloads. */
  caseload: 'CASELOAD#*',
} as const;
export type TablePartition = keyof typeof TABLE_PARTITIONS;

/** The partitions of each index, by the leading part of the index's partition key. */
export const INDEX_PARTITIONS = {
  gsi1: { boardBySubject: 'SUBJECT#*', staffByEmail: 'EMAIL#*', subjectsByHolder: 'HOLDER#*' },
  gsi2: { boardByKind: 'KIND#*' },
  gsi3: { disputesByStage: 'STAGE#*' },
  /** One partition, named exactly: no other value is ever written there. */
  gsi4: { routineBoard: 'ROUTINE' },
} as const;
export type IndexPartitions = {
  readonly [I in IndexName]?: readonly (keyof (typeof INDEX_PARTITIONS)[I])[];
};
