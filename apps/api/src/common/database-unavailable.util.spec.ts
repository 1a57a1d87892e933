import { DatabaseError } from 'pg';
import { ConnectionIsNotSetError, QueryFailedError, QueryRunnerAlreadyReleasedError } from 'typeorm';
import { databaseFailureReason, isDatabaseUnavailable } from './database-unavailable.util';

/** An error as PostgreSQL sends it, with its SQLSTATE, as node-postgres makes it. */
function postgresError(code: string, message: string): DatabaseError {
  return Object.assign(new DatabaseError(message, message.length, 'error'), { code, severity: 'FATAL' });
}
const failedQuery = (driverError: Error) => new QueryFailedError('SELECT 1', [], driverError);
const networkError = (code: string, message: string) => Object.assign(new Error(message), { code, errno: -111, syscall: 'connect' });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['connection refused', networkError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:54320')],
    ['a host that is not found', networkError('ENOTFOUND', 'getaddrinfo ENOTFOUND db.example')],
    ['a connection reset', networkError('ECONNRESET', 'read ECONNRESET')],
    ['both addresses of localhost refusing', new AggregateError([networkError('ECONNREFUSED', 'connect ECONNREFUSED ::1:5432'), networkError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')])],
    ['the pool timing out', new Error('timeout exceeded when trying to connect')],
    ['the connection cut under a query', new Error('Connection terminated unexpectedly')],
    ['a connect timeout', new Error('Connection terminated due to connection timeout')],
    ['a client broken earlier', new Error('Client has encountered a connection error and is not queryable')],
    ['an administrator shutdown (57P01) under a query', failedQuery(postgresError('57P01', 'terminating connection due to administrator command'))],
    ['a crash shutdown (57P02)', postgresError('57P02', 'terminating connection because of crash of another server process')],
    ['a server starting up (57P03)', postgresError('57P03', 'the database system is starting up')],
    ['a server shutting down (57P03)', postgresError('57P03', 'the database system is shutting down')],
    ['too many connections (53300)', postgresError('53300', 'sorry, too many clients already')],
    ['a connection exception (08006)', failedQuery(postgresError('08006', 'connection failure'))],
    ['TypeORM without a connection', new ConnectionIsNotSetError('postgres')],
    ['a query runner that gave up its broken connection between two queries', new QueryRunnerAlreadyReleasedError()],
    ['a cause that is one of these', new Error('could not read', { cause: networkError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432') })],
  ])('is true for %s', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', failedQuery(postgresError('23505', 'duplicate key value violates unique constraint "x"'))],
    ['bad input PostgreSQL refused', failedQuery(postgresError('22P02', 'invalid input syntax for type uuid: "x"'))],
    ['a statement timeout', failedQuery(postgresError('57014', 'canceling statement due to statement timeout'))],
    ['a bug in a query', failedQuery(postgresError('42703', 'column "nope" does not exist'))],
    ['an ordinary error', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['nothing at all', undefined],
    ['a string', 'ECONNREFUSED'],
  ])('is false for %s', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it('stops at a cycle of causes', () => {
    const a = new Error('a') as Error & { cause?: unknown };
    a.cause = a;
    expect(isDatabaseUnavailable(a)).toBe(false);
  });
});

describe('databaseFailureReason', () => {
  it('names what went wrong, with the code when the message lacks it', () => {
    expect(databaseFailureReason(networkError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:54320'))).toBe('connect ECONNREFUSED 127.0.0.1:54320');
    expect(databaseFailureReason(failedQuery(postgresError('57P01', 'terminating connection due to administrator command')))).toBe(
      'terminating connection due to administrator command (57P01)',
    );
    expect(databaseFailureReason(new AggregateError([networkError('ECONNREFUSED', 'connect ECONNREFUSED ::1:5432')]))).toBe('connect ECONNREFUSED ::1:5432');
  });
});
