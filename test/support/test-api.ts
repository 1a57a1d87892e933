import { INestApplication } from '@nestjs/common';
import { createApiApp } from '../../apps/api/src/create-app';

/** The real API, as `npm start` builds it, on the given database and Temporal server. */
export async function startTestApi(env: { DATABASE_URL: string; TEMPORAL_ADDRESS: string }): Promise<INestApplication> {
  Object.assign(process.env, env, { LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' });
  const app = await createApiApp();
  await app.init();
  return app;
}
