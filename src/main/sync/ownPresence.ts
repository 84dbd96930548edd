import * as awarenessProtocol from 'y-protocols/awareness'
import { AnnouncedClients, type AwarenessChanges } from '../../shared/protocol/announcedClients.js'
import { encodeAwarenessEntries, readAwarenessEntries } from '../../shared/protocol/awarenessFrames.js'

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
  private readonly own = new AnnouncedClients()
  private readonly onUpdate = (changes: AwarenessChanges, origin: unknown) => this.own.record(changes, origin !== this.remote)

  constructor(
    private readonly awareness: awarenessProtocol.Awareness,
    private readonly remote: unknown,
  ) {
    awareness.on('update', this.onUpdate)
  }

  /** Applies a remote awareness update without its entries for this device's own ids; throws MalformedFrame if it does not read. */
  apply(update: Uint8Array): void {
    const entries = [...readAwarenessEntries(update)].filter(({ client }) => client !== this.awareness.clientID && !this.own.has(client))
    awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(entries), this.remote)
  }

  destroy(): void {
    this.awareness.off('update', this.onUpdate)
  }
}
