/**
 * `npm start` runs this before it builds anything: a configuration that would not start (in
 * production: the public JWT secret, demo data without a password of its own …) stops here within
 * seconds, naming each variable, instead of after the build. The launcher, the API and the worker
 * check the same again when they start.
 */
import { ConfigurationError, validateEnvironment } from '@app/config';

try {
  validateEnvironment({ ...process.env, DATABASE_URL: process.env.DATABASE_URL || 'postgres://placeholder/for-validation' });
} catch (error) {
  if (!(error instanceof ConfigurationError)) throw error;
  process.stderr.write(`[samverkan] ${error.message}\n`);
  process.exit(1);
}
