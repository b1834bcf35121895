import type { Logger } from 'pino';
import type { Source } from '../data/schema.js';
import type { PackView } from '../evaluator.js';
import type { LoginThrottle } from './auth/login-throttle.js';
import type { Store } from './db/dialect.js';
import type { EvaluationCache } from './evaluation.js';
import type { Gate } from './gate.js';
import type { UploadParser } from './ingest/upload-parser.js';
import type { Metrics } from './metrics.js';

/** The data pack as the server needs it: the catalog and rulings, their sources, and an identity. */
export interface ServerPack extends PackView {
  version: string;
  /** Content hash: a new hash means every stored observation is evaluated again. */
  hash: string;
  sources?: readonly Source[];
}

export interface ServerConfig {
  /** Largest accepted request body, in bytes (uploads included). */
  bodyLimit: number;
  /** Most observations one inventory may carry. */
  maxObservations: number;
  /** Seconds a user waits between two comments, and between two waiver requests. */
  postInterval: number;
  /** Mark session cookies `Secure` (off only for plain-HTTP development). */
  secureCookies: boolean;
  /** Session lifetime in seconds. */
  sessionTtl: number;
  /** Name this process uses when it claims jobs. */
  instance: string;
  /** Base URL printed in setup links. */
  publicUrl: string;
  /** Start re-evaluation right after a waiver decision (tests turn it off to run jobs themselves). */
  backgroundJobs: boolean;
  /** Uploads parsed at once; each holds its observations in memory while it is evaluated. */
  maxParses: number;
  /** Heap limit of each upload parse worker, in MiB; an inventory that needs more gets 413. */
  parseMemory: number;
  /** Parse uploads in the server's own thread instead of worker threads. */
  parseInThread?: boolean;
  /** Uploads waiting for a parse slot; past this the answer is 503 with Retry-After. */
  parseQueue: number;
  /** Password checks (scrypt, 32 MiB and one libuv thread each) at once. */
  maxPasswordChecks: number;
  /** Logins waiting for a password check; past this the answer is 429 with Retry-After. */
  passwordQueue: number;
  /** Seconds a client is told to wait (Retry-After) when the database is away or a queue is full. */
  retryAfter: number;
  /** Milliseconds /healthz waits for the database before it reports it unreachable. */
  healthTimeout: number;
  /** Folder where upload bodies are spooled while they are parsed (default: the OS temp folder). */
  uploadDir?: string;
}

export const DEFAULT_CONFIG: ServerConfig = {
  bodyLimit: 64 * 1024 * 1024,
  maxObservations: 500_000,
  postInterval: 300,
  secureCookies: true,
  sessionTtl: 12 * 3600,
  instance: 'serve',
  publicUrl: 'http://localhost:8080',
  backgroundJobs: true,
  maxParses: 2,
  parseMemory: 1024,
  parseQueue: 64,
  maxPasswordChecks: 1,
  passwordQueue: 16,
  retryAfter: 5,
  healthTimeout: 2000,
};

/** Everything a request handler or a background job needs; one per server process. */
export interface ServerContext {
  store: Store;
  pack: ServerPack;
  logger: Logger;
  metrics: Metrics;
  config: ServerConfig;
  evaluations: EvaluationCache;
  /** Failed password logins per name and client address. */
  loginThrottle: LoginThrottle;
  /** Bounded work: upload parsing and password hashing. */
  gates: { parse: Gate; password: Gate };
  /** Reads uploads off the event loop (worker threads) when the server is built. */
  uploadParser: UploadParser;
  now(): Date;
}
