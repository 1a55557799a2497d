type Listener<Args extends unknown[]> = (...args: Args) => void;

/** A minimal typed event emitter: the SDK needs `on` and `emit`, nothing more. */
export class TypedEmitter<Events extends { [K in keyof Events]: unknown[] }> {
  private readonly listeners: { [K in keyof Events]?: Set<Listener<Events[K]>> } = {};

  /** Adds a listener; returns the function that removes it. */
  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void {
    const set = (this.listeners[event] ??= new Set());
    set.add(listener);
    return () => set.delete(listener);
  }

  protected emit<K extends keyof Events>(event: K, ...args: Events[K]): void {
    for (const listener of this.listeners[event] ?? []) {
      try {
        listener(...args);
      } catch (error) {
        // A failing listener must not stop the login or the other listeners; surface it like an uncaught error.
        setTimeout(() => {
          throw error;
        });
      }
    }
  }
}
