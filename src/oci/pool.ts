/**
 * A concurrency limit for requests to one registry. It halves when the registry answers 429 and
 * creeps back up after a run of successes, so a throttled registry is not hammered.
 */
export class AdaptivePool {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private successesSinceThrottle = 0;
  private limitNow: number;

  constructor(private readonly maxLimit: number) {
    if (maxLimit < 1) throw new RangeError('a pool needs at least one slot');
    this.limitNow = maxLimit;
  }

  get limit(): number {
    return this.limitNow;
  }

  /** Called on 429: half the slots, at least one. */
  throttle(): void {
    this.limitNow = Math.max(1, Math.floor(this.limitNow / 2));
    this.successesSinceThrottle = 0;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      const result = await task();
      if (this.limitNow < this.maxLimit && ++this.successesSinceThrottle >= this.limitNow * 4) {
        this.limitNow++;
        this.successesSinceThrottle = 0;
      }
      return result;
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.active < this.limitNow) {
      this.active++;
      return Promise.resolve();
    }
    // The slot is counted by release() when it hands it over, so nobody overtakes a waiter.
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    this.active--;
    while (this.active < this.limitNow && this.waiting.length > 0) {
      this.active++;
      this.waiting.shift()!();
    }
  }
}
