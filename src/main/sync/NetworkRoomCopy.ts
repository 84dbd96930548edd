import { mkdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { CasebookError } from '../../shared/errors.js'
import { ADAPTATIONS_DOCUMENT } from '../../shared/protocol/adaptationReferences.js'
import { CLOSE } from '../../shared/protocol/closeCodes.js'
import { CATALOG_DOCUMENT } from '../../shared/protocol/invite.js'
import { CoalescedTask } from '../coalescedTask.js'
import { MAGIC } from '../library/frames.js'
import { allSent, readStoredDoc, writeStoredDoc, type StoredDoc } from '../library/storedDoc.js'
import { PRIVATE_DIR } from '../privateDataDir.js'
import { refusedWith, syncPlainDoc, type RelayAccess } from './documentConnection.js'
import { repairAdaptations } from './repairAdaptations.js'

/** A room of a whole network, not of one document, that this device keeps a copy of while it syncs the network. */
export interface NetworkRoom {
  /** The room's name on the relay, and its doc's guid. */
  readonly name: string
  /** What the file is named after: `sync/<network>.<extension>`. */
  readonly extension: string
  readonly magic: Buffer
  /** What the room is called in the error about a damaged file. */
  readonly called: string
  /**
   * Mends this device's copy after the relay refused a round of it for good, with `refusal`'s close
   * reason, as it would every round after: answers what makes the copy to keep from this device's
   * as it is by then.
   */
  readonly repair?: {
    refusal: { reason: string }
    mend(local: Y.Doc, access: RelayAccess, signal: AbortSignal): Promise<(now: Y.Doc) => StoredDoc>
  }
}

/** The network's catalog (workflow.ts, curation.ts), which only a facilitator writes. */
export const CATALOG_ROOM: NetworkRoom = { name: CATALOG_DOCUMENT, extension: 'catalog', magic: MAGIC.catalog, called: 'catalog' }

/** Who adapted the network's documents (adaptationReferences.ts), which every role adds to. */
export const ADAPTATIONS_ROOM: NetworkRoom = {
  name: ADAPTATIONS_DOCUMENT,
  extension: 'adaptations',
  magic: MAGIC.adaptations,
  called: 'adaptations',
  repair: { refusal: CLOSE.adaptationRefused, mend: repairAdaptations },
}

export const roomCopyPath = (dataDir: string, network: string, room: NetworkRoom): string => join(dataDir, 'sync', `${network}.${room.extension}`)

export const catalogPath = (dataDir: string, network: string): string => roomCopyPath(dataDir, network, CATALOG_ROOM)

/** The room as this device last held it (empty if it never synced one), for the command line too, which runs while the app does not. */
export function readRoomCopyFile(dataDir: string, network: string, room: NetworkRoom): Promise<StoredDoc> {
  return readStoredDoc(
    roomCopyPath(dataDir, network, room),
    room.name,
    room.magic,
    (why, cause) =>
      new CasebookError('STORAGE_FAILED', `The ${room.called} of network ${network} on this device is damaged: ${why}.`, { cause, reason: 'failed' }),
  )
}

export const readCatalogFile = (dataDir: string, network: string): Promise<StoredDoc> => readRoomCopyFile(dataDir, network, CATALOG_ROOM)

export const readAdaptationsFile = (dataDir: string, network: string): Promise<StoredDoc> => readRoomCopyFile(dataDir, network, ADAPTATIONS_ROOM)

export interface RoomCopyEvents {
  /** A change made on this device, to send. */
  onLocalChange(): void
  /** The copy changed, here or by a sync. */
  onChange?(): void
}

/**
 * A network room (the catalog, the adaptations) as this device holds it, in `sync/<network>.<extension>`:
 * loaded while the network syncs, saved after every change, and synced in rounds with its room on the
 * relay (`sync`). Who may write it is the relay's rule (mayWrite): a round waits for the relay to
 * store what it sends only where the invite may write, and otherwise only fetches.
 */
export class NetworkRoomCopy {
  private current: Y.Doc
  private sent: Uint8Array
  private readonly saves = new CoalescedTask(() => this.save())
  private readonly onUpdate = (_update: Uint8Array, origin: unknown) => {
    // Losing a save costs a fetch at the next start; a change made here is sent from memory meanwhile.
    this.saves.run().catch(() => {})
    if (!(origin instanceof WebsocketProvider)) this.events.onLocalChange()
    this.events.onChange?.()
  }

  private constructor(
    doc: Y.Doc,
    sent: Uint8Array,
    private readonly path: string,
    private readonly room: NetworkRoom,
    private readonly events: RoomCopyEvents,
  ) {
    this.current = doc
    this.sent = sent
    doc.on('update', this.onUpdate)
  }

  /** The copy; a new doc once a repair replaced it, so it is not to be kept across a round. */
  get doc(): Y.Doc {
    return this.current
  }

  /** Whether the copy holds what the relay has not stored (as far as this device knows). */
  get unsent(): boolean {
    return !allSent({ doc: this.current, sent: this.sent })
  }

  static async open(dataDir: string, network: string, room: NetworkRoom, events: RoomCopyEvents): Promise<NetworkRoomCopy> {
    const { doc, sent } = await readRoomCopyFile(dataDir, network, room)
    return new NetworkRoomCopy(doc, sent, roomCopyPath(dataDir, network, room), room, events)
  }

  /**
   * One round: fetch what the relay has, send what it lacks, until it is stored (where the invite may
   * write). One the relay refuses for good is mended (`repair`) where the room can be.
   */
  async sync(access: RelayAccess, signal: AbortSignal): Promise<void> {
    try {
      await syncPlainDoc(access, this.current, signal)
      // Whatever else it holds, the relay has, or would refuse.
      this.sent = Y.encodeStateVector(this.current)
    } catch (error) {
      const repair = this.room.repair
      if (!repair || !refusedWith(error, repair.refusal)) throw error
      const mended = await repair.mend(this.current, access, signal)
      this.replace(mended(this.current))
    }
    await this.saves.run()
  }

  async close(): Promise<void> {
    this.current.off('update', this.onUpdate)
    await this.saves.settled().catch(() => {})
    this.current.destroy()
  }

  private replace({ doc, sent }: StoredDoc): void {
    const old = this.current
    old.off('update', this.onUpdate)
    this.current = doc
    this.sent = sent
    doc.on('update', this.onUpdate)
    old.destroy()
    this.events.onChange?.()
    // Changed here while it was mended: still to send.
    if (this.unsent) this.events.onLocalChange()
  }

  private async save(): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: PRIVATE_DIR })
    await writeStoredDoc(this.path, { doc: this.current, sent: this.sent }, this.room.magic)
  }
}
