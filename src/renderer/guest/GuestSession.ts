import { IndexeddbPersistence } from 'y-indexeddb'
import type { Awareness } from 'y-protocols/awareness'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { BODY_FRAGMENT } from '../../shared/model/document.js'
import type { CommentWriter } from '../../shared/model/newCommentEvent.js'
import { commentsRoomOf } from '../../shared/protocol/rooms.js'
import { tokenSubprotocols } from '../../shared/protocol/subprotocols.js'
import type { WorkshopTicket } from '../../shared/protocol/workshops.js'
import type { LiveDocument } from '../editor/liveDocument.js'
import type { RemoteChanges } from '../shared/RemoteChanges.js'
import { applyOncePerFrame } from './applyOncePerFrame.js'
import { GuestComments } from './guestComments.js'

/** Where the guest stands with the relay: not yet reached, connected, or reconnecting after a drop. */
export type Connection = 'connecting' | 'online' | 'offline'

/** The relay's close that ended the guest's part (a 44xx code: the workshop ended, they were removed…), and when. */
export interface Ending {
  code: number
  at: number
}

export interface GuestState {
  connection: Connection
  ending: Ending | null
}

/**
 * A guest's open document: its Y.Doc and its comments room's, each kept in this browser's IndexedDB
 * (y-indexeddb, by network and document) and synced with the relay by a stock y-websocket provider,
 * the session token offered as a subprotocol (never in the address), which applies what it receives
 * once a frame (applyOncePerFrame). What the browser kept is loaded
 * before connecting, so a reload, or a connection that dropped, loses nothing typed.
 */
export class GuestSession implements LiveDocument {
  readonly id: string
  readonly doc: Y.Doc
  readonly awareness: Awareness
  readonly comments: GuestComments
  private readonly commentsDoc: Y.Doc
  private readonly providers: WebsocketProvider[]
  private readonly remote: RemoteChanges[]
  private readonly kept: IndexeddbPersistence[]
  private state: GuestState
  private readonly listeners = new Set<() => void>()

  constructor(
    readonly ticket: WorkshopTicket,
    writer: CommentWriter,
    relayUrl: string,
    ending: Ending | null,
  ) {
    this.id = ticket.document
    this.doc = new Y.Doc({ guid: ticket.document })
    this.commentsDoc = new Y.Doc({ guid: commentsRoomOf(ticket.document) })
    this.comments = new GuestComments(this.commentsDoc, ticket.document, writer)
    const connect = (room: string, doc: Y.Doc) =>
      new WebsocketProvider(relayUrl, `${ticket.network}/${room}`, doc, { connect: false, protocols: tokenSubprotocols(ticket.token), disableBc: true })
    const body = connect(ticket.document, this.doc)
    this.providers = [body, connect(commentsRoomOf(ticket.document), this.commentsDoc)]
    this.remote = this.providers.map(applyOncePerFrame)
    this.awareness = body.awareness
    this.kept = [this.doc, this.commentsDoc].map((doc) => new IndexeddbPersistence(`casebook-guest/${ticket.network}/${doc.guid}`, doc))
    this.state = { connection: 'connecting', ending }
    body.on('status', ({ status }) => {
      if (status === 'connected') this.set({ connection: 'online' })
      else if (status === 'disconnected') this.set({ connection: 'offline' })
    })
    for (const provider of this.providers) provider.on('closed', ({ code }) => this.end({ code, at: Date.now() }))
  }

  get current(): GuestState {
    return this.state
  }

  /** Calls `listener` when the connection or the ending changes; returns a stop. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /**
   * Loads what this browser kept, then connects, unless the session has ended. Resolves once there is
   * a text to edit: the kept one, or the relay's (so that nothing is typed into an empty body that
   * the relay's would then be put beside), or at once after an ending, to read what was kept.
   */
  async open(): Promise<void> {
    await Promise.all(this.kept.map(loaded))
    if (this.state.ending) return
    for (const provider of this.providers) provider.connect()
    if (this.doc.getXmlFragment(BODY_FRAGMENT).length > 0) return
    const [body] = this.providers as [WebsocketProvider]
    await new Promise<void>((resolve) => {
      // An ending before the first sync opens what there is, to show why.
      const done = () => {
        if (!body.synced && !this.state.ending) return
        body.off('sync', done)
        this.listeners.delete(done)
        resolve()
      }
      body.on('sync', done)
      this.listeners.add(done)
    })
  }

  /** Disconnects and lets go of the docs; what was kept stays in IndexedDB. */
  destroy(): void {
    for (const provider of this.providers) provider.destroy()
    for (const remote of this.remote) remote.stop()
    this.doc.destroy()
    this.commentsDoc.destroy()
  }

  private end(ending: Ending): void {
    if (this.state.ending) return
    for (const provider of this.providers) provider.disconnect()
    this.set({ ending })
  }

  private set(change: Partial<GuestState>): void {
    this.state = { ...this.state, ...change }
    for (const listener of [...this.listeners]) listener()
  }
}

/**
 * Resolves once the kept updates are applied to the doc, or at once where the browser has no
 * IndexedDB to give (storage turned off): the page then works as long as it is open.
 */
function loaded(kept: IndexeddbPersistence): Promise<unknown> {
  return Promise.race([
    kept.whenSynced,
    kept._db.then(
      () => new Promise(() => {}),
      () => null,
    ),
  ])
}
