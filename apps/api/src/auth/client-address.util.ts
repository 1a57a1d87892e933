import type { INestApplication } from '@nestjs/common';
import type { Express } from 'express';
import { Environment } from '@app/config';

/**
 * express's `trust proxy` from TRUST_PROXY: unset or `false` trusts no proxy (the client is the
 * connection's address), `true` every one, a number that many hops, anything else a list of
 * addresses and subnets (`loopback, 10.0.0.0/8`). Sign-in limits count by the address this gives.
 */
export function trustProxySetting(value: string | undefined): boolean | number | string {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

/** Sets `trust proxy` on the API's express app from the validated environment. */
export function configureTrustProxy(app: INestApplication): void {
  (app.getHttpAdapter().getInstance() as Express).set('trust proxy', trustProxySetting(app.get(Environment).TRUST_PROXY));
}
