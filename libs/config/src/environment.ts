import { plainToInstance } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Public: in the source and the README. Good for development only; production refuses it. */
export const DEVELOPMENT_JWT_SECRET = 'samverkan-development-secret-change-me';
/** Public too: the demo users' password when DEMO_PASSWORD is not set (development only). */
export const DEVELOPMENT_DEMO_PASSWORD = 'samverkan-demo';
/** A production JWT_SECRET has at least this many bytes (HS256 wants 256 bits of key). */
export const MIN_PRODUCTION_SECRET_BYTES = 32;

/**
 * Every environment variable the platform reads. Validated once at start: a wrong value stops the
 * process with a message naming the variable, instead of failing later somewhere deep.
 */
export class Environment {
  @Matches(/^postgres(ql)?:\/\/.+/, {
    message: 'DATABASE_URL must be a PostgreSQL URL such as postgres://user:password@host:5432/samverkan',
  })
  DATABASE_URL: string;

  @IsString()
  @Matches(/^[^:\s]+:\d{1,5}$/, {
    message: 'TEMPORAL_ADDRESS must be host:port, for example localhost:7233',
  })
  TEMPORAL_ADDRESS: string = 'localhost:7233';

  @Matches(/^[A-Za-z0-9._-]{1,255}$/, {
    message: 'TEMPORAL_NAMESPACE must be a Temporal namespace name (letters, digits, ".", "_", "-")',
  })
  TEMPORAL_NAMESPACE: string = 'default';

  @Matches(/^[A-Za-z0-9._-]{1,255}$/, {
    message: 'TEMPORAL_TASK_QUEUE must be a task queue name (letters, digits, ".", "_", "-")',
  })
  TEMPORAL_TASK_QUEUE: string = 'samverkan';

  @IsInt({ message: 'PORT must be a whole number between 1 and 65535' })
  @Min(1, { message: 'PORT must be a whole number between 1 and 65535' })
  @Max(65535, { message: 'PORT must be a whole number between 1 and 65535' })
  PORT: number = 3000;

  /** `production` turns on the safe defaults: no public secrets, no demo data unless asked for with its own password. */
  @IsOptional()
  @IsIn(['production', 'development', 'test'], { message: 'NODE_ENV must be production, development or test' })
  NODE_ENV?: 'production' | 'development' | 'test';

  @IsIn(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  @IsInt({ message: 'WORKER_MAX_CACHED_WORKFLOWS must be a whole number from 10 to 100000' })
  @Min(10, { message: 'WORKER_MAX_CACHED_WORKFLOWS must be a whole number from 10 to 100000' })
  @Max(100000, { message: 'WORKER_MAX_CACHED_WORKFLOWS must be a whole number from 10 to 100000' })
  WORKER_MAX_CACHED_WORKFLOWS: number = 500;

  /** Steps (Temporal activities: database writes, e-mails) one worker runs at once. */
  @IsInt({ message: 'WORKER_MAX_CONCURRENT_STEPS must be a whole number from 1 to 10000' })
  @Min(1, { message: 'WORKER_MAX_CONCURRENT_STEPS must be a whole number from 1 to 10000' })
  @Max(10000, { message: 'WORKER_MAX_CONCURRENT_STEPS must be a whole number from 1 to 10000' })
  WORKER_MAX_CONCURRENT_STEPS: number = 100;

  /** Workflow tasks (deciding what a workflow does next) one worker runs at once. */
  @IsInt({ message: 'WORKER_MAX_CONCURRENT_WORKFLOW_TASKS must be a whole number from 2 to 10000' })
  @Min(2, { message: 'WORKER_MAX_CONCURRENT_WORKFLOW_TASKS must be a whole number from 2 to 10000' })
  @Max(10000, { message: 'WORKER_MAX_CONCURRENT_WORKFLOW_TASKS must be a whole number from 2 to 10000' })
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: number = 40;

  /** Signs access tokens. The default is for development only: production refuses it. */
  @MinLength(16, { message: 'JWT_SECRET must be at least 16 characters' })
  JWT_SECRET: string = DEVELOPMENT_JWT_SECRET;

  @IsInt({ message: 'ACCESS_TOKEN_TTL_SECONDS must be a whole number from 60 to 86400' })
  @Min(60, { message: 'ACCESS_TOKEN_TTL_SECONDS must be a whole number from 60 to 86400' })
  @Max(86400, { message: 'ACCESS_TOKEN_TTL_SECONDS must be a whole number from 60 to 86400' })
  ACCESS_TOKEN_TTL_SECONDS: number = 900;

  /** The password of every seeded demo user. */
  @MinLength(8, { message: 'DEMO_PASSWORD must be at least 8 characters' })
  DEMO_PASSWORD: string = DEVELOPMENT_DEMO_PASSWORD;

  /** Outgoing mail, e.g. smtp://user:password@mail.example.se:587. Without it, mail is off. */
  @IsOptional()
  @Matches(/^smtps?:\/\/.+/, { message: 'SMTP_URL must be an SMTP URL such as smtp://user:password@mail.example.se:587' })
  SMTP_URL?: string;

  @MinLength(3, { message: 'MAIL_FROM must be a sender such as "Samverkan <noreply@example.se>"' })
  MAIL_FROM: string = 'Samverkan <noreply@samverkan.example>';

  /** Where people reach the platform; links in e-mails and calendar feeds start with it. */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'PUBLIC_URL must be an http(s) URL such as https://samverkan.vasteras.se' })
  PUBLIC_URL?: string;

  /**
   * Which proxies in front of the API to believe about the client's address (express's `trust proxy`),
   * which sign-in limits count by: unset for none (the connection's address), `true`, a hop count
   * such as `1`, or addresses and subnets such as `loopback, 10.0.0.0/8`.
   */
  @IsOptional()
  @Matches(/^(true|false|\d{1,2}|[0-9A-Za-z.:/]+(\s*,\s*[0-9A-Za-z.:/]+)*)$/, {
    message: 'TRUST_PROXY must be true, false, a number of proxy hops such as 1, or addresses/subnets such as "loopback, 10.0.0.0/8"',
  })
  TRUST_PROXY?: string;

  /** Sign-in requests (POST /api/auth/login) one client address may make per minute, over all accounts. */
  @IsInt({ message: 'SIGN_IN_ATTEMPTS_PER_MINUTE must be a whole number from 1 to 1000000' })
  @Min(1, { message: 'SIGN_IN_ATTEMPTS_PER_MINUTE must be a whole number from 1 to 1000000' })
  @Max(1_000_000, { message: 'SIGN_IN_ATTEMPTS_PER_MINUTE must be a whole number from 1 to 1000000' })
  SIGN_IN_ATTEMPTS_PER_MINUTE: number = 20;

  /**
   * The bearer token a scraper sends for the Prometheus metrics (GET /api/metrics and the worker's
   * WORKER_METRICS_PORT). Without it the metrics are open in development and off in production.
   */
  @IsOptional()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters (for example `openssl rand -hex 24`)' })
  METRICS_TOKEN?: string;

  /** The worker's own metrics port (Prometheus text at /metrics); unset: the worker serves no metrics. */
  @IsOptional()
  @IsInt({ message: 'WORKER_METRICS_PORT must be a whole number between 1 and 65535' })
  @Min(1, { message: 'WORKER_METRICS_PORT must be a whole number between 1 and 65535' })
  @Max(65535, { message: 'WORKER_METRICS_PORT must be a whole number between 1 and 65535' })
  WORKER_METRICS_PORT?: number;

  /** Seeds the demo agreement and staff on start: by default in development, never by default in production. */
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'SEED_DEMO_DATA must be true or false' })
  SEED_DEMO_DATA?: 'true' | 'false';
}

