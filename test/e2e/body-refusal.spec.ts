/**
 * Bodies that are refused before any handler sees them (too large, wrongly encoded, wrong charset,
 * nested too deep, not UTF-8) get a 4xx of their own in the API's error shape, without sign-in, and
 * never a 5xx. The requests are built byte for byte, so that the headers and bodies are exactly the
 * ones under test.
 */
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { gzipSync, deflateSync, brotliCompressSync } from 'node:zlib';
import { INestApplication } from '@nestjs/common';
import { createApiApp } from '../../apps/api/src/create-app';
import { TEST_PASSWORD, useSeededApi } from '../support/test-api';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  body: { statusCode?: number; error?: unknown; message?: unknown; details?: unknown[]; detailsOmitted?: number };
}

/** POSTs exactly these bytes with exactly these headers (and a Content-Length that matches). */
function postRaw(port: number, path: string, body: Buffer, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', agent: false, headers: { ...headers, 'Content-Length': String(body.length) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: Answer['body'] = {};
        try {
          parsed = JSON.parse(text) as Answer['body'];
        } catch {
          // not JSON: the assertions on the shape say so
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: parsed });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const LOGIN = '/api/auth/login';
const login = (email = 'polis@samverkan.example', password = TEST_PASSWORD) => JSON.stringify({ email, password });

