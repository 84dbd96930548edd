import * as encoding from 'lib0/encoding'
import { Awareness } from 'y-protocols/awareness'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { CasebookError, isCasebookError } from '../../shared/errors.js'
import { CLOSE } from '../../shared/protocol/closeCodes.js'
import type { SyncState } from '../../shared/model/syncState.js'
import { mayWrite, type Role } from '../../shared/protocol/invite.js'
import { META_MAP } from '../../shared/model/document.js'
import { readAwarenessFrame } from '../../shared/protocol/awarenessFrames.js'
import { MESSAGE, STORED_ACK_PARAM, readStored } from '../../shared/protocol/messages.js'
import { encodeSyncStep2, encodeUpdate, readSyncFrame } from '../../shared/protocol/syncFrames.js'
import { tokenSubprotocols } from '../../shared/protocol/subprotocols.js'
import { NetworkBoundary } from './networkBoundary.js'
import { OwnPresence } from './ownPresence.js'
import { MESSAGE_BUDGET_BYTES, splitUpdate } from './splitUpdate.js'

export interface RelayAccess {
  relayUrl: string
  network: string
  token: string
  role: Role
  /** Whom the invite names, as the relay reads it (the comments this device writes are theirs). */
  name: string
  city?: string | undefined
}

/**
 * One document's connection to its room on the relay: a y-websocket provider that asks for durable
 * acknowledgements and turns what happens on it into a SyncState. The provider reconnects by itself
 * until it is destroyed or the relay refuses it for good.
 *
 * The document stays in the network (docs/SYNC.md, "A network's documents stay in it"): a remote
 * update that would move it out is refused before it is merged (NetworkBoundary), and a local change
 * that moves it to another network, or makes it private, disconnects it before that change is sent.
 * Either ends the connection for good, with a WRONG_NETWORK error.
 *
 * What it sends, the answer to the relay's sync step 1 and each local change, goes in messages of at
 * most MESSAGE_BUDGET_BYTES (splitUpdate), so that the relay's message cap never stops a document,
 * with at most that much unacknowledged at a time, so that the relay takes a large document a piece
 * at a time (docs/SYNC.md, "Large documents"). Only one value too large to cut can pass the cap; the
 * relay closes the connection with 1009, which ends it for good, with a MESSAGE_TOO_LARGE error,
 * rather than send the value again at every reconnection.
 *
 * The relay cannot change this device's own presence (OwnPresence), and a frame from it that does
 * not decode ends the connection with a RELAY_PROTOCOL error rather than the process.
 */
export class DocumentConnection {
  readonly provider: WebsocketProvider
  private current: SyncState = 'connecting'
  private acknowledged = 0
  /**
   * Update-carrying sync messages (step 2 and update) waiting to be sent on this connection, and the
   * sizes of those sent but not yet acknowledged (see sendUnsent). The relay counts them the same
   * way, so when both are empty every local change is stored. Those of an invite that may not write the
   * room (mayWrite) are never acknowledged, the relay drops them, so after its first they wait until the connection ends.
   */
  private unsent: Uint8Array[] = []
  private unacknowledged: number[] = []
  /** The largest message sent, to name in the error if the relay refuses one as too large. */
  private largestSent = 0
  private refusal: CasebookError | null = null
  /** A local change was made while the socket was not open: until the next connection, only this device has it. */
  private changedOffline = false
  private readonly listeners = new Set<() => void>()
  /** Where a sync ends: where the invite may not write, nothing is stored, so it cannot get further than synced. */
  private readonly goal: SyncState
  private readonly onState: (state: SyncState) => void
  private readonly destroyAwareness: () => void
  private readonly onDocUpdate = () => this.update()
  /** Null for a doc that is not a document and names no network (see `plain`). */
  private readonly boundary: NetworkBoundary | null
  private readonly ownPresence: OwnPresence
  private readonly onMeta: () => void
  private readonly onEnded: (error: CasebookError) => void

