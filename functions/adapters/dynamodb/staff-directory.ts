import {
  BatchGetCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ROLES, type Role } from '../../../workflows/policy.js';
import type { Allocation, StaffDirectory, StaffMember } from '../ports.js';
import { keepIro } from './figures-store.js';
import {
  type AdapterOptions,
  type Item,
  isConditionalCheckFailed,
  plain,
  queryAll,
  str,
} from './support.js';

/** The subject whose allocation holds the unit-wide roles (events.ts refuses it as a child's or carer's id). */
export const UNIT = 'unit';

const staffKey = (staffId: string) => ({ pk: `STAFF#${staffId}`, sk: 'STAFF' });
const emailIndexKey = (email: string) => `EMAIL#${email.toLowerCase()}`;
const allocationKey = (subjectId: string) => `ALLOCATION#${subjectId}`;
const holderKey = (role: Role, staffId: string) => `HOLDER#${role}#${staffId}`;
/** The registry of who has held a role: one item per person in the role's partition. */
const holdersKey = (role: Role, staffId: string) => ({
  pk: `HOLDERS#${role}`,
  sk: `STAFF#${staffId}`,
});

/** The registry of those who asked for each reminder as it happens: one item each (TABLE_PARTITIONS.reminderSettings). */
const asItHappensKey = (staffId: string) => ({ pk: 'AS-IT-HAPPENS', sk: `STAFF#${staffId}` });

/** BatchGetItem's limit of keys per request. */
const BATCH_SIZE = 100;
/** Rounds of retrying the keys DynamoDB left unprocessed (throttling) before giving up. */
const MAX_BATCH_ROUNDS = 8;

function staffItem(member: StaffMember): Item {
  return {
    ...staffKey(member.staffId),
    itemType: 'staff',
    gsi1pk: emailIndexKey(member.email),
    gsi1sk: `STAFF#${member.staffId}`,
    ...plain(member),
  };
}

function memberOf(item: Item): StaffMember {
  const undeliverable = item.undeliverable as StaffMember['undeliverable'];
  return {
    staffId: item.staffId as string,
    name: item.name as string,
    email: item.email as string,
    ...(item.basis === 'permanent' || item.basis === 'agency' ? { basis: item.basis } : {}),
    ...(item.reminders === 'as-it-happens' ? { reminders: 'as-it-happens' as const } : {}),
    ...(undeliverable === undefined ? {} : { undeliverable }),
  };
}

/** What a record sent again no longer says is taken off it (the basis, figures.md S1; the reminder setting). */
function removed(member: StaffMember): string {
  const gone = [
    ...(member.basis === undefined ? ['basis'] : []),
    ...(member.reminders === undefined ? ['reminders'] : []),
  ];
  return gone.length === 0 ? '' : ` REMOVE ${gone.join(', ')}`;
}

function isRole(role: string): role is Role {
  return (ROLES as readonly string[]).includes(role);
}

/**
 * The staff directory in DynamoDB. A subject's allocation is one item per role, each
 * indexed by its holder (gsi1 `HOLDER#<role>#<staffId>`), so replacing an allocation
 * is single-item writes and the by-staff view can never point at a role given away.
 */
