/** More than a second of moves at any rate one instance serves; past it the oldest are forgotten. */
const REMEMBERED_MOVES = 10_000;

/**
 * The moves this instance made and already told its own listeners about (from the script's reply), so the change
 * message each one publishes comes back to be dropped unread: no MAC to check, no login to decode. A message that
 * arrives before its reply is read as usual (its listeners drop the repeat by its version); one that never arrives
 * is forgotten once newer moves push it out.
 */
export class OwnMoves {
  private readonly versions = new Map<string, number>();

  made(id: string, version: number): void {
    if (this.versions.size >= REMEMBERED_MOVES) this.versions.delete(this.versions.keys().next().value!);
    this.versions.set(id, version);
  }

  /** Whether `id` at `version` is a move of ours; it is then forgotten (each message comes once). */
  takeBack(id: string, version: number): boolean {
    if (this.versions.get(id) !== version) return false;
    this.versions.delete(id);
    return true;
  }
}
