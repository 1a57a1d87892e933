import { validateEnvironment } from '@app/config';
import { metricsRefusal } from './metrics';

describe('who may read the metrics', () => {
  it('without METRICS_TOKEN: open in development, off (404) in production', () => {
    expect(metricsRefusal({ production: false }, undefined)).toBeNull();
    expect(metricsRefusal({ production: true }, undefined)).toEqual({ status: 404, message: expect.stringContaining('METRICS_TOKEN') });
    expect(metricsRefusal({ production: true }, 'Bearer anything')?.status).toBe(404);
  });

  it('with METRICS_TOKEN: only the bearer token itself, in development and in production', () => {
    const token = 'a-metrics-token-of-enough-length';
    for (const production of [false, true]) {
      expect(metricsRefusal({ token, production }, `Bearer ${token}`)).toBeNull();
      for (const wrong of [undefined, '', token, `Bearer ${token}-`, `Bearer ${token.slice(1)}`, `Basic ${token}`]) {
        expect(metricsRefusal({ token, production }, wrong)?.status).toBe(401);
      }
    }
  });

  it('a short METRICS_TOKEN or a bad WORKER_METRICS_PORT stops the start, naming the variable', () => {
    const base = { DATABASE_URL: 'postgres://u:p@localhost/x' };
    expect(() => validateEnvironment({ ...base, METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN must be at least 16 characters/);
    expect(() => validateEnvironment({ ...base, WORKER_METRICS_PORT: '70000' })).toThrow(/WORKER_METRICS_PORT must be a whole number/);
    expect(validateEnvironment({ ...base, WORKER_METRICS_PORT: '9464' }).WORKER_METRICS_PORT).toBe(9464);
  });
});
