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
 * Updates in half a second past which a room gathers them: more than a screen shows (60 frames a
 * second). Below it each goes out at once, as the reference y-websocket server sends them: gathering
 * ten people's keystrokes (the relay bench's workshop, 50 a second) tripled their fan-out latency for
 * nothing, while fifty people's (100 a second), sent apart, left a guest page seconds behind. Half a
 * second, so that a room that suddenly gets busy (a workshop whose people start typing) is found so
 * soon; a room whose count passes it gathers for the rest of that half-second and the next.
 */
export const GATHER_ABOVE_PER_HALF_SECOND = 30

/**
 * What a room sends its connections of the updates it applies and the presence it holds. Presence
 * that comes alone goes out at once, and what comes in the next GATHER_MS goes out together, one
 * entry per client, its latest; updates likewise, merged into one, once they come faster than
 * GATHER_ABOVE_PER_HALF_SECOND. In a workshop, fifty people's keystrokes and caret moves, each sent to
 * fifty connections, would otherwise be ten thousand messages a second that every client reads,
 * applies and (a stock client, for presence) echoes back; the room sends each of them at most forty
 * a second, and a lone keystroke is never delayed.
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
  /** Updates counted in the current half-second of the clock, and in the one before it. */
  private half = 0
  private counted = 0
  private countedBefore = 0

  constructor(private readonly send: (message: Uint8Array, except: unknown) => void) {}

  addUpdate(update: Uint8Array, origin: unknown): void {
    // Not ahead of updates still gathered: a client would hold it back until they came.
    if (this.countUpdate() <= GATHER_ABOVE_PER_HALF_SECOND && this.updates.length === 0) {
      this.send(encodeUpdate(update), origin)
      return
    }
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
    this.origins.clear()
    this.presence.clear()
  }

  /** Counts an update, and returns the most counted in one half-second: this one, or the one before. */
  private countUpdate(): number {
    const half = Math.floor(performance.now() / 500)
    if (half !== this.half) {
      this.countedBefore = half === this.half + 1 ? this.counted : 0
      this.counted = 0
      this.half = half
    }
    this.counted += 1
    return Math.max(this.counted, this.countedBefore)
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
