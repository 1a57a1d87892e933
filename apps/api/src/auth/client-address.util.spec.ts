import { trustProxySetting } from './client-address.util';

describe('trustProxySetting', () => {
  it.each([
    [undefined, false],
    ['false', false],
    ['true', true],
    ['1', 1],
    ['loopback, 10.0.0.0/8', 'loopback, 10.0.0.0/8'],
  ])('TRUST_PROXY=%s is trust proxy %p', (value, expected) => {
    expect(trustProxySetting(value)).toBe(expected);
  });
});
