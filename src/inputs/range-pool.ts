import { workerScript } from '../core/package-files.js';
import type { RangeRequest, RangeResult } from './line-ranges.js';
import { WorkerLanes, type LaneMessage, type LaneReply } from './worker-lanes.js';

export interface RangeWorkerData {
  /** The prefilter's needles (a function cannot cross threads). */
  needles: readonly string[];
}

export type RangeMessage = LaneMessage<RangeRequest>;
export type RangeReply = LaneReply<RangeResult>;

/**
 * Worker threads reading slices of one big file; undefined when the worker script is not beside
 * this build (running from TypeScript sources).
 */
export function createRangePool(size: number, data: RangeWorkerData): RangePool | undefined {
  const script = workerScript('inputs/range-worker.js');
  if (size < 1 || !script) return undefined;
  return new RangePool(script, size, data);
}

export class RangePool extends WorkerLanes<RangeRequest, RangeResult> {
  constructor(script: URL, size: number, data: RangeWorkerData) {
    super(script, size, data, 'slice');
  }

  /** Reads one slice on the least busy worker; rejects when no worker is left. */
  read(request: RangeRequest): Promise<RangeResult> {
    return this.request(request);
  }
}
