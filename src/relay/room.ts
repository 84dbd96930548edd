import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { encodeAwareness, encodeUpdate } from '../shared/protocol/messages.js'
import type { Connection } from './connection.js'
import type { Unloadable } from './memoryCeiling.js'
import type { StoredDocument } from './store.js'

/**
 * One loaded document and the connections editing it. Every update applied to the doc, whoever sent
 * it, is broadcast to the other connections; awareness (presence) likewise, and a connection's
 * presence is removed when it leaves.
 */
export class Room implements Unloadable {
  readonly doc = new Y.Doc()
  readonly awareness = new awarenessProtocol.Awareness(this.doc)
  /** Each connection, with the awareness client ids it has announced. */
  readonly connections = new Map<Connection, Set<number>>()
  /** Updates stored since the last snapshot. */
  updatesSinceSnapshot: number
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
    this.awareness.setLocalState(null)
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      this.lastActive = performance.now()
      this.broadcast(encodeUpdate(update), origin)
    })
    this.awareness.on('update', ({ added, updated, removed }: AwarenessChanges, origin: unknown) => {
      const announced = this.connections.get(origin as Connection)
      if (announced) {
        for (const client of added) announced.add(client)
        for (const client of removed) announced.delete(client)
      }
      this.broadcast(encodeAwareness(this.awareness, [...added, ...updated, ...removed]), null)
    })
  }

  join(connection: Connection): void {
    this.lastActive = performance.now()
    this.connections.set(connection, new Set())
  }

  /** Removes a connection and the presence it announced. */
  leave(connection: Connection): void {
    const announced = this.connections.get(connection)
    if (!announced) return
    this.connections.delete(connection)
    awarenessProtocol.removeAwarenessStates(this.awareness, [...announced], null)
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
