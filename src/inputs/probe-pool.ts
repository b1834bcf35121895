import { availableParallelism } from 'node:os';
import { workerScript } from '../core/package-files.js';
import { WorkerLanes, type LaneMessage, type LaneReply } from './worker-lanes.js';
import type { Observation } from '../core/observation.js';
import type { InputSummary } from '../core/report.js';
import type { FormatSettings } from './read-file.js';
import type { Detection } from './types.js';

export interface ProbeWorkerData {
  settings: FormatSettings;
  /** The matcher's prefilter needles: artifact readers hash and parse signers only for candidates. */
  needles?: readonly string[];
}

/** A batch of paths to settle. */
export type ProbeBatch = LaneMessage<string[]>;

/** One file as a worker settled it: read there (binaries), or to be read by the main thread. */
export interface ProbeResult {
  summary: InputSummary;
  size: number;
  observations?: Observation[];
  readHere?: { formatId: string; detection: Detection };
}

export type ProbeReply = LaneReply<ProbeResult[]>;

/** Worker threads for a directory scan when the caller does not say: one per core, at most 4. */
export function defaultWorkerCount(): number {
  return Math.min(4, availableParallelism());
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

export class ProbePool extends WorkerLanes<string[], ProbeResult[]> {
  constructor(script: URL, size: number, data: ProbeWorkerData) {
    super(script, size, data, 'probe');
  }

  /** Settles (and reads binaries among) `paths`, in order; rejects when no worker is left. */
  probe(paths: string[]): Promise<ProbeResult[]> {
    return this.request(paths);
  }
}
