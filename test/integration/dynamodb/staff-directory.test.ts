import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dynamoStaffDirectory } from '../../../functions/adapters/dynamodb/staff-directory.js';
import type { StaffDirectory, StaffMember } from '../../../functions/adapters/ports.js';
import { type LocalDynamo, startDynalite } from '../../../infra/local/engines/dynalite.js';

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.stop();
});

/**
 * Each test has a table to itself: the unit's allocation (subject `unit`) and email
 * addresses are shared by everything in a table.
 */
let directory: StaffDirectory;
let tableName: string;
beforeEach(async () => {
  tableName = await dynamo.createTable();
  directory = dynamoStaffDirectory(dynamo.client, tableName);
});

const person = (staffId: string, email = `${staffId}@council.example`): StaffMember => ({
  staffId,
  name: `Name of ${staffId}`,
  email,
});

const BOUNCE = { reason: 'bounce', at: '2017-05-02T10:00:00.000Z' } as const;

describe('dynamoStaffDirectory staff', () => {
  it('stores a member and reads it back by id', async () => {
    // Prepare
    const member = { ...person('S1'), undeliverable: BOUNCE };

    // Act
    await directory.putStaff(member);

    // Assess
    expect(await directory.getStaff('S1')).toEqual(member);
    expect(await directory.getStaff('S2')).toBeUndefined();
  });

  it.each([
    { change: 'the same address in other letters', email: 'S1@Council.Example', kept: true },
    { change: 'a new address', email: 's1.new@council.example', kept: false },
  ])(
    'keeps a bounce flag when the member is stored again with $change: $kept',
    async ({ email, kept }) => {
      // Prepare
      await directory.putStaff(person('S1', 's1@council.example'));
      await directory.markUndeliverable('s1@council.example', 'bounce', BOUNCE.at);

      // Act: the directory sync stores the member again, without the flag
      await directory.putStaff({ ...person('S1', email), name: 'Renamed' });

      // Assess
      const member = await directory.getStaff('S1');
      expect(member).toMatchObject({ name: 'Renamed', email });
      expect(member?.undeliverable).toEqual(kept ? BOUNCE : undefined);
    },
  );
});

describe('dynamoStaffDirectory.allocate', () => {
  it('replaces the subject’s allocation and keeps who-holds-what right', async () => {
    // Prepare
    await directory.allocate({
      subjectId: 'C1',
      roles: { iro: 'S1', 'social-worker': 'S2', 'team-manager': 'S3' },
    });

    // Act: the IRO changes, the team manager goes, the social worker stays
    await directory.allocate({ subjectId: 'C1', roles: { iro: 'S4', 'social-worker': 'S2' } });

    // Assess
    expect(await directory.allocation('C1')).toEqual({
      subjectId: 'C1',
      roles: { iro: 'S4', 'social-worker': 'S2' },
    });
    expect(await directory.subjectsAllocatedTo('S1', 'iro')).toEqual([]);
    expect(await directory.subjectsAllocatedTo('S4', 'iro')).toEqual(['C1']);
    expect(await directory.subjectsAllocatedTo('S2', 'social-worker')).toEqual(['C1']);
    expect(await directory.subjectsAllocatedTo('S3', 'team-manager')).toEqual([]);
  });

  it('has no allocation for a subject never allocated, or allocated nobody', async () => {
    // Prepare
    await directory.allocate({ subjectId: 'C1', roles: { iro: 'S1' } });

    // Act
    await directory.allocate({ subjectId: 'C1', roles: {} });

    // Assess
    expect(await directory.allocation('C1')).toBeUndefined();
    expect(await directory.allocation('C2')).toBeUndefined();
  });

  it('rejects a role the unit does not have', async () => {
    // Act
    const allocating = directory.allocate({
      subjectId: 'C1',
      roles: { caretaker: 'S1' } as unknown as { iro: string },
    });

    // Assess
    await expect(allocating).rejects.toThrow('not a role: "caretaker"');
    expect(await directory.allocation('C1')).toBeUndefined();
  });
});

describe('dynamoStaffDirectory.subjectsAllocatedTo', () => {
  it('lists every subject a person holds a role for, page after page, and only for that role', async () => {
    // Prepare: one person is IRO for five children and team manager for another
    const paged = dynamoStaffDirectory(dynamo.client, tableName, { pageSize: 2 });
    const children = ['C1', 'C2', 'C3', 'C4', 'C5'];
    for (const subjectId of children) {
      await paged.allocate({ subjectId, roles: { iro: 'S1', 'social-worker': 'S2' } });
    }
    await paged.allocate({ subjectId: 'C6', roles: { 'team-manager': 'S1' } });

    // Act
    const subjects = await paged.subjectsAllocatedTo('S1', 'iro');

    // Assess
    expect(subjects).toEqual(children);
  });
});

