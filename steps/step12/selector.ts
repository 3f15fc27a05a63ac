/**
 * A Selector is where an event loop waits for the outside world between two
 * ticks. asyncio's asks the operating system which sockets are ready; ours has
 * no sockets to watch, so select(timeout) only waits, until the timeout passes
 * or wakeUp() is called.
 *
 * select() hands control to Node's own event loop: it waits there
 * (setImmediate, setTimeout, or until woken), where microtasks run and the I/O
 * behind native promises is done, so that they can settle. It is one of the two
 * places where our loop goes round Node's; the other is in the loop's runOnce,
 * which goes round it once before it would wait, so that promise callbacks ran.
 *
 * asyncio counterpart: the `selectors` module (`DefaultSelector`).
 */
export class Selector {
  private wake: (() => void) | null = null;

  /**
   * Wait in Node's loop until `timeout` seconds pass (null: no limit; 0: go round
   * it once) or wakeUp() is called. asyncio: `select`.
   */
  async select(timeout: number | null): Promise<void> {
    await new Promise<void>((resolve) => {
      const immediate = timeout === 0 ? setImmediate(done) : undefined;
      const timer = timeout !== null && timeout > 0 ? setTimeout(done, timeout * 1000) : undefined;
      const self = this;
      function done(): void {
        clearImmediate(immediate);
        clearTimeout(timer);
        self.wake = null;
        resolve();
      }
      this.wake = done;
    });
  }

  /** End a select() that is waiting, whatever its timeout. asyncio: the self-pipe. */
  readonly wakeUp = (): void => {
    this.wake?.();
  };
}
