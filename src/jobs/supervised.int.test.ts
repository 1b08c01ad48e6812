import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../test/helpers/platform.ts';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ demoCitizens: 20 });
});
afterAll(async () => {
  await platform.close();
});

describe('the platform supervises its long-running workers', () => {
  it(
    'runs the job runner (FSE processing, allocation, certificates) ' + 'and the SMS runner under supervision',
    async () => {
      const metrics = await (await fetch(`${platform.baseUrl}/metrics`)).text();
      expect(metrics).toContain('worker_running{worker="jobs"} 1');
      expect(metrics).toContain('worker_running{worker="notify_send"} 1');
      expect(metrics).toContain('# TYPE worker_restarts_total counter');
      const ready = await fetch(`${platform.baseUrl}/health/ready`);
      expect(ready.status).toBe(200);
    },
  );
});
