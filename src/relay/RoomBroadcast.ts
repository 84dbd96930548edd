import * as Y from 'yjs'
import { type AwarenessEntry, encodeAwarenessEntriesFrame, keepLatest } from '../shared/protocol/awarenessFrames.js'
import { encodeUpdate } from '../shared/protocol/syncFrames.js'

/**
 * How long a room gathers what comes after a change it sent at once, to send it together. In the
 * workshop bench (50 typists), 25 ms left a guest page's remote keystroke to paint at 153 ms p99,
 * and 50 ms at 103 ms: every frame a page redraws for remote changes costs it about the same.
 */
export const GATHER_MS = 50

/**
 * What a room sends its connections of the updates it applies and the presence it holds: a change
 * that comes alone goes out at once, and what comes in the next GATHER_MS goes out together, the
 * updates merged into one and the presence into one entry per client, its latest. In a workshop,
 * fifty people's keystrokes and caret moves, each sent to fifty connections, would otherwise be five
 * thousand messages a second that every client reads, applies and (a stock client) echoes back; the
 * room sends each of them at most forty a second, and a lone keystroke is not delayed.
 *
 * `send` gives a message to every connection but `except`: the one whose update it is, if all its
 * updates are that connection's (a merged update may hold the receiver's own changes, which Yjs
 * applies as nothing new).
 */
export class RoomBroadcast {
  private updates: Uint8Array[] = []
  private readonly origins = new Set<unknown>()
  private readonly presence = new Map<number, AwarenessEntry>()
  private timer: NodeJS.Timeout | null = null

  constructor(private readonly send: (message: Uint8Array, except: unknown) => void) {}

  addUpdate(update: Uint8Array, origin: unknown): void {
    this.updates.push(update)
    this.origins.add(origin)
    this.sendUnlessGathering()
  }

  addPresence(entries: AwarenessEntry[]): void {
    keepLatest(this.presence, entries)
    this.sendUnlessGathering()
  }

  /** Nothing more is sent, and what was gathered is let go. */
  stop(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.updates = []
    this.presence.clear()
  }

  private sendUnlessGathering(): void {
    if (this.timer) return
    const updates = this.updates
    const origins = [...this.origins]
    const presence = [...this.presence.values()]
    if (updates.length === 0 && presence.length === 0) return
    this.updates = []
    this.origins.clear()
    this.presence.clear()
    // The room applied each of these: they merge.
    if (updates.length > 0) this.send(encodeUpdate(updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates)), origins.length === 1 ? origins[0] : null)
    if (presence.length > 0) this.send(encodeAwarenessEntriesFrame(presence), null)
    this.timer = setTimeout(() => {
      this.timer = null
      this.sendUnlessGathering()
    }, GATHER_MS)
  }
}
