/**
 * Issue 17's measure, pinned: a return like the DfE's fake one, of 50 children, uploaded
 * into the sample unit sends at most one email per recipient (the service manager's
 * summary), and the morning after it each person gets at most one, where the upload
 * used to send 262 (164 to the duty inbox, 64 to the service manager) on the same
 * morning. The same run as bench/import-upload.bench.ts's last section.
 */
import { describe, expect, it } from 'vitest';
import { uploadMail } from '../../../bench/support/upload-mail.js';

/** The sample unit's service manager (infra/local/sample/staff.json). */
const SERVICE_MANAGER = 'sunita.gill@sample.council.example';

describe('the 50-child upload', () => {
  it('tells the service manager once, and nobody anything else, then one morning list each', async () => {
    // Act: uploaded on Tue 2 April 2024, followed to the end of Wed 3 April.
    const run = await uploadMail(50, 1);

    // Assess
    const [upload, morning] = run.days;
    expect(upload?.byRecipient).toEqual({ [SERVICE_MANAGER]: 1 });
    expect(upload?.subjects[0]).toMatch(/: Return imported on Tuesday 2 April 2024: \d+ items/);
    expect(morning?.date).toBe('2024-04-03');
    expect(Object.keys(morning?.byRecipient ?? {}).length).toBeGreaterThan(0);
    for (const [recipient, count] of Object.entries(morning?.byRecipient ?? {}))
      expect({ recipient, count }).toEqual({ recipient, count: 1 });
  }, 120_000);
});
