import * as authProtocol from 'y-protocols/auth'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import type { WebSocket } from 'ws'
import { AnnouncedClients } from '../shared/protocol/announcedClients.js'
import { encodeAwareness, readAwarenessFrame } from '../shared/protocol/awarenessFrames.js'
import { CLOSE, type CloseName } from '../shared/protocol/closeCodes.js'
import { MESSAGE, encodeStored } from '../shared/protocol/messages.js'
import { openingFrames } from '../shared/protocol/openingFrames.js'
import { encodeSyncStep2, encodeUpdate, readSyncFrame } from '../shared/protocol/syncFrames.js'
import type { AddOnlyRules } from './addOnlyMap.js'
import { NewContent } from './newContent.js'
import { guardAwareness } from './awarenessGuard.js'
import type { GroupCommit } from './groupCommit.js'
import type { RateLimiter } from './rateLimiter.js'
import type { Room } from './room.js'
import { Session, type SessionOptions } from './session.js'
import { stateInPieces } from './stateInPieces.js'
import { countItems } from './countItems.js'
import { deletesAnything } from './deletesAnything.js'
import { scanCost } from './scanCost.js'
import { SLICE_ITEMS, slicesInTurns } from './slicesInTurns.js'

/** A frame the relay refuses; the connection is closed with the code named. */
class Refused extends Error {
  /** `detail`, for the log, says more than the close reason, but never what the frame held. */
  constructor(
    readonly close: CloseName,
    detail: string = CLOSE[close].reason,
  ) {
    super(detail)
  }
}

export interface ConnectionOptions extends SessionOptions {
  /** Whether this client may change the document (see mayWrite). */
  writable: boolean
  /** Whether the room can only be added to (a version history: isHistoryRoom): an update that deletes is refused. */
  appendOnly: boolean
  /** What an update must be in a room that only takes new values (a comments room, a network's adaptations room), or null for any other. */
  addOnly: AddOnlyRules | null
  /** Whether the client asked to be told when its updates are stored. */
  wantsStoredAcks: boolean
  /** The most items (see countItems) one update may hold. */
  maxUpdateItems: number
  /** The most steps of Yjs's conflict scan (see scanCost) one update, or one slice of a large one, may take. */
  maxUpdateScan: number
  limiter: RateLimiter
  /** The most the room's document may hold stored (see Room.storedBytes). */
  maxDocumentBytes: number
  commit: GroupCommit
  onClose: (connection: Connection) => void
}

type Handler = (connection: Connection, decoder: decoding.Decoder) => void

/** Incoming frames are dispatched on their first varUint; any other type closes the connection. */
const HANDLERS: Record<number, Handler> = {
  [MESSAGE.sync]: (connection, decoder) => connection.onSync(decoder),
  [MESSAGE.awareness]: (connection, decoder) => connection.onAwareness(decoder),
  [MESSAGE.queryAwareness]: (connection) => connection.onQueryAwareness(),
}

/**
 * One client's connection to a room. Its frames are checked before anything in them is applied:
 * a malformed frame, an unknown type, an update that does not decode, or too many frames close the
 * connection with a named code; nothing from such a frame reaches the document or the store.
 */
export class Connection extends Session {
  /** Update-carrying sync messages received, counted for the stored acknowledgement. */
  private updatesReceived = 0
  /** Frames not yet handled: those that arrive while a large update is applied, a slice a turn, wait for it. */
  private readonly queue: { data: Buffer; isBinary: boolean }[] = []
  private slicing = false

  constructor(
    ws: WebSocket,
    readonly room: Room,
    private readonly options: ConnectionOptions,
  ) {
    super(ws, options, () => options.onClose(this))
  }

  /** Sends the first frames of the sync once the room is loaded; the client's frames wait for it. */
  start(): void {
    if (!this.room.loading) {
      this.greet()
      return
    }
    this.pause()
    this.room.whenLoaded(() => {
      if (this.closing) return
      this.greet()
      this.resume()
      this.drain()
    })
  }

