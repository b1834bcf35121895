import { availableParallelism } from 'node:os';
import { workerScript } from '../core/package-files.js';
import { Worker } from 'node:worker_threads';
import type { Observation } from '../core/observation.js';
import type { InputSummary } from '../core/report.js';
import type { FormatSettings } from './read-file.js';
import type { Detection } from './types.js';

export interface ProbeWorkerData {
  settings: FormatSettings;
  /** The matcher's prefilter needles: artifact readers hash and parse signers only for candidates. */
  needles?: readonly string[];
}

export interface ProbeBatch {
  batch: number;
  paths: string[];
}

/** One file as a worker settled it: read there (binaries), or to be read by the main thread. */
export interface ProbeResult {
  summary: InputSummary;
  size: number;
  observations?: Observation[];
  readHere?: { formatId: string; detection: Detection };
}

export type ProbeReply = { batch: number; results: ProbeResult[] } | { batch: number; error: string };

/** Worker threads for a directory scan when the caller does not say: one per core, at most 4. */
export function defaultWorkerCount(): number {
  return Math.min(4, availableParallelism());
}

interface Pending {
  resolve(results: ProbeResult[]): void;
  reject(error: Error): void;
}

interface Lane {
  worker: Worker;
  pending: Map<number, Pending>;
  stopped: boolean;
}

/**
 * Probe workers for a directory scan: batches of paths go to the least busy worker and come back
 * as settled (and, for binaries, read) files. Undefined when the worker script is not beside this
 * build (running from TypeScript sources): the caller then probes in its own thread.
 */
export function createProbePool(size: number, data: ProbeWorkerData): ProbePool | undefined {
  const script = workerScript('inputs/probe-worker.js');
  if (size < 1 || !script) return undefined;
  return new ProbePool(script, size, data);
}

export class ProbePool {
  private readonly lanes: Lane[] = [];
  private next = 0;

  constructor(script: URL, size: number, data: ProbeWorkerData) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(script, { workerData: data });
      const lane: Lane = { worker, pending: new Map(), stopped: false };
      worker.on('message', (reply: ProbeReply) => {
        const waiting = lane.pending.get(reply.batch);
        lane.pending.delete(reply.batch);
        if ('error' in reply) waiting?.reject(new Error(reply.error));
        else waiting?.resolve(reply.results);
      });
      const fail = (error: Error) => {
        lane.stopped = true;
        for (const waiting of lane.pending.values()) waiting.reject(error);
        lane.pending.clear();
      };
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`probe worker exited with code ${code}`)));
      this.lanes.push(lane);
    }
  }

  /** Settles (and reads binaries among) `paths`, in order; rejects when no worker is left. */
  probe(paths: string[]): Promise<ProbeResult[]> {
    const running = this.lanes.filter((l) => !l.stopped);
    if (!running.length) return Promise.reject(new Error('the probe workers stopped'));
    const lane = running.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const batch = this.next++;
    return new Promise((resolve, reject) => {
      lane.pending.set(batch, { resolve, reject });
      lane.worker.postMessage({ batch, paths } satisfies ProbeBatch);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.lanes.map((lane) => lane.worker.terminate()));
  }
}