  constructor(
    access: RelayAccess,
    readonly doc: Y.Doc,
    options: {
      awareness?: Awareness
      onState?: (state: SyncState) => void
      /** The connection ended for good: kept out of the network (WRONG_NETWORK), or refused by the relay. */
      onEnded?: (error: CasebookError) => void
      /**
       * The doc is not a Casebook document (a version history, a network's catalog; its guid is the
       * room's name): it holds no meta, so no network boundary applies. Restoring takes a version's
       * body, never its meta.
       */
      plain?: boolean
    } = {},
  ) {
    // The relay stores what the invite may write (a viewer's comments and adaptations too); anything else it drops.
    this.goal = mayWrite(access.role, doc.guid) ? 'saved' : 'synced'
    this.onState = options.onState ?? (() => {})
    this.onEnded = options.onEnded ?? (() => {})
    // A background sync is nobody's presence: without a local state it announces none.
    const awareness = options.awareness ?? silentAwareness(doc)
    this.destroyAwareness = () => {
      if (!options.awareness) awareness.destroy()
    }
    this.provider = new WebsocketProvider(access.relayUrl, `${access.network}/${doc.guid}`, doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      // The token goes in a header, not the query string that proxies log (docs/PROTOCOL.md).
      protocols: tokenSubprotocols(access.token),
      params: { [STORED_ACK_PARAM]: '1' },
      awareness,
      disableBc: true,
      maxBackoffTime: 10_000,
      // A message too big is too big again at every reconnection.
      shouldReconnect: (event) => event.code !== CLOSE.messageTooBig.code && !(event.code >= 4400 && event.code < 4500),
    })
    // Each provider listens for the process's exit, only to withdraw its presence, which the relay
    // does anyway when the socket closes; a few dozen of them would set off Node's leak warning.
    process.off('exit', (this.provider as unknown as { _exitHandler: () => void })._exitHandler)
    this.boundary = options.plain ? null : new NetworkBoundary(doc, access.network, this.provider)
    // y-websocket's own update handler, with each local change sent by this.send; one made while the
    // socket is not open goes with the next connection's sync, and makes the document local-only until then.
    const provider = this.provider as unknown as { _updateHandler: (update: Uint8Array, origin: unknown) => void }
    doc.off('update', provider._updateHandler)
    provider._updateHandler = (update, origin) => {
      if (origin === this.provider) return
      if (this.isOpen()) this.send(update, encodeUpdate)
      else this.changedOffline = true
    }
    doc.on('update', provider._updateHandler)
    // y-websocket's own sync handler, with every incoming update applied through the boundary, and
    // the answer to a step 1 sent by this.send rather than left in the encoder as one message.
    this.provider.messageHandlers[MESSAGE.sync] = (encoder, decoder, _provider, emitSynced) => {
      encoding.writeVarUint(encoder, MESSAGE.sync)
      const frame = readSyncFrame(decoder)
      if (frame.step === 'step1') return this.send(Y.encodeStateAsUpdate(doc, frame.stateVector), encodeSyncStep2)
      if (!this.boundary) Y.applyUpdate(doc, frame.update, this.provider)
      const refusal = this.boundary?.apply(frame.update)
      if (refusal) return this.keepOut(refusal)
      if (emitSynced && frame.step === 'step2') this.provider.synced = true
    }
    // Observers run before Yjs emits the transaction's update, which the provider would send.
    this.onMeta = () => {
      const moved = this.boundary?.moved()
      if (moved) this.keepOut(moved)
    }
    doc.getMap(META_MAP).observe(this.onMeta)
    // Moved while its sync was getting ready: the socket is still connecting, so nothing was sent.
    this.onMeta()
    // y-websocket's own awareness handler, with this device's own presence kept from the relay.
    this.ownPresence = new OwnPresence(awareness, this.provider)
    this.provider.messageHandlers[MESSAGE.awareness] = (_encoder, decoder) => this.ownPresence.apply(readAwarenessFrame(decoder))
    this.provider.messageHandlers[MESSAGE.stored] = (_encoder, decoder) => {
      const acknowledged = readStored(decoder)
      this.unacknowledged.splice(0, acknowledged - this.acknowledged)
      this.acknowledged = acknowledged
      this.sendUnsent()
      this.update()
    }
    // A viewer's changes are refused by design. y-websocket's own handler would log the refusal with
    // the URL, invite token included.
    this.provider.messageHandlers[MESSAGE.auth] = () => {}
    // A frame that does not decode would throw out of the socket's message event and end the process.
    this.provider.messageHandlers.forEach((handler, type) => {
      this.provider.messageHandlers[type] = (...args) => {
        try {
          handler(...args)
        } catch (error) {
          this.unreadable(error)
        }
      }
    })
    this.provider.on('status', ({ status }) => {
      // Acknowledgements count per connection, and a new one's sync sends whatever the relay lacks.
      // (Not reset as the old one closes: the provider is still synced then, so it would seem saved.)
      if (status === 'connected') {
        this.changedOffline = false
        this.acknowledged = 0
        this.unsent = []
        this.unacknowledged = []
      }
      this.update()
    })
    this.provider.on('sync', () => this.update())
    // The relay closed it with a code after which the provider does not reconnect.
    this.provider.on('closed', (event) =>
      this.end(
        event.code === CLOSE.messageTooBig.code
          ? new CasebookError(
              'MESSAGE_TOO_LARGE',
              `The relay refused a message of ${kib(this.largestSent)} for document ${doc.guid} as too large, so the document is not synced. Casebook cuts what it sends into messages of ${kib(MESSAGE_BUDGET_BYTES)}, but not a single value (a field, a link or a mark) larger than that.`,
              { reason: 'messageTooLarge', params: { size: Math.ceil(this.largestSent / 1024), limit: Math.ceil(MESSAGE_BUDGET_BYTES / 1024) } },
            )
          : new CasebookError('ACCESS_REFUSED', `The relay refused document ${doc.guid}: ${event.reason || `close code ${event.code}`}`, {
              reason: 'documentRefused',
              params: { why: event.reason || `close code ${event.code}` },
            }),
      ),
    )
    // Runs after the update handler above, so a change just sent is already counted.
    doc.on('update', this.onDocUpdate)
  }

  get state(): SyncState {
    return this.current
  }

  /**
   * Resolves once the document is saved on the network (where the invite may not write, or with `until: 'synced'`, once
   * it is synced); rejects if the relay refuses the connection for good or `signal` aborts.
   */
  settled(signal?: AbortSignal, until: 'synced' | 'saved' = 'saved'): Promise<void> {
    const goal = until === 'synced' ? 'synced' : this.goal
    return new Promise((resolve, reject) => {
      const check = () => {
        const error: unknown = this.refusal ?? (signal?.aborted ? signal.reason : null)
        if (!error && this.current !== goal && this.current !== this.goal) return
        this.listeners.delete(check)
        signal?.removeEventListener('abort', check)
        if (error) reject(error)
        else resolve()
      }
      this.listeners.add(check)
      signal?.addEventListener('abort', check)
      check()
    })
  }

  destroy(): void {
    this.doc.off('update', this.onDocUpdate)
    this.doc.getMap(META_MAP).unobserve(this.onMeta)
    this.boundary?.destroy()
    this.provider.destroy()
    this.ownPresence.destroy()
    this.destroyAwareness()
    this.setState('local-only')
  }

  private keepOut(reason: string): void {
    this.end(new CasebookError('WRONG_NETWORK', reason, { reason: 'keptOut' }))
  }

  /** The relay sent what Casebook cannot read: no relay of ours does, so the connection ends for good. */
  private unreadable(error: unknown): void {
    this.end(
      new CasebookError(
        'RELAY_PROTOCOL',
        `The relay sent a message about document ${this.doc.guid} that Casebook cannot read, so the document is not synced with it.`,
        { cause: error, reason: 'unreadable' },
      ),
    )
  }

  /** Ends the connection for good, for the first reason given. */
  private end(refusal: CasebookError): void {
    if (this.refusal) return
    this.refusal = refusal
    this.provider.disconnect()
    this.onEnded(refusal)
    this.update()
  }

  /**
   * Sends an update on the open socket in as many messages as it takes; y-websocket would send it in
   * one, and not at all while disconnected (the next connection's sync sends what the relay lacks).
   */
  private send(update: Uint8Array, frame: (piece: Uint8Array) => Uint8Array): void {
    if (!this.isOpen()) return
    for (const piece of splitUpdate(update, MESSAGE_BUDGET_BYTES)) this.unsent.push(frame(piece))
    this.sendUnsent()
  }

  /**
   * Sends waiting messages, in order, while at most MESSAGE_BUDGET_BYTES of those sent are not yet
   * acknowledged (or none is). The relay reads messages that arrive back to back in one go: a large
   * document sent all at once would hold it as long as one message of its whole size.
   */
  private sendUnsent(): void {
    const ws = this.provider.ws
    if (!ws || !this.isOpen()) return
    let inFlight = this.unacknowledged.reduce((sum, bytes) => sum + bytes, 0)
    while (this.unsent.length > 0 && (inFlight === 0 || inFlight + this.unsent[0]!.byteLength <= MESSAGE_BUDGET_BYTES)) {
      const message = this.unsent.shift()!
      inFlight += message.byteLength
      this.unacknowledged.push(message.byteLength)
      this.largestSent = Math.max(this.largestSent, message.byteLength)
      ws.send(message)
    }
  }

  private isOpen(): boolean {
    const ws = this.provider.ws
    return this.provider.wsconnected && ws !== null && ws.readyState === ws.OPEN
  }

  private update(): void {
    if (this.refusal || !this.provider.shouldConnect) this.setState('local-only')
    else if (!this.provider.synced || !this.provider.ws) this.setState(this.changedOffline ? 'local-only' : 'connecting')
    else if (this.goal === 'synced' || this.unsent.length > 0 || this.unacknowledged.length > 0) this.setState('synced')
    else this.setState('saved')
    for (const listener of [...this.listeners]) listener()
  }

  private setState(state: SyncState): void {
    if (state === this.current) return
    this.current = state
    this.onState(state)
  }
}

function kib(bytes: number): string {
  return `${Math.ceil(bytes / 1024)} KiB`
}

function silentAwareness(doc: Y.Doc): Awareness {
  const awareness = new Awareness(doc)
  awareness.setLocalState(null)
  return awareness
}

/** Whether a round failed because the relay closed its connection for good with this close code's reason (a refused comment, say). */
export function refusedWith(error: unknown, close: { reason: string }): boolean {
  return isCasebookError(error, 'ACCESS_REFUSED') && error.params?.['why'] === close.reason
}

/**
 * One round of a doc that is not a Casebook document (a version history, a network's catalog; see
 * `plain`) with its room: fetch what the relay has, send what it lacks, until the relay has stored
 * it (where the invite may not write it, until synced); then disconnect.
 */
export async function syncPlainDoc(access: RelayAccess, doc: Y.Doc, signal: AbortSignal): Promise<void> {
  const connection = new DocumentConnection(access, doc, { plain: true })
  try {
    await connection.settled(signal)
  } finally {
    connection.destroy()
  }
}
