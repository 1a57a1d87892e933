import { ConfigurationError, DEVELOPMENT_DEMO_PASSWORD, DEVELOPMENT_JWT_SECRET, validateEnvironment } from './environment';

const valid = { DATABASE_URL: 'postgres://u:p@localhost:5432/db' };

describe('validateEnvironment', () => {
  it('fills in the documented defaults', () => {
    const env = validateEnvironment(valid);
    expect(env).toMatchObject({
      PORT: 3000,
      TEMPORAL_ADDRESS: 'localhost:7233',
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: 'samverkan',
      LOG_LEVEL: 'info',
      WORKER_MAX_CACHED_WORKFLOWS: 500,
      WORKER_MAX_CONCURRENT_STEPS: 100,
      WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: 40,
    });
    expect(validateEnvironment({ ...valid, WORKER_MAX_CONCURRENT_STEPS: '8', WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '4' })).toMatchObject({ WORKER_MAX_CONCURRENT_STEPS: 8, WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: 4 });
  });

  it('reads PORT as a number', () => {
    expect(validateEnvironment({ ...valid, PORT: '8080' }).PORT).toBe(8080);
  });

  it.each([
    ['PORT', 'abc', /PORT must be a whole number between 1 and 65535 \(got "abc"\)/],
    ['PORT', '70000', /PORT must be a whole number/],
    ['TEMPORAL_ADDRESS', 'localhost', /TEMPORAL_ADDRESS must be host:port/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL must be a PostgreSQL URL/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of/],
    ['WORKER_MAX_CONCURRENT_STEPS', '0', /WORKER_MAX_CONCURRENT_STEPS must be a whole number from 1 to 10000/],
    ['WORKER_MAX_CONCURRENT_WORKFLOW_TASKS', '1', /WORKER_MAX_CONCURRENT_WORKFLOW_TASKS must be a whole number from 2 to 10000/],
  ])('names %s when it is %s', (name, value, message) => {
    expect(() => validateEnvironment({ ...valid, [name]: value })).toThrow(message);
  });

  it('says each problem once, however many rules found it', () => {
    expect(() => validateEnvironment({ ...valid, PORT: 'abc' })).toThrow(
      expect.objectContaining({ problems: ['PORT must be a whole number between 1 and 65535 (got "abc")'] }),
    );
  });

  it('says DATABASE_URL is not set', () => {
    expect(() => validateEnvironment({})).toThrow(/DATABASE_URL .* \(it is not set\)/);
  });

  it('lists every problem at once', () => {
    try {
      validateEnvironment({ PORT: '0', LOG_LEVEL: 'x' });
      fail('expected a ConfigurationError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as ConfigurationError).problems).toHaveLength(3);
    }
  });

  describe('with NODE_ENV=production', () => {
    const production = { ...valid, NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(48) };

    it('refuses the public development secret, naming JWT_SECRET', () => {
      expect(() => validateEnvironment({ ...valid, NODE_ENV: 'production' })).toThrow(/JWT_SECRET is the public development default/);
      expect(() => validateEnvironment({ ...production, JWT_SECRET: DEVELOPMENT_JWT_SECRET })).toThrow(/JWT_SECRET is the public development default/);
    });

    it('refuses a secret under 32 bytes', () => {
      expect(() => validateEnvironment({ ...production, JWT_SECRET: 'a-secret-of-31-bytes-0123456789' })).toThrow(/JWT_SECRET must be at least 32 bytes .* \(got 31\)/);
      expect(validateEnvironment({ ...production, JWT_SECRET: 'a-secret-of-32-bytes-01234567890' }).JWT_SECRET).toHaveLength(32);
    });

    it('seeds no demo data unless asked, and then only with a password of its own', () => {
      expect(validateEnvironment(production).SEED_DEMO_DATA).toBe('false');
      expect(() => validateEnvironment({ ...production, SEED_DEMO_DATA: 'true' })).toThrow(/DEMO_PASSWORD must be set to a password of your own/);
      expect(() => validateEnvironment({ ...production, SEED_DEMO_DATA: 'true', DEMO_PASSWORD: DEVELOPMENT_DEMO_PASSWORD })).toThrow(/DEMO_PASSWORD/);
      expect(validateEnvironment({ ...production, SEED_DEMO_DATA: 'true', DEMO_PASSWORD: 'ett-eget-lösenord' }).SEED_DEMO_DATA).toBe('true');
    });

    it('development keeps its defaults', () => {
      expect(validateEnvironment(valid)).toMatchObject({ SEED_DEMO_DATA: 'true', JWT_SECRET: DEVELOPMENT_JWT_SECRET, DEMO_PASSWORD: DEVELOPMENT_DEMO_PASSWORD });
    });
  });
});
