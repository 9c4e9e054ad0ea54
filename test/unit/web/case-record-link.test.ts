/** Each list row's link to the case record, from the council's template. */
import { describe, expect, it } from 'vitest';
import { caseRecordLink } from '../../../web/src/config.js';

describe('caseRecordLink', () => {
  it.each([
    [
      'https://cms.example.gov.uk/children/{subjectId}',
      'C1',
      undefined,
      'https://cms.example.gov.uk/children/C1',
    ],
    [
      'https://cms.example.gov.uk/children/{subjectId}/disputes/{refId}',
      'C1',
      'DRP/17/04',
      'https://cms.example.gov.uk/children/C1/disputes/DRP%2F17%2F04',
    ],
    // The local system's stand-in case records: plain http, but only on this machine.
    [
      'http://localhost:8080/case-records/{subjectId}',
      'LAC-1001',
      undefined,
      'http://localhost:8080/case-records/LAC-1001',
    ],
    ['http://cms.example.gov.uk/children/{subjectId}', 'C1', undefined, undefined],
    [
      'https://cms.example.gov.uk/children/{subjectId}',
      '../../evil',
      undefined,
      'https://cms.example.gov.uk/children/..%2F..%2Fevil',
    ],
    [undefined, 'C1', undefined, undefined],
    ['not a url {subjectId}', 'C1', undefined, undefined],
  ])('%s for %s (%s) is %s', (template, subjectId, refId, expected) => {
    expect(caseRecordLink(template, subjectId, refId)).toBe(expected);
  });
});
