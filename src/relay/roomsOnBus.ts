import type { Logger } from 'pino'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import type { Bus } from './bus.js'
import type { DocumentStore, RoomChange } from './documentStore.js'
import type { Room } from './room.js'
import { UnconfirmedUpdates } from './unconfirmedUpdates.js'

/** How long another instance has to say it stored an update it published, before this one stores it. */
export const UNCONFIRMED_PATIENCE_MS = 5000

/** The origin of what the bus brought from another instance: fanned out here, never published again, never stored. */
const FROM_BUS = Symbol('bus')

/**
 * What this relay instance's rooms exchange with the other instances' copies of them (docs/RELAYS.md):
 * each update and presence change applied here is published; those published elsewhere are applied
 * to the room here, if it is loaded, and so fanned out to its connections, never published again nor
 * stored (unless their publisher never says it stored them: UnconfirmedUpdates). A room that loads,
 * and every room once the bus is back, asks the others for what it lacks.
 */
export class RoomsOnBus {
  /** How many updates this instance has published. */
  private published = 0
  private readonly unconfirmed = new UnconfirmedUpdates(UNCONFIRMED_PATIENCE_MS)

  constructor(
    private readonly bus: Bus,
    private readonly rooms: ReadonlyMap<string, Room>,
    private readonly documents: DocumentStore,
    /** Told of changes this instance made durable of updates others published and never stored. */
    private readonly changed: (changes: RoomChange[]) => void,
    private readonly log: Logger,
  ) {}

  /** A mark of what this instance has published so far, to say once it is stored (`stored`). */
  get mark(): number {
    return this.published
  }

  /** Every update this instance published up to `mark` is durable. */
  stored(mark: number): void {
    this.bus.publish({ type: 'stored', upTo: mark })
  }

  /** A room finished loading: another instance's copy may hold what was published after its state was read, before it was loaded. */
  loaded(room: Room): void {
    this.askForMissing(room)
  }

  applied(room: Room, update: Uint8Array, origin: unknown): void {
    if (origin !== FROM_BUS) this.bus.publish({ type: 'update', room: room.name, update, n: ++this.published })
  }

  presenceChanged(room: Room, clients: number[], origin: unknown): void {
    if (origin !== FROM_BUS && clients.length > 0)
      this.bus.publish({ type: 'awareness', room: room.name, update: awarenessProtocol.encodeAwarenessUpdate(room.awareness, clients) })
  }

  /** An update published by another instance (`from`) for a room: applied here once it is loaded. */
  receivedUpdate(from: string, message: { room: string; update: Uint8Array; n: number }): void {
    const room = this.rooms.get(message.room)
    if (!room) return
    this.unconfirmed.received(from, message)
    room.whenLoaded(() => this.apply(message.room, message.update))
  }

  receivedReply(name: string, update: Uint8Array): void {
    this.rooms.get(name)?.whenLoaded(() => this.apply(name, update))
  }

  receivedStored(from: string, upTo: number): void {
    this.unconfirmed.stored(from, upTo)
  }

  receivedPresence(name: string, update: Uint8Array): void {
    const room = this.rooms.get(name)
    room?.whenLoaded(() => awarenessProtocol.applyAwarenessUpdate(room.awareness, update, FROM_BUS))
  }

  /** What the asking instance's copy of a room lacks, to it alone, and the presence held here; and what this copy lacks, asked back. */
  receivedAsk(name: string, stateVector: Uint8Array, mutual: boolean, to: string): void {
    const room = this.rooms.get(name)
    if (!room || room.loading) return
    const update = Y.encodeStateAsUpdate(room.doc, stateVector)
    // An update that adds nothing is two bytes: no structs, no deletions.
    if (update.byteLength > 2) this.bus.publish({ type: 'syncReply', room: name, update, to })
    // The asker may hold what this copy lacks, deletions too, which no state vector shows: it is asked
    // in turn (an instance that reconnected first asked while the others were not listening yet).
    if (mutual) this.askForMissing(room, false)
    const clients = [...room.awareness.states.keys()].filter((client) => client !== room.doc.clientID)
    if (clients.length > 0) this.bus.publish({ type: 'awareness', room: name, update: awarenessProtocol.encodeAwarenessUpdate(room.awareness, clients) })
  }

  /** The bus was down, and what was published meanwhile lost: every room here asks again. */
  reconnected(): void {
    for (const room of this.rooms.values()) if (!room.loading) this.askForMissing(room)
  }

  /** Stores the updates other instances published long ago and never said they stored (see UnconfirmedUpdates). */
  storeUnconfirmed(): void {
    const due = this.unconfirmed.due()
    if (due.length === 0) return
    this.log.warn({ updates: due.length }, 'storing updates another relay instance published and never stored')
    this.documents.append(due, []).then(
      (changes) => this.changed(changes),
      (error: unknown) => this.log.error({ err: error }, 'could not store updates another relay instance never stored'),
    )
  }

  private apply(name: string, update: Uint8Array): void {
    const room = this.rooms.get(name)
    if (!room) return
    try {
      Y.applyUpdate(room.doc, update, FROM_BUS)
      room.setAside(null)
    } catch (error) {
      this.log.error({ err: error, room: name }, 'could not apply an update from another relay instance')
    }
  }

  private askForMissing(room: Room, mutual = true): void {
    this.bus.publish({ type: 'syncAsk', room: room.name, stateVector: Y.encodeStateVector(room.doc), mutual })
  }
}
