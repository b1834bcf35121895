import type { Logger } from 'pino';
import type { Source } from '../data/schema.js';
import type { PackView } from '../evaluator.js';
import type { LoginThrottle } from './auth/login-throttle.js';
import type { Store } from './db/dialect.js';
import type { EvaluationCache } from './evaluation.js';
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
  /** Bytes of upload bodies parsed at once (a larger one runs alone), and how many uploads may wait. */
  parseBudget: number;
  parseQueue: number;
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
}

export const DEFAULT_CONFIG: ServerConfig = {
  bodyLimit: 64 * 1024 * 1024,
  maxObservations: 500_000,
  parseBudget: 32 * 1024 * 1024,
  parseQueue: 256,
  postInterval: 300,
  secureCookies: true,
  sessionTtl: 12 * 3600,
  instance: 'serve',
  publicUrl: 'http://localhost:8080',
  backgroundJobs: true,
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
  now(): Date;
}
