/**
 * The figures' read model in DynamoDB: the logs' summaries (workflows/figures/summary.ts)
 * kept in groups, and each subject's caseload item (who is their IRO, when were they
 * looked after). A log belongs to one of {@link FIGURES_GROUPS} groups by a hash of its
 * name, and a group is one item: every summary in it, each beside its log's version,
 * deflated together. The groups (and the caseload items) are spread over a fixed number
 * of partitions, so the figures read them all with one Query per partition, in
 * parallel, and never read an event.
 *
 * Why groups (issue 22, second round): the figures read every summary on every request,
 * and a read's cost in DynamoDB (and far more in dynalite) goes by the item as much as
 * by the byte. 16,077 items of one summary each took 2.3 s to read and inflate for
 * 10,000 children; about a thousand groups carry the same bytes in a fifteenth of the
 * items. A group is rewritten whole, read first and put back only if no one wrote it
 * since (its `rev`): an older plan of a log never overwrites a newer one, and two logs
 * of one group kept at once both stay, the second after one more read. The price is on
 * the write: a plan step reads and writes its group (a few KB) where it wrote its own
 * summary alone. README "Figures" weighs the alternatives.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type EpisodeSpan,
  type LogFigures,
  lookedAfterChildOf,
} from '../../../workflows/figures/summary.js';
import type { BackfillMark, CaseloadSubject, FiguresStore } from '../ports.js';
import { type AdapterOptions, type Item, isConditionalCheckFailed, queryAll } from './support.js';

/** Partitions of each kind: enough to read in parallel and to spread DynamoDB's load. */
export const FIGURES_PARTITIONS = 32;

/**
 * Groups of logs' summaries: about 16 logs (6 KB deflated) a group for 10,000 children
 * over five years, so a plan step rewrites a few KB; DynamoDB's 400 KB an item is
 * reached near 60 times that. Changing it moves every log: raise SUMMARY_VERSION with it.
 */
export const FIGURES_GROUPS = 1024;

/** A stable hash of an id (FNV-1a). */
function hashOf(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** A stable partition number for an id, two digits. */
const partitionOf = (id: string): string =>
  String(hashOf(id) % FIGURES_PARTITIONS).padStart(2, '0');

const partitions = (prefix: string) =>
  Array.from({ length: FIGURES_PARTITIONS }, (_, n) => `${prefix}${String(n).padStart(2, '0')}`);

/**
 * The group a log's summary is kept in: `FIGURES#<nn>` / `GROUP#<gggg>`, the group's
 * number from a hash of the log, its partition from the group's number.
 */
export const groupKey = (log: string) => {
  const group = hashOf(log) % FIGURES_GROUPS;
  return {
    pk: `FIGURES#${String(group % FIGURES_PARTITIONS).padStart(2, '0')}`,
    sk: `GROUP#${String(group).padStart(4, '0')}`,
  };
};

/**
 * Where summary version 1 kept a log's summary alone: `FIGURES#<nn>` / `LOG#<log>`.
 * Never read now; the backfill deletes each, and erasure too, so no older item names a child.
 */
export const olderSummaryKey = (log: string) => ({
  pk: `FIGURES#${partitionOf(log)}`,
  sk: `LOG#${log}`,
});

/** A group's entries, by log: the log, its version, its summary. */
type Entry = readonly [log: string, version: number, summary: LogFigures];

const decode = (item: Item | undefined): Entry[] =>
  item === undefined
    ? []
    : (JSON.parse(inflateRawSync(item.body as Uint8Array).toString()) as Entry[]);

/** Rewrites of one group that lost a race before one held: far more than two plans of a group at once. */
const GROUP_ATTEMPTS = 50;

/**
 * Reads a group, changes its entries and puts it back only if no one wrote it since
 * (`rev`), reading again when someone did; an empty group is deleted. `change` answers
 * undefined when there is nothing to write. `beforeWrite`, if given, runs once, before
 * the group's first write (not at all when nothing is written).
 */
async function rewriteGroup(
  client: DynamoDBDocumentClient,
  tableName: string,
  key: { pk: string; sk: string },
  change: (entries: Entry[]) => Entry[] | undefined,
  beforeWrite?: () => Promise<void>,
): Promise<'written' | 'unchanged'> {
  let ready = beforeWrite === undefined;
  for (let attempt = 1; ; attempt++) {
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }),
    );
    const next = change(decode(Item));
    if (next === undefined) return 'unchanged';
    if (!ready) {
      await beforeWrite?.();
      ready = true;
    }
    const rev = typeof Item?.rev === 'number' ? Item.rev : 0;
    const unchangedSince =
      Item === undefined
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : { ConditionExpression: 'rev = :rev', ExpressionAttributeValues: { ':rev': rev } };
    try {
      if (next.length === 0) {
        await client.send(new DeleteCommand({ TableName: tableName, Key: key, ...unchangedSince }));
      } else {
        await client.send(
          new PutCommand({
            TableName: tableName,
            // Deflated: a third of the JSON's size, so a third of the bytes every
            // figures request reads, and of the write units every plan step spends.
            Item: { ...key, rev: rev + 1, body: deflateRawSync(JSON.stringify(next)) },
            ...unchangedSince,
          }),
        );
      }
      return 'written';
    } catch (error) {
      if (!isConditionalCheckFailed(error) || attempt >= GROUP_ATTEMPTS) throw error;
      // Another write of the group came first: read it again, a little later.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
    }
  }
}

