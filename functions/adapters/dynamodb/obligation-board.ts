import { createHash } from 'node:crypto';
import {
  BatchGetCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { LocalDate } from '../../../workflows/calendar/index.js';
import type { Obligation } from '../../../workflows/obligations.js';
import { deliveryOf } from '../../../workflows/policy.js';
import type {
  BoardEntry,
  ObligationBoard,
  OpenObligation,
  RoutineBound,
  RoutineIndexMark,
} from '../ports.js';
import {
  type AdapterOptions,
  canonicalJson,
  type Item,
  isConditionalCheckFailed,
  num,
  queryAll,
  str,
  utcInstant,
} from './support.js';

const boardKey = (clockId: string) => `BOARD#${clockId}`;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** One entry per (kind, stage, due, refId) of the clock: ids come last, so none can collide. */
const entrySortKey = (o: Obligation) =>
  `ENTRY#${o.kind}#${o.stage ?? 0}#${o.due}#${o.refId === undefined ? '' : `=${o.refId}`}`;

/**
 * The index sort key: the London due date (a conference report's `due` is an instant
 * with its London offset, whose first ten characters are that date), then the UTC
 * instant so that report deadlines on one day sort in time order.
 */
const dueOrder = (o: Obligation, clockId: string, sk: string) =>
  `${o.due.slice(0, 10)}#${LOCAL_DATE.test(o.due) ? o.due : utcInstant(o.due)}#${clockId}#${sk}`;

/**
 * The board's mark for a clock: the newest plan version written and when it was
 * planned, how many plans are writing the entries now (`writing`, with `busyUntil`
 * for those that died), a sequence number raised by every plan, and, while no plan
 * writes, a digest of the entries as stored (`content`).
 */
const markKey = (clockId: string) => ({ pk: boardKey(clockId), sk: 'VERSION' });

/**
 * How long a plan may be writing the board: Lambda's longest run. A plan counted as
 * writing whose lease has run out died before it finished.
 */
export const PLAN_LEASE_MS = 15 * 60 * 1000;

/**
 * Whether this plan writes the board alone: no other plan was counted as writing when
 * it raised the mark, or every one of them has run out its lease. A mark written before
 * plans were counted says nothing, so the plan is taken not to be alone.
 */
function writingAlone(before: Item | undefined): boolean {
  if (before === undefined) return true;
  const writing = num(before, 'writing');
  if (writing === undefined) return false;
  return writing <= 0 || (num(before, 'busyUntil') ?? 0) < Date.now();
}

/** The entry as the API reads it: everything but the version that wrote it, and when. */
const entryContent = (item: Item) => {
  const { planVersion: _version, plannedAt: _plannedAt, writtenAt: _written, ...content } = item;
  return canonicalJson(content);
};

const sameEntry = (stored: Item, wanted: Item) => entryContent(stored) === entryContent(wanted);

/** A digest of a clock's entries: equal exactly when the entries are. */
function boardContent(items: Iterable<Item>): string {
  const contents = [...items].map(entryContent).sort();
  return createHash('sha256').update(JSON.stringify(contents)).digest('base64');
}

/** BatchGetItem's limit of keys per request. */
const BATCH_SIZE = 100;
/** Rounds of retrying the keys DynamoDB left unprocessed (throttling) before giving up. */
const MAX_BATCH_ROUNDS = 8;

/**
 * The routine index (gsi4): one partition holding the entries of every kind the morning
 * list carries (`deliveryOf(kind) === 'morning-list'`), keyed by due order as gsi2 is,
 * so a morning reads them all in one Query, not one a kind.
 */
export const ROUTINE_PARTITION = 'ROUTINE';

/**
 * The version of the routine index's key: its backfill's marker says complete for this
 * version only, so a change to the key's shape starts the backfill again.
 */
export const ROUTINE_INDEX_VERSION = 1;

/**
 * The routine index's backfill marker, under the board's prefix (so the morning list's
 * read of the board covers it) with no `/`, which every clock id has: no clock's board.
 */
export const ROUTINE_INDEX_MARK_KEY = { pk: 'BOARD#ROUTINE-INDEX', sk: 'MARK' } as const;

/** The marker says the routine index is whole for this version of its key. */
export const isRoutineIndexWhole = (mark: RoutineIndexMark | undefined): boolean =>
  mark?.indexVersion === ROUTINE_INDEX_VERSION && mark.complete;

/** Entries of a kind the backfill looks at a page (the index's key given to those lacking it). */
const BACKFILL_PAGE = 100;
/** The backfill's writes at once: enough to hide DynamoDB's latency, few enough not to throttle it. */
const BACKFILL_WRITES_AT_ONCE = 16;

/**
 * `writtenAt`: when the plan that last changed the entry ran (an unchanged entry is not
 * written again), so the morning list can tell an obligation that appeared since its
 * last list from one it has seen.
 */
function entryItem(clockId: string, o: Obligation, planVersion: number, writtenAt: string): Item {
  const sk = entrySortKey(o);
  const order = dueOrder(o, clockId, sk);
  return {
    pk: boardKey(clockId),
    sk,
    itemType: 'board-entry',
    gsi1pk: `SUBJECT#${o.subjectId}`,
    gsi1sk: order,
    gsi2pk: `KIND#${o.kind}`,
    gsi2sk: order,
    ...(o.stage === undefined ? {} : { gsi3pk: `STAGE#${o.stage}`, gsi3sk: order }),
    ...(deliveryOf(o.kind) === 'morning-list' ? { gsi4pk: ROUTINE_PARTITION, gsi4sk: order } : {}),
    clockId,
    planVersion,
    writtenAt,
    kind: o.kind,
    subjectId: o.subjectId,
    due: o.due,
    overdue: o.overdue,
    basis: o.basis,
    startedOn: o.startedOn,
    ...(o.refId === undefined ? {} : { refId: o.refId }),
    ...(o.stage === undefined ? {} : { stage: o.stage }),
    ...(o.bookedOn === undefined ? {} : { bookedOn: o.bookedOn }),
  };
}

/**
 * What an open obligation is read from: the morning list decodes thousands of entries
 * a morning, so its reads leave the keys and index attributes behind (`#o0`...).
 */
const OPEN_ATTRIBUTES = [
  'kind',
  'subjectId',
  'due',
  'overdue',
  'basis',
  'startedOn',
  'refId',
  'stage',
  'bookedOn',
  'writtenAt',
] as const;
const openProjection = (names: Record<string, string> = {}) => ({
  ProjectionExpression: OPEN_ATTRIBUTES.map((_, i) => `#o${i}`).join(', '),
  ExpressionAttributeNames: {
    ...names,
    ...Object.fromEntries(OPEN_ATTRIBUTES.map((name, i) => [`#o${i}`, name])),
  },
});

/** An entry as the morning list reads it: the obligation, and when its entry was last changed. */
function openObligationOf(item: Item): OpenObligation {
  const { clockId: _clock, plannedAt: _planned, ...obligation } = entryOf(item, '');
  const writtenAt = str(item, 'writtenAt');
  return writtenAt === undefined ? { obligation } : { obligation, writtenAt };
}

/**
 * The routine index's Query for `bounds`: each kind as far as its own last due date, or
 * whole. The key condition reads as far as the latest of the bounds (the whole
 * partition when a kind is read whole); the filter keeps each kind to its own bound on
 * `due` (a filter may not name the index's keys), so DynamoDB returns exactly the
 * entries the per-kind reads would.
 */
function routineQuery(bounds: readonly RoutineBound[]): Omit<QueryCommandInput, 'TableName'> {
  const values: Record<string, unknown> = { ':routine': ROUTINE_PARTITION };
  const byBound = new Map<LocalDate | undefined, Obligation['kind'][]>();
  for (const { kind, dueBy } of bounds) byBound.set(dueBy, [...(byBound.get(dueBy) ?? []), kind]);
  let n = 0;
  const clauses = [...byBound].map(([dueBy, kinds]) => {
    const names = kinds.map((kind) => {
      const name = `:kind${n++}`;
      values[name] = kind;
      return name;
    });
    const ofKind = `#kind IN (${names.join(', ')})`;
    if (dueBy === undefined) return ofKind;
    const bound = `:due${n++}`;
    // `~` sorts after every character of a date or an instant: every `due` whose first
    // ten characters (its London date, as in the index's key) are on or before `dueBy`.
    values[bound] = `${dueBy}~`;
    return `(${ofKind} AND #due < ${bound})`;
  });
  const dates = [...byBound.keys()];
  // Dates written YYYY-MM-DD sort as strings: the last of them is the latest.
  const latest = dates.includes(undefined) ? undefined : (dates as LocalDate[]).sort().at(-1);
  if (latest !== undefined) values[':latest'] = `${latest}$`;
  return {
    IndexName: 'gsi4',
    KeyConditionExpression:
      latest === undefined ? 'gsi4pk = :routine' : 'gsi4pk = :routine AND gsi4sk < :latest',
    FilterExpression: clauses.join(' OR '),
    ...openProjection({
      '#kind': 'kind',
      ...(dates.some((date) => date !== undefined) ? { '#due': 'due' } : {}),
    }),
    ExpressionAttributeValues: values,
  };
}

function entryOf(item: Item, plannedAt: string): BoardEntry {
  const refId = str(item, 'refId');
  const bookedOn = str(item, 'bookedOn');
  const stage = item.stage as Obligation['stage'];
  return {
    clockId: item.clockId as string,
    plannedAt,
    kind: item.kind as Obligation['kind'],
    subjectId: item.subjectId as string,
    due: item.due as string,
    overdue: item.overdue as boolean,
    basis: item.basis as string,
    startedOn: item.startedOn as LocalDate,
    ...(refId === undefined ? {} : { refId }),
    ...(stage === undefined ? {} : { stage }),
    ...(bookedOn === undefined ? {} : { bookedOn: bookedOn as LocalDate }),
  };
}

/**
 * The obligation board in DynamoDB: a clock's entries live in its own partition (so
 * replacing them reads them consistently), indexed by subject, by kind and due date,
 * and for disputes by stage.
 */
export function dynamoObligationBoard(
  client: DynamoDBDocumentClient,
  tableName: string,
  options: AdapterOptions = {},
): ObligationBoard {
  /** The routine index's marker said complete: the list reads the one partition from now on. */
  let routineIndexWhole = false;
  /** When each clock was last planned, from its mark: batched reads, 100 keys a request. */
  const plannedAtOf = async (clockIds: readonly string[]): Promise<Map<string, string>> => {
    const plannedAt = new Map<string, string>();
    for (let start = 0; start < clockIds.length; start += BATCH_SIZE) {
      let requested: Record<string, unknown>[] = clockIds
        .slice(start, start + BATCH_SIZE)
        .map(markKey);
      for (let round = 1; requested.length > 0; round++) {
        if (round > MAX_BATCH_ROUNDS) throw new Error('board marks kept being throttled');
        if (round > 1) await new Promise((resolve) => setTimeout(resolve, 2 ** round * 10));
        const { Responses, UnprocessedKeys } = await client.send(
          new BatchGetCommand({
            RequestItems: {
              [tableName]: { Keys: requested, ProjectionExpression: 'pk, plannedAt' },
            },
          }),
        );
        for (const mark of (Responses?.[tableName] ?? []) as Item[]) {
          const at = str(mark, 'plannedAt');
          if (at !== undefined) plannedAt.set((mark.pk as string).slice('BOARD#'.length), at);
        }
        requested = (UnprocessedKeys?.[tableName]?.Keys ?? []) as Record<string, unknown>[];
      }
    }
    return plannedAt;
  };

  const entries = async (input: Omit<QueryCommandInput, 'TableName'>) => {
    const items = await queryAll(client, { TableName: tableName, ...input }, options);
    const plannedAt = await plannedAtOf([...new Set(items.map((item) => item.clockId as string))]);
    // An entry written before the mark held the time carries its own.
    return items.map((item) =>
      entryOf(item, plannedAt.get(item.clockId as string) ?? (item.plannedAt as string)),
    );
  };

  return {
    async replace(clockId, obligations, plannedAt, planVersion, left) {
      const atMost = { ':version': planVersion };
      const unlessNewer = async (write: Promise<unknown>) => {
        try {
          await write;
          return true;
        } catch (error) {
          if (isConditionalCheckFailed(error)) return false;
          throw error;
        }
      };
      const wanted = new Map(
        obligations.map((o) => {
          const item = entryItem(clockId, o, planVersion, plannedAt);
          return [item.sk as string, item];
        }),
      );
      const content = boardContent(wanted.values());
      if (left === content) {
        // The caller's last plan left these very entries. If the mark still says the board
        // holds them (its digest, which every plan's raise takes away until a plan that
        // wrote alone puts it back) and no plan is writing, this plan changes no entry:
        // one conditional write of the mark is the whole replace. Else the full way below.
        try {
          await client.send(
            new UpdateCommand({
              TableName: tableName,
              Key: markKey(clockId),
              UpdateExpression: 'SET planVersion = :version, plannedAt = :at',
              ConditionExpression:
                'planVersion <= :version AND content = :content AND writing = :zero',
              ExpressionAttributeValues: {
                ...atMost,
                ':at': plannedAt,
                ':content': content,
                ':zero': 0,
              },
            }),
          );
          return content;
        } catch (error) {
          if (!isConditionalCheckFailed(error)) throw error;
        }
      }
      // Raise the mark first: a plan older than one already written changes nothing.
      // The mark as it was says whether another plan is writing the board now.
      let before: Item | undefined;
      try {
        before = (
          await client.send(
            new UpdateCommand({
              TableName: tableName,
              Key: markKey(clockId),
              UpdateExpression:
                'SET planVersion = :version, plannedAt = :at, busyUntil = :until ADD writing :one, seq :one REMOVE content',
              ConditionExpression: 'attribute_not_exists(planVersion) OR planVersion <= :version',
              ExpressionAttributeValues: {
                ...atMost,
                ':at': plannedAt,
                ':until': Date.now() + PLAN_LEASE_MS,
                ':one': 1,
              },
              ReturnValues: 'ALL_OLD',
            }),
          )
        ).Attributes as Item | undefined;
      } catch (error) {
        if (isConditionalCheckFailed(error)) return content;
        throw error;
      }
      const seq = (num(before ?? {}, 'seq') ?? 0) + 1;
      const alone = writingAlone(before);
      // Alone, the entries as stored are the last plan's, and only what differs is
      // written; with another plan writing, every entry is written with this plan's
      // version, so that an older plan's writes after this point are refused.
      const written: string[] = [];
      if (!(alone && str(before ?? {}, 'content') === content)) {
        const existing = await queryAll(
          client,
          {
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :entries)',
            ExpressionAttributeValues: { ':pk': boardKey(clockId), ':entries': 'ENTRY#' },
            ConsistentRead: true,
          },
          options,
        );
        const stored = new Map(existing.map((item) => [item.sk as string, item]));
        // The new entries first, then the closed ones: a reader never sees an open
        // obligation missing, at worst a closed one for a moment longer. Each write is
        // guarded, so an entry a newer plan wrote is never overwritten or deleted.
        for (const [sk, item] of wanted) {
          const was = stored.get(sk);
          if (alone && was !== undefined && sameEntry(was, item)) continue;
          const put = new PutCommand({
            TableName: tableName,
            Item: item,
            ConditionExpression: 'attribute_not_exists(pk) OR planVersion <= :version',
            ExpressionAttributeValues: atMost,
          });
          if (await unlessNewer(client.send(put))) written.push(sk);
        }
        for (const sk of stored.keys()) {
          if (wanted.has(sk)) continue;
          await unlessNewer(
            client.send(
              new DeleteCommand({
                TableName: tableName,
                Key: { pk: boardKey(clockId), sk },
                ConditionExpression: 'attribute_not_exists(planVersion) OR planVersion <= :version',
                ExpressionAttributeValues: atMost,
              }),
            ),
          );
        }
      }
      // Done writing. When no plan wrote beside this one from start to end, the board is
      // exactly this plan's, and the mark says so for the next plan.
      const markBusy = () =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: markKey(clockId),
            UpdateExpression: 'ADD writing :minusOne REMOVE content',
            ExpressionAttributeValues: { ':minusOne': -1 },
            ReturnValues: 'ALL_NEW',
          }),
        );
      const { Attributes: after } = alone
        ? await client
            .send(
              new UpdateCommand({
                TableName: tableName,
                Key: markKey(clockId),
                // Nobody raised the mark since: whoever else it counts as writing is dead.
                UpdateExpression: 'SET writing = :zero, content = :content',
                ConditionExpression: 'seq = :seq',
                ExpressionAttributeValues: { ':zero': 0, ':content': content, ':seq': seq },
                ReturnValues: 'ALL_NEW',
              }),
            )
            .catch((error: unknown) => {
              // Another plan started meanwhile: leave the board unmarked.
              if (isConditionalCheckFailed(error)) return markBusy();
              throw error;
            })
        : await markBusy();
      // A newer plan may have replaced the board while this one wrote: then take back
      // what this plan wrote and that newer one did not write over.
      if (Number(after?.planVersion) <= planVersion) return content;
      for (const sk of written) {
        await unlessNewer(
          client.send(
            new DeleteCommand({
              TableName: tableName,
              Key: { pk: boardKey(clockId), sk },
              ConditionExpression: 'planVersion = :version',
              ExpressionAttributeValues: atMost,
            }),
          ),
        );
      }
      return content;
    },

    forSubject(subjectId) {
      return entries({
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :subject',
        ExpressionAttributeValues: { ':subject': `SUBJECT#${subjectId}` },
      });
    },

    dueBy(kind, date) {
      if (!LOCAL_DATE.test(date)) {
        return Promise.reject(
          new RangeError(`not a date written YYYY-MM-DD: ${JSON.stringify(date)}`),
        );
      }
      return entries({
        IndexName: 'gsi2',
        // `$` sorts just after `#`: every key whose date part is on or before `date`.
        KeyConditionExpression: 'gsi2pk = :kind AND gsi2sk < :after',
        ExpressionAttributeValues: { ':kind': `KIND#${kind}`, ':after': `${date}$` },
      });
    },

    async openOf(kind, dueBy) {
      if (dueBy !== undefined && !LOCAL_DATE.test(dueBy))
        throw new RangeError('dueBy: not a date written YYYY-MM-DD');
      const items = await queryAll(
        client,
        {
          TableName: tableName,
          IndexName: 'gsi2',
          ...(dueBy === undefined
            ? {
                KeyConditionExpression: 'gsi2pk = :kind',
                ExpressionAttributeValues: { ':kind': `KIND#${kind}` },
              }
            : {
                // `$` sorts just after `#`: every key whose date part is on or before `dueBy`.
                KeyConditionExpression: 'gsi2pk = :kind AND gsi2sk < :after',
                ExpressionAttributeValues: { ':kind': `KIND#${kind}`, ':after': `${dueBy}$` },
              }),
          ...openProjection(),
        },
        options,
      );
      return items.map(openObligationOf);
    },

    async openRoutine(bounds) {
      for (const { dueBy } of bounds)
        if (dueBy !== undefined && !LOCAL_DATE.test(dueBy))
          throw new RangeError('dueBy: not a date written YYYY-MM-DD');
      if (bounds.length === 0) return [];
      const items = await queryAll(
        client,
        { TableName: tableName, ...routineQuery(bounds) },
        options,
      );
      return items.map(openObligationOf);
    },

    async routineIndexReady() {
      // Once whole, whole for good (for this version of the key): not read again.
      if (routineIndexWhole) return true;
      const { Item: mark } = await client.send(
        new GetCommand({ TableName: tableName, Key: ROUTINE_INDEX_MARK_KEY }),
      );
      routineIndexWhole = isRoutineIndexWhole(mark as RoutineIndexMark | undefined);
      return routineIndexWhole;
    },

    async hasRoutineIndex() {
      try {
        await client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: 'gsi4',
            KeyConditionExpression: 'gsi4pk = :routine',
            ExpressionAttributeValues: { ':routine': ROUTINE_PARTITION },
            Limit: 1,
          }),
        );
        return true;
      } catch (error) {
        // DynamoDB's answer (and dynalite's) to an index the table does not have.
        if (
          error instanceof Error &&
          error.name === 'ValidationException' &&
          error.message.includes('does not have the specified index')
        )
          return false;
        throw error;
      }
    },

    async indexRoutineEntries(kind, after) {
      const page = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'gsi2',
          KeyConditionExpression:
            after === undefined ? 'gsi2pk = :kind' : 'gsi2pk = :kind AND gsi2sk > :after',
          FilterExpression: 'attribute_not_exists(gsi4pk)',
          ProjectionExpression: 'pk, sk',
          ExpressionAttributeValues: {
            ':kind': `KIND#${kind}`,
            ...(after === undefined ? {} : { ':after': after }),
          },
          Limit: options.pageSize ?? BACKFILL_PAGE,
        }),
      );
      const items = (page.Items ?? []) as Item[];
      let indexed = 0;
      for (let start = 0; start < items.length; start += BACKFILL_WRITES_AT_ONCE) {
        const done = await Promise.all(
          items.slice(start, start + BACKFILL_WRITES_AT_ONCE).map(async ({ pk, sk }) => {
            try {
              await client.send(
                new UpdateCommand({
                  TableName: tableName,
                  Key: { pk, sk },
                  // The key as the entry's own: its gsi2 sort key is its due order.
                  UpdateExpression: 'SET gsi4pk = :routine, gsi4sk = gsi2sk',
                  // Never an entry deleted since (no item is made), nor one written since.
                  ConditionExpression: 'attribute_exists(gsi2sk) AND attribute_not_exists(gsi4pk)',
                  ExpressionAttributeValues: { ':routine': ROUTINE_PARTITION },
                }),
              );
              return 1;
            } catch (error) {
              if (isConditionalCheckFailed(error)) return 0;
              throw error;
            }
          }),
        );
        indexed += done.reduce<number>((a, b) => a + b, 0);
      }
      const next = page.LastEvaluatedKey?.gsi2sk;
      return { indexed, next: typeof next === 'string' ? next : undefined };
    },

    async routineIndexMark() {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: ROUTINE_INDEX_MARK_KEY, ConsistentRead: true }),
      );
      if (Item === undefined) return undefined;
      const { pk: _pk, sk: _sk, ...mark } = Item;
      return mark as RoutineIndexMark;
    },

    async markRoutineIndex(mark) {
      await client.send(
        new PutCommand({ TableName: tableName, Item: { ...ROUTINE_INDEX_MARK_KEY, ...mark } }),
      );
    },

    disputesAt(stage) {
      return entries({
        IndexName: 'gsi3',
        KeyConditionExpression: 'gsi3pk = :stage',
        ExpressionAttributeValues: { ':stage': `STAGE#${stage}` },
      });
    },
  };
}
