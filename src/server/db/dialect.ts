import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import type { Database } from './types.js';
import { prepareStatements } from './prepared.js';

/** What differs between the databases, checked where a decision is made (never the dialect's name). */
export interface StoreCapabilities {
  /** `SELECT … FOR UPDATE [SKIP LOCKED]`: row locks, and claiming jobs across many servers. */
  rowLocks: boolean;
  /** Case-insensitive LIKE is spelled ILIKE (SQLite's LIKE already ignores ASCII case). */
  ilike: boolean;
  /** Several processes may write at once (PostgreSQL); SQLite is one file owned by one server. */
  sharedByServers: boolean;
  /** `WITH x AS (UPDATE …) UPDATE …`: two tables written in one statement, one round trip. */
  writingCtes: boolean;
}

export interface Store {
  db: Kysely<Database>;
  kind: 'sqlite' | 'postgres';
  caps: StoreCapabilities;
  /** Where the data lives, without credentials, for logs. */
  location: string;
  /** PostgreSQL: the schema our tables live in (`?schema=`, else the connection's current schema). */
  schema?: string;
  close(): Promise<void>;
}

export class StoreUrlError extends Error {}

export interface StoreOptions {
  poolSize?: number;
  /** Milliseconds to wait for a new PostgreSQL connection before the request fails (503). */
  connectTimeoutMs?: number;
  /** A pooled connection broke (terminated backend, restart, network): it is dropped, not fatal. */
  onConnectionError?: (error: Error) => void;
}

/**
 * Opens the store named by `url`: `sqlite:FILE` (or a path), `sqlite::memory:`, or
 * `postgres://user@host/db[?schema=name]`. `schema` keeps test runs and tenants of a shared
 * PostgreSQL apart; it is created when missing.
 * @example const store = await openStore('sqlite:interdict.db');
 */
export async function openStore(url: string, options: StoreOptions = {}): Promise<Store> {
  if (/^postgres(ql)?:\/\//i.test(url)) return openPostgres(url, options);
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1];
  if (scheme)
    throw new StoreUrlError(`--db ${url}: ${scheme}:// is not supported; use sqlite:FILE or postgres://…`);
  const file = url.replace(/^sqlite:/i, '');
  if (!file) throw new StoreUrlError(`--db ${url}: expected sqlite:FILE or postgres://…`);
  const dir = dirname(resolve(file));
  if (file !== ':memory:' && !existsSync(dir))
    throw new StoreUrlError(`--db ${url}: the folder ${dir} does not exist; create it or name another file`);
  return openSqlite(file);
}

async function openSqlite(file: string): Promise<Store> {
  const { default: SQLite } = await import('better-sqlite3');
  const database = new SQLite(file);
  // WAL: readers never block the writer; FULL: an accepted upload survives a crash of the machine too.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('busy_timeout = 5000');
  database.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  return {
    db,
    kind: 'sqlite',
    caps: { rowLocks: false, ilike: false, sharedByServers: false, writingCtes: false },
    location: `sqlite:${file}`,
    close: () => db.destroy(),
  };
}

async function openPostgres(url: string, options: StoreOptions): Promise<Store> {
  const { default: pg } = await import('pg');
  // int8 (counts, serial ids) as numbers: every value we store is far below 2^53.
  pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema');
  parsed.searchParams.delete('schema');
  // `?prepare=off` for a pooler that cannot keep prepared statements (PgBouncer before 1.21 in
  // transaction mode): every statement is then parsed and planned at each execution.
  const prepare = parsed.searchParams.get('prepare');
  parsed.searchParams.delete('prepare');
  if (prepare !== null && !['on', 'off'].includes(prepare))
    throw new StoreUrlError(`--db: prepare=${prepare} must be on or off`);
  if (schema && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
    throw new StoreUrlError(`--db: schema "${schema}" must be a lower-case identifier`);
  const connectionString = parsed.toString();
  if (schema) {
    const client = new pg.Client({ connectionString });
    await client.connect();
    try {
      // Looked up first: CREATE SCHEMA checks the CREATE privilege even when the schema exists,
      // and a server role that does not own the tables has none.
      const found = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
      if (found.rowCount === 0) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      await client.end();
    }
  }
  const pool = new pg.Pool({
    connectionString,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An 'error' event without a listener kills the process. pg emits it on the pool for an idle
  // connection and on the client for one checked out between queries (kysely adds no listener);
  // the pool then discards the broken client and the next request opens a new one.
  const onError = (error: Error) => options.onConnectionError?.(error);
  pool.on('error', onError);
  pool.on('connect', (client) => {
    client.on('error', onError);
    if (prepare !== 'off') prepareStatements(client);
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const current = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  parsed.password = '';
  return {
    db,
    kind: 'postgres',
    caps: { rowLocks: true, ilike: true, sharedByServers: true, writingCtes: true },
    schema: current.rows[0]?.schema ?? schema ?? 'public',
    location: `${parsed.protocol}//${parsed.host}${parsed.pathname}${schema ? `?schema=${schema}` : ''}`,
    close: () => db.destroy(),
  };
}