export function dynamoStaffDirectory(
  client: DynamoDBDocumentClient,
  tableName: string,
  options: AdapterOptions = {},
): StaffDirectory {
  const roleItems = (subjectId: string) =>
    queryAll(
      client,
      {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': allocationKey(subjectId) },
        ConsistentRead: true,
      },
      options,
    );

  const allocation = async (subjectId: string): Promise<Allocation | undefined> => {
    const items = await roleItems(subjectId);
    if (items.length === 0) return undefined;
    const roles: Partial<Record<Role, string>> = {};
    for (const item of items) roles[item.role as Role] = item.staffId as string;
    return { subjectId, roles };
  };

  const getStaff = async (staffId: string): Promise<StaffMember | undefined> => {
    const { Item: item } = await client.send(
      new GetCommand({ TableName: tableName, Key: staffKey(staffId), ConsistentRead: true }),
    );
    return item === undefined ? undefined : memberOf(item);
  };

  /** Strongly consistent reads of `keys`, 100 a request, retrying what was left unprocessed. */
  /** The items of `keys`, strongly consistent; with `projection`, only those attributes (named `#a0`, `#a1`...). */
  const batchGet = async (
    keys: readonly Record<string, unknown>[],
    projection?: readonly string[],
  ): Promise<Item[]> => {
    const projected =
      projection === undefined
        ? {}
        : {
            ProjectionExpression: projection.map((_, i) => `#a${i}`).join(', '),
            ExpressionAttributeNames: Object.fromEntries(projection.map((a, i) => [`#a${i}`, a])),
          };
    const items: Item[] = [];
    for (let start = 0; start < keys.length; start += BATCH_SIZE) {
      let requested = keys.slice(start, start + BATCH_SIZE);
      for (let round = 1; requested.length > 0; round++) {
        if (round > MAX_BATCH_ROUNDS) throw new Error('staff reads kept being throttled');
        if (round > 1) await new Promise((resolve) => setTimeout(resolve, 2 ** round * 10));
        const { Responses, UnprocessedKeys } = await client.send(
          new BatchGetCommand({
            RequestItems: {
              [tableName]: { Keys: [...requested], ConsistentRead: true, ...projected },
            },
          }),
        );
        items.push(...((Responses?.[tableName] ?? []) as Item[]));
        requested = (UnprocessedKeys?.[tableName]?.Keys ?? []) as Record<string, unknown>[];
      }
    }
    return items;
  };

  /** Writes the member's own record, as {@link StaffDirectory.putStaff} says. */
  const writeStaff = async (member: StaffMember): Promise<void> => {
    if (member.undeliverable === undefined) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: staffKey(member.staffId),
            // A record sent again without a basis no longer says one (figures.md S1).
            UpdateExpression: `SET itemType = :itemType, staffId = :staffId, #name = :name, email = :email, gsi1pk = :gsi1pk, gsi1sk = :gsi1sk${member.basis === undefined ? '' : ', basis = :basis'}${member.reminders === undefined ? '' : ', reminders = :reminders'}${removed(member)}`,
            ConditionExpression: 'attribute_not_exists(pk) OR gsi1pk = :gsi1pk',
            ExpressionAttributeNames: { '#name': 'name' },
            ExpressionAttributeValues: {
              ':itemType': 'staff',
              ':staffId': member.staffId,
              ':name': member.name,
              ':email': member.email,
              ':gsi1pk': emailIndexKey(member.email),
              ':gsi1sk': `STAFF#${member.staffId}`,
              ...(member.basis === undefined ? {} : { ':basis': member.basis }),
              ...(member.reminders === undefined ? {} : { ':reminders': member.reminders }),
            },
          }),
        );
        return;
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
        // A new address: the whole item is replaced, without the old address's flag.
      }
    }
    await client.send(new PutCommand({ TableName: tableName, Item: staffItem(member) }));
  };

  return {
    /**
     * Creates or updates a member. An `undeliverable` flag already recorded for the
     * same address is kept when `member` carries none (a directory sync must not start
     * mailing a bounced address again); a new address starts clean.
     */
    async putStaff(member) {
      // The registry first when the setting is on, and last when it is off: a crash
      // between the two writes leaves the sweep looking, never a reminder unsent.
      if (member.reminders === 'as-it-happens') {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...asItHappensKey(member.staffId),
              itemType: 'reminder-setting',
              staffId: member.staffId,
            },
          }),
        );
      }
      await writeStaff(member);
      if (member.reminders !== 'as-it-happens') {
        await client.send(
          new DeleteCommand({ TableName: tableName, Key: asItHappensKey(member.staffId) }),
        );
      }
    },

    getStaff,

    async getStaffMany(staffIds) {
      const found = new Map<string, StaffMember>();
      const keys = [...new Set(staffIds)].map(staffKey);
      for (const item of await batchGet(keys)) {
        const member = memberOf(item);
        found.set(member.staffId, member);
      }
      return found;
    },

    async ownHolders(asked) {
      const held = new Map<string, Partial<Record<Role, string>>>();
      const keys = [
        ...new Map(
          asked.map(({ subjectId, role }) => [
            `${subjectId}#${role}`,
            { pk: allocationKey(subjectId), sk: `ROLE#${role}` },
          ]),
        ).values(),
      ];
      // Only what is read here: the morning list asks for thousands of pairs a morning.
      for (const item of await batchGet(keys, ['subjectId', 'role', 'staffId'])) {
        const subjectId = str(item, 'subjectId');
        const role = str(item, 'role');
        const staffId = str(item, 'staffId');
        if (subjectId === undefined || staffId === undefined || role === undefined) continue;
        if (isRole(role)) held.set(subjectId, { ...held.get(subjectId), [role]: staffId });
      }
      return held;
    },

    async asItHappens() {
      const items = await queryAll(
        client,
        {
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': asItHappensKey('').pk },
          ConsistentRead: true,
        },
        options,
      );
      return items.map((item) => item.staffId as string);
    },

    async allocate({ subjectId, roles }) {
      const wanted = new Map<Role, string>();
      for (const [role, staffId] of Object.entries(roles)) {
        if (!isRole(role)) throw new RangeError(`not a role: ${JSON.stringify(role)}`);
        if (typeof staffId === 'string') wanted.set(role, staffId);
      }
      const [roleHeld, registered] = await Promise.all([
        roleItems(subjectId),
        batchGet(
          [...wanted].map(([role, staffId]) => holdersKey(role, staffId)),
          ['pk', 'sk'],
        ),
      ]);
      const held = new Map(roleHeld.map((item) => [item.role as Role, item.staffId as string]));
      const inRegistry = new Set(registered.map((item) => `${item.pk}|${item.sk}`));
      // New holders first, then the roles given up: a crash half-way leaves no role
      // without its holder, and the retry finishes the job. Each holder is registered
      // before the allocation names them (on every allocation that finds them missing,
      // which heals allocations made before the registry), so the registry never misses
      // a holder; nothing removes a holder from it, so one read finds who is there.
      for (const [role, staffId] of wanted) {
        const registryKey = holdersKey(role, staffId);
        if (!inRegistry.has(`${registryKey.pk}|${registryKey.sk}`)) {
          await client.send(
            new PutCommand({
              TableName: tableName,
              Item: { ...registryKey, itemType: 'holder', role, staffId },
            }),
          );
        }
        if (held.get(role) === staffId) continue;
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              pk: allocationKey(subjectId),
              sk: `ROLE#${role}`,
              itemType: 'allocation',
              subjectId,
              role,
              staffId,
              gsi1pk: holderKey(role, staffId),
              gsi1sk: `SUBJECT#${subjectId}`,
            },
          }),
        );
      }
      for (const role of held.keys()) {
        if (wanted.has(role)) continue;
        await client.send(
          new DeleteCommand({
            TableName: tableName,
            Key: { pk: allocationKey(subjectId), sk: `ROLE#${role}` },
          }),
        );
      }
      // The caseloads follow the allocation, once it is written (a retry writes it again).
      if (subjectId !== UNIT) await keepIro(client, tableName, subjectId, wanted.get('iro'));
    },

    allocation,

    async recipients(subjectId, roles) {
      const asked = [...new Set(roles)];
      const own = (await allocation(subjectId))?.roles ?? {};
      const needsUnit = subjectId !== UNIT && asked.some((role) => own[role] === undefined);
      const unit = needsUnit ? ((await allocation(UNIT))?.roles ?? {}) : {};
      const holders = asked.map((role) => ({ role, staffId: own[role] ?? unit[role] }));

      const ids = [...new Set(holders.flatMap(({ staffId }) => staffId ?? []))];
      const members = new Map(
        await Promise.all(ids.map(async (id) => [id, await getStaff(id)] as const)),
      );

      const found: { role: Role; member: StaffMember }[] = [];
      const unfilled: Role[] = [];
      for (const { role, staffId } of holders) {
        const member = staffId === undefined ? undefined : members.get(staffId);
        // A holder we cannot mail fills nothing: the caller escalates an unfilled role.
        if (member === undefined || member.undeliverable !== undefined) unfilled.push(role);
        else found.push({ role, member });
      }
      return { found, unfilled };
    },

    async markUndeliverable(email, reason, at) {
      const address = emailIndexKey(email);
      const items = await queryAll(
        client,
        {
          TableName: tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :address',
          ExpressionAttributeValues: { ':address': address },
        },
        options,
      );
      const flagged: string[] = [];
      for (const item of items) {
        const staffId = str(item, 'staffId');
        if (staffId === undefined) continue;
        try {
          await client.send(
            new UpdateCommand({
              TableName: tableName,
              Key: staffKey(staffId),
              UpdateExpression: 'SET undeliverable = :undeliverable',
              // Still at this address: the index may lag a change of address.
              ConditionExpression: 'attribute_exists(pk) AND gsi1pk = :address',
              ExpressionAttributeValues: { ':undeliverable': { reason, at }, ':address': address },
            }),
          );
          flagged.push(staffId);
        } catch (error) {
          if (!isConditionalCheckFailed(error)) throw error;
        }
      }
      return flagged;
    },

    async subjectsAllocatedTo(staffId, role) {
      const items = await queryAll(
        client,
        {
          TableName: tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :holder',
          ExpressionAttributeValues: { ':holder': holderKey(role, staffId) },
        },
        options,
      );
      return items.map((item) => item.subjectId as string);
    },

    async holders(role) {
      const items = await queryAll(
        client,
        {
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': holdersKey(role, '').pk },
          ConsistentRead: true,
        },
        options,
      );
      return items.map((item) => item.staffId as string);
    },
  };
}
