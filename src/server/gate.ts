/** A request refused because a bounded resource is busy; `status` and `retryAfter` go to the client. */
export class Overloaded extends Error {
  constructor(
    message: string,
    readonly status: 429 | 503,
    /** Seconds. */
    readonly retryAfter: number,
  ) {
    super(message);
  }
}

export interface GateOptions {
  /** Work running at once. */
  concurrency: number;
  /** Work waiting for a slot; past this `run` refuses at once. */
  queue: number;
  /** What a refusal answers. */
  status: 429 | 503;
  retryAfter: number;
  /** Names the resource in the refusal. */
  name: string;
}

export interface Gate {
  /** Runs `work` when a slot is free; throws `Overloaded` when the queue is full. */
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Takes a slot as `run` does and returns its release (a request holds it across steps). */
  acquire(): Promise<() => void>;
  readonly running: number;
  readonly waiting: number;
}

/**
 * A counting semaphore with a bounded queue: CPU- and memory-heavy work (parsing uploads, scrypt)
 * runs a few at a time, and beyond the queue a client is told to come back instead of piling up
 * memory and latency for everyone else.
 */
export function createGate(o: GateOptions): Gate {
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  const acquire = async (): Promise<() => void> => {
    if (running < o.concurrency) running++;
    else if (waiting.length >= o.queue)
      throw new Overloaded(`${o.name} busy; try again in ${o.retryAfter} s`, o.status, o.retryAfter);
    else await new Promise<void>((resolve) => waiting.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release();
    };
  };
  return {
    acquire,
    async run(work) {
      const done = await acquire();
      try {
        return await work();
      } finally {
        done();
      }
    },
    get running() {
      return running;
    },
    get waiting() {
      return waiting.length;
    },
  };
}