  /** Sends the room's state vector (sync step 1) and everyone's presence. */
  private greet(): void {
    for (const frame of openingFrames(this.room.doc, this.room.awareness)) this.send(frame)
  }

  override close(name: CloseName): void {
    // A paused socket (the room loading, or an update being applied) would not read the client's
    // answer to the close, which would then hang until ws gives up on it.
    this.resume()
    super.close(name)
  }

  /** Called by the group commit once the first `count` update messages of this connection are stored. */
  stored(count: number): void {
    if (this.options.wantsStoredAcks) this.send(encodeStored(count))
  }

  onSync(decoder: decoding.Decoder): void {
    const frame = readSyncFrame(decoder)
    if (frame.step === 'step1') this.onStep1(frame.stateVector)
    else this.onUpdate(frame.update)
  }

  onAwareness(decoder: decoding.Decoder): void {
    const update = readAwarenessFrame(decoder)
    const verdict = guardAwareness(
      update,
      this.claims,
      this.room.awareness,
      this.room.owners,
      this.room.connections.get(this) ?? { held: new AnnouncedClients(), announced: new Set() },
    )
    if ('refused' in verdict) throw new Refused(verdict.refused)
    awarenessProtocol.applyAwarenessUpdate(this.room.awareness, verdict.update, this)
  }

  onQueryAwareness(): void {
    this.send(encodeAwareness(this.room.awareness))
  }

  /**
   * Answers a step 1 with what the room holds beyond its state vector, in pieces of 10,000 structs
   * made a turn apart: all but the last as updates, the last as the step 2, so that a client counts
   * itself synced only once it has it all.
   */
  private onStep1(stateVector: Uint8Array): void {
    const pieces = stateInPieces(this.room.doc, stateVector, SLICE_ITEMS)
    // The first is a piece: a turn with nothing to send comes only as the delete set is gathered.
    let piece = pieces.next()
    const next = () => {
      if (this.closing) return
      const after = pieces.next()
      if (after.done) return this.send(encodeSyncStep2(piece.value!))
      if (after.value) {
        this.send(encodeUpdate(piece.value!))
        piece = after
      }
      setImmediate(next)
    }
    next()
  }