describe('dynamoStaffDirectory.recipients', () => {
  beforeEach(async () => {
    for (const staffId of ['iro-1', 'sw-1', 'sm-1', 'sm-unit', 'hos-unit']) {
      await directory.putStaff(person(staffId));
    }
    await directory.allocate({
      subjectId: 'unit',
      roles: { 'service-manager': 'sm-unit', 'head-of-service': 'hos-unit' },
    });
    await directory.allocate({
      subjectId: 'C1',
      roles: { iro: 'iro-1', 'social-worker': 'sw-1', 'service-manager': 'sm-1' },
    });
  });

  it.each([
    {
      asked: ['iro', 'social-worker'],
      found: [
        ['iro', 'iro-1'],
        ['social-worker', 'sw-1'],
      ],
      unfilled: [],
    },
    {
      asked: ['head-of-service'],
      found: [['head-of-service', 'hos-unit']],
      unfilled: [],
    },
    {
      // the subject's own service manager comes before the unit's
      asked: ['service-manager'],
      found: [['service-manager', 'sm-1']],
      unfilled: [],
    },
    {
      asked: ['team-manager', 'iro', 'director'],
      found: [['iro', 'iro-1']],
      unfilled: ['team-manager', 'director'],
    },
  ] as const)(
    'for $asked: finds $found, leaves $unfilled unfilled',
    async ({ asked, found, unfilled }) => {
      // Act
      const recipients = await directory.recipients('C1', asked);

      // Assess
      expect(recipients).toEqual({
        found: found.map(([role, staffId]) => ({ role, member: person(staffId) })),
        unfilled,
      });
    },
  );

  it('falls back to the unit for a subject with no allocation', async () => {
    // Act / Assess
    expect(await directory.recipients('C-unknown', ['service-manager', 'iro'])).toEqual({
      found: [{ role: 'service-manager', member: person('sm-unit') }],
      unfilled: ['iro'],
    });
  });

  it('reports as unfilled a role whose holder is missing from the directory', async () => {
    // Prepare
    await directory.allocate({ subjectId: 'C2', roles: { iro: 'left-the-council' } });

    // Act / Assess
    expect(await directory.recipients('C2', ['iro'])).toEqual({ found: [], unfilled: ['iro'] });
  });
});

describe('dynamoStaffDirectory.markUndeliverable', () => {
  it('flags everyone at the address, whatever its case, and leaves them out of recipients', async () => {
    // Prepare: two records share a team mailbox
    await directory.putStaff(person('iro-1', 'iro.team@council.example'));
    await directory.putStaff(person('iro-2', 'IRO.Team@council.example'));
    await directory.putStaff(person('sw-1'));
    await directory.allocate({ subjectId: 'C1', roles: { iro: 'iro-1', 'social-worker': 'sw-1' } });

    // Act
    const flagged = await directory.markUndeliverable(
      'Iro.Team@Council.Example',
      'complaint',
      '2017-05-02T10:00:00.000Z',
    );

    // Assess
    expect(flagged.sort()).toEqual(['iro-1', 'iro-2']);
    expect((await directory.getStaff('iro-2'))?.undeliverable).toEqual({
      reason: 'complaint',
      at: '2017-05-02T10:00:00.000Z',
    });
    expect(await directory.getStaff('sw-1')).toEqual(person('sw-1'));
    expect(await directory.recipients('C1', ['iro', 'social-worker'])).toEqual({
      found: [{ role: 'social-worker', member: person('sw-1') }],
      unfilled: ['iro'],
    });
  });

  it('flags nobody for an address nobody has', async () => {
    // Prepare
    await directory.putStaff(person('sw-1'));

    // Act / Assess
    expect(
      await directory.markUndeliverable('nobody@council.example', 'bounce', BOUNCE.at),
    ).toEqual([]);
    expect(await directory.getStaff('sw-1')).toEqual(person('sw-1'));
  });
});

