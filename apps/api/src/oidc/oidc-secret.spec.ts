import { decryptClientSecret, encryptClientSecret } from './oidc-secret';

describe('client secrets at rest', () => {
  const server = 'a-server-secret-of-at-least-32-characters!';

  it('round-trips, and the stored form does not contain the secret', () => {
    const stored = encryptClientSecret('hemligt-klient-lösen', server);
    expect(stored).not.toContain('hemligt');
    expect(stored.startsWith('v1:')).toBe(true);
    expect(decryptClientSecret(stored, server)).toBe('hemligt-klient-lösen');
  });

  it('is different each time (random IV)', () => {
    expect(encryptClientSecret('x', server)).not.toBe(encryptClientSecret('x', server));
  });

  it('refuses another server secret and a tampered ciphertext', () => {
    const stored = encryptClientSecret('hemligt', server);
    expect(() => decryptClientSecret(stored, 'another-server-secret-of-32-characters')).toThrow();
    const [v, iv, tag, data] = stored.split(':');
    const flipped = Buffer.from(data, 'base64url');
    flipped[0] ^= 1;
    expect(() => decryptClientSecret([v, iv, tag, flipped.toString('base64url')].join(':'), server)).toThrow();
    expect(() => decryptClientSecret('plain', server)).toThrow();
  });
});