  /**
   * An update is read in full before any of it is applied, so a malformed one changes nothing; a large
   * one is applied a slice a turn, and stored and acknowledged once all of it is. Only what it adds to
   * the document is stored; one that adds nothing is still counted for the acknowledgement. What Yjs
   * holds back of it the room sets aside, stores apart and retries once what it waits for arrives. If a slice
   * is refused, or the connection closes, what the slices before it added is stored all the same (it
   * is in the room's document, and other clients have it).
   */
  private onUpdate(update: Uint8Array): void {
    if (!this.options.writable) {
      this.options.metrics.rejected.inc({ reason: 'readOnly' })
      const encoder = encoding.createEncoder()
      encoding.writeVarUint(encoder, MESSAGE.auth)
      authProtocol.writePermissionDenied(encoder, 'This invite may read this document but not change it.')
      this.send(encoding.toUint8Array(encoder))
      return
    }
    // Measured before applying, with the whole update: what is new of it is only known after.
    if (this.room.storedBytes + this.room.heldBack.bytes + update.byteLength > this.options.maxDocumentBytes) throw new Refused('documentTooLarge')
    let items: number
    try {
      items = countItems(update, this.options.maxUpdateItems)
    } catch {
      throw new Refused('invalidUpdate')
    }
    if (items > this.options.maxUpdateItems) throw new Refused('updateTooLarge')
    // Refused whole, before any of it is applied: nothing of a version history is ever lost.
    if (this.options.appendOnly && deletesAnything(update)) throw new Refused('historyDeleted')
    // Likewise: viewers write comments and adaptations rooms too, so what they add is checked, against
    // the room as it is. Whole, in this turn: between the slices of a larger update another could set the same key.
    const { addOnly } = this.options
    if (addOnly) {
      const refusal =
        items > SLICE_ITEMS ? 'The update holds more values than a room that only takes new values takes at once.' : addOnly.refusal(update, this.room.doc)
      if (refusal !== null) throw new Refused(addOnly.close, refusal)
    }
    const content = new NewContent(this.room.doc, this)
    const store = (updates: Uint8Array[]) => {
      for (const fresh of updates) this.room.storedBytes += fresh.byteLength
      this.options.commit.add({ room: this.room, updates, connection: this, count: this.updatesReceived })
    }
    const applied = () => {
      this.updatesReceived += 1
      store(content.fresh)
      this.room.retryHeldBack()
    }
    if (items <= SLICE_ITEMS) {
      try {
        this.apply(content, update)
      } finally {
        content.stop()
      }
      applied()
      return
    }
    // Counting it took this turn; reading it through and cutting it take the next ones (all of it
    // is read before any slice is applied), then its slices a turn each.
    const slices = slicesInTurns(update, SLICE_ITEMS)
    let sliced = false
    const stopEarly = () => {
      content.stop()
      if (!sliced) return
      store(content.fresh)
      this.room.retryHeldBack()
    }
    this.slicing = true
    this.pause()
    const next = () => {
      if (this.closing) return stopEarly()
      let slice: IteratorResult<Uint8Array | null, void>
      try {
        slice = slices.next()
        if (slice.value) {
          this.apply(content, slice.value)
          sliced = true
        }
      } catch (error) {
        stopEarly()
        return this.refused(error instanceof Refused ? error.close : 'invalidUpdate', (error as Error).message)
      }
      if (!slice.done) return setImmediate(next)
      content.stop()
      applied()
      this.slicing = false
      this.resume()
      this.drain()
    }
    setImmediate(next)
  }

  /**
   * Applies an update, or a slice, unless Yjs's conflict scan would take more than --max-update-scan
   * steps to merge it: that scan has no bound of its own, and one update could hold the relay for
   * minutes. The count is exact only for the document as it is, so it is taken in the same turn.
   */
  private apply(content: NewContent, update: Uint8Array): void {
    let cost: { over: boolean }
    try {
      cost = scanCost(this.room.doc, update, this.options.maxUpdateScan)
    } catch {
      throw new Refused('invalidUpdate')
    }
    if (cost.over) throw new Refused('updateTooCostly')
    try {
      content.apply(update)
    } catch {
      throw new Refused('invalidUpdate')
    } finally {
      this.room.setAside(this.tokenId)
    }
  }

  protected get place(): Record<string, string> {
    return { room: this.room.name }
  }

  protected receive(data: Buffer, isBinary: boolean): void {
    this.queue.push({ data, isBinary })
    this.drain()
  }

  /** Handles the frames in order, once the room is loaded, until one is a large update being applied a slice a turn. */
  private drain(): void {
    while (!this.slicing && !this.closing && !this.room.loading && this.queue.length > 0) {
      const { data, isBinary } = this.queue.shift()!
      this.handle(data, isBinary)
    }
  }

  private handle(data: Buffer, isBinary: boolean): void {
    try {
      if (!isBinary) throw new Refused('malformedMessage')
      if (!this.options.limiter.take()) throw new Refused('tooManyMessages')
      const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
      let handler: Handler | undefined
      try {
        handler = HANDLERS[decoding.readVarUint(decoder)]
      } catch {
        throw new Refused('malformedMessage')
      }
      if (!handler) throw new Refused('unknownMessage')
      handler(this, decoder)
    } catch (error) {
      // A MalformedFrame, or another frame that does not read (a presence whose JSON does not parse).
      this.refused(error instanceof Refused ? error.close : 'malformedMessage', (error as Error).message)
    }
  }
}
