import { parseRoomName } from '../shared/protocol/rooms.js'
import type { DocumentStore, RoomChange } from './documentStore.js'

/**
 * The documents each network holds, as far as this relay instance knows: read once from the store
 * when a network's adaptations room needs them (its check runs on each update, and cannot wait for
 * the store), then kept up to date with every change made durable here or told by the bus.
 */
export class NetworkDocuments {
  private readonly byNetwork = new Map<string, Promise<Set<string>>>()
  private readonly known = new Map<string, Set<string>>()

  constructor(private readonly store: DocumentStore) {}

  /** Reads a network's documents, unless read already: `has` answers for it once this resolves. */
  async load(network: string): Promise<void> {
    let loading = this.byNetwork.get(network)
    if (!loading) {
      loading = this.store.changesAfter(network, 0).then((changes) => {
        const rooms = new Set(changes.map(({ room }) => room))
        for (const room of this.known.get(network) ?? []) rooms.add(room)
        this.known.set(network, rooms)
        return rooms
      })
      // A failed read is tried again by the next connection.
      loading.catch(() => this.byNetwork.delete(network))
      this.byNetwork.set(network, loading)
    }
    await loading
  }

  /** Whether the room's network holds it; false for a network not loaded. */
  has(room: string): boolean {
    return this.known.get(parseRoomName(room).network)?.has(room) ?? false
  }

  /** Notes the rooms of changes made durable, here or on another instance. */
  add(changes: readonly RoomChange[]): void {
    for (const { room } of changes) this.known.get(parseRoomName(room).network)?.add(room)
  }
}
