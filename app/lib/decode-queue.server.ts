// At most two photo decodes at once, the rest wait in line (issue 13): a burst of big photos from one
// client must not take every core (and libuv's threads) while other people's pages and /healthz wait.
// Hand-written on purpose: p-limit is only a transitive dependency here, and adding a package needs an
// `npm install` this project avoids; the semaphore is a dozen lines.

export const MAX_CONCURRENT_DECODES = 2;

type Waiter = () => void;

class DecodeQueue {
  running = 0;
  /** The most decodes ever seen running at once: what the tests check. */
  peakRunning = 0;
  private readonly waiting: Waiter[] = [];

  constructor(private readonly limit: number) {}

  get queued(): number {
    return this.waiting.length;
  }

  /** Runs `task` once fewer than `limit` others run; a slot is freed whether it succeeds or throws. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    this.peakRunning = Math.max(this.peakRunning, this.running);
    try {
      return await task();
    } finally {
      // The slot passes straight to the next in line (running stays the same), or is given back.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

/** The one queue every photo decode in this process goes through (processImage in images.server.ts). */
export const photoDecodes = new DecodeQueue(MAX_CONCURRENT_DECODES);
