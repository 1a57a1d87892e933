/**
 * The weekly digest's Temporal Schedule on a real dev server: created once, and due every Monday at
 * 08:00 Swedish time, in winter and in summer. (The time-skipping server has no schedules; the digest
 * itself is tested there, test/workflow/weekly-digest.spec.ts.)
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { toWallClock } from '@app/domain';
import { ensureWeeklyDigestSchedule } from '@app/temporal';
import { WEEKLY_DIGEST_SCHEDULE_ID } from '@app/workflows/notifications/weekly-digest.workflow';
import { testEnv } from '../support/test-env';

describe('the weekly digest schedule', () => {
  let connection: Connection;
  let client: Client;
  beforeAll(async () => {
    connection = await Connection.connect({ address: testEnv('temporalAddress') });
    client = new Client({ connection });
  });
  afterAll(async () => {
    await client.schedule.getHandle(WEEKLY_DIGEST_SCHEDULE_ID).delete().catch(() => undefined);
    await connection.close();
  });

  it('is created once and runs every Monday at 08:00 Europe/Stockholm', async () => {
    const queue = `digest-${randomUUID()}`;
    expect(await ensureWeeklyDigestSchedule(client, queue)).toBe('created');
    expect(await ensureWeeklyDigestSchedule(client, queue)).toBe('exists');
    const described = await client.schedule.getHandle(WEEKLY_DIGEST_SCHEDULE_ID).describe();
    const next = described.info.nextActionTimes;
    expect(next.length).toBeGreaterThanOrEqual(5);
    for (const at of next) {
      const wall = toWallClock(at.getTime());
      expect([new Date(Date.UTC(wall.year, wall.month - 1, wall.day)).getUTCDay(), wall.hour, wall.minute]).toEqual([1, 8, 0]);
    }
    for (let i = 1; i < next.length; i++) {
      const days = (next[i].getTime() - next[i - 1].getTime()) / 86_400_000;
      expect(Math.round(days)).toBe(7);
    }
  });
});
