/**
 * The worker's health check for containers (see docker-compose.yml):
 * `node dist/apps/worker/src/healthcheck.js` exits 0 while the worker's heartbeat file
 * (WORKER_HEARTBEAT_FILE) is fresh and says its Temporal worker is RUNNING, else 1.
 */
import { checkHeartbeat, heartbeatFile } from './heartbeat';

const file = heartbeatFile();
if (!file) {
  console.error('WORKER_HEARTBEAT_FILE is not set, so the worker writes no heartbeat to check');
  process.exit(1);
}
const result = checkHeartbeat(file);
(result.ok ? console.log : console.error)(result.message);
process.exit(result.ok ? 0 : 1);
