import type { Kysely } from 'kysely';
import { AuditAppender } from '../audit.js';
import type { Store } from '../db/dialect.js';
import type { Database } from '../db/types.js';
import { HostLocks, type HostRef } from './host-locks.js';

export interface GroupCommitOptions {
  /** Most units of work in one transaction. */
  maxBatch: number;
  /** Transactions open at once: 1 on SQLite (one writer), a few on PostgreSQL. */
  maxInFlight: number;
}

export interface GroupCommit {
  /**
   * Runs `work` inside a transaction it may share with other units that arrived meanwhile, and
   * settles only after that transaction committed. `lockKey` orders the units of a batch, so two
   * batches running at once take row locks in the same order and cannot deadlock each other.
   * When a shared transaction fails, each of its units runs again alone: one bad unit fails only
   * its own caller. `work` may therefore run twice and must not have effects outside `trx`.
   * `batch.audit` appends to the audit chain for every unit of the transaction: one head lock for
   * all; `batch.hosts` locks the hosts the units declared (`host`) in one statement.
   */
  run<T>(lockKey: string, work: UnitOfWork<T>, host?: HostRef): Promise<T>;
  /** Units waiting for a transaction (for tests and metrics). */
  readonly pending: number;
}

/** What became of one shared transaction: its units then ran alone after `retried-alone`. */
export type BatchOutcome = 'committed' | 'retried-alone' | 'failed';

/** What the units of one transaction share. */
export interface Batch {
  audit: AuditAppender;
  hosts: HostLocks;
}

export type UnitOfWork<T> = (trx: Kysely<Database>, batch: Batch) => Promise<T>;

interface Unit {
  lockKey: string;
  work: UnitOfWork<unknown>;
  host: HostRef | undefined;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

export const DEFAULT_GROUP_COMMIT: Record<Store['kind'], GroupCommitOptions> = {
  sqlite: { maxBatch: 64, maxInFlight: 1 },
  // PostgreSQL flushes the WAL of concurrent commits together as well; two transactions in flight
  // keep one batch filling while the other commits, and leave the pool free for reads.
  postgres: { maxBatch: 64, maxInFlight: 2 },
};

/**
 * Group commit: what arrives while a transaction is open waits and then shares the next one, so
 * under load N uploads cost one commit (one fsync) instead of N. When idle a unit starts at once:
 * no added latency. Nothing is visible before its commit, so crash safety is that of one transaction.
 */
export function createGroupCommit(
  db: Kysely<Database>,
  options: GroupCommitOptions,
  onBatch?: (size: number, outcome: BatchOutcome) => void,
): GroupCommit {
  const queue: Unit[] = [];
  let inFlight = 0;
  let scheduled = false;

  const pump = () => {
    scheduled = false;
    while (inFlight < options.maxInFlight && queue.length) {
      const batch = queue.splice(0, options.maxBatch);
      inFlight++;
      void commitBatch(batch).finally(() => {
        inFlight--;
        pump();
      });
    }
  };

  const commitBatch = async (batch: Unit[]) => {
    batch.sort((a, b) => (a.lockKey < b.lockKey ? -1 : a.lockKey > b.lockKey ? 1 : 0));
    let results: unknown[];
    try {
      results = await db.transaction().execute(async (trx) => {
        const shared = batchOf(batch);
        const out: unknown[] = [];
        for (const unit of batch) out.push(await unit.work(trx, shared));
        await shared.audit.flush(trx);
        return out;
      });
    } catch (error) {
      if (batch.length === 1) {
        onBatch?.(1, 'failed');
        batch[0]!.reject(error);
        return;
      }
      onBatch?.(batch.length, 'retried-alone');
      for (const unit of batch) {
        try {
          unit.resolve(
            await db.transaction().execute(async (trx) => {
              const alone = batchOf([unit]);
              const out = await unit.work(trx, alone);
              await alone.audit.flush(trx);
              return out;
            }),
          );
        } catch (alone) {
          unit.reject(alone);
        }
      }
      return;
    }
    onBatch?.(batch.length, 'committed');
    batch.forEach((unit, i) => unit.resolve(results[i]));
  };

  return {
    run<T>(lockKey: string, work: UnitOfWork<T>, host?: HostRef): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ lockKey, work, host, resolve: resolve as (value: unknown) => void, reject });
        // Units arriving in the same turn of the event loop start together.
        if (!scheduled) {
          scheduled = true;
          setImmediate(pump);
        }
      });
    },
    get pending() {
      return queue.length;
    },
  };
}

function batchOf(units: readonly Unit[]): Batch {
  return {
    audit: new AuditAppender(),
    hosts: new HostLocks(units.flatMap((u) => (u.host ? [u.host] : []))),
  };
}
