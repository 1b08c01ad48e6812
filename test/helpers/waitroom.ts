import { vi } from 'vitest';

/**
 * Waits until the instance at `baseUrl` serves the campaign's waiting room as active: each instance reads the rooms
 * about once a second (src/waitroom/refresher.ts), so a room opened through one is enforced by all within ~1 s.
 */
export async function untilRoomActive(baseUrl: string, campaign: string): Promise<void> {
  await vi.waitFor(
    async () => {
      const response = await fetch(`${baseUrl}/api/waitroom/${campaign}`);
      const room = response.status === 200 ? ((await response.json()) as { active: boolean }) : null;
      if (room?.active !== true) throw new Error(`${baseUrl} does not see the waiting room of ${campaign} active yet`);
    },
    { timeout: 10_000, interval: 100 },
  );
}

/** Polls a queue ticket's status on `baseUrl` until it is admitted, and returns the admission token. */
export async function untilAdmitted(baseUrl: string, campaign: string, ticket: string): Promise<string> {
  return vi.waitFor(
    async () => {
      const status = (await (
        await fetch(`${baseUrl}/api/waitroom/${campaign}/status`, { headers: { 'x-queue-ticket': ticket } })
      ).json()) as { state: string; admission?: string };
      if (status.state !== 'admitted') throw new Error(`the ticket is still ${status.state}`);
      return status.admission ?? '';
    },
    { timeout: 10_000, interval: 500 },
  );
}
