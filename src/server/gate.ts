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
 * Work weighed in units (bytes of upload being parsed, or 1 a password hash): at most `capacity`
 * units run at a time, at most `queue` jobs wait, and beyond that `run` throws ServerBusy at once.
 * One job heavier than the capacity still runs, alone. Small jobs flow freely, large ones take
 * turns: memory and thread pool stay bounded whatever a burst brings.
 */
export class Gate {
  #inUse = 0;
  #running = 0;
  readonly #waiting: { weight: number; start: () => void }[] = [];

  constructor(
    readonly what: string,
    readonly capacity: number,
    readonly queue: number,
  ) {}

  get running(): number {
    return this.#running;
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  async run<T>(work: () => Promise<T>, weight = 1): Promise<T> {
    if (!this.#fits(weight) || this.#waiting.length > 0) {
      if (this.#waiting.length >= this.queue) throw new ServerBusy(this.what);
      await new Promise<void>((start) => this.#waiting.push({ weight, start }));
    } else this.#take(weight);
    try {
      return await work();
    } finally {
      this.#inUse -= weight;
      this.#running--;
      // In order: a large job at the head is not overtaken for ever by small ones.
      while (this.#waiting.length > 0 && this.#fits(this.#waiting[0]!.weight)) {
        const next = this.#waiting.shift()!;
        this.#take(next.weight);
        next.start();
      }
    }
  }

  #fits(weight: number): boolean {
    return this.#running === 0 || this.#inUse + weight <= this.capacity;
  }

  #take(weight: number): void {
    this.#inUse += weight;
    this.#running++;
  }
}
