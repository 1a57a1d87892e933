import { ConfigurationError, validateEnvironment } from './environment';

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
    });
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
});