const byLog = (a: Entry, b: Entry) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** A subject's caseload item: `CASELOAD#<nn>` / `SUBJECT#<subjectId>`. */
export const caseloadKey = (subjectId: string) => ({
  pk: `CASELOAD#${partitionOf(subjectId)}`,
  sk: `SUBJECT#${subjectId}`,
});

/**
 * The backfill's marker, in the figures' own partition prefix (so whoever reads the
 * summaries may read it) but outside the 32 partitions the summaries are read from.
 */
export const BACKFILL_MARK_KEY = { pk: 'FIGURES#BACKFILL', sk: 'MARK' } as const;

/**
 * Sets or removes the subject's IRO on their caseload item: the staff directory calls
 * it once the allocation itself is written, so the caseloads follow every allocation.
 * `iroKept` says an allocation has spoken since caseload items were kept, so the
 * backfill never puts back an IRO from an older read of the allocations.
 */
export async function keepIro(
  client: DynamoDBDocumentClient,
  tableName: string,
  subjectId: string,
  iro: string | undefined,
): Promise<void> {
  await client.send(
    new UpdateCommand({
      TableName: tableName,
      Key: caseloadKey(subjectId),
      ...(iro === undefined
        ? {
            UpdateExpression: 'SET iroKept = :kept REMOVE iro',
            ExpressionAttributeValues: { ':kept': true },
          }
        : {
            UpdateExpression: 'SET iro = :iro, iroKept = :kept',
            ExpressionAttributeValues: { ':iro': iro, ':kept': true },
          }),
    }),
  );
}

/**
 * Deletes what the figures keep of an erased child: their logs' entries in their groups
 * (and any summary an older version kept alone), and their caseload item; how many there were.
 */
export async function forgetFigures(
  client: DynamoDBDocumentClient,
  tableName: string,
  logs: readonly string[],
  subjectId: string,
): Promise<number> {
  let removed = 0;
  const groups = new Map<string, { key: { pk: string; sk: string }; logs: Set<string> }>();
  for (const log of logs) {
    const key = groupKey(log);
    const group = groups.get(key.sk) ?? { key, logs: new Set() };
    group.logs.add(log);
    groups.set(key.sk, group);
  }
  for (const { key, logs: ofGroup } of groups.values()) {
    let gone = 0;
    await rewriteGroup(client, tableName, key, (entries) => {
      const kept = entries.filter(([log]) => !ofGroup.has(log));
      gone = entries.length - kept.length;
      return gone === 0 ? undefined : kept;
    });
    removed += gone;
  }
  for (const key of [...logs.map(olderSummaryKey), caseloadKey(subjectId)]) {
    const { Attributes } = await client.send(
      new DeleteCommand({ TableName: tableName, Key: key, ReturnValues: 'ALL_OLD' }),
    );
    if (Attributes !== undefined) removed++;
  }
  return removed;
}

async function readAll(
  client: DynamoDBDocumentClient,
  tableName: string,
  prefix: string,
  sortKeyPrefix: string,
  options: AdapterOptions,
): Promise<Item[]> {
  const pages = await Promise.all(
    partitions(prefix).map((pk) =>
      queryAll(
        client,
        {
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
          ExpressionAttributeValues: { ':pk': pk, ':sk': sortKeyPrefix },
        },
        options,
      ),
    ),
  );
  return pages.flat();
}

