import * as Y from 'yjs'
import { CoalescedTask } from '../coalescedTask.js'
import type { Library } from '../library/library.js'
import { DocumentConnection, type RelayAccess } from './documentConnection.js'

/**
 * A document's comments room kept connected, for a workshop, which has no feed to announce what the
 * others write: what arrives is merged into the library's copy at once, and a comment written here
 * (the library's `comments` change) goes out over the same socket.
 */
export class ConnectedComments {
  readonly connection: DocumentConnection
  private readonly doc: Y.Doc
  /** What of the room the relay has acknowledged storing, as the library's copy records it. */
  private sent: Uint8Array
  private readonly merges = new CoalescedTask(() => this.merge())
  private readonly pulls = new CoalescedTask(() => this.pull())
  private readonly stopWatching: () => void
  private closed = false

  private constructor(
    private readonly library: Library,
    private readonly id: string,
    stored: { doc: Y.Doc; sent: Uint8Array },
    access: RelayAccess,
    private readonly onError: (error: unknown) => void,
  ) {
    this.doc = stored.doc
    this.sent = stored.sent
    this.connection = new DocumentConnection(access, this.doc, {
      plain: true,
      onState: (state) => {
        if (state === 'saved') this.request(this.merges)
      },
    })
    this.doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (origin === this.connection.provider) this.request(this.merges)
    })
    this.stopWatching = library.watch((change) => {
      if (change.id === id && change.cause === 'comments') this.request(this.pulls)
    })
  }

  static async open(library: Library, access: RelayAccess, id: string, onError: (error: unknown) => void): Promise<ConnectedComments> {
    return new ConnectedComments(library, id, await library.comments(id), access, onError)
  }

  /** Stops; what arrived before the connection closed is still stored, as a workshop's last comments may have just come. */
  async close(): Promise<void> {
    this.closed = true
    this.stopWatching()
    this.connection.destroy()
    await this.merges.settled()
    await this.pulls.settled()
    this.doc.destroy()
  }

  private request(task: CoalescedTask): void {
    if (!this.closed) task.run().catch((error: unknown) => this.closed || this.onError(error))
  }

  /**
   * Stores what the room holds in the library's copy; a merge that adds nothing changes nothing there.
   * It runs after close too: a merge requested before then holds what arrived, and close awaits it.
   */
  private async merge(): Promise<void> {
    if (this.connection.state === 'saved') this.sent = Y.encodeStateVector(this.doc)
    await this.library.mergeComments(this.id, Y.encodeStateAsUpdate(this.doc), this.sent)
  }

  /** Takes in the comments written here, which the connection then sends. */
  private async pull(): Promise<void> {
    if (this.closed) return
    const stored = await this.library.comments(this.id)
    try {
      if (!this.closed) Y.applyUpdate(this.doc, Y.encodeStateAsUpdate(stored.doc, Y.encodeStateVector(this.doc)))
    } finally {
      stored.doc.destroy()
    }
  }
}
