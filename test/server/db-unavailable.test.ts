import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../../src/server/db/unavailable.js';

const coded = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['refused connection', coded('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['terminated backend (57P01)', coded('57P01', 'terminating connection due to administrator command')],
    ['database starting up (57P03)', coded('57P03', 'the database system is starting up')],
    ['connection exception (08006)', coded('08006')],
    ['too many connections (53300)', coded('53300')],
    ['cut socket', new Error('Connection terminated unexpectedly')],
    ['pool connect timeout', new Error('timeout exceeded when trying to connect')],
    ['refused on IPv4 and IPv6', new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')], '')],
    ['wrapped cause', new Error('query failed', { cause: coded('ECONNRESET') })],
    ['busy SQLite file', coded('SQLITE_BUSY', 'database is locked')],
  ])('%s: the client is told to retry', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['unique violation (23505)', coded('23505', 'duplicate key value')],
    ['syntax error (42601)', coded('42601')],
    ['SQLite constraint', coded('SQLITE_CONSTRAINT_UNIQUE')],
    ['plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['not an error', 'ECONNREFUSED'],
  ])('%s: a real failure (500)', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
