interface Waiter {
  reached: () => boolean;
  blocked: () => boolean;
  resolve: (reached: boolean) => void;
}

/**
 * The callers waiting for a processor to reach a log position: each is resolved true once its
 * `reached` holds, false after its timeout or once its `blocked` holds (it will not get there).
 * The processor calls `notify()` whenever what the predicates read has changed.
 */
export class PositionWaiters {
  private readonly waiters = new Set<Waiter>();

  wait(timeoutMs: number, reached: () => boolean, blocked: () => boolean = () => false): Promise<boolean> {
    if (reached()) return Promise.resolve(true);
    if (blocked()) return Promise.resolve(false);
    return new Promise((resolve) => {
      const waiter: Waiter = { reached, blocked, resolve: (done) => finish(done) };
      const timer = setTimeout(() => finish(false), timeoutMs);
      const finish = (done: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve(done);
      };
      this.waiters.add(waiter);
    });
  }

  notify(): void {
    for (const waiter of [...this.waiters]) {
      if (waiter.reached()) waiter.resolve(true);
      else if (waiter.blocked()) waiter.resolve(false);
    }
  }
}
