import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { encodeAwareness, encodeUpdate } from '../shared/protocol/messages.js'
import type { Connection } from './connection.js'
import type { Unloadable } from './memoryCeiling.js'
import type { Presences } from './presenceHolding.js'
import type { StoredDocument } from './store.js'

/**
 * One loaded document and the connections editing it. Every update applied to the doc, whoever sent
 * it, is broadcast to the other connections; awareness (presence) likewise, and a connection's
 * presence is removed when it leaves.
 */
export class Room implements Unloadable {
  readonly doc = new Y.Doc()
  readonly awareness = new awarenessProtocol.Awareness(this.doc)
  /** Each connection, with its awareness client ids. */
  readonly connections = new Map<Connection, Presences>()
  /**
   * The invite (token id) holding each awareness client id with a state; only it may change that
   * presence. It is released when the state is withdrawn, times out, or leaves with its connection.
   */
  readonly owners = new Map<number, string>()
  /** Updates stored since the last snapshot. */
  updatesSinceSnapshot: number
  /** Bytes stored for the document (its snapshot and the updates since), counting updates on their way to the store. */
  storedBytes: number
  /** When a client last joined or changed the document, for unloading the least recently used first. */
  lastActive = performance.now()

  constructor(
    readonly name: string,
    stored: StoredDocument,
  ) {
    if (stored.snapshot) Y.applyUpdate(this.doc, stored.snapshot)
    this.doc.transact(() => {
      for (const update of stored.updates) Y.applyUpdate(this.doc, update)
    })
    this.updatesSinceSnapshot = stored.updates.length
    this.storedBytes = stored.updates.reduce((bytes, update) => bytes + update.byteLength, stored.snapshot?.byteLength ?? 0)
    this.awareness.setLocalState(null)
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      this.lastActive = performance.now()
      this.broadcast(encodeUpdate(update), origin)
    })
    this.awareness.on('update', ({ added, updated, removed }: AwarenessChanges, origin: unknown) => {
      const presences = this.connections.get(origin as Connection)
      if (presences) this.hold(origin as Connection, presences, [...added, ...updated])
      this.release(removed)
      this.broadcast(encodeAwareness(this.awareness, [...added, ...updated, ...removed]), null)
    })
  }

  join(connection: Connection): void {
    this.lastActive = performance.now()
    this.connections.set(connection, { held: new Set(), announced: new Set() })
  }

  /**
   * Removes a connection and the presence it holds, and forgets the clocks of the ids it set that
   * nobody holds now: y-protocols keeps a withdrawn id's clock for good, and a connection that kept
   * setting new ids would otherwise grow the room without end.
   */
  leave(connection: Connection): void {
    const presences = this.connections.get(connection)
    if (!presences) return
    this.connections.delete(connection)
    awarenessProtocol.removeAwarenessStates(this.awareness, [...presences.held], null)
    for (const client of presences.announced) if (!this.awareness.states.has(client)) this.awareness.meta.delete(client)
  }

  /**
   * Records who holds the presence a connection just set. A client id its invite already holds on
   * another connection (a page that reconnected) moves to this one, so that the old connection's
   * leaving does not withdraw it.
   */
  private hold(connection: Connection, { held, announced }: Presences, set: number[]): void {
    for (const client of set) {
      announced.add(client)
      if (held.has(client)) continue
      for (const [other, presences] of this.connections) if (other !== connection) presences.held.delete(client)
      held.add(client)
      this.owners.set(client, connection.tokenId)
    }
  }

  /** Presences withdrawn, timed out or gone with their connection belong to nobody: anyone may take the id. */
  private release(removed: number[]): void {
    for (const client of removed) {
      for (const { held } of this.connections.values()) held.delete(client)
      this.owners.delete(client)
    }
  }

  destroy(): void {
    this.awareness.destroy()
    this.doc.destroy()
  }

  private broadcast(message: Uint8Array, except: unknown): void {
    for (const connection of this.connections.keys()) if (connection !== except) connection.send(message)
  }
}

interface AwarenessChanges {
  added: number[]
  updated: number[]
  removed: number[]
}
