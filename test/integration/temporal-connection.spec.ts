import { createServer } from 'node:net';
import { ClosableConnection } from '@app/temporal/connection';

/** A port on which nothing listens (taken and released again). */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('ClosableConnection', () => {
  it('closes while a call is between retries without an uncaught "Channel has been shut down"', async () => {
    const uncaught: Error[] = [];
    const onUncaught = (e: Error) => uncaught.push(e);
    process.on('uncaughtException', onUncaught);
    try {
      const closable = new ClosableConnection({ address: `127.0.0.1:${await deadPort()}` });
      const call = closable.connection.workflowService.describeNamespace({ namespace: 'default' }).then(
        () => 'answered',
        (e: Error) => e.message,
      );
      // Temporal is unreachable, so the SDK schedules retry after retry; close in between two of them.
      const until = Date.now() + 5000;
      while (closable.pendingRetries === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
      expect(closable.pendingRetries).toBe(1);
      await closable.close();
      expect(closable.pendingRetries).toBe(0);
      expect(await call).toMatch(/UNAVAILABLE|CANCELLED/);
      await new Promise((r) => setTimeout(r, 1500)); // longer than any retry the SDK could still have had scheduled
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });
});