describe('bodies refused before the handler', () => {
  const api = useSeededApi('2026-11-23');
  let port: number;
  beforeAll(async () => {
    const server = api.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  /** A POST to sign-in with exactly these bytes and headers, and no sign-in. */
  const post = (body: Buffer | string, headers: Record<string, string> = {}) =>
    postRaw(port, LOGIN, Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'), { 'Content-Type': 'application/json', ...headers });
  /** The answer is in the API's error shape with this status, and its message matches `says`. */
  const refused = (res: Answer, status: number, says: RegExp) => {
    expect([res.status, res.body.statusCode, typeof res.body.error, res.body.message]).toEqual([status, status, 'string', expect.stringMatching(says)]);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
  };

  it('still signs in with a plain, a gzip and a deflate body (the control)', async () => {
    expect((await post(login())).status).toBe(200);
    expect((await post(gzipSync(login()), { 'Content-Encoding': 'gzip' })).status).toBe(200);
    expect((await post(deflateSync(login()), { 'Content-Encoding': 'deflate' })).status).toBe(200);
    expect((await post(login(), { 'Content-Type': 'application/json; charset=UTF-8' })).status).toBe(200);
  });

  it('a body over 100 kB is a 413 that names the limit', async () => {
    const res = await post(login('polis@samverkan.example', 'x'.repeat(150_000)));
    refused(res, 413, /100 kB/);
    expect(res.body.message).toMatch(/smaller|less/i);
  });

  it('a gzip body labelled deflate is a 400 that names the encoding', async () => {
    const res = await post(gzipSync(login()), { 'Content-Encoding': 'deflate' });
    refused(res, 400, /Content-Encoding.*deflate/);
  });

  it('a plain body labelled gzip is a 400 that names the encoding', async () => {
    const res = await post(login(), { 'Content-Encoding': 'gzip' });
    refused(res, 400, /Content-Encoding.*gzip/);
  });

  it('Content-Encoding br (or anything but gzip and deflate) is a 415 that names what is accepted', async () => {
    refused(await post(brotliCompressSync(login()), { 'Content-Encoding': 'br' }), 415, /"br".*gzip.*deflate/);
    refused(await post(login(), { 'Content-Encoding': 'compress' }), 415, /"compress"/);
  });

  it('charset=latin1 (any charset but UTF-8) is a 415 that asks for UTF-8', async () => {
    const res = await post(Buffer.from(login('polis@samverkan.example', 'lösen'), 'latin1'), { 'Content-Type': 'application/json; charset=latin1' });
    refused(res, 415, /latin1.*UTF-8/);
    refused(await post(login(), { 'Content-Type': 'application/json; charset=utf-16' }), 415, /utf-16.*UTF-8/);
  });

  it('JSON nested 3 000 levels deep is a 400 saying how deep it may be, before validation walks it', async () => {
    const deep = `{"email":"polis@samverkan.example","password":"x","x":${'['.repeat(3000)}${']'.repeat(3000)}}`;
    refused(await post(deep), 400, /more than 32 levels/);
    const justTooDeep = `{"x":${'{"a":'.repeat(32)}1${'}'.repeat(32)}}`;
    refused(await post(justTooDeep), 400, /more than 32 levels/);
    // 32 levels are parsed, and then validation has its say (an unknown field).
    const deepEnough = `{"email":"polis@samverkan.example","password":"x","x":${'['.repeat(31)}${']'.repeat(31)}}`;
    refused(await post(deepEnough), 400, /"x" is not a parameter/);
    // Brackets inside strings are text, not nesting.
    expect((await post(login('polis@samverkan.example', `${'['.repeat(40)}`))).status).toBe(401);
  });

  it('bytes that are not UTF-8 are a 400 that says so, instead of being stored as U+FFFD', async () => {
    const body = Buffer.concat([Buffer.from('{"email":"polis@samverkan.example","password":"l'), Buffer.from([0xf6]), Buffer.from('sen"}')]);
    refused(await post(body), 400, /not valid UTF-8: byte 48 \(0xf6\)/);
    refused(await post(Buffer.from([0x7b, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x3a, 0x31, 0x7d])), 400, /not valid UTF-8/); // an encoded surrogate
  });

  it('a lone surrogate escape (\\ud800) is a 400 that says so; a pair and an escaped backslash are fine', async () => {
    refused(await post('{"email":"polis@samverkan.example","password":"a\\ud800b"}'), 400, /lone surrogate.*\\ud800/i);
    refused(await post('{"email":"polis@samverkan.example","password":"\\udc00"}'), 400, /lone surrogate/i);
    refused(await post('{"\\ud83dx":1}'), 400, /lone surrogate/i);
    const pair = await post('{"email":"stad@samverkan.example","password":"\\ud83d\\ude42"}');
    expect([pair.status, pair.body.message]).toEqual([401, 'Wrong e-mail or password.']);
    const backslash = await post('{"email":"stad@samverkan.example","password":"\\\\ud800"}');
    expect(backslash.status).toBe(401);
  });

  it('thousands of problems are answered with the first 20 details and how many more, not megabytes', async () => {
    // 10 000 unknown fields (three-letter names, to stay under 100 kB): one problem each.
    const fields = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [i.toString(36).padStart(3, '0'), 0]));
    const res = await post(JSON.stringify({ email: 'polis@samverkan.example', password: 'x', ...fields }));
    refused(res, 400, /and 9 ?980 more problems/);
    expect(res.body.details).toHaveLength(20);
    expect(res.body.detailsOmitted).toBe(9_980);
    expect(res.text.length).toBeLessThan(10_000);
    const array = await post(`[${Array.from({ length: 10_000 }, () => '{}').join(',')}]`);
    expect([array.status, array.body.details?.length, array.body.detailsOmitted, array.text.length < 10_000]).toEqual([400, 20, 9_982, true]);
    expect(array.body.message).toMatch(/and 9982 more problems$/);
  });

  it('an unknown body-parser problem keeps its 4xx: an empty gzip body is a 400, not a 500', async () => {
    const res = await post(Buffer.alloc(0), { 'Content-Encoding': 'gzip' });
    expect(res.status).toBeLessThan(500);
  });

  describe('a body that stops arriving', () => {
    let app: INestApplication;
    beforeAll(async () => {
      app = await createApiApp({ bodyReadTimeoutMs: 300 });
      await app.listen(0, '127.0.0.1');
    });
    afterAll(async () => {
      await app?.close();
    });

    it('is answered 408 once the body has not arrived in time, instead of hanging', async () => {
      const { port } = app.getHttpServer().address() as AddressInfo;
      const started = Date.now();
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.write(`POST ${LOGIN} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"email":`);
        });
        let text = '';
        const giveUp = setTimeout(() => socket.destroy(), 5000);
        socket.on('data', (chunk) => (text += chunk.toString()));
        socket.on('close', () => (clearTimeout(giveUp), resolve(text)));
        socket.on('error', reject);
      });
      expect(Date.now() - started).toBeLessThan(3000);
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
      expect(answer).toMatch(/"message":"[^"]*Content-Length[^"]*"/);
    });
  });
});