/**
 * What production refuses, each named by its variable: the public development secret or a short
 * one, and demo data (with its published users) unless both SEED_DEMO_DATA=true and an own
 * DEMO_PASSWORD say so.
 */
function productionProblems(env: Environment, raw: Record<string, unknown>): string[] {
  if (env.NODE_ENV !== 'production') return [];
  const problems: string[] = [];
  if (env.JWT_SECRET === DEVELOPMENT_JWT_SECRET) {
    problems.push('JWT_SECRET is the public development default; with NODE_ENV=production set your own random secret of at least 32 bytes (for example `openssl rand -base64 48`)');
  } else if (Buffer.byteLength(env.JWT_SECRET, 'utf8') < MIN_PRODUCTION_SECRET_BYTES) {
    problems.push(`JWT_SECRET must be at least ${MIN_PRODUCTION_SECRET_BYTES} bytes with NODE_ENV=production (got ${Buffer.byteLength(env.JWT_SECRET, 'utf8')}); for example \`openssl rand -base64 48\``);
  }
  if (env.SEED_DEMO_DATA === 'true' && (raw.DEMO_PASSWORD === undefined || raw.DEMO_PASSWORD === '' || env.DEMO_PASSWORD === DEVELOPMENT_DEMO_PASSWORD)) {
    problems.push('DEMO_PASSWORD must be set to a password of your own to seed demo data with NODE_ENV=production (SEED_DEMO_DATA=true); the default one is public');
  }
  return problems;
}

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigurationError';
  }
}

/** Parses and validates the environment; throws a ConfigurationError naming every bad variable. */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const input: Record<string, unknown> = {};
  for (const key of Object.keys(new Environment())) {
    const value = raw[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  for (const key of ['DATABASE_URL']) {
    if (raw[key] !== undefined && raw[key] !== '') input[key] = raw[key];
  }
  for (const key of ['PORT', 'WORKER_METRICS_PORT', 'WORKER_MAX_CACHED_WORKFLOWS', 'WORKER_MAX_CONCURRENT_STEPS', 'WORKER_MAX_CONCURRENT_WORKFLOW_TASKS', 'ACCESS_TOKEN_TTL_SECONDS', 'SIGN_IN_ATTEMPTS_PER_MINUTE']) {
    const text = input[key];
    if (typeof text === 'string') input[key] = /^\d+$/.test(text) ? Number(text) : text;
  }
  const env = plainToInstance(Environment, input);
  const errors = validateSync(env, { skipMissingProperties: false });
  if (errors.length > 0) {
    throw new ConfigurationError(
      errors.flatMap((e) => {
        const got = e.value === undefined ? 'it is not set' : `got ${JSON.stringify(e.value)}`;
        return [...new Set(Object.values(e.constraints ?? {}))].map((m) => `${m} (${got})`); // one line per message, however many rules said it
      }),
    );
  }
  const refused = productionProblems(env, raw);
  if (refused.length) throw new ConfigurationError(refused);
  env.SEED_DEMO_DATA ??= env.NODE_ENV === 'production' ? 'false' : 'true';
  env.PUBLIC_URL ??= `http://localhost:${env.PORT}`;
  return env;
}
