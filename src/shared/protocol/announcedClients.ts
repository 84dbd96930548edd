/** What an awareness 'update' event reports: the client ids whose state was set first, set again, or withdrawn. */
export interface AwarenessChanges {
  added: number[]
  updated: number[]
  removed: number[]
}

/**
 * The awareness client ids one peer announced: those whose state it set last and has not withdrawn
 * since, the presence that is its to withdraw when it goes, and nobody else's. An id another peer
 * sets afterwards (the same person's page, reconnected) is that peer's from then on. Another peer's
 * withdrawal leaves the id this peer's: a connection clearing the presence it received as it closes
 * does not make a device's own ids anyone's (see OwnPresence); who releases ids gone with a peer or
 * timed out says so with delete.
 */
export class AnnouncedClients implements Iterable<number> {
  private readonly clients = new Set<number>()

  /**
   * Takes an awareness update event; `byThisPeer` when its origin is this peer. Returns the ids this
   * peer announced that it did not hold before.
   */
  record({ added, updated, removed }: AwarenessChanges, byThisPeer: boolean): number[] {
    const taken: number[] = []
    for (const client of [...added, ...updated]) {
      if (!byThisPeer) this.clients.delete(client)
      else if (!this.clients.has(client)) {
        this.clients.add(client)
        taken.push(client)
      }
    }
    if (byThisPeer) for (const client of removed) this.clients.delete(client)
    return taken
  }

  has(client: number): boolean {
    return this.clients.has(client)
  }

  delete(client: number): void {
    this.clients.delete(client)
  }

  [Symbol.iterator](): Iterator<number> {
    return this.clients.values()
  }
}
