/** Work the server will not queue any further: answered 503 with Retry-After, tried again later. */
export class ServerBusy extends Error {
  override name = 'ServerBusy';
  constructor(
    readonly what: string,
    readonly retryAfterSeconds = 2,
  ) {
    super(`too many ${what} at once; try again shortly`);
  }
}

/**
 * At most `concurrency` runs at a time, at most `queue` waiting; beyond that `run` throws
 * ServerBusy at once. Bounds what costly work (parsing an upload, hashing a password) may hold
 * in memory and in the thread pool, so one burst cannot starve everything else.
 */
export class Gate {
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(
    readonly what: string,
    readonly concurrency: number,
    readonly queue: number,
  ) {}

  get running(): number {
    return this.#running;
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#running >= this.concurrency) {
      if (this.#waiting.length >= this.queue) throw new ServerBusy(this.what);
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else this.#running++;
    try {
      return await work();
    } finally {
      const next = this.#waiting.shift();
      // The slot passes straight to the next in line, so the count never dips and races.
      if (next) next();
      else this.#running--;
    }
  }
}
