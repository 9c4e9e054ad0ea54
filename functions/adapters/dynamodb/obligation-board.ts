import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { LocalDate } from '../../../workflows/calendar/index.js';
import type { Obligation } from '../../../workflows/obligations.js';
import type { BoardEntry, ObligationBoard } from '../ports.js';
import {
  type AdapterOptions,
  type Item,
  isConditionalCheckFailed,
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

/** The board's mark of the newest plan version written for a clock. */
const markKey = (clockId: string) => ({ pk: boardKey(clockId), sk: 'VERSION' });

function entryItem(clockId: string, o: Obligation, plannedAt: string, planVersion: number): Item {
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
    clockId,
    plannedAt,
    planVersion,
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

function entryOf(item: Item): BoardEntry {
  const refId = str(item, 'refId');
  const bookedOn = str(item, 'bookedOn');
  const stage = item.stage as Obligation['stage'];
  return {
    clockId: item.clockId as string,
    plannedAt: item.plannedAt as string,
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
  const entries = async (input: Omit<QueryCommandInput, 'TableName'>) =>
    (await queryAll(client, { TableName: tableName, ...input }, options)).map(entryOf);

  return {
    async replace(clockId, obligations, plannedAt, planVersion) {
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
      // Raise the mark first: a plan older than one already written changes nothing.
      const current = await unlessNewer(
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: markKey(clockId),
            UpdateExpression: 'SET planVersion = :version',
            ConditionExpression: 'attribute_not_exists(planVersion) OR planVersion <= :version',
            ExpressionAttributeValues: atMost,
          }),
        ),
      );
      if (!current) return;
      const existing = await queryAll(
        client,
        {
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :entries)',
          ExpressionAttributeValues: { ':pk': boardKey(clockId), ':entries': 'ENTRY#' },
          ConsistentRead: true,
          ProjectionExpression: 'sk',
        },
        options,
      );
      const wanted = new Map(
        obligations.map((o) => {
          const item = entryItem(clockId, o, plannedAt, planVersion);
          return [item.sk as string, item];
        }),
      );
      // The new entries first, then the closed ones: a reader never sees an open
      // obligation missing, at worst a closed one for a moment longer. Each write is
      // guarded, so an entry a newer plan wrote is never overwritten or deleted.
      const written: string[] = [];
      for (const [sk, item] of wanted) {
        const put = new PutCommand({
          TableName: tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(pk) OR planVersion <= :version',
          ExpressionAttributeValues: atMost,
        });
        if (await unlessNewer(client.send(put))) written.push(sk);
      }
      for (const { sk } of existing) {
        if (wanted.has(sk as string)) continue;
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
      // A newer plan may have replaced the board while this one wrote: then take back
      // what this plan wrote and that newer one did not write over.
      const { Item: mark } = await client.send(
        new GetCommand({ TableName: tableName, Key: markKey(clockId), ConsistentRead: true }),
      );
      if (Number(mark?.planVersion) <= planVersion) return;
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

    disputesAt(stage) {
      return entries({
        IndexName: 'gsi3',
        KeyConditionExpression: 'gsi3pk = :stage',
        ExpressionAttributeValues: { ':stage': `STAGE#${stage}` },
      });
    },
  };
}
