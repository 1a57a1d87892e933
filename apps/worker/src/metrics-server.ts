import { createServer, Server } from 'node:http';
import { serveMetrics } from '@app/metrics';
import type { MetricsAccess } from '@app/metrics';

/**
 * The worker's own metrics port: our figures (step latencies, timer lateness, the process) and,
 * appended, the Temporal SDK's own (its runtime exports them on a loopback port of their own, read at
 * each scrape). GET /metrics only; the same METRICS_TOKEN rule as the API's.
 */
export function startWorkerMetricsServer(port: number, host: string, access: MetricsAccess, sdkMetricsUrl: string | null): Promise<Server> {
  const sdk = sdkMetricsUrl
    ? async () => {
        const res = await fetch(sdkMetricsUrl, { signal: AbortSignal.timeout(2000) });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        return `# The Temporal SDK's metrics\n${await res.text()}`;
      }
    : undefined;
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '/').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ statusCode: 404, message: 'The worker serves GET /metrics only.' }));
      return;
    }
    serveMetrics(access, req, res, sdk).catch((error: Error) => {
      res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`Metrics could not be read: ${error.message}`);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', (error: Error) => reject(new Error(`WORKER_METRICS_PORT: cannot listen on ${host}:${port}: ${error.message}`, { cause: error })));
    server.listen(port, host, () => resolve(server));
  });
}
