/**
 * The sample authority's unit (infra/local/sample/staff.json) and how its children and
 * carers are spread across the staff: deterministically, every IRO and social worker
 * with a caseload, each child's team manager the manager of its social worker's team.
 */
import { describe, expect, it } from 'vitest';
import { STAFF_ROLES } from '../../functions/shared/access.js';
import { sampleAllocations, sampleStaff } from '../../infra/local/replay.js';

describe('the sample unit', () => {
  it('is a small unit of made-up people, each with a work email and the roles their sign-in carries', () => {
    // Act
    const staff = sampleStaff();

    // Assess
    const holding = (post: string) => staff.filter((m) => m.posts.some((p) => p === post));
    expect(holding('iro')).toHaveLength(3);
    expect(holding('social-worker')).toHaveLength(3);
    expect(holding('team-manager')).toHaveLength(2);
    expect(holding('service-manager')).toHaveLength(1);
    expect(holding('head-of-service')).toHaveLength(1);
    expect(staff.filter((m) => m.roles.includes('admin'))).toHaveLength(1);
    expect(new Set(staff.map((m) => m.staffId)).size).toBe(staff.length);
    for (const member of staff) {
      expect(member.email).toMatch(/^[a-z.]+@sample\.council\.example$/);
      for (const role of member.roles) expect(STAFF_ROLES).toContain(role);
    }
  });

  it('spreads subjects: IRO i mod 3, social worker floor(i / 3) mod 3, the team manager of that social worker', () => {
    // Prepare: IROs akhan, dokafor, rjones; social workers tbrennan (North), pnowak
    // (North), hahmed (South); team managers cwhite (North), mosei (South).
    const staff = sampleStaff();

    // Act
    const allocations = sampleAllocations(staff, ['A', 'B', 'C', 'D', 'E', 'F', 'G']);

    // Assess, by hand:
    //   A i=0: akhan,   sw 0 tbrennan -> cwhite     E i=4: dokafor, sw 1 pnowak -> cwhite
    //   B i=1: dokafor, sw 0 tbrennan -> cwhite     F i=5: rjones,  sw 1 pnowak -> cwhite
    //   C i=2: rjones,  sw 0 tbrennan -> cwhite     G i=6: akhan,   sw 2 hahmed -> mosei
    //   D i=3: akhan,   sw 1 pnowak   -> cwhite
    // The IRO also chairs the child's conferences and reviews its carers.
    const row = (iro: string, sw: string, tm: string) => ({
      iro,
      chair: iro,
      'reviewing-officer': iro,
      'social-worker': sw,
      'team-manager': tm,
    });
    expect(allocations).toEqual([
      { subjectId: 'A', roles: row('akhan', 'tbrennan', 'cwhite') },
      { subjectId: 'B', roles: row('dokafor', 'tbrennan', 'cwhite') },
      { subjectId: 'C', roles: row('rjones', 'tbrennan', 'cwhite') },
      { subjectId: 'D', roles: row('akhan', 'pnowak', 'cwhite') },
      { subjectId: 'E', roles: row('dokafor', 'pnowak', 'cwhite') },
      { subjectId: 'F', roles: row('rjones', 'pnowak', 'cwhite') },
      { subjectId: 'G', roles: row('akhan', 'hahmed', 'mosei') },
      {
        subjectId: 'unit',
        roles: { 'service-manager': 'sgill', 'head-of-service': 'jmorgan', director: 'preid' },
      },
    ]);
  });
});
