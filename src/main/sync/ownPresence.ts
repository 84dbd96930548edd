import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as awarenessProtocol from 'y-protocols/awareness'

interface AwarenessChanges {
  added: number[]
  updated: number[]
  removed: number[]
}

/**
 * Keeps what a relay sends from changing this device's own presence. y-protocols applies any remote
 * entry with a higher clock, even one for a client id this device set itself, so whoever holds such
 * an id on the relay (announced it first after a restart, say) could rewrite the device's presence,
 * and its renderer would then announce the forged state as its own.
 *
 * The device's own ids are the awareness's own clientID and every id set on it by anything but the
 * relay connection (`remote`): the renderers' (see DocumentSession). A remote entry for one of them,
 * a state or a withdrawal, is dropped before the update is applied.
 */
export class OwnPresence {
  private readonly own = new Set<number>()
  private readonly onUpdate = ({ added, updated, removed }: AwarenessChanges, origin: unknown) => {
    if (origin === this.remote) return
    for (const client of [...added, ...updated]) this.own.add(client)
    for (const client of removed) this.own.delete(client)
  }

  constructor(
    private readonly awareness: awarenessProtocol.Awareness,
    private readonly remote: unknown,
  ) {
    awareness.on('update', this.onUpdate)
  }

  /** Applies a remote awareness update without its entries for this device's own ids. */
  apply(update: Uint8Array): void {
    const decoder = decoding.createDecoder(update)
    const kept = encoding.createEncoder()
    const entries: { client: number; clock: number; json: string }[] = []
    const count = decoding.readVarUint(decoder)
    for (let i = 0; i < count; i++) {
      const client = decoding.readVarUint(decoder)
      const clock = decoding.readVarUint(decoder)
      const json = decoding.readVarString(decoder)
      if (client !== this.awareness.clientID && !this.own.has(client)) entries.push({ client, clock, json })
    }
    encoding.writeVarUint(kept, entries.length)
    for (const { client, clock, json } of entries) {
      encoding.writeVarUint(kept, client)
      encoding.writeVarUint(kept, clock)
      encoding.writeVarString(kept, json)
    }
    awarenessProtocol.applyAwarenessUpdate(this.awareness, encoding.toUint8Array(kept), this.remote)
  }

  destroy(): void {
    this.awareness.off('update', this.onUpdate)
  }
}
