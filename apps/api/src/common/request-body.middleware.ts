import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import express from 'express';
import { ApiError, ApiErrorCode } from './api-error';
import { findJsonTextProblem, firstInvalidUtf8, MAX_JSON_DEPTH } from './json-body.util';

/** The largest body the API reads (body-parser's "100kb", as Nest had it). */
export const BODY_LIMIT_BYTES = 100 * 1024;
/** How long a body may take to arrive once its headers have. */
export const BODY_READ_TIMEOUT_MS = 10_000;

export interface RequestBodyOptions {
  limitBytes?: number;
  readTimeoutMs?: number;
}

/** The media types whose bodies are parsed; every other body is left unread, as Nest's parsers did. */
const PARSED_TYPES = ['application/json', 'application/x-www-form-urlencoded'];
/** What may be said in Content-Encoding; body-parser would also take br and zstd, which no client of ours sends. */
const ENCODINGS = ['identity', 'gzip', 'deflate'];

const hasBody = (req: IncomingMessage) => req.headers['transfer-encoding'] !== undefined || req.headers['content-length'] !== undefined;

/** The charset named in Content-Type, lower case, or undefined. */
function charsetOf(req: IncomingMessage): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(req.headers['content-type'] ?? '');
  return match?.[1].toLowerCase();
}

/** Refuses, before a byte is read, a body in an encoding or charset the API does not read (415). */
function refuseUnreadable(req: Request, _res: Response, next: NextFunction): void {
  if (!hasBody(req) || !req.is(PARSED_TYPES)) return next();
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (!ENCODINGS.includes(encoding)) {
    return next(
      new ApiError(
        ApiErrorCode.UnsupportedMediaType,
        `Content-Encoding "${encoding}" is not supported: send the body uncompressed (no Content-Encoding), or compressed with gzip or deflate and labelled so.`,
      ),
    );
  }
  const charset = charsetOf(req);
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    return next(
      new ApiError(
        ApiErrorCode.UnsupportedMediaType,
        `charset=${charset} is not supported: send the body encoded as UTF-8, with Content-Type "application/json" or "application/json; charset=utf-8".`,
      ),
    );
  }
  next();
}

/**
 * Checks the raw bytes before they are parsed: they must be UTF-8, and, for JSON, nest no deeper than
 * MAX_JSON_DEPTH and hold no lone surrogate escape. An error thrown here is answered 400 (body-parser
 * passes it on as it is).
 */
function verifyText(json: boolean) {
  return (_req: IncomingMessage, _res: unknown, bytes: Buffer): void => {
    const bad = firstInvalidUtf8(bytes);
    if (bad >= 0) {
      throw new ApiError(
        ApiErrorCode.InvalidInput,
        `The request body is not valid UTF-8: byte ${bad} (0x${bytes[bad].toString(16).padStart(2, '0')}) begins no UTF-8 character. Send the text encoded as UTF-8 (as latin1 or Windows-1252 it is not).`,
      );
    }
    if (!json) return;
    const problem = findJsonTextProblem(bytes, MAX_JSON_DEPTH);
    if (problem?.kind === 'too-deep') {
      throw new ApiError(
        ApiErrorCode.InvalidInput,
        `The request body nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep (level ${MAX_JSON_DEPTH + 1} opens at byte ${problem.offset}); no endpoint takes that, so flatten it (see /api/docs).`,
      );
    }
    if (problem?.kind === 'lone-surrogate') {
      throw new ApiError(
        ApiErrorCode.InvalidInput,
        `The request body holds a lone surrogate escape ${problem.escape} at byte ${problem.offset}: half of a UTF-16 pair is no character. Send the character itself in UTF-8, or both halves of its pair (such as \\ud83d\\ude42).`,
      );
    }
  };
}

/**
 * Answers 408 when a body has not arrived `timeoutMs` after its headers (a Content-Length that promises
 * more than is sent would otherwise hold the connection for minutes), and closes the connection.
 */
function withReadTimeout(parser: RequestHandler, timeoutMs: number): RequestHandler {
  return (req, res, next) => {
    if (!hasBody(req) || req.complete) return parser(req, res, next);
    let timedOut = false;
    const timer = setTimeout(() => {
      if (req.complete || res.headersSent) return;
      timedOut = true;
      res.setHeader('Connection', 'close');
      next(
        new ApiError(
          ApiErrorCode.RequestTimeout,
          `The request body did not arrive within ${timeoutMs / 1000} s of its headers. Send the whole body at once, with a Content-Length that matches its size (or none).`,
        ),
      );
    }, timeoutMs);
    timer.unref();
    parser(req, res, (error?: unknown) => {
      clearTimeout(timer);
      if (!timedOut) next(error);
    });
  };
}

/**
 * The API's body parsers, in place of Nest's: JSON and urlencoded bodies up to 100 kB, in UTF-8,
 * uncompressed or gzip/deflate, checked for depth and surrogates before JSON.parse. Every refusal is
 * passed on as an error that the exception filter answers with its own 4xx.
 */
export function requestBodyParsers(options: RequestBodyOptions = {}): RequestHandler[] {
  const limit = options.limitBytes ?? BODY_LIMIT_BYTES;
  const timeoutMs = options.readTimeoutMs ?? BODY_READ_TIMEOUT_MS;
  return [
    refuseUnreadable,
    withReadTimeout(express.json({ limit, verify: verifyText(true) }), timeoutMs),
    withReadTimeout(express.urlencoded({ extended: true, limit, verify: verifyText(false) }), timeoutMs),
  ];
}
