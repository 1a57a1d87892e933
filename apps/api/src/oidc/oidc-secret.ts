import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Client secrets of identity providers, encrypted at rest with AES-256-GCM under a key derived (HKDF)
 * from JWT_SECRET: a copy of the database alone does not give them away. Only sign-in work decrypts
 * one, to redeem an authorization code; the API never returns it. Rotating JWT_SECRET makes the stored
 * secrets unreadable: register the connections again then.
 */
const key = (serverSecret: string): Buffer => Buffer.from(hkdfSync('sha256', serverSecret, 'samverkan', 'oidc-client-secret v1', 32));

export function encryptClientSecret(secret: string, serverSecret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(serverSecret), iv);
  const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join(':');
}

export function decryptClientSecret(stored: string, serverSecret: string): string {
  const [version, iv, tag, data] = stored.split(':');
  if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('not an encrypted client secret');
  const decipher = createDecipheriv('aes-256-gcm', key(serverSecret), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}
