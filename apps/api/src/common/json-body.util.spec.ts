import { isUtf8 } from 'node:buffer';
import { findJsonTextProblem, firstInvalidUtf8, MAX_JSON_DEPTH } from './json-body.util';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('firstInvalidUtf8', () => {
  it('is -1 for UTF-8, whatever the script', () => {
    expect(firstInvalidUtf8(bytes('{"a":"Västerås 🙂 ☃ 𝄞"}'))).toBe(-1);
    expect(firstInvalidUtf8(Buffer.alloc(0))).toBe(-1);
  });

  it('names the first bad byte: latin1, a cut sequence, an overlong form, an encoded surrogate, beyond U+10FFFF', () => {
    expect(firstInvalidUtf8(Buffer.from('lösen', 'latin1'))).toBe(1);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xc3]))).toBe(1);
    expect(firstInvalidUtf8(Buffer.from([0xc0, 0xaf]))).toBe(0);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0x62, 0xed, 0xa0, 0x80]))).toBe(2);
    expect(firstInvalidUtf8(Buffer.from([0xf4, 0x90, 0x80, 0x80]))).toBe(0);
    expect(firstInvalidUtf8(Buffer.from([0xe2, 0x98, 0x41]))).toBe(0);
  });

  it('agrees with Node on what is UTF-8, for many random byte strings', () => {
    let seed = 1;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 256;
    const disagreements: string[] = [];
    let valid = 0;
    for (let n = 0; n < 20_000; n++) {
      // Well-formed text of random code points (all planes), with one byte changed in half of them.
      const text = Array.from({ length: 1 + (n % 5) }, () => String.fromCodePoint([0x7f, 0x7ff, 0xd7ff, 0x10ffff][next() % 4] & ((next() << 16) | (next() << 8) | next()))).join('');
      const buf = Buffer.from(text, 'utf8');
      if (n % 2) buf[next() % buf.length] = next();
      if (isUtf8(buf)) valid += 1;
      if ((firstInvalidUtf8(buf) === -1) !== isUtf8(buf)) disagreements.push(buf.toString('hex'));
    }
    expect(disagreements).toEqual([]);
    expect(valid).toBeGreaterThan(1000);
  });
});

describe('findJsonTextProblem', () => {
  const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

  it('lets 32 levels through and refuses the 33rd, where it opens', () => {
    expect(findJsonTextProblem(bytes(nested(MAX_JSON_DEPTH)))).toBeNull();
    expect(findJsonTextProblem(bytes(nested(MAX_JSON_DEPTH + 1)))).toEqual({ kind: 'too-deep', offset: MAX_JSON_DEPTH });
    expect(findJsonTextProblem(bytes(`{"a":${'{"b":'.repeat(40)}1${'}'.repeat(40)}}`))?.kind).toBe('too-deep');
    expect(findJsonTextProblem(bytes(nested(100_000)))?.kind).toBe('too-deep');
  });

  it('counts only structure: brackets in strings, after escaped quotes, are text', () => {
    expect(findJsonTextProblem(bytes(JSON.stringify({ a: '['.repeat(100), b: '"{{{{', c: '\\'.repeat(3) + '['.repeat(50) })))).toBeNull();
    expect(findJsonTextProblem(bytes(JSON.stringify([{ a: ['x"[[[['] }])))).toBeNull();
  });

  it('refuses a lone surrogate escape, high or low, in a value or a key', () => {
    expect(findJsonTextProblem(bytes('{"a":"x\\ud800y"}'))).toEqual({ kind: 'lone-surrogate', offset: 7, escape: '\\ud800' });
    expect(findJsonTextProblem(bytes('{"a":"\\uDFFF"}'))).toMatchObject({ kind: 'lone-surrogate', escape: '\\uDFFF' });
    expect(findJsonTextProblem(bytes('{"\\ud83d":1}'))?.kind).toBe('lone-surrogate');
    expect(findJsonTextProblem(bytes('["\\ud83d\\u0041"]'))?.kind).toBe('lone-surrogate');
    expect(findJsonTextProblem(bytes('["\\ud83d\\ude42\\ude42"]'))?.kind).toBe('lone-surrogate');
  });

  it('lets pairs, other escapes, an escaped backslash before "u" and raw characters through', () => {
    expect(findJsonTextProblem(bytes('["\\ud83d\\ude42", "\\u00e5\\n\\t\\"\\\\", "🙂"]'))).toBeNull();
    expect(findJsonTextProblem(bytes('["\\\\ud800"]'))).toBeNull();
    expect(findJsonTextProblem(bytes(JSON.stringify({ s: 'a\ud83d\ude42b' })))).toBeNull();
  });

  it('leaves syntax errors to JSON.parse', () => {
    expect(findJsonTextProblem(bytes('{"a": "\\u12"}'))).toBeNull();
    expect(findJsonTextProblem(bytes('{"a": '))).toBeNull();
  });
});
