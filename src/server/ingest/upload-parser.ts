import { workerScript } from '../../core/package-files.js';
import { Worker } from 'node:worker_threads';
import type { ReadError } from '../../core/report.js';
import type { PackView } from '../../evaluator.js';
import type { EvaluationSpec, TenantEvaluation } from '../evaluation.js';
import { runParseJob, type ParseJob, type ParseOutcome } from './parse-job.js';
import { UploadRejected } from './parse-upload.js';

export interface ParseWorkerData {
  pack: PackView & { hash: string };
}

export interface ParseRequest {
  id: number;
  job: ParseJob;
  spec: EvaluationSpec;
}

export type ParseReply =
  | { id: number; outcome: ParseOutcome }
  | { id: number; rejected: { message: string; errors: ReadError[]; status: 413 | 422 } }
  | { id: number; error: string };

export interface UploadParser {
  /** Reads, evaluates and compresses one upload under the tenant's evaluation. */
  parse(job: ParseJob, evaluation: TenantEvaluation): Promise<ParseOutcome>;
  /** True when uploads are parsed in worker threads. */
  readonly threads: boolean;
  close(): Promise<void>;
}

export interface UploadParserOptions {
  /** Worker threads, at most; the parse gate keeps as many uploads in flight. */
  workers: number;
  /** Heap limit of each worker, in MiB: an upload that needs more is refused with 413. */
  memoryMb: number;
  /** Parse in the server's own thread (tests that need no threads, or when asked). */
  inThread?: boolean;
}

/**
 * Where uploads are parsed: in worker threads when the worker script is built (a built server), else in this thread (running from TypeScript sources, where the worker cannot
 * be loaded). Workers start on the first upload and are replaced when one dies.
 */
export function createUploadParser(pack: PackView & { hash: string }, o: UploadParserOptions): UploadParser {
  const script = workerScript('server/ingest/parse-worker.js');
  if (o.inThread || o.workers < 1 || !script) {
    return {
      parse: (job, evaluation) => runParseJob(job, evaluation.evaluate),
      threads: false,
      close: async () => undefined,
    };
  }
  return new WorkerParser(script, pack, o);
}

interface Lane {
  worker?: Worker;
  busy?: { id: number; resolve(outcome: ParseOutcome): void; reject(error: Error): void };
}

class WorkerParser implements UploadParser {
  readonly threads = true;
  private readonly lanes: Lane[];
  private readonly waiting: ((lane: Lane) => void)[] = [];
  private next = 0;
  private readonly data: ParseWorkerData;

  constructor(
    private readonly script: URL,
    pack: PackView & { hash: string },
    private readonly o: UploadParserOptions,
  ) {
    // Only what matching and evaluation read crosses to the workers.
    this.data = {
      pack: {
        vendors: pack.vendors,
        products: pack.products,
        determinations: pack.determinations,
        hash: pack.hash,
      },
    };
    this.lanes = Array.from({ length: o.workers }, () => ({}));
  }

  async parse(job: ParseJob, evaluation: TenantEvaluation): Promise<ParseOutcome> {
    const lane = await this.idleLane();
    const worker = lane.worker ?? this.spawn(lane);
    const id = this.next++;
    worker.ref();
    try {
      return await new Promise<ParseOutcome>((resolve, reject) => {
        lane.busy = { id, resolve, reject };
        worker.postMessage({ id, job, spec: evaluation.spec } satisfies ParseRequest);
      });
    } finally {
      lane.busy = undefined;
      lane.worker?.unref();
      this.waiting.shift()?.(lane);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.lanes.map((lane) => lane.worker?.terminate()));
  }

  private idleLane(): Promise<Lane> {
    const idle = this.lanes.find((lane) => !lane.busy);
    if (idle) {
      // Claimed before the caller resumes, so two callers never share a lane.
      idle.busy = { id: -1, resolve: () => undefined, reject: () => undefined };
      return Promise.resolve(idle);
    }
    return new Promise((resolve) =>
      this.waiting.push((lane) => {
        lane.busy = { id: -1, resolve: () => undefined, reject: () => undefined };
        resolve(lane);
      }),
    );
  }

  private spawn(lane: Lane): Worker {
    const worker = new Worker(this.script, {
      workerData: this.data,
      resourceLimits: { maxOldGenerationSizeMb: this.o.memoryMb },
    });
    lane.worker = worker;
    worker.on('message', (reply: ParseReply) => {
      const busy = lane.busy;
      if (!busy || busy.id !== reply.id) return;
      if ('outcome' in reply) busy.resolve(reply.outcome);
      else if ('rejected' in reply)
        busy.reject(new UploadRejected(reply.rejected.message, reply.rejected.errors, reply.rejected.status));
      else busy.reject(new Error(reply.error));
    });
    // A worker that died (out of memory, or a bug) fails only its own upload; the next upload
    // on this lane starts a fresh one.
    worker.on('error', (error: Error & { code?: string }) => {
      if (lane.worker === worker) lane.worker = undefined;
      lane.busy?.reject(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new UploadRejected(
              `parsing this inventory needs more than ${this.o.memoryMb} MiB (--parse-memory); split it or raise the limit`,
              [],
              413,
            )
          : error,
      );
    });
    worker.on('exit', (code) => {
      if (lane.worker === worker) lane.worker = undefined;
      lane.busy?.reject(new Error(`upload parse worker exited with code ${code}`));
    });
    return worker;
  }
}
