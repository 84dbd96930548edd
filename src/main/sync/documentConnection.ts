import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { Awareness } from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import { WebsocketProvider } from 'y-websocket'
import type * as Y from 'yjs'
import { CasebookError } from '../../shared/errors.js'
import type { SyncState } from '../../shared/model/syncState.js'
import type { Role } from '../../shared/protocol/invite.js'
import { META_MAP } from '../../shared/model/document.js'
import { MESSAGE, STORED_ACK_PARAM } from '../../shared/protocol/messages.js'
import { tokenSubprotocols } from '../../shared/protocol/subprotocols.js'
import { CountingWebSocket } from './countingWebSocket.js'
import { NetworkBoundary } from './networkBoundary.js'

export interface RelayAccess {
  relayUrl: string
  network: string
  token: string
  role: Role
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
 */
export class DocumentConnection {
  readonly provider: WebsocketProvider
  private current: SyncState = 'connecting'
  private acknowledged = 0
  private refusal: CasebookError | null = null
  private readonly listeners = new Set<() => void>()
  /** Where a sync ends: a viewer's changes are never stored, so it cannot get further than synced. */
  private readonly goal: SyncState
  private readonly onState: (state: SyncState) => void
  private readonly destroyAwareness: () => void
  private readonly onDocUpdate = () => this.update()
  private readonly boundary: NetworkBoundary
  private readonly onMeta: () => void
  private readonly onKeptOut: (error: CasebookError) => void

  constructor(
    access: RelayAccess,
    readonly doc: Y.Doc,
    options: { awareness?: Awareness; onState?: (state: SyncState) => void; onKeptOut?: (error: CasebookError) => void } = {},
  ) {
    this.goal = access.role === 'viewer' ? 'synced' : 'saved'
    this.onState = options.onState ?? (() => {})
    this.onKeptOut = options.onKeptOut ?? (() => {})
    // A background sync is nobody's presence: without a local state it announces none.
    const awareness = options.awareness ?? silentAwareness(doc)
    this.destroyAwareness = () => {
      if (!options.awareness) awareness.destroy()
    }
    this.provider = new WebsocketProvider(access.relayUrl, `${access.network}/${doc.guid}`, doc, {
      WebSocketPolyfill: CountingWebSocket as unknown as typeof WebSocket,
      // The token goes in a header, not the query string that proxies log (docs/PROTOCOL.md).
      protocols: tokenSubprotocols(access.token),
      params: { [STORED_ACK_PARAM]: '1' },
      awareness,
      disableBc: true,
      maxBackoffTime: 10_000,
    })
    // Each provider listens for the process's exit, only to withdraw its presence, which the relay
    // does anyway when the socket closes; a few dozen of them would set off Node's leak warning.
    process.off('exit', (this.provider as unknown as { _exitHandler: () => void })._exitHandler)
    this.boundary = new NetworkBoundary(doc, access.network, this.provider)
    // y-websocket's own sync handler, with every incoming update applied through the boundary.
    this.provider.messageHandlers[MESSAGE.sync] = (encoder, decoder, _provider, emitSynced) => {
      encoding.writeVarUint(encoder, MESSAGE.sync)
      const type = decoding.readVarUint(decoder)
      if (type === syncProtocol.messageYjsSyncStep1) return syncProtocol.readSyncStep1(decoder, encoder, doc)
      if (type !== syncProtocol.messageYjsSyncStep2 && type !== syncProtocol.messageYjsUpdate) return
      const refusal = this.boundary.apply(decoding.readVarUint8Array(decoder))
      if (refusal) return this.keepOut(refusal)
      if (emitSynced && type === syncProtocol.messageYjsSyncStep2) this.provider.synced = true
    }
    // Observers run before Yjs emits the transaction's update, which the provider would send.
    this.onMeta = () => {
      const moved = this.boundary.moved()
      if (moved) this.keepOut(moved)
    }
    doc.getMap(META_MAP).observe(this.onMeta)
    // Moved while its sync was getting ready: the socket is still connecting, so nothing was sent.
    this.onMeta()
    this.provider.messageHandlers[MESSAGE.stored] = (_encoder, decoder) => {
      this.acknowledged = decoding.readVarUint(decoder)
      this.update()
    }
    // A viewer's changes are refused by design. y-websocket's own handler would log the refusal with
    // the URL, invite token included.
    this.provider.messageHandlers[MESSAGE.auth] = () => {}
    this.provider.on('status', () => this.update())
    this.provider.on('sync', () => this.update())
    this.provider.on('connection-close', () => {
      // Acknowledgements count per connection.
      this.acknowledged = 0
      this.update()
    })
    this.provider.on('closed', (event) => {
      this.refusal = new CasebookError('ACCESS_REFUSED', `The relay refused document ${doc.guid}: ${event.reason || `close code ${event.code}`}`)
      this.update()
    })
    // Runs after the provider's own update handler, so a change just sent is already counted.
    doc.on('update', this.onDocUpdate)
  }

  get state(): SyncState {
    return this.current
  }

  /**
   * Resolves once the document is saved on the network (for a viewer, or with `until: 'synced'`, once
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
    this.boundary.destroy()
    this.provider.destroy()
    this.destroyAwareness()
    this.setState('local-only')
  }

  private keepOut(reason: string): void {
    if (this.refusal) return
    this.refusal = new CasebookError('WRONG_NETWORK', reason)
    this.provider.disconnect()
    this.onKeptOut(this.refusal)
    this.update()
  }

  private update(): void {
    const ws = this.provider.ws as CountingWebSocket | null
    if (this.refusal || !this.provider.shouldConnect) this.setState('local-only')
    else if (!this.provider.synced || !ws) this.setState('connecting')
    else if (this.goal === 'synced' || this.acknowledged < ws.updatesSent) this.setState('synced')
    else this.setState('saved')
    for (const listener of [...this.listeners]) listener()
  }

  private setState(state: SyncState): void {
    if (state === this.current) return
    this.current = state
    this.onState(state)
  }
}

function silentAwareness(doc: Y.Doc): Awareness {
  const awareness = new Awareness(doc)
  awareness.setLocalState(null)
  return awareness
}
