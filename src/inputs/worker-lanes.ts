import { createRequire } from 'node:module';
import type * as WorkerThreads from 'node:worker_threads';
import type { Worker } from 'node:worker_threads';

// Loaded when a pool starts: worker_threads costs some 4 ms of start-up to every scan, and small
// scans start no worker.
const load = createRequire(import.meta.url);

/** A request to a lane's worker, answered by a `LaneReply` with the same id. */
export interface LaneMessage<Request> {
  id: number;
  request: Request;
}

export type LaneReply<Result> = { id: number; result: Result } | { id: number; error: string };

interface Lane<Result> {
  worker: Worker;
  pending: Map<number, { resolve(result: Result): void; reject(error: Error): void }>;
  stopped: boolean;
}

/**
 * Worker threads that answer requests by id: a request goes to the least busy worker still
 * running, and a worker that fails or exits rejects what it had pending.
 */
export class WorkerLanes<Request, Result> {
  private readonly lanes: Lane<Result>[] = [];
  private next = 0;

  /** `name` says which workers in errors ("probe", "slice"). */
  constructor(
    script: URL,
    size: number,
    workerData: unknown,
    private readonly name: string,
  ) {
    const threads = load('node:worker_threads') as typeof WorkerThreads;
    for (let i = 0; i < size; i++) {
      const lane: Lane<Result> = {
        worker: new threads.Worker(script, { workerData }),
        pending: new Map(),
        stopped: false,
      };
      lane.worker.on('message', (reply: LaneReply<Result>) => {
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
      lane.worker.on('exit', (code) => fail(new Error(`${name} worker exited with code ${code}`)));
      this.lanes.push(lane);
    }
  }

  get size(): number {
    return this.lanes.length;
  }

  /** Sends `request` to the least busy worker; rejects when no worker is left. */
  protected request(request: Request): Promise<Result> {
    const running = this.lanes.filter((l) => !l.stopped);
    if (!running.length) return Promise.reject(new Error(`the ${this.name} workers stopped`));
    const lane = running.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = this.next++;
    return new Promise((resolve, reject) => {
      lane.pending.set(id, { resolve, reject });
      lane.worker.postMessage({ id, request } satisfies LaneMessage<Request>);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.lanes.map((lane) => lane.worker.terminate()));
  }
}