describe('dynamoStaffDirectory.holders', () => {
  it('lists everyone given a role, once each, page after page', async () => {
    // Prepare: three IROs over four children (S1 twice); S9 is only a social worker
    const paged = dynamoStaffDirectory(dynamo.client, tableName, { pageSize: 2 });
    await paged.allocate({ subjectId: 'C1', roles: { iro: 'S1', 'social-worker': 'S9' } });
    await paged.allocate({ subjectId: 'C2', roles: { iro: 'S2' } });
    await paged.allocate({ subjectId: 'C3', roles: { iro: 'S1' } });
    await paged.allocate({ subjectId: 'C4', roles: { iro: 'S3' } });

    // Act
    const iros = await paged.holders('iro');

    // Assess
    expect(iros.sort()).toEqual(['S1', 'S2', 'S3']);
    expect(await paged.holders('social-worker')).toEqual(['S9']);
    expect(await paged.holders('director')).toEqual([]);
  });

  it('keeps listing someone who gave their subjects up: their allocations say they hold none', async () => {
    // Prepare
    await directory.allocate({ subjectId: 'C1', roles: { iro: 'S1' } });

    // Act: the child is given to another IRO
    await directory.allocate({ subjectId: 'C1', roles: { iro: 'S2' } });

    // Assess
    expect((await directory.holders('iro')).sort()).toEqual(['S1', 'S2']);
    expect(await directory.subjectsAllocatedTo('S1', 'iro')).toEqual([]);
  });
});

describe('dynamoStaffDirectory.allocate and the registry of holders', () => {
  it('registers a holder missing from the registry when their allocation is written again (one made before the registry)', async () => {
    // Prepare: S7 holds C7's IRO role, but the registry lacks them, as an allocation
    // made before the registry was kept does
    await directory.allocate({ subjectId: 'C7', roles: { iro: 'S7' } });
    await dynamo.client.send(
      new DeleteCommand({ TableName: tableName, Key: { pk: 'HOLDERS#iro', sk: 'STAFF#S7' } }),
    );
    expect(await directory.holders('iro')).not.toContain('S7');

    // Act: the same allocation again
    await directory.allocate({ subjectId: 'C7', roles: { iro: 'S7' } });

    // Assess
    expect(await directory.holders('iro')).toContain('S7');
    expect(await directory.subjectsAllocatedTo('S7', 'iro')).toEqual(['C7']);
  });
});

describe('dynamoStaffDirectory for the morning list', () => {
  it('keeps a registry of who asked for each reminder as it happens, as the setting changes', async () => {
    // Prepare
    await directory.putStaff({ ...person('S1'), reminders: 'as-it-happens' });
    await directory.putStaff({ ...person('S2'), reminders: 'as-it-happens' });
    await directory.putStaff(person('S3'));
    const both = await directory.asItHappens();

    // Act: S1 goes back to the morning list
    await directory.putStaff(person('S1'));

    // Assess
    expect(both.sort()).toEqual(['S1', 'S2']);
    expect(await directory.asItHappens()).toEqual(['S2']);
  });

  it('reads many members at once, leaving out ids nobody has', async () => {
    // Prepare: 120 members (more than one request's 100 keys)
    const ids = Array.from({ length: 120 }, (_, n) => `S${n}`);
    for (const id of ids) await directory.putStaff(person(id));

    // Act
    const found = await directory.getStaffMany([...ids, 'S0', 'nobody']);

    // Assess
    expect(found.size).toBe(120);
    expect(found.get('S119')).toEqual(person('S119'));
    expect(found.has('nobody')).toBe(false);
  });

  it('reads the own holders of many (subject, role) pairs at once, without the unit’s', async () => {
    // Prepare: 150 children (more than one request's 100 keys), each with an IRO
    const children = Array.from({ length: 150 }, (_, n) => `C${n}`);
    for (const subjectId of children)
      await directory.allocate({ subjectId, roles: { iro: `I-${subjectId}` } });
    await directory.allocate({ subjectId: 'unit', roles: { 'service-manager': 'SM' } });

    // Act
    const held = await directory.ownHolders([
      ...children.map((subjectId) => ({ subjectId, role: 'iro' as const })),
      { subjectId: 'C1', role: 'iro' },
      { subjectId: 'C1', role: 'service-manager' },
      { subjectId: 'C-none', role: 'iro' },
    ]);

    // Assess
    expect(held.size).toBe(150);
    expect(held.get('C149')).toEqual({ iro: 'I-C149' });
    expect(held.get('C1')).toEqual({ iro: 'I-C1' });
    expect(held.has('C-none')).toBe(false);
  });
});
