import { Worker } from 'node:worker_threads';
import { workerScript } from '../core/package-files.js';
import type { RangeRequest, RangeResult } from './line-ranges.js';

export interface RangeWorkerData {
  /** The prefilter's needles (a function cannot cross threads). */
  needles: readonly string[];
}

export interface RangeMessage {
  id: number;
  request: RangeRequest;
}

export type RangeReply = { id: number; result: RangeResult } | { id: number; error: string };

interface Lane {
  worker: Worker;
  pending: Map<number, { resolve(result: RangeResult): void; reject(error: Error): void }>;
  stopped: boolean;
}

/**
 * Worker threads reading slices of one big file; undefined when the worker script is not beside
 * this build (running from TypeScript sources).
 */
export function createRangePool(size: number, data: RangeWorkerData): RangePool | undefined {
  const script = workerScript('inputs/range-worker.js');
  if (size < 1 || !script) return undefined;
  return new RangePool(script, size, data);
}

export class RangePool {
  private readonly lanes: Lane[] = [];
  private next = 0;

  constructor(script: URL, size: number, data: RangeWorkerData) {
    for (let i = 0; i < size; i++) {
      const lane: Lane = {
        worker: new Worker(script, { workerData: data }),
        pending: new Map(),
        stopped: false,
      };
      lane.worker.on('message', (reply: RangeReply) => {
        const waiting = lane.pending.get(reply.id);
        lane.pending.delete(reply.id);
        if ('error' in reply) waiting?.reject(new Error(reply.error));
        else waiting?.resolve(reply.result);
      });
      const fail = (error: Error) => {
        lane.stopped = true;
        for (const waiting of lane.pending.values()) waiting.reject(error);
        lane.pending.clear();
      };
      lane.worker.on('error', fail);
      lane.worker.on('exit', (code) => fail(new Error(`slice worker exited with code ${code}`)));
      this.lanes.push(lane);
    }
  }

  get size(): number {
    return this.lanes.length;
  }

  /** Reads one slice on the least busy worker; rejects when no worker is left. */
  read(request: RangeRequest): Promise<RangeResult> {
    const running = this.lanes.filter((l) => !l.stopped);
    if (!running.length) return Promise.reject(new Error('the slice workers stopped'));
    const lane = running.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = this.next++;
    return new Promise((resolve, reject) => {
      lane.pending.set(id, { resolve, reject });
      lane.worker.postMessage({ id, request } satisfies RangeMessage);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.lanes.map((lane) => lane.worker.terminate()));
  }
}