export function dynamoFiguresStore(
  client: DynamoDBDocumentClient,
  tableName: string,
  options: AdapterOptions = {},
): FiguresStore {
  return {
    async keep(summary, version) {
      const { log } = summary;
      const child = lookedAfterChildOf(log);
      // The child's caseload item is written before the group, so that a group holding
      // this version of the log says the caseload item holds it (or a newer one) too: a
      // plan that finds the group unchanged (a clock woken, nothing new) writes neither,
      // and a plan that died between the two leaves the group to write again.
      const keepCaseload = async () => {
        if (child === undefined) return;
        const spans: EpisodeSpan[] = summary.episodes.map((e) =>
          e.end === undefined ? [e.start] : [e.start, e.end],
        );
        try {
          await client.send(
            new UpdateCommand({
              TableName: tableName,
              Key: caseloadKey(child),
              UpdateExpression: 'SET episodes = :episodes, episodesVersion = :version',
              ConditionExpression:
                'attribute_not_exists(episodesVersion) OR episodesVersion <= :version',
              ExpressionAttributeValues: {
                ':episodes': JSON.stringify(spans),
                ':version': version,
              },
            }),
          );
        } catch (error) {
          if (!isConditionalCheckFailed(error)) throw error;
        }
      };
      let stale = false;
      await rewriteGroup(
        client,
        tableName,
        groupKey(log),
        (entries) => {
          const held = entries.find(([other]) => other === log);
          // An older plan of the log never overwrites a newer one.
          stale = held !== undefined && held[1] > version;
          if (stale) return undefined;
          // A plan again from the same version (a clock woken, nothing new): nothing to write.
          if (held?.[1] === version && JSON.stringify(held[2]) === JSON.stringify(summary)) {
            return undefined;
          }
          return [
            ...entries.filter(([other]) => other !== log),
            [log, version, summary] as const,
          ].sort(byLog);
        },
        keepCaseload,
      );
      return stale ? 'stale' : 'kept';
    },

    async all() {
      const items = await readAll(client, tableName, 'FIGURES#', 'GROUP#', options);
      return items.flatMap((item) => decode(item).map(([, , summary]) => summary));
    },

    async caseloadSubjects() {
      const items = await readAll(client, tableName, 'CASELOAD#', 'SUBJECT#', options);
      return items.map((item): CaseloadSubject => {
        const subjectId = (item.sk as string).slice('SUBJECT#'.length);
        const episodes =
          typeof item.episodes === 'string' ? (JSON.parse(item.episodes) as EpisodeSpan[]) : [];
        return typeof item.iro === 'string'
          ? { subjectId, iro: item.iro, episodes }
          : { subjectId, episodes };
      });
    },

    async fillIro(subjectId, iro) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: caseloadKey(subjectId),
            UpdateExpression: 'SET iro = :iro',
            // An item an allocation has kept (since caseload items were, or this version) is newer.
            ConditionExpression: 'attribute_not_exists(iro) AND attribute_not_exists(iroKept)',
            ExpressionAttributeValues: { ':iro': iro },
          }),
        );
        return 'kept';
      } catch (error) {
        if (isConditionalCheckFailed(error)) return 'newer';
        throw error;
      }
    },

    async forgetOlderShape(log) {
      await client.send(new DeleteCommand({ TableName: tableName, Key: olderSummaryKey(log) }));
    },

    async backfillMark() {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: BACKFILL_MARK_KEY, ConsistentRead: true }),
      );
      if (Item === undefined) return undefined;
      const summaryVersion = Item.summaryVersion as number;
      if (Item.complete === true) return { summaryVersion, complete: true };
      return {
        summaryVersion,
        complete: false,
        phase: Item.phase === 'caseloads' ? 'caseloads' : 'logs',
        ...(typeof Item.after === 'string' ? { after: Item.after } : {}),
      } satisfies BackfillMark;
    },

    async markBackfill(mark) {
      await client.send(
        new PutCommand({ TableName: tableName, Item: { ...BACKFILL_MARK_KEY, ...mark } }),
      );
    },
  };
}
