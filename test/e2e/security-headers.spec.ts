/**
 * Every answer carries the security headers, whatever served it: the web app's files, /insyn, the
 * API, an error, the docs. The web app and /insyn pass the Content-Security-Policy in a real browser
 * (test/e2e/web-journey.spec.ts listens for violations).
 */
import request from 'supertest';
import { useSeededApi } from '../support/test-api';

describe('security headers', () => {
  const api = useSeededApi('2026-11-23');

  const expectHeaders = (res: request.Response) => {
    const csp = String(res.headers['content-security-policy'] ?? '');
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-powered-by']).toBeUndefined();
  };

  it.each([
    ['/api/health', undefined],
    ['/insyn', 200],
    ['/api/agreements', 200],
    ['/api/no-such-thing', 404],
    ['/api/activities?limit=0', 400],
  ])('%s carries CSP, nosniff and Referrer-Policy, and no X-Powered-By', async (path, status) => {
    const res = await api.http.get(path);
    if (status) expect(res.status).toBe(status);
    expectHeaders(res);
  });

  it('allows no inline script anywhere but the API docs, and only /insyn’s own style, by its hash', async () => {
    const insyn = await request(api.app.getHttpServer()).get('/insyn').expect(200);
    const csp = String(insyn.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toMatch(/style-src 'self' 'sha256-[A-Za-z0-9+/=]+'(;|$)/);
    expect(csp).not.toContain('unsafe-inline');
    const docs = await request(api.app.getHttpServer()).get('/api/docs/').redirects(1);
    expectHeaders(docs);
    expect(String(docs.headers['content-security-policy'])).toContain("script-src 'self' 'unsafe-inline'");
  });

  it('answers a refused sign-in with the same headers (no sign-in needed to see them)', async () => {
    const res = await request(api.app.getHttpServer()).post('/api/auth/login').send({ email: 'nobody@example.se', password: 'wrong-password' });
    expect(res.status).toBe(401);
    expectHeaders(res);
  });
});
