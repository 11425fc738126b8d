// A first-come, first-served lock. PGlite has one connection, so whoever holds it (a query, or a
// whole transaction) must have it alone until done.
export class Mutex {
  #locked = false;
  readonly #waiters: Array<() => void> = [];

  async lock(): Promise<void> {
    if (!this.#locked) {
      this.#locked = true;
      return;
    }
    await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  unlock(): void {
    const next = this.#waiters.shift();
    if (next) next();
    else this.#locked = false;
  }

  get waiting(): number {
    return this.#waiters.length;
  }
}
